"""The views as the write side reads them: ``engine.commands.ports.Views``, implemented.

``cli`` hands this module to the engine's commands and importers (``cli.session``), which name
what they need as protocols and never import ``projections``. Each function answers from views
the caller has caught up (the unit of work does it before planning); nothing here writes events.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.rules.lookup import Candidate
    from engine.rules.period import Period
    from engine.storage.database import Database



# The reads that are the queries' own functions, imported when first asked for (PEP 562): a
# command imports only the query modules it uses (a third more modules for every ``add`` else).
_ELSEWHERE = {
    "MARKS_BACK": "projections.queries.routines",
    "open_task_ids": "projections.queries.numbers",
    "task_fate": "projections.queries.numbers",
    "all_views": "projections.views.catchup",
    "cached_papers": "projections.queries.readings",
    "catch_up": "projections.views.catchup",
    "find_project": "projections.queries.current",
    "handle_in_use": "projections.queries.current",
    "import_state_rows": "projections.views.imported",
    "task_list_texts": "projections.views.imported",
    "known_appointments": "projections.queries.calendar_exchange",
    "known_tasks": "projections.queries.task_exchange",
    "last_command": "projections.queries.facts",
    "reading_versions": "projections.queries.readings",
    "readings": "projections.queries.readings",
    "rebuild": "projections.views.catchup",
    "recorded_note_files": "projections.views.imported",
    "routine_refs": "projections.queries.routines",
    "routine_versions": "projections.queries.routines",
    "routines_as_of": "projections.queries.routines",
    "schedule_refs": "projections.queries.report_schedules",
    "schedule_rows": "projections.queries.report_schedules",
    "task_refs": "projections.queries.current",
    "task_refs_by_id": "projections.queries.current",
}


__all__ = [*_ELSEWHERE, "appointment_refs", "render_report", "series_refs", "undo_pairs"]  # noqa: PLE0604 - the names found lazily, by __getattr__


def __getattr__(name: str) -> Any:
    module = _ELSEWHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # found once
    return value


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
