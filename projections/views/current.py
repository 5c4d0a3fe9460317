"""The present: tasks, projects and appointments as they stand after every recorded event.

Ordering is ledger order (recording order); the time-travelling views fold by when things
happened instead. A batch is folded in memory: the rows its events touch are read once, changed
event by event, and written back with one statement per table and kind of write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from engine.rules.text import normal_name
from projections.views.base import Cursor, forget_oldest
from projections.views.task_fold import TASK_FIELDS, fold_task

if TYPE_CHECKING:
    from projections.views.entries import Entry

__all__ = ["CurrentView"]

DDL = (
    (
        "CREATE TABLE IF NOT EXISTS dl_tasks ("
        " id TEXT PRIMARY KEY, handle TEXT NOT NULL, text TEXT NOT NULL, project_id TEXT, status TEXT NOT NULL,"
        " tags TEXT NOT NULL, due TEXT, captured_at TEXT NOT NULL, recorded_at TEXT NOT NULL, closed_at TEXT,"
        " carried INTEGER NOT NULL, last_seen TEXT NOT NULL, version INTEGER NOT NULL, position BIGINT NOT NULL)"
    ),
    "CREATE INDEX IF NOT EXISTS dl_tasks_handle ON dl_tasks (handle)",
    (
        "CREATE TABLE IF NOT EXISTS dl_projects ("
        " id TEXT PRIMARY KEY, name TEXT NOT NULL, norm_name TEXT NOT NULL, status TEXT NOT NULL, started_at TEXT NOT NULL)"
    ),
    "CREATE INDEX IF NOT EXISTS dl_projects_norm ON dl_projects (norm_name)",
    (
        "CREATE TABLE IF NOT EXISTS dl_appointments ("
        " id TEXT PRIMARY KEY, handle TEXT NOT NULL, text TEXT NOT NULL, starts_at TEXT NOT NULL,"
        " duration_minutes INTEGER, status TEXT NOT NULL, project_id TEXT, task_id TEXT,"
        " scheduled_at TEXT NOT NULL, version INTEGER NOT NULL)"
    ),
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


_TASK_COLUMNS = ("id", "handle", "text", "project_id", "status", "tags", "due", "captured_at", "recorded_at", "closed_at", "carried", "last_seen", "version", "position")
_PROJECT_COLUMNS = ("id", "name", "norm_name", "status", "started_at")
_APPOINTMENT_COLUMNS = ("id", "handle", "text", "starts_at", "duration_minutes", "status", "project_id", "task_id", "scheduled_at", "version")
_T = {c: i for i, c in enumerate(_TASK_COLUMNS)}
_A = {c: i for i, c in enumerate(_APPOINTMENT_COLUMNS)}
Row = list[Any]


# Where each of fold_task's fields (TASK_FIELDS) sits in a dl_tasks row.
_TEXT, _PROJECT, _STATUS, _DUE, _TAGS, _CARRIED, _CAPTURED, _CLOSED, _SEEN, _RECORDED = (_T[c] for c in TASK_FIELDS)
_VERSION, _POSITION = _T["version"], _T["position"]


def _task_change(e: Entry, row: Row) -> bool:
    if e.type == "TaskCaptured":
        return False  # the row is there already
    state = (row[_TEXT], row[_PROJECT], row[_STATUS], row[_DUE], row[_TAGS], row[_CARRIED], row[_CAPTURED], row[_CLOSED], row[_SEEN], row[_RECORDED])
    new = fold_task(state, e.type, e.occurred, e.recorded, e.fields, seen_only_forward=True)
    if new is state:
        return False  # an event this view does not show (a note on the task, say): the row is as it was
    row[_TEXT], row[_PROJECT], row[_STATUS], row[_DUE], row[_TAGS], row[_CARRIED], _, row[_CLOSED], row[_SEEN], _ = new  # a change keeps its capture
    row[_VERSION], row[_POSITION] = e.version, e.position
    return True


def _project_change(e: Entry, row: Row) -> bool:
    if e.type == "ProjectRenamed":
        row[1], row[2] = e.fields["name"], normal_name(e.fields["name"])
    elif e.type == "ProjectArchived":
        row[3] = "archived"
    else:
        return False
    return True


def _appointment_change(e: Entry, row: Row) -> bool:
    d, t = e.fields, e.type
    if t == "AppointmentMoved":
        row[_A["starts_at"]], row[_A["duration_minutes"]] = d["starts_at"], d.get("duration_minutes")
    elif t == "AppointmentCancelled":
        row[_A["status"]] = "cancelled"
    elif t == "AppointmentRestored":
        row[_A["status"]] = "scheduled"
    else:
        return False
    row[_A["version"]] = e.version
    return True


def _new_row(e: Entry) -> Row | None:
    d, oid = e.fields, e.originator
    if e.type == "TaskCaptured":
        state = fold_task(None, e.type, e.occurred, e.recorded, d)
        assert state is not None
        text, project, status, due, tags, carried, captured, closed, seen, recorded = state
        return [oid, oid[:7], text, project, status, tags, due, captured, recorded, closed, carried, seen, e.version, e.position]
    if e.type == "ProjectStarted":
        return [oid, d["name"], normal_name(d["name"]), "active", e.occurred]
    if e.type == "AppointmentScheduled":
        return [oid, oid[:7], d["text"], d["starts_at"], d["duration_minutes"], "scheduled", d["project_id"], d["task_id"], e.occurred, e.version]
    return None


class _Table:
    """One table's rows as this fold wrote them, kept from batch to batch of one catch-up (a
    view object lives for one transaction; bounded: misses are read from the table)."""

    LIMIT = 10_000

    def __init__(self, name: str, columns: Sequence[str], change: Callable[[Entry, Row], bool]) -> None:
        self.name, self.columns, self.change = name, tuple(columns), change
        self.rows: dict[str, Row] = {}
        self.new: set[str] = set()
        self.changed: set[str] = set()

    def load(self, cur: Cursor, ids: Iterable[str]) -> None:
        missing = [i for i in ids if i not in self.rows]
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            sql = f"SELECT {', '.join(self.columns)} FROM {self.name} WHERE id IN ({','.join('?' * len(chunk))})"
            for r in cur.execute(sql, chunk).fetchall():
                self.rows[r[0]] = list(r)

    def apply(self, e: Entry) -> None:
        row = self.rows.get(e.originator)
        if row is not None:
            if self.change(e, row):
                self.changed.add(e.originator)
        else:
            new = _new_row(e)
            if new is not None:
                self.rows[e.originator] = new
                self.new.add(e.originator)

    def save(self, cur: Cursor) -> None:
        cur.insert(self.name, [self.rows[i] for i in self.new])
        sets = ", ".join(f"{c}=?" for c in self.columns[1:])
        cur.executemany(f"UPDATE {self.name} SET {sets} WHERE id=?", [[*self.rows[i][1:], i] for i in self.changed - self.new])
        self.new.clear()
        self.changed.clear()
        forget_oldest(self.rows, self.LIMIT)


class CurrentView:
    """Current tasks, projects and appointments."""

    name = "current"
    version = 2
    fold_indexes: frozenset[str] = frozenset()  # the fold finds rows by primary key only
    tables = ("dl_tasks", "dl_projects", "dl_appointments")
    ddl = DDL
    dialect_ddl = DIALECT_DDL

    def __init__(self) -> None:
        self._tables = {
            "Task": _Table("dl_tasks", _TASK_COLUMNS, _task_change),
            "Project": _Table("dl_projects", _PROJECT_COLUMNS, _project_change),
            "Appointment": _Table("dl_appointments", _APPOINTMENT_COLUMNS, _appointment_change),
        }

    def apply(self, cur: Cursor, batch: Sequence[Entry]) -> None:
        for kind, table in self._tables.items():
            table.load(cur, {e.originator: None for e in batch if e.kind == kind and e.version > 1})
        for e in batch:
            if e.kind is not None:
                self._tables[e.kind].apply(e)
        for table in self._tables.values():
            table.save(cur)
