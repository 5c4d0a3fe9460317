"""Routine commands, recorded through the ledger: one command, one atomic save."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Literal

from engine.commands.ledger import Ledger
from engine.rules import routine as routines
from engine.rules.clock import zone_name
from engine.rules.days import day_start
from engine.rules.lookup import resolve_preferring
from engine.rules.stamp import Stamp
from events.base import LedgerEvent

__all__ = ["define_routine", "end_routine", "find_routine", "mark_routine", "pause_routine", "reschedule_routine", "resume_routine"]


def define_routine(ledger: Ledger, text: str, cron: str, *, since: datetime | None = None, project: str | None = None) -> str:
    """Set up a routine (from ``since``, default the start of today, so that today's occurrence of
    a chore added today can be marked done today); returns its id (hex)."""
    routine_id = ledger.new_id()
    zone = zone_name(ledger.tz)

    def build(stamp: Stamp) -> list[LedgerEvent]:
        project_id, started = ledger.project_for(project, stamp)
        return started + routines.define(routine_id, text, cron, since or _start_of_day(stamp.occurred_at, ledger.tz), zone, stamp, project_id=project_id)

    ledger.record(build)
    return routine_id.hex


def _start_of_day(moment: datetime, tz: tzinfo) -> datetime:
    """The first instant of ``moment``'s local day in ``tz``."""
    return day_start(moment.astimezone(tz).date(), tz)


def find_routine(ledger: Ledger, ref: str, *, include_ended: bool = False) -> str:
    """The id of the routine ``ref`` names (a handle, an id, or a piece of its text): live ones first."""
    ledger.work.level()
    everything = ("active", "paused", "ended")
    return resolve_preferring(
        ref,
        lambda: ledger.views.routine_refs(ledger.db, everything if include_ended else ("active", "paused")), "routine",
        lambda: ledger.views.routine_refs(ledger.db, everything), "routine",
    )


def _change(ledger: Ledger, ref: str, change: object, at: datetime | None = None) -> str:
    routine_id = find_routine(ledger, ref)

    ledger.change(routine_id, routines.routine_from, change, at=at)  # type: ignore[arg-type]
    return routine_id


def reschedule_routine(ledger: Ledger, ref: str, cron: str, *, since: datetime | None = None) -> str:
    """A new schedule from ``since`` (default now); earlier occurrences keep the old one."""
    return _change(ledger, ref, lambda r, s: routines.reschedule(r, cron, since or s.occurred_at, s))


def pause_routine(ledger: Ledger, ref: str, *, at: datetime | None = None) -> str:
    return _change(ledger, ref, routines.pause, at)


def resume_routine(ledger: Ledger, ref: str, *, at: datetime | None = None) -> str:
    return _change(ledger, ref, routines.resume, at)


def end_routine(ledger: Ledger, ref: str, *, at: datetime | None = None) -> str:
    return _change(ledger, ref, routines.end, at)


def mark_routine(
    ledger: Ledger,
    ref: str,
    kind: Literal["done", "skipped"],
    *,
    at: datetime | None = None,
    occurrence: datetime | None = None,
    reason: str | None = None,
) -> tuple[str, datetime]:
    """Mark the current occurrence (or the one given) done or skipped; returns the routine id and
    the occurrence marked."""
    marked: list[datetime] = []

    def change(r: routines.Routine, stamp: Stamp) -> list[LedgerEvent]:
        events = routines.mark(r, kind, stamp, occurrence=occurrence, reason=reason)
        marked[:] = [events[0].occurrence_at]  # type: ignore[attr-defined]
        return events

    routine_id = _change(ledger, ref, change, at)
    return routine_id, marked[0]
