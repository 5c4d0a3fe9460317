"""Keeping read models level with the ledger: catch up before every read, rebuild on demand.

Each view's rows and its tracking position are written in one transaction, so a crash leaves
a view either before or after a batch, never in between, and the next catch-up resumes.
Writers to views are serialised (SQLite ``BEGIN IMMEDIATE``; PostgreSQL locks ``dl_views``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from projections.views.base import Cursor, View, no_cycle_collection

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["PROGRESS_FROM", "all_views", "catch_up", "progress_to", "rebuild"]

# Name and version of every view, known without importing the views (and so pydantic):
# a read whose views are level with the ledger stays cheap.
VIEW_VERSIONS: dict[str, int] = {"current": 6, "import_keys": 2, "routines": 2, "readings": 1, "series": 1, "temporal": 8, "report_schedules": 1}
BATCH = 10_000  # events per read; larger batches fold more changes in memory before writing them
_TRACKING_DDL = "CREATE TABLE IF NOT EXISTS dl_views (name TEXT PRIMARY KEY, version INTEGER NOT NULL, position BIGINT NOT NULL)"


MAY_NOT_WRITE = ("42501", "25006")  # PostgreSQL's SQLSTATEs: insufficient_privilege, read_only_sql_transaction
PROGRESS_FROM = 20_000  # events: a fold this long (seconds) says how far it is, if asked to
LARGE_FOLD = 200_000  # events: a fold this long gets a larger page cache (Database.large_cache)
Progress = Callable[[int, int], None]
_progress: ContextVar[Progress | None] = ContextVar("dayledger_fold_progress", default=None)


@contextmanager
def progress_to(report: Progress) -> Iterator[None]:
    """Within this block, a catch-up or rebuild of at least ``PROGRESS_FROM`` events calls
    ``report(folded, total)`` after each batch, and ``report(total, total)`` once it is committed."""
    token = _progress.set(report)
    try:
        yield
    finally:
        _progress.reset(token)


def _tracked(cur: Cursor) -> dict[str, tuple[int, int]]:
    return {name: (int(version), int(pos)) for name, version, pos in cur.execute("SELECT name, version, position FROM dl_views").fetchall()}


def all_views() -> tuple[View, ...]:
    """Every read model, in the order they are folded."""
    from projections.views.current import CurrentView
    from projections.views.imported import ImportKeysView
    from projections.views.readings import ReadingsView
    from projections.views.report_schedules import ReportSchedulesView
    from projections.views.routines import RoutinesView
    from projections.views.series import SeriesView
    from projections.views.temporal import TemporalView

    # The temporal view first: the current view folds a back-dated event's thing again from its facts.
    views: tuple[View, ...] = (TemporalView(), CurrentView(), ImportKeysView(), RoutinesView(), ReadingsView(), SeriesView(), ReportSchedulesView())
    assert {v.name: v.version for v in views} == VIEW_VERSIONS, "VIEW_VERSIONS is out of date"
    return views


def _is_level(db: Database) -> bool:
    try:
        with db.read() as cur:
            head = db.newest_position(cur)
            tracked = _tracked(cur)
    except Exception:  # noqa: BLE001 - no dl_views table yet: not level
        return False
    return all(tracked.get(name) == (version, head) for name, version in VIEW_VERSIONS.items())


def catch_up(db: Database) -> int:
    """Apply every event the views have not seen yet; returns how many events were applied."""
    if _is_level(db):
        return 0
    if db.read_only:  # views behind on a ledger this process cannot write: bring them level in a copy
        db.use_private_copy()
    try:
        return _fold_storable(db, reset=False)
    except Exception as e:
        if getattr(e, "sqlstate", None) in MAY_NOT_WRITE:  # PostgreSQL: a role, or a session, that may only read
            from engine.rules.errors import LedgerError
            from engine.storage.failures import first_line

            raise LedgerError(
                f"{db.location.describe()}: the views are behind the ledger, and this role may not bring them level "
                f"({first_line(e)}); run any dayledger command as a role that may write"
            ) from e
        raise


def rebuild(db: Database) -> int:
    """Drop the views and fold the whole event stream into them again, in one transaction."""
    return _fold_storable(db, reset=True)


def _fold_storable(db: Database, *, reset: bool) -> int:
    """``_fold``; and when PostgreSQL refuses a NUL character of an event's text (recorded by an
    older dayledger, which did not refuse them on the way in), the same fold again, with fresh
    views, showing it as U+FFFD: the events stay as they are, and the ledger usable."""
    from engine.storage.database import refused_nul

    try:
        return _fold(db, all_views(), reset=reset)
    except Exception as e:
        if db.dialect != "postgres" or not refused_nul(e):
            raise
    with db.replacing_nul():
        return _fold(db, all_views(), reset=reset)


def _fold(db: Database, views: Sequence[View], *, reset: bool) -> int:
    from engine.storage.event_log import event_batches
    from projections.views.entries import entries_from_rows  # only now: reading a level view needs no pydantic

    applied = 0
    with ExitStack() as later, no_cycle_collection(), db.write() as cur:
        if db.dialect == "postgres":  # serialise catch-ups, DDL included (CREATE IF NOT EXISTS races)
            cur.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.dl_views'))")
        cur.execute(_TRACKING_DDL)
        tracked = _tracked(cur)
        existing = _existing(cur, db)
        positions: dict[str, int] = {}
        deferred: list[str] = []
        for view in views:
            version, pos = tracked.get(view.name, (None, 0))
            fresh = reset or version != view.version
            if fresh:
                for table in view.tables:
                    cur.execute(f"DROP TABLE IF EXISTS {table}")
                pos = 0
            for statement in (*view.ddl, *getattr(view, "dialect_ddl", {}).get(db.dialect, ())):
                if fresh and _can_wait(view, statement):
                    deferred.append(statement)  # built once at the end: far cheaper than row by row
                elif fresh or _made_by(statement) not in existing:
                    cur.execute(statement)
            positions[view.name] = pos
        start = min(positions.values(), default=0)
        head = db.newest_position(cur)
        first, total = start, head - start  # by ledger position: a catch-up's share of the ledger
        report = _progress.get() if total >= PROGRESS_FROM else None
        if total >= LARGE_FOLD:
            later.enter_context(db.large_cache())  # given back after the commit
        for rows in event_batches(db, cur, after=start, until=head, batch=BATCH):
            batch = entries_from_rows(rows)
            for view in views:
                pos = positions[view.name]
                todo = batch if pos < batch[0].position else [e for e in batch if e.position > pos]
                if todo:
                    view.apply(cur, todo)
            start = batch[-1].position
            applied += len(batch)
            for name, at in positions.items():
                positions[name] = max(at, start)
            if report is not None:
                report(min(start - first, total - 1), total)  # "all of them" once indexes and commit are done too
        for statement in deferred:
            cur.execute(statement)
        for view in views:
            cur.execute(
                "INSERT INTO dl_views (name, version, position) VALUES (?,?,?) "
                "ON CONFLICT (name) DO UPDATE SET version=excluded.version, position=excluded.position",
                (view.name, view.version, positions[view.name]),
            )
    if report is not None:
        report(total, total)
    return applied


_MADE = re.compile(r"\s*CREATE (?:UNIQUE )?(TABLE|INDEX) IF NOT EXISTS (\w+)", re.IGNORECASE)


def _existing(cur: Cursor, db: Database) -> set[str]:
    """The names of the tables and indexes of the ledger's schema: a view kept as it is skips the
    CREATE ... IF NOT EXISTS of what is there already (forty-odd statements on every write, each
    a round trip with a notice on PostgreSQL) and runs only those of what is missing."""
    if db.dialect == "postgres":
        sql = ("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
               "UNION ALL SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
    else:
        sql = "SELECT name FROM sqlite_master WHERE type IN ('table', 'index')"
    return {str(name) for (name,) in cur.execute(sql).fetchall()}


def _made_by(statement: str) -> str | None:
    """The table or index a ``CREATE ... IF NOT EXISTS`` statement makes (None: another statement, always run)."""
    found = _MADE.match(statement)
    return found.group(2) if found is not None else None


def _can_wait(view: View, statement: str) -> bool:
    """Whether an index of a view being filled from scratch can be built after the fold: views
    name the indexes their folds read in ``fold_indexes``; a view that names none keeps all."""
    needed = getattr(view, "fold_indexes", None)
    found = _MADE.match(statement)
    return needed is not None and found is not None and found.group(1).upper() == "INDEX" and found.group(2) not in needed
