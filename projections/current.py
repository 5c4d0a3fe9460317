"""The present: tasks, projects and appointments as they stand after every recorded event.

Ordering is ledger order (recording order); the time-travelling views fold by when things
happened instead.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import singledispatchmethod

from events import (
    AppointmentCancelled,
    AppointmentMoved,
    AppointmentRestored,
    AppointmentScheduled,
    LedgerEvent,
    ProjectArchived,
    ProjectRenamed,
    ProjectStarted,
    TaskCancelled,
    TaskCaptured,
    TaskCarried,
    TaskCompleted,
    TaskDueSet,
    TaskMoved,
    TaskRenamed,
    TaskReopened,
    TaskTagged,
    TaskUntagged,
)
from projections.base import Cursor, Positioned, db_time, hex_id

__all__ = ["CurrentView"]

DDL = (
    "CREATE TABLE IF NOT EXISTS dl_tasks ("
    " id TEXT PRIMARY KEY, handle TEXT NOT NULL, text TEXT NOT NULL, project_id TEXT, status TEXT NOT NULL,"
    " tags TEXT NOT NULL, due TEXT, captured_at TEXT NOT NULL, recorded_at TEXT NOT NULL, closed_at TEXT,"
    " carried INTEGER NOT NULL, last_seen TEXT NOT NULL, version INTEGER NOT NULL, position BIGINT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS dl_tasks_handle ON dl_tasks (handle)",
    "CREATE TABLE IF NOT EXISTS dl_projects ("
    " id TEXT PRIMARY KEY, name TEXT NOT NULL, norm_name TEXT NOT NULL, status TEXT NOT NULL, started_at TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS dl_projects_norm ON dl_projects (norm_name)",
    "CREATE TABLE IF NOT EXISTS dl_appointments ("
    " id TEXT PRIMARY KEY, handle TEXT NOT NULL, text TEXT NOT NULL, starts_at TEXT NOT NULL,"
    " duration_minutes INTEGER, status TEXT NOT NULL, project_id TEXT, task_id TEXT,"
    " scheduled_at TEXT NOT NULL, version INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS dl_appointments_handle ON dl_appointments (handle)",
)

# The task list reads every open task: on SQLite an index holding every column it shows, in list
# order, answers from contiguous pages with no sort. PostgreSQL keeps a small index (entries must
# stay small there).
_LIST_COLUMNS = "id, handle, text, project_id, carried, tags, due, closed_at, last_seen, recorded_at"
DIALECT_DDL = {
    "sqlite": (
        "DROP INDEX IF EXISTS dl_tasks_status",
        f"CREATE INDEX IF NOT EXISTS dl_tasks_list ON dl_tasks (status, captured_at, {_LIST_COLUMNS})",
    ),
    "postgres": ("CREATE INDEX IF NOT EXISTS dl_tasks_status ON dl_tasks (status, captured_at)",),
}


def _norm(name: str) -> str:
    return " ".join(name.split()).casefold()


class CurrentView:
    """Current tasks, projects and appointments."""

    name = "current"
    version = 2
    fold_indexes: frozenset[str] = frozenset()  # the fold finds rows by primary key only
    tables = ("dl_tasks", "dl_projects", "dl_appointments")
    ddl = DDL
    dialect_ddl = DIALECT_DDL

    def apply(self, cur: Cursor, batch: Sequence[Positioned]) -> None:
        # The dispatcher itself: ``self._apply`` would build a bound wrapper for every event.
        dispatch = CurrentView.__dict__["_apply"].dispatcher.dispatch
        for position, event in batch:
            dispatch(type(event))(self, event, cur, position)

    @singledispatchmethod
    def _apply(self, event: LedgerEvent, cur: Cursor, position: int) -> None:
        """Events this view does not show change nothing."""

    @_apply.register
    def _(self, e: TaskCaptured, cur: Cursor, position: int) -> None:
        cur.execute(
            "INSERT INTO dl_tasks VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                e.originator_id.hex, e.originator_id.hex[:7], e.text, hex_id(e.project_id), "open",
                json.dumps(list(e.tags)), db_time(e.due), db_time(e.occurred_at), db_time(e.recorded_at), None,
                0, db_time(e.occurred_at), e.originator_version, position,
            ),
        )

    def _task(self, cur: Cursor, e: LedgerEvent, position: int, sets: str, params: tuple[object, ...]) -> None:
        cur.execute(
            f"UPDATE dl_tasks SET {sets}, version=?, position=? WHERE id=?",
            (*params, e.originator_version, position, e.originator_id.hex),
        )

    @_apply.register
    def _(self, e: TaskRenamed, cur: Cursor, position: int) -> None:
        self._task(cur, e, position, "text=?", (e.text,))

    @_apply.register
    def _(self, e: TaskMoved, cur: Cursor, position: int) -> None:
        self._task(cur, e, position, "project_id=?", (hex_id(e.project_id),))

    @_apply.register
    def _(self, e: TaskDueSet, cur: Cursor, position: int) -> None:
        self._task(cur, e, position, "due=?", (db_time(e.due),))

    @_apply.register(TaskTagged)
    @_apply.register(TaskUntagged)
    def _(self, e: TaskTagged | TaskUntagged, cur: Cursor, position: int) -> None:
        row = cur.execute("SELECT tags FROM dl_tasks WHERE id=?", (e.originator_id.hex,)).fetchone()
        tags: list[str] = json.loads(row[0])
        if isinstance(e, TaskTagged):
            tags += [t for t in e.tags if t not in tags]
        else:
            tags = [t for t in tags if t not in e.tags]
        self._task(cur, e, position, "tags=?", (json.dumps(tags),))

    @_apply.register
    def _(self, e: TaskCompleted, cur: Cursor, position: int) -> None:
        self._task(cur, e, position, "status='done', closed_at=?", (db_time(e.occurred_at),))

    @_apply.register
    def _(self, e: TaskCancelled, cur: Cursor, position: int) -> None:
        self._task(cur, e, position, "status='cancelled', closed_at=?", (db_time(e.occurred_at),))

    @_apply.register
    def _(self, e: TaskReopened, cur: Cursor, position: int) -> None:
        self._task(cur, e, position, "status='open', closed_at=NULL", ())

    @_apply.register
    def _(self, e: TaskCarried, cur: Cursor, position: int) -> None:
        # A carry recorded late (an older note imported after newer ones) must not move last_seen back.
        seen = db_time(e.occurred_at)
        self._task(cur, e, position, "carried=carried+1, last_seen=CASE WHEN last_seen < ? THEN ? ELSE last_seen END", (seen, seen))

    @_apply.register
    def _(self, e: ProjectStarted, cur: Cursor, position: int) -> None:
        cur.execute(
            "INSERT INTO dl_projects VALUES (?,?,?,?,?)",
            (e.originator_id.hex, e.name, _norm(e.name), "active", db_time(e.occurred_at)),
        )

    @_apply.register
    def _(self, e: ProjectRenamed, cur: Cursor, position: int) -> None:
        cur.execute(
            "UPDATE dl_projects SET name=?, norm_name=? WHERE id=?", (e.name, _norm(e.name), e.originator_id.hex)
        )

    @_apply.register
    def _(self, e: ProjectArchived, cur: Cursor, position: int) -> None:
        cur.execute("UPDATE dl_projects SET status='archived' WHERE id=?", (e.originator_id.hex,))

    @_apply.register
    def _(self, e: AppointmentScheduled, cur: Cursor, position: int) -> None:
        cur.execute(
            "INSERT INTO dl_appointments VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                e.originator_id.hex, e.originator_id.hex[:7], e.text, db_time(e.starts_at), e.duration_minutes,
                "scheduled", hex_id(e.project_id), hex_id(e.task_id), db_time(e.occurred_at), e.originator_version,
            ),
        )

    @_apply.register
    def _(self, e: AppointmentMoved, cur: Cursor, position: int) -> None:
        cur.execute(
            "UPDATE dl_appointments SET starts_at=?, duration_minutes=?, version=? WHERE id=?",
            (db_time(e.starts_at), e.duration_minutes, e.originator_version, e.originator_id.hex),
        )

    @_apply.register
    def _(self, e: AppointmentCancelled, cur: Cursor, position: int) -> None:
        cur.execute(
            "UPDATE dl_appointments SET status='cancelled', version=? WHERE id=?",
            (e.originator_version, e.originator_id.hex),
        )

    @_apply.register
    def _(self, e: AppointmentRestored, cur: Cursor, position: int) -> None:
        cur.execute(
            "UPDATE dl_appointments SET status='scheduled', version=? WHERE id=?",
            (e.originator_version, e.originator_id.hex),
        )
