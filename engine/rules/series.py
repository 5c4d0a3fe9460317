"""The recurring appointment (a series): its schedule and exceptions folded from events, and its rules."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, tzinfo
from uuid import UUID

from engine.rules.cron import Rule, Schedule, check_cron, next_occurrence, occurrences, zone_of
from engine.rules.errors import InvalidInputError, RuleViolationError
from engine.rules.stamp import Stamp
from engine.rules.text import clean_text
from events.base import LedgerEvent
from events.series import SeriesEnded, SeriesOccurrenceCancelled, SeriesOccurrenceMoved, SeriesScheduled

__all__ = ["Series", "cancel_occurrence", "end", "move_occurrence", "schedule", "series_from", "series_schedule"]


@dataclass(frozen=True)
class Series:
    """A recurring appointment as its events leave it."""

    id: UUID
    version: int
    text: str
    cron: str
    zone: str
    starts_at: datetime
    until: datetime | None
    duration_minutes: int | None
    made_at: datetime
    ended_at: datetime | None = None
    moved: dict[datetime, datetime] = field(default_factory=dict)  # occurrence (UTC) -> new start
    cancelled: frozenset[datetime] = frozenset()

    @property
    def label(self) -> str:
        return f"recurring appointment {self.id.hex[:7]} {self.text!r}"

    @property
    def tz(self) -> tzinfo:
        return zone_of(self.zone)


def series_schedule(cron: str, starts_at: datetime, until: datetime | None, ended_at: datetime | None) -> Schedule:
    """The occurrences of a series as a schedule: from its start, until its end (whichever first)."""
    ends = [t for t in (until, ended_at) if t is not None]
    return Schedule((Rule(cron, starts_at),), ends_at=min(ends) if ends else None)


def series_from(events: Iterable[LedgerEvent]) -> Series | None:
    """The series its events describe (None for no events)."""
    s: Series | None = None
    for e in events:
        if isinstance(e, SeriesScheduled):
            s = Series(e.originator_id, 1, e.text, e.cron, e.zone, e.starts_at, e.until, e.duration_minutes, e.occurred_at)
            continue
        assert s is not None, f"{type(e).__name__} before SeriesScheduled"
        if isinstance(e, SeriesOccurrenceMoved):
            s = replace(s, moved={**s.moved, e.occurrence_at.astimezone(UTC): e.starts_at})
        elif isinstance(e, SeriesOccurrenceCancelled):
            s = replace(s, cancelled=s.cancelled | {e.occurrence_at.astimezone(UTC)})
        elif isinstance(e, SeriesEnded):
            s = replace(s, ended_at=e.occurred_at)
        else:
            raise TypeError(f"{type(e).__name__} does not apply to a recurring appointment")
        s = replace(s, version=e.originator_version)
    return s


def schedule(
    series_id: UUID,
    text: str,
    cron: str,
    starts_at: datetime,
    zone: str,
    stamp: Stamp,
    *,
    until: datetime | None = None,
    duration_minutes: int | None = None,
    project_id: UUID | None = None,
) -> list[LedgerEvent]:
    """A new recurring appointment; it must fire at least once."""
    tz = zone_of(zone)
    cleaned = check_cron(cron, since=starts_at, tz=tz)
    if until is not None and until <= starts_at:
        raise InvalidInputError(
            f"--until {until.astimezone(tz).isoformat(timespec='minutes')} is not after the start {starts_at.astimezone(tz).isoformat(timespec='minutes')}"
        )
    first = next_occurrence(series_schedule(cleaned, starts_at, until, None), starts_at - timedelta(microseconds=1), tz)
    if first is None:
        raise InvalidInputError(f"cron {cron!r} never fires between the start and --until")
    return [
        SeriesScheduled(
            **stamp.fields(series_id, 1),
            text=clean_text(text, "appointment's text"),
            cron=cleaned,
            zone=zone,
            starts_at=starts_at,
            until=until,
            duration_minutes=duration_minutes,
            project_id=project_id,
        )
    ]


def _occurrence(s: Series, occurrence_at: datetime) -> datetime:
    utc = occurrence_at.astimezone(UTC)
    sched = series_schedule(s.cron, s.starts_at, s.until, s.ended_at)
    if utc not in occurrences(sched, utc, utc + timedelta(microseconds=1), s.tz):
        raise InvalidInputError(f"{s.label} has no occurrence at {occurrence_at.astimezone(s.tz).isoformat(timespec='minutes')}")
    if utc in s.cancelled:
        raise RuleViolationError(f"{s.label}: the occurrence of {occurrence_at.astimezone(s.tz):%a %Y-%m-%d %H:%M} was cancelled")
    return utc


def move_occurrence(s: Series, occurrence_at: datetime, starts_at: datetime, stamp: Stamp, *, duration_minutes: int | None = None) -> list[LedgerEvent]:
    """Move one occurrence; the others stay. Never to before the series was made."""
    utc = _occurrence(s, occurrence_at)
    if starts_at < s.made_at:
        raise RuleViolationError(f"cannot move an occurrence of {s.label} to before the series was made ({s.made_at.isoformat(timespec='minutes')})")
    return [
        SeriesOccurrenceMoved(
            **stamp.fields(s.id, s.version + 1), occurrence_at=utc, starts_at=starts_at, duration_minutes=duration_minutes or s.duration_minutes
        )
    ]


def cancel_occurrence(s: Series, occurrence_at: datetime, stamp: Stamp, reason: str | None = None) -> list[LedgerEvent]:
    """Cancel one occurrence; the others stay."""
    utc = _occurrence(s, occurrence_at)
    return [SeriesOccurrenceCancelled(**stamp.fields(s.id, s.version + 1), occurrence_at=utc, reason=reason)]


def end(s: Series, stamp: Stamp, reason: str | None = None) -> list[LedgerEvent]:
    """No more occurrences from now on."""
    if s.ended_at is not None:
        raise RuleViolationError(f"{s.label} has already ended")
    return [SeriesEnded(**stamp.fields(s.id, s.version + 1), reason=reason)]
