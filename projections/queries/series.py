"""Occurrences of recurring appointments in a window, as they stood at any moment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from engine.rules.cron import Rule, Schedule, iter_occurrences, zone_of

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["SeriesOccurrence", "SeriesRow", "series_as_of", "series_occurrences"]

_FAR = "9999-12-31T00:00:00.000000+00:00"


def _key(moment: datetime | None) -> str:
    return _FAR if moment is None else moment.astimezone(UTC).isoformat(timespec="microseconds")


def _utc(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text).astimezone(UTC)


@dataclass(frozen=True)
class SeriesRow:
    """A recurring appointment as of a moment."""

    id: str
    handle: str
    text: str
    cron: str
    zone: str
    starts_at: datetime
    until: datetime | None
    duration_minutes: int | None
    project: str | None
    ended_at: datetime | None
    moved: dict[datetime, tuple[datetime, int | None]]
    cancelled: frozenset[datetime]

    @property
    def schedule(self) -> Schedule:
        ends = [t for t in (self.until, self.ended_at) if t is not None]
        return Schedule((Rule(self.cron, self.starts_at),), ends_at=min(ends) if ends else None)

    @property
    def status(self) -> str:
        return "ended" if self.ended_at is not None else "scheduled"


@dataclass(frozen=True)
class SeriesOccurrence:
    """One occurrence: when it was scheduled by the series, when it takes place, and its status."""

    series: SeriesRow
    occurrence_at: datetime
    starts_at: datetime
    duration_minutes: int | None
    status: str  # scheduled | moved | cancelled

    def to_json(self, tz: tzinfo) -> dict[str, Any]:
        s = self.series
        return {
            "id": s.id,
            "handle": s.handle,
            "text": s.text,
            "starts_at": self.starts_at.astimezone(tz).isoformat(),
            "duration_minutes": self.duration_minutes,
            "status": self.status,
            "project": s.project,
            "recurring": True,
            "cron": s.cron,
            "occurrence_at": self.occurrence_at.astimezone(tz).isoformat(),
        }


def series_as_of(db: Database, *, as_of: datetime | None = None, known_at: datetime | None = None, backfilled: bool = False) -> list[SeriesRow]:
    """The recurring appointments made by ``as_of``, with their changes up to then, as known at
    ``known_at``; with ``backfilled``, also those made later whose first occurrence was by then
    (a weekly meeting typed in today from last Monday on), as they were made."""
    t, k = _key(as_of), _key(known_at)
    made = "(made_at <= ? OR starts_at <= ?)" if backfilled else "made_at <= ?"
    with db.read() as cur:
        names = dict(cur.execute("SELECT id, name FROM dl_projects").fetchall())
        heads = cur.execute(
            "SELECT id, handle, text, cron, zone, starts_at, until, duration_minutes, project_id FROM dl_series "
            f"WHERE {made} AND recorded_at <= ? ORDER BY starts_at, id",
            ((t, t) if backfilled else (t,)) + (k,),
        ).fetchall()
        changes = cur.execute(
            "SELECT series_id, kind, occurrence_at, starts_at, duration_minutes, occurred_at FROM dl_series_changes "
            "WHERE occurred_at <= ? AND recorded_at <= ? ORDER BY series_id, occurred_at, position",
            (t, k),
        ).fetchall()
    by_series: dict[str, list[Any]] = {}
    for row in changes:
        by_series.setdefault(row[0], []).append(row)
    out = []
    for h in heads:
        moved: dict[datetime, tuple[datetime, int | None]] = {}
        cancelled: set[datetime] = set()
        ended: datetime | None = None
        for _, kind, occ, start, duration, occurred in by_series.get(h[0], []):
            if kind == "moved":
                moved[_utc(occ)] = (_utc(start), duration)  # type: ignore[index]
            elif kind == "cancelled":
                cancelled.add(_utc(occ))  # type: ignore[arg-type]
            elif kind == "ended" and ended is None:
                ended = _utc(occurred)
        out.append(
            SeriesRow(h[0], h[1], h[2], h[3], h[4], _utc(h[5]), _utc(h[6]), h[7], names.get(h[8]) if h[8] else None, ended, moved, frozenset(cancelled))  # type: ignore[arg-type]
        )
    return out


def series_occurrences(
    db: Database, lo: datetime, hi: datetime, *, as_of: datetime | None = None, known_at: datetime | None = None, with_cancelled: bool = False,
    backfilled: bool = False,
) -> list[SeriesOccurrence]:
    """Occurrences taking place in [lo, hi), moves applied (a move in or out of the window counts
    where it lands); ``backfilled``: see ``series_as_of``."""
    found: list[SeriesOccurrence] = []
    for s in series_as_of(db, as_of=as_of, known_at=known_at, backfilled=backfilled):
        tz = zone_of(s.zone)
        # A move can bring an occurrence into the window from outside it.
        candidates = {occ for occ, (start, _) in s.moved.items() if lo <= start < hi}
        candidates.update(iter_occurrences(s.schedule, lo, tz, hi))
        for occ in sorted(candidates):
            if occ in s.cancelled:
                if with_cancelled:
                    found.append(SeriesOccurrence(s, occ, occ, s.duration_minutes, "cancelled"))
                continue
            if occ in s.moved:
                start, duration = s.moved[occ]
                if lo <= start < hi:
                    found.append(SeriesOccurrence(s, occ, start, duration, "moved"))
                continue
            found.append(SeriesOccurrence(s, occ, occ, s.duration_minutes, "scheduled"))
    found.sort(key=lambda o: (o.starts_at, o.series.id))
    return found
