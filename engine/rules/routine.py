"""The Routine aggregate: its schedule and marks folded from events, and the rules of changing it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Literal
from uuid import UUID

from engine.rules.adherence import current_occurrence
from engine.rules.cron import Rule, Schedule, check_cron, next_occurrence, occurrences, zone_of
from engine.rules.errors import InvalidInputError, RuleViolationError
from engine.rules.stamp import Stamp
from engine.rules.text import clean_text
from events.base import LedgerEvent
from events.routine import (
    OccurrenceDone,
    OccurrenceSkipped,
    RoutineChangeWithdrawn,
    RoutineDefined,
    RoutineEnded,
    RoutinePaused,
    RoutineRescheduled,
    RoutineResumed,
)

__all__ = ["Routine", "define", "end", "mark", "pause", "reschedule", "resume", "routine_from", "zone_of"]

Status = Literal["active", "paused", "ended"]


@dataclass(frozen=True)
class Routine:
    """A routine as its events leave it."""

    id: UUID
    version: int
    text: str
    zone: str
    schedule: Schedule
    status: Status
    marks: tuple[tuple[datetime, str], ...]  # (occurrence time in UTC, "done" | "skipped")

    @property
    def label(self) -> str:
        return f"routine {self.id.hex[:7]} {self.text!r}"

    @property
    def tz(self) -> tzinfo:
        return zone_of(self.zone)

    def mark_of(self, occurrence: datetime) -> str | None:
        utc = occurrence.astimezone(UTC)
        return next((m for at, m in self.marks if at == utc), None)


def routine_from(events: Iterable[LedgerEvent]) -> Routine | None:
    """The routine its events describe (None for no events, or when its definition was undone).
    Events an undo withdrew (``RoutineChangeWithdrawn``) are read as never made."""
    history = list(events)
    withdrawn = {e.withdrawn_version for e in history if isinstance(e, RoutineChangeWithdrawn)}
    if 1 in withdrawn:
        return None
    r: Routine | None = None
    for e in history:
        if isinstance(e, RoutineChangeWithdrawn) or e.originator_version in withdrawn:
            if r is not None:
                r = replace(r, version=e.originator_version)
            continue
        if isinstance(e, RoutineDefined):
            r = Routine(e.originator_id, 1, e.text, e.zone, Schedule((Rule(e.cron, e.since),)), "active", ())
            continue
        assert r is not None, f"{type(e).__name__} before RoutineDefined"
        s = r.schedule
        if isinstance(e, RoutineRescheduled):
            r = replace(r, schedule=replace(s, rules=(*s.rules, Rule(e.cron, e.since))))
        elif isinstance(e, RoutinePaused):
            r = replace(r, status="paused", schedule=replace(s, pauses=(*s.pauses, (e.occurred_at, None))))
        elif isinstance(e, RoutineResumed):
            start, _ = s.pauses[-1]
            r = replace(r, status="active", schedule=replace(s, pauses=(*s.pauses[:-1], (start, e.occurred_at))))
        elif isinstance(e, RoutineEnded):
            r = replace(r, status="ended", schedule=replace(s, ends_at=e.occurred_at))
        elif isinstance(e, OccurrenceDone | OccurrenceSkipped):
            kind = "done" if isinstance(e, OccurrenceDone) else "skipped"
            r = replace(r, marks=(*r.marks, (e.occurrence_at.astimezone(UTC), kind)))
        else:
            raise TypeError(f"{type(e).__name__} does not apply to a routine")
        r = replace(r, version=e.originator_version)
    return r


def define(routine_id: UUID, text: str, cron: str, since: datetime, zone: str, stamp: Stamp, *, project_id: UUID | None = None) -> list[LedgerEvent]:
    """A new routine, its occurrences from ``since``."""
    cleaned = check_cron(cron, since=since, tz=zone_of(zone))
    return [
        RoutineDefined(
            **stamp.fields(routine_id, 1), text=clean_text(text, "routine's text"), cron=cleaned, zone=zone, since=since, project_id=project_id
        )
    ]


def _live(r: Routine) -> None:
    if r.status == "ended":
        raise RuleViolationError(f"{r.label} has ended")


def reschedule(r: Routine, cron: str, since: datetime, stamp: Stamp) -> list[LedgerEvent]:
    """A new schedule from ``since`` on; never before the routine began."""
    _live(r)
    first = r.schedule.rules[0].since
    if since < first:
        raise RuleViolationError(f"{r.label} began {first.isoformat(timespec='minutes')}; a new schedule cannot start before that")
    cleaned = check_cron(cron, since=since, tz=r.tz)
    return [RoutineRescheduled(**stamp.fields(r.id, r.version + 1), cron=cleaned, since=since)]


def pause(r: Routine, stamp: Stamp) -> list[LedgerEvent]:
    _live(r)
    if r.status == "paused":
        raise RuleViolationError(f"{r.label} is already paused")
    return [RoutinePaused(**stamp.fields(r.id, r.version + 1))]


def resume(r: Routine, stamp: Stamp) -> list[LedgerEvent]:
    _live(r)
    if r.status != "paused":
        raise RuleViolationError(f"{r.label} is not paused")
    return [RoutineResumed(**stamp.fields(r.id, r.version + 1))]


def end(r: Routine, stamp: Stamp) -> list[LedgerEvent]:
    _live(r)
    return [RoutineEnded(**stamp.fields(r.id, r.version + 1))]


def mark(r: Routine, kind: Literal["done", "skipped"], stamp: Stamp, *, occurrence: datetime | None = None, reason: str | None = None) -> list[LedgerEvent]:
    """Mark an occurrence done or skipped: the one given, else the current one (the latest not
    after the moment it happened), else, for a routine none of whose occurrences is due yet (just
    added: a weekly review on Monday), its first one, done or skipped ahead of time."""
    if occurrence is None:
        occurrence = current_occurrence(r.schedule, stamp.occurred_at, r.tz) or next_occurrence(r.schedule, stamp.occurred_at, r.tz)
        if occurrence is None:
            raise RuleViolationError(f"{r.label} has no occurrence due yet")
    elif occurrence.astimezone(UTC) not in occurrences(r.schedule, occurrence, occurrence + timedelta(microseconds=1), r.tz):
        raise InvalidInputError(f"{r.label} has no occurrence at {occurrence.astimezone(r.tz).isoformat(timespec='minutes')}")
    existing = r.mark_of(occurrence)
    when = occurrence.astimezone(r.tz).strftime("%a %Y-%m-%d %H:%M")
    if existing is not None:
        raise RuleViolationError(f"{r.label}: the occurrence of {when} is already {existing}")
    fields = stamp.fields(r.id, r.version + 1)
    if kind == "done":
        return [OccurrenceDone(**fields, occurrence_at=occurrence)]
    return [OccurrenceSkipped(**fields, occurrence_at=occurrence, reason=reason)]
