"""The present: tasks, projects and appointments as they stand after every recorded event.

Ordering is ledger order (recording order); the time-travelling views fold by when things
happened instead. A batch is folded in memory: the rows its events touch are read once, changed
event by event, and written back with one statement per table and kind of write.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from engine.rules.text import normal_name
from projections.views.base import Cursor, forget_oldest

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


def _task_change(e: Entry, row: Row) -> bool:
    d, t = e.fields, e.type
    if t == "TaskRenamed":
        row[_T["text"]] = d["text"]
    elif t == "TaskMoved":
        row[_T["project_id"]] = d["project_id"]
    elif t == "TaskDueSet":
        row[_T["due"]] = d["due"]
    elif t == "TaskTagged":
        tags: list[str] = json.loads(row[_T["tags"]])
        row[_T["tags"]] = json.dumps(tags + [x for x in d["tags"] if x not in tags])
    elif t == "TaskUntagged":
        row[_T["tags"]] = json.dumps([x for x in json.loads(row[_T["tags"]]) if x not in d["tags"]])
    elif t == "TaskCompleted":
        row[_T["status"]], row[_T["closed_at"]] = "done", e.occurred
    elif t == "TaskCancelled":
        row[_T["status"]], row[_T["closed_at"]] = "cancelled", e.occurred
    elif t == "TaskReopened":
        row[_T["status"]], row[_T["closed_at"]] = "open", None
    elif t == "TaskCarried":
        row[_T["carried"]] += 1
        # A carry recorded late (an older note imported after newer ones) must not move last_seen back.
        row[_T["last_seen"]] = max(row[_T["last_seen"]], e.occurred)
    else:
        return False  # an event this view does not show (a note on the task, say): the row is as it was
    row[_T["version"]], row[_T["position"]] = e.version, e.position
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
        return [oid, oid[:7], d["text"], d["project_id"], "open", json.dumps(d["tags"]) if d["tags"] else "[]", d["due"], e.occurred, e.recorded, None, 0, e.occurred, e.version, e.position]
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
