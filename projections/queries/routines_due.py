"""Routine occurrences due at a moment, shaped like tasks so that task lists can show them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["DueOccurrence", "due_occurrences"]


@dataclass(frozen=True)
class DueOccurrence:
    """A routine's occurrence that is due: its time has come and it is neither done nor skipped."""

    id: str
    handle: str
    text: str
    project: str | None
    occurrence_at: datetime
    closes_at: datetime | None
    tz: tzinfo

    def to_json(self) -> dict[str, Any]:
        at = self.occurrence_at.astimezone(self.tz).isoformat()
        return {
            "kind": "routine",
            "id": self.id,
            "handle": self.handle,
            "text": self.text,
            "status": "open",
            "project": self.project,
            "tags": [],
            "due": None if self.closes_at is None else self.closes_at.astimezone(self.tz).isoformat(),
            "created_at": at,
            "completed_at": None,
            "carried": 0,
            "occurrence_at": at,
        }


def due_occurrences(
    db: Database, tz: tzinfo, at: datetime, *, known_at: datetime | None = None, project: str | None = None
) -> list[DueOccurrence]:
    """Occurrences due at ``at`` (as the ledger knew at ``known_at``), oldest first."""
    with db.read() as cur:
        if cur.execute("SELECT 1 FROM dl_routines LIMIT 1").fetchone() is None:
            return []  # a ledger without routines lists its tasks without loading the schedules' code
    from engine.rules.adherence import current_occurrence
    from engine.rules.cron import next_occurrence, zone_of
    from engine.rules.text import normal_name
    from projections.queries.routines import routines_as_of

    out = []
    wanted = None if project is None else normal_name(project)
    for r in routines_as_of(db, as_of=at, known_at=known_at, marks_from=at - timedelta(days=400)):
        if r.status != "active" or (wanted is not None and normal_name(r.project or "") != wanted):
            continue
        zone = zone_of(r.zone)
        occurrence = current_occurrence(r.schedule, at, zone)
        if occurrence is None or occurrence in r.marks:
            continue
        closes = next_occurrence(r.schedule, occurrence, zone)
        out.append(DueOccurrence(r.id, r.handle, r.text, r.project, occurrence, closes, tz))
    out.sort(key=lambda o: (o.project is not None, o.project or "", o.occurrence_at))
    return out
