"""Routine adherence for a report: each routine's occurrences in the period, and its streaks
counted over its whole life up to the report's moment, from its marks (call ``catch_up`` first)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from engine.rules.adherence import adherence, occurrence_states, streaks
from engine.rules.cron import zone_of
from engine.rules.cron_words import cron_in_words
from projections.queries.routines import routines_as_of
from projections.reports.model import RoutineLine

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["routine_lines"]


def routine_lines(db: Database, *, start: datetime, end: datetime, as_of: datetime, known_at: datetime | None) -> list[RoutineLine]:
    """Routines defined by ``as_of`` that had not ended before ``start``, oldest first; a routine
    defined after the fact counts from its first since, and a mark made late for an occurrence
    by ``as_of`` counts (as in ``routine stats``; they move the report's knowledge horizon)."""
    out: list[RoutineLine] = []
    for r in routines_as_of(db, as_of=as_of, known_at=known_at, backfilled=True):
        if r.schedule.ends_at is not None and r.schedule.ends_at <= start:
            continue
        tz = zone_of(r.zone)
        now = min(as_of, end)
        week = adherence(occurrence_states(r.schedule, r.marks, start, end, now=now, tz=tz, timeline=r.timeline))  # type: ignore[arg-type]
        since = min([rule.since for rule in r.schedule.rules] or [r.defined_at])
        life = streaks(r.schedule, r.marks, since, end, now=now, tz=tz, timeline=r.timeline)  # type: ignore[arg-type]
        out.append(
            RoutineLine(
                text=r.text,
                project=r.project,
                schedule=r.cron,
                schedule_words=cron_in_words(r.cron),
                due=week.due,
                done=week.done,
                skipped=week.skipped,
                missed=week.missed,
                pending=week.pending,
                rate=None if week.rate is None else round(week.rate, 4),
                current_streak=life.current,
                longest_streak=life.longest,
            )
        )
    return out
