"""Routines as rows kept on both time axes, so any moment's schedule and marks are a query away.

Each schedule change and each mark is a row with the occurred_at and recorded_at of its event;
the routine's state as of T and known at K is folded from the rows up to (T, K) — a handful per
routine — never from the event stream. An undone definition or change keeps its row, with
``withdrawn_at`` (when the undo was recorded): known at a moment before that it still counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from projections.views.base import Cursor, db_time, hex_id
from projections.views.entries import Entry, typed

if TYPE_CHECKING:
    from events import LedgerEvent
    from events.routine import RoutineChangeWithdrawn

__all__ = ["RoutinesView"]

DDL = (
    (
        "CREATE TABLE IF NOT EXISTS dl_routines ("
        " id TEXT PRIMARY KEY, handle TEXT NOT NULL, text TEXT NOT NULL, zone TEXT NOT NULL, project_id TEXT,"
        " defined_at TEXT NOT NULL, recorded_at TEXT NOT NULL, withdrawn_at TEXT)"
    ),
    "CREATE INDEX IF NOT EXISTS dl_routines_handle ON dl_routines (handle)",
    # kind: rule (cron, since) | pause | resume | end | done | skipped (at = the occurrence) | withdraw (an undo's)
    (
        "CREATE TABLE IF NOT EXISTS dl_routine_changes ("
        " routine_id TEXT NOT NULL, position BIGINT NOT NULL, kind TEXT NOT NULL, cron TEXT, at TEXT,"
        " occurred_at TEXT NOT NULL, recorded_at TEXT NOT NULL, version INTEGER NOT NULL, withdrawn_at TEXT,"
        " PRIMARY KEY (routine_id, position))"
    ),
    "CREATE INDEX IF NOT EXISTS dl_routine_changes_time ON dl_routine_changes (routine_id, occurred_at)",
)

# By name: events.routine loads on the first of them.
_KIND = {"RoutinePaused": "pause", "RoutineResumed": "resume", "RoutineEnded": "end"}
_HANDLED = ("RoutineChangeWithdrawn", "RoutineDefined", "RoutineRescheduled", "OccurrenceDone", "OccurrenceSkipped", "RoutinePaused", "RoutineResumed", "RoutineEnded")


class RoutinesView:
    """Routines and every change to them, on both time axes."""

    name = "routines"
    version = 2
    tables = ("dl_routines", "dl_routine_changes")
    ddl = DDL

    def apply(self, cur: Cursor, batch: Sequence[Entry]) -> None:
        handled = list(typed(batch, _HANDLED))
        if not handled:
            return
        from events.routine import RoutineChangeWithdrawn, RoutineDefined

        changes: list[tuple[Any, ...]] = []
        for position, e in handled:
            row = _change(position, e)
            if row is None:
                continue
            if isinstance(e, RoutineDefined):
                cur.execute(
                    "INSERT INTO dl_routines VALUES (?,?,?,?,?,?,?,?)",
                    (e.originator_id.hex, e.originator_id.hex[:7], e.text, e.zone, hex_id(e.project_id), db_time(e.occurred_at), db_time(e.recorded_at), None),
                )
            changes.append(row)
            if isinstance(e, RoutineChangeWithdrawn):
                cur.insert("dl_routine_changes", changes)  # the withdrawn row may be in this batch
                changes = []
                _withdraw(cur, e)
        cur.insert("dl_routine_changes", changes)


def _withdraw(cur: Cursor, e: RoutineChangeWithdrawn) -> None:
    rid, when = e.originator_id.hex, db_time(e.recorded_at)
    cur.execute("UPDATE dl_routine_changes SET withdrawn_at = ? WHERE routine_id = ? AND version = ?", (when, rid, e.withdrawn_version))
    if e.withdrawn_version == 1:
        cur.execute("UPDATE dl_routines SET withdrawn_at = ? WHERE id = ?", (when, rid))


def _change(position: int, e: LedgerEvent) -> tuple[Any, ...] | None:
    from events.routine import OccurrenceDone, OccurrenceSkipped, RoutineChangeWithdrawn, RoutineDefined, RoutineRescheduled

    base = (e.originator_id.hex, position)
    times = (db_time(e.occurred_at), db_time(e.recorded_at), e.originator_version, None)
    if isinstance(e, RoutineChangeWithdrawn):
        return (*base, "withdraw", None, None, *times)
    if isinstance(e, RoutineDefined | RoutineRescheduled):
        return (*base, "rule", e.cron, db_time(e.since), *times)
    if isinstance(e, OccurrenceDone | OccurrenceSkipped):
        return (*base, "done" if isinstance(e, OccurrenceDone) else "skipped", None, db_time(e.occurrence_at), *times)
    kind = _KIND.get(type(e).__name__)
    return None if kind is None else (*base, kind, None, None, *times)
