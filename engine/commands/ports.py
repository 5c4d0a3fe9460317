"""What the write side reads from the views, named here and implemented in ``projections``.

The engine never imports ``projections``: a command that must find a task by a piece of its
text, an import that must know what the ledger holds, the unit of work that keeps the views
level after a write, each asks for it through these protocols. ``cli`` (the composition root,
``cli.session``) hands them ``projections.reads``, a module whose functions match them one for
one: dependency inversion, not an import. Rows the projections return are read by attribute;
where the engine reads only a few of them, the protocol says ``Any`` rather than copy the row
types here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, Protocol

from engine.rules.lookup import Candidate  # id, handle, text, status: what a reference is resolved among

if TYPE_CHECKING:
    from engine.rules.period import Period
    from engine.storage.database import Cursor, Database

__all__ = ["Candidate", "CommandViews", "ImportViews", "KeepsViewsLevel", "ReadingViews", "ReportViews", "VerifiableViews", "Views"]



class KeepsViewsLevel(Protocol):
    """Folds what the ledger recorded since into every view; the unit of work's only read duty."""

    def catch_up(self, db: Database) -> int: ...


class CommandViews(KeepsViewsLevel, Protocol):
    """What the commands look up: handles, projects, and the things a reference can name."""

    def handle_in_use(self, db: Database, handle: str) -> bool: ...
    def find_project(self, db: Database, name: str) -> Any: ...  # a row with ``id`` (hex), or None
    def task_refs(self, db: Database, statuses: Sequence[str]) -> list[Candidate]: ...
    def task_refs_by_id(self, db: Database, prefix: str, statuses: Sequence[str]) -> list[Candidate]: ...  # ids starting with prefix
    def open_task_ids(self, db: Database) -> list[str]: ...  # in the order task numbers are given
    def task_fate(self, db: Database, task_id: str, tz: tzinfo) -> str: ...  # what became of it, for a refused number
    def appointment_refs(self, db: Database, tz: tzinfo, statuses: Sequence[str]) -> list[Candidate]: ...
    def series_refs(self, db: Database) -> list[Candidate]: ...
    def routine_refs(self, db: Database, statuses: Sequence[str]) -> list[Candidate]: ...
    def schedule_refs(self, db: Database, *, include_ended: bool = False) -> list[Candidate]: ...
    def last_command(self, db: Database) -> tuple[str, list[Any]] | None: ...  # facts: originator_id, version, position, type, recorded(tz)
    def undo_pairs(self, db: Database, command_ids: Sequence[str]) -> list[tuple[str, str]]:
        """(undo, undone) command ids (hex) of the undos of any of ``command_ids``."""
        ...


class ImportViews(KeepsViewsLevel, Protocol):
    """What the importers compare a file with: the facts, files, tasks and appointments recorded."""

    MARKS_BACK: timedelta

    def recorded_note_files(self, db: Database) -> set[tuple[str, str]]: ...
    def import_state_rows(self, db: Database, first_day: date, last_day: date) -> dict[str, list[Any]]: ...
    def task_list_texts(self, db: Database, task_id: str) -> list[tuple[str, str]]: ...
    def routine_versions(self, db: Database) -> dict[str, int]: ...
    def routines_as_of(self, db: Database, *, marks_from: datetime | None = None) -> list[Any]: ...
    def known_tasks(self, db: Database) -> Any: ...
    def known_appointments(self, db: Database) -> Any: ...


class ReadingViews(KeepsViewsLevel, Protocol):
    """What enriching readings needs: the readings, and the papers' metadata fetched before."""

    def readings(self, db: Database, *, since: datetime | None = None) -> list[Any]: ...
    def cached_papers(self, db: Database, arxiv_ids: Iterable[str]) -> dict[str, dict[str, Any]]: ...
    def reading_versions(self, cur: Cursor, ids: Iterable[str]) -> dict[str, tuple[int, str | None]]: ...


class ReportViews(KeepsViewsLevel, Protocol):
    """What scheduled reports need: the schedules, and a report made from the views."""

    def schedule_rows(self, db: Database, *, include_ended: bool = True, ids: list[str] | None = None) -> list[Any]: ...
    def render_report(self, db: Database, period: Period, fmt: str, *, now: datetime, known_at: datetime | None = None) -> tuple[str, datetime, datetime]:
        """The report's text, the moment it is as of, and the moment it is known at (default: its knowledge horizon)."""
        ...


class VerifiableViews(KeepsViewsLevel, Protocol):
    """What ``verify`` compares: every view, and a rebuild of them from the events."""

    def rebuild(self, db: Database) -> int: ...
    def all_views(self) -> tuple[Any, ...]: ...


class Views(CommandViews, ImportViews, ReadingViews, ReportViews, VerifiableViews, Protocol):
    """All of the above: what ``projections.reads`` provides."""
