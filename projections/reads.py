"""The views as the write side reads them: ``engine.commands.ports.Views``, implemented.

``cli`` hands this module to the engine's commands and importers (``cli.session``), which name
what they need as protocols and never import ``projections``. Each function answers from views
the caller has caught up (the unit of work does it before planning); nothing here writes events.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from projections.queries.audit import last_command
from projections.queries.calendar_exchange import known_appointments
from projections.queries.current import find_project, handle_in_use, task_refs
from projections.queries.readings import cached_papers, reading_versions, readings
from projections.queries.report_schedules import schedule_refs, schedule_rows
from projections.queries.routines import MARKS_BACK, routine_refs, routine_versions, routines_as_of
from projections.queries.task_exchange import known_tasks
from projections.views.catchup import all_views, catch_up, rebuild
from projections.views.imported import import_state_rows, recorded_note_files

if TYPE_CHECKING:
    from engine.rules.period import Period
    from engine.storage.database import Database

__all__ = [
    "MARKS_BACK",
    "all_views",
    "appointment_refs",
    "cached_papers",
    "catch_up",
    "find_project",
    "handle_in_use",
    "import_state_rows",
    "known_appointments",
    "known_tasks",
    "last_command",
    "reading_versions",
    "readings",
    "rebuild",
    "recorded_note_files",
    "render_report",
    "routine_refs",
    "routine_versions",
    "routines_as_of",
    "schedule_refs",
    "schedule_rows",
    "series_refs",
    "task_refs",
    "undo_pairs",
]

Candidate = tuple[str, str, str, str]


def appointment_refs(db: Database, tz: tzinfo, statuses: Sequence[str]) -> list[Candidate]:
    """(id, handle, text, status) of the single appointments with one of ``statuses``."""
    from projections.queries.current import appointments

    return [(a.id, a.handle, a.text, a.status) for a in appointments(db, tz, statuses=statuses)]


def series_refs(db: Database) -> list[Candidate]:
    """(id, handle, text, status) of every recurring appointment."""
    from projections.queries.series import series_as_of

    return [(s.id, s.handle, s.text, s.status) for s in series_as_of(db)]


def render_report(db: Database, period: Period, fmt: str, *, now: datetime, known_at: datetime | None = None) -> tuple[str, datetime, datetime]:
    """The report of ``period`` in ``fmt``, as of its end, known at ``known_at`` (default: its knowledge horizon now)."""
    from projections.reports.build import build_report, knowledge_horizon, report_moment
    from projections.reports.formats import render

    as_of, _ = report_moment(period, now=now)
    known = knowledge_horizon(db, as_of) if known_at is None else known_at.astimezone(period.tz)
    return render(build_report(db, period, now=now, known_at=known), fmt), as_of, known


def undo_pairs(db: Database, command_ids: Sequence[str]) -> list[tuple[str, str]]:
    """(undo, undone) command ids (hex) of the undos of any of ``command_ids``, in ledger order."""
    if not command_ids:
        return []
    found: list[tuple[str, str]] = []
    with db.read() as cur:
        for start in range(0, len(command_ids), 500):
            chunk = list(command_ids[start : start + 500])
            sql = f"SELECT command_id, undone_command_id, position FROM dl_undone WHERE undone_command_id IN ({','.join('?' * len(chunk))})"
            found += [(u, d, int(p)) for u, d, p in cur.execute(sql, chunk).fetchall()]  # type: ignore[misc]
    return [(u, d) for u, d, _ in sorted(found, key=lambda r: r[2])]
