"""The present: tasks, projects and appointments as they stand now, with everything recorded.

The present is the user's timeline at its end: each thing as its events leave it folded in the
order they happened (``occurred_at``, then ledger order), undone commands left out, so the
current list always equals the list as of now, whatever order things were recorded in. Events
mostly arrive in that order (a change after everything known about its thing): each is applied
to the row as it stands. One that happened earlier than what its row has folded (a back-dated
command, an older note imported after newer ones), or an undo, has its thing's row folded again
from its facts (the temporal view's, folded before this one), the rare case.

A batch is folded in memory: the rows its events touch are read once, changed event by event,
and written back with one statement per table and kind of write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from engine.rules.text import normal_name
from projections.views.base import Cursor, forget_oldest
from projections.views.task_fold import TASK_FIELDS, fold_task
from projections.views.temporal import compensated as compensated_by
from projections.views.temporal import facts_of
from projections.views.versions import KINDS, State, timeline

if TYPE_CHECKING:
    from projections.views.entries import Entry

__all__ = ["CurrentView"]

DDL = (
    (
        "CREATE TABLE IF NOT EXISTS dl_tasks ("
        " id TEXT PRIMARY KEY, handle TEXT NOT NULL, text TEXT NOT NULL, project_id TEXT, status TEXT NOT NULL,"
        " tags TEXT NOT NULL, due TEXT, captured_at TEXT NOT NULL, recorded_at TEXT NOT NULL, closed_at TEXT,"
        " carried INTEGER NOT NULL, last_seen TEXT NOT NULL, priority TEXT, details TEXT, version INTEGER NOT NULL, position BIGINT NOT NULL,"
        " occurred TEXT NOT NULL)"
    ),
    "CREATE INDEX IF NOT EXISTS dl_tasks_handle ON dl_tasks (handle)",
    (
        "CREATE TABLE IF NOT EXISTS dl_projects ("
        " id TEXT PRIMARY KEY, name TEXT NOT NULL, norm_name TEXT NOT NULL, status TEXT NOT NULL, started_at TEXT NOT NULL,"
        " occurred TEXT NOT NULL)"
    ),
    "CREATE INDEX IF NOT EXISTS dl_projects_norm ON dl_projects (norm_name)",
    (
        "CREATE TABLE IF NOT EXISTS dl_appointments ("
        " id TEXT PRIMARY KEY, handle TEXT NOT NULL, text TEXT NOT NULL, starts_at TEXT NOT NULL,"
        " duration_minutes INTEGER, status TEXT NOT NULL, project_id TEXT, task_id TEXT,"
        " scheduled_at TEXT NOT NULL, version INTEGER NOT NULL, occurred TEXT NOT NULL)"
    ),
    "CREATE INDEX IF NOT EXISTS dl_appointments_handle ON dl_appointments (handle)",
)

# The task list reads every open task: on SQLite an index holding every column it shows, in list
# order, answers from contiguous pages with no sort. PostgreSQL keeps a small index (entries must
# stay small there).
_LIST_COLUMNS = "id, handle, text, project_id, carried, tags, due, closed_at, last_seen, recorded_at, priority, details"
DIALECT_DDL = {
    "sqlite": (
        "DROP INDEX IF EXISTS dl_tasks_status",
        f"CREATE INDEX IF NOT EXISTS dl_tasks_list ON dl_tasks (status, captured_at, {_LIST_COLUMNS})",
    ),
    "postgres": ("CREATE INDEX IF NOT EXISTS dl_tasks_status ON dl_tasks (status, captured_at)",),
}


# Each table's last column, ``occurred``, is when the latest event folded into the row happened.
_TASK_COLUMNS = (
    "id", "handle", "text", "project_id", "status", "tags", "due", "captured_at", "recorded_at", "closed_at", "carried", "last_seen",
    "priority", "details", "version", "position", "occurred",
)
_PROJECT_COLUMNS = ("id", "name", "norm_name", "status", "started_at", "occurred")
_APPOINTMENT_COLUMNS = ("id", "handle", "text", "starts_at", "duration_minutes", "status", "project_id", "task_id", "scheduled_at", "version", "occurred")
_T = {c: i for i, c in enumerate(_TASK_COLUMNS)}
_A = {c: i for i, c in enumerate(_APPOINTMENT_COLUMNS)}
Row = list[Any]


# Where each of fold_task's fields (TASK_FIELDS) sits in a dl_tasks row.
_TEXT, _PROJECT, _STATUS, _DUE, _TAGS, _CARRIED, _CAPTURED, _CLOSED, _SEEN, _RECORDED, _PRIORITY, _DETAILS = (_T[c] for c in TASK_FIELDS)
_VERSION, _POSITION = _T["version"], _T["position"]
_STATE = (_TEXT, _PROJECT, _STATUS, _DUE, _TAGS, _CARRIED, _CAPTURED, _CLOSED, _SEEN, _RECORDED, _PRIORITY, _DETAILS)
_state_of = itemgetter(*_STATE)  # a row's fold_task state, as one tuple (a rebuild's hot path)


def _task_change(e: Entry, row: Row) -> bool:
    if e.type == "TaskCaptured":
        return False  # the row is there already
    state = _state_of(row)
    new = fold_task(state, e.type, e.occurred, e.recorded, e.fields, seen_only_forward=True)
    if new is state:  # an event that changes nothing shown (a split, a sighting after the task was closed)
        if e.version > row[_VERSION]:
            row[_VERSION] = e.version  # still the version the task's next event follows
            return True
        return False
    row[_TEXT], row[_PROJECT], row[_STATUS], row[_DUE], row[_TAGS], row[_CARRIED], _, row[_CLOSED], row[_SEEN], _, row[_PRIORITY], row[_DETAILS] = new  # a change keeps its capture
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
    elif t == "AppointmentRenamed":
        row[_A["text"]] = d["text"]
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
        text, project, status, due, tags, carried, captured, closed, seen, recorded, priority, details = state
        return [oid, oid[:7], text, project, status, tags, due, captured, recorded, closed, carried, seen, priority, details, e.version, e.position, e.occurred]
    if e.type == "ProjectStarted":
        return [oid, d["name"], normal_name(d["name"]), "active", e.occurred, e.occurred]
    if e.type == "AppointmentScheduled":
        return [oid, oid[:7], d["text"], d["starts_at"], d["duration_minutes"], "scheduled", d["project_id"], d["task_id"], e.occurred, e.version, e.occurred]
    return None


def _restate_task(row: Row, state: State) -> None:
    for i, value in zip(_STATE, state, strict=True):
        row[i] = value


def _restate_project(row: Row, state: State) -> None:
    row[1], row[2], row[3] = state[0], normal_name(state[0]), state[1]


def _restate_appointment(row: Row, state: State) -> None:
    row[2:9] = state


class _Table:
    """One table's rows as this fold wrote them, kept from batch to batch of one catch-up (a
    view object lives for one transaction; bounded: misses are read from the table)."""

    LIMIT = 10_000

    def __init__(self, kind: str, name: str, columns: Sequence[str], change: Callable[[Entry, Row], bool], restate: Callable[[Row, State], None]) -> None:
        self.kind, self.name, self.columns, self.change, self.restate = kind, name, tuple(columns), change, restate
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

    def apply(self, e: Entry) -> bool:
        """Fold ``e`` into its row; True when it happened before what the row has folded already
        (its row must be folded again in the order things happened)."""
        row = self.rows.get(e.originator)
        if row is None:
            new = _new_row(e)
            if new is not None:
                self.rows[e.originator] = new
                self.new.add(e.originator)
            return False
        earlier = e.occurred < row[-1]
        if self.change(e, row):
            self.changed.add(e.originator)
        if e.occurred > row[-1]:
            row[-1] = e.occurred
            self.changed.add(e.originator)
        return earlier

    def refold(self, cur: Cursor, ids: Iterable[str], upto: int) -> None:
        """Fold these rows again from their facts known at ledger position ``upto``, in the order
        things happened and without undone changes: what the temporal view says holds now."""
        kind = KINDS[self.kind]
        for aggregate in ids:
            row = self.rows.get(aggregate)
            if row is None:
                continue
            points = timeline(facts_of(cur, aggregate, upto), kind)
            if points:
                self.restate(row, points[-1][1])
                self.changed.add(aggregate)

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
    # 3: folded in the order things happened (undone changes left out), so the present is the
    #    timeline's end whatever the order of recording; each row keeps when its latest event happened.
    # 4: tasks have a priority (TaskPrioritized), also in the task list's index.
    # 5: tasks have Taskwarrior's fields (events.task_details) in ``details``, also in that index.
    # 6: a closed task's later sightings, carries and completions are passed over (TaskSplit).
    version = 6
    fold_indexes: frozenset[str] = frozenset()  # the fold finds rows by primary key only
    tables = ("dl_tasks", "dl_projects", "dl_appointments")
    ddl = DDL
    dialect_ddl = DIALECT_DDL

    def __init__(self) -> None:
        self._tables = {
            "Task": _Table("Task", "dl_tasks", _TASK_COLUMNS, _task_change, _restate_task),
            "Project": _Table("Project", "dl_projects", _PROJECT_COLUMNS, _project_change, _restate_project),
            "Appointment": _Table("Appointment", "dl_appointments", _APPOINTMENT_COLUMNS, _appointment_change, _restate_appointment),
        }

    def apply(self, cur: Cursor, batch: Sequence[Entry]) -> None:
        for kind, table in self._tables.items():
            table.load(cur, {e.originator: None for e in batch if e.kind == kind and e.version > 1})
        again: dict[str, set[str]] = {kind: set() for kind in self._tables}
        undos: list[str] = []
        for e in batch:
            if e.kind is not None and self._tables[e.kind].apply(e):
                again[e.kind].add(e.originator)
            elif e.type == "CommandUndone":
                undos.append(e.command)
        for undo in undos:  # what an undo compensated: its timelines without the undone changes
            compensated = {(e.kind, e.originator) for e in batch if e.command == undo and e.kind is not None}
            if batch[0].command == undo:  # the undo began in an earlier batch
                compensated |= compensated_by(cur, undo, batch[0].position)
            for kind, aggregate in compensated:
                again[kind].add(aggregate)
        for kind, ids in again.items():
            if ids:
                table = self._tables[kind]
                table.load(cur, ids)
                table.refold(cur, sorted(ids), batch[-1].position)
        for table in self._tables.values():
            table.save(cur)
