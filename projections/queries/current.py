"""Reading the present from the read models (call ``catch_up`` first)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from engine.rules.all_day import all_day_days, start_from_text, start_moment
from engine.rules.due import Due, due_from_text, due_moment
from engine.rules.text import normal_name
from projections.queries.task_list import by_project_name, project_names, task_rows
from projections.views.base import db_time, no_cycle_collection

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = [
    "AppointmentRow",
    "ProjectRow",
    "TaskRow",
    "appointment_by_id",
    "appointment_row",
    "appointments",
    "find_project",
    "grouped_by_project",
    "handle_in_use",
    "list_tasks",
    "task_by_id",
]


def _local(value: str | None, tz: tzinfo) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value).astimezone(tz)


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


@dataclass(slots=True)
class TaskRow:
    """A task as the task list shows it. Times are parsed (into the user's zone) only when asked
    for, so listing thousands of tasks stays quick."""

    id: str
    handle: str
    text: str
    status: str
    project: str | None
    carried: int
    priority: str | None  # H, M or L; None: no priority
    tz: tzinfo
    _tags: str
    _due: str | None
    _created: str
    _closed: str | None
    _last_seen: str
    _recorded: str
    _details: str | None = None  # Taskwarrior's fields, as ``projections.views.task_fold.fold_details`` keeps them
    blocked: bool = False  # it depends on an open task (set by the reads that know the others)
    blocking: bool = False  # an open task depends on it

    @property
    def details(self) -> dict[str, Any]:
        """wait, scheduled, until, start, depends, recur, mask, parent, imask, attributes: those it has."""
        return json.loads(self._details) if self._details else {}

    def _detail_time(self, name: str) -> datetime | None:
        return _local(self.details.get(name), self.tz) if self._details else None

    @property
    def wait(self) -> datetime | None:
        return self._detail_time("wait")

    @property
    def scheduled(self) -> datetime | date | None:
        """A moment (in the user's zone), or a day without a time."""
        value = self.details.get("scheduled") if self._details else None
        return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else self._detail_time("scheduled")

    @property
    def until(self) -> datetime | None:
        return self._detail_time("until")

    @property
    def started(self) -> datetime | None:
        """Active since then (None: not active)."""
        return self._detail_time("start")

    @property
    def depends(self) -> tuple[str, ...]:
        """The ids (hex) of the tasks it waits for."""
        return tuple(self.details.get("depends", ())) if self._details else ()

    @property
    def template(self) -> bool:
        """A recurrence template (Taskwarrior makes the occurrences from it): not a task to do."""
        d = self.details
        return self.status == "open" and bool(d.get("recur")) and not d.get("parent")

    def waiting(self, now: datetime) -> bool:
        """Open and left off the task list until a later moment: its wait, or its scheduled start."""
        if not self._details or self.status != "open":
            return False
        scheduled = self.scheduled
        if scheduled is not None and not isinstance(scheduled, datetime):
            scheduled = due_moment(scheduled, self.tz)  # a day: from its start where the user is
        return any(at is not None and at > now for at in (self.wait, scheduled))

    def hidden(self, now: datetime) -> bool:
        """Left off the default task list at ``now``: waiting, scheduled later, or a template."""
        return bool(self._details) and (self.waiting(now) or self.template)

    def marks(self, now: datetime) -> str:
        """``active blocked ...``: what the task list shows of its Taskwarrior fields."""
        if not self._details:
            return ""
        from projections.queries.task_links import detail_marks

        return detail_marks(self.status, self.details, self.blocked, self.blocking, db_time(now) or "")

    def details_json(self) -> dict[str, Any]:
        """The Taskwarrior fields for ``--json`` (added to the task's fields)."""
        if not self._details:  # most tasks: none of them (as below, without parsing anything)
            return {
                "wait": None, "scheduled": None, "until": None, "start": None, "active": False, "depends": [], "blocked": self.blocked,
                "blocking": self.blocking, "recurrence": None, "template": False, "attributes": {},
            }
        d = self.details
        recurrence = {k: d.get(k) for k in ("recur", "mask", "parent", "imask")}
        return {
            "wait": _iso(self.wait),
            "scheduled": self.scheduled.isoformat() if self.scheduled is not None else None,
            "until": _iso(self.until),
            "start": _iso(self.started),
            "active": self.started is not None and self.status == "open",
            "depends": list(self.depends),
            "blocked": self.blocked,
            "blocking": self.blocking,
            "recurrence": recurrence if any(v is not None for v in recurrence.values()) else None,
            "template": self.template,
            "attributes": d.get("attributes") or {},
        }

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(json.loads(self._tags)) if self._tags != "[]" else ()

    @property
    def due(self) -> datetime | None:
        """The due moment in the user's zone; a due day (``due_value`` a date) at its local start."""
        value = self.due_value
        return None if value is None else due_moment(value, self.tz)

    @property
    def due_value(self) -> Due | None:
        """The due date as stored: a moment (in the user's zone), or a day without a time."""
        value = due_from_text(self._due)
        return value.astimezone(self.tz) if isinstance(value, datetime) else value

    @property
    def created_utc(self) -> datetime:
        """The capture time without converting it to the user's zone (cheap, for ages)."""
        return datetime.fromisoformat(self._created)

    @property
    def created_at(self) -> datetime:
        return datetime.fromisoformat(self._created).astimezone(self.tz)

    @property
    def completed_at(self) -> datetime | None:
        return _local(self._closed, self.tz) if self.status == "done" else None

    @property
    def cancelled_at(self) -> datetime | None:
        return _local(self._closed, self.tz) if self.status == "cancelled" else None

    @property
    def last_seen(self) -> datetime:
        return datetime.fromisoformat(self._last_seen).astimezone(self.tz)

    @property
    def recorded_at(self) -> datetime:
        return datetime.fromisoformat(self._recorded).astimezone(self.tz)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "handle": self.handle,
            "text": self.text,
            "status": self.status,
            "project": self.project,
            "tags": list(self.tags),
            "priority": self.priority,
            "due": None if self.due_value is None else self.due_value.isoformat(),  # a day: YYYY-MM-DD
            "created_at": _iso(self.created_at),
            "completed_at": _iso(self.completed_at),
            "cancelled_at": _iso(self.cancelled_at),
            "carried": self.carried,
            "last_seen": _iso(self.last_seen),
            "recorded_at": _iso(self.recorded_at),
            **self.details_json(),
        }


_TASK_COLUMNS = "id, handle, text, status, project_id, carried, priority, tags, due, captured_at, closed_at, last_seen, recorded_at, details"


def _task(row: Sequence[Any], names: dict[str | None, str | None], tz: tzinfo) -> TaskRow:
    return TaskRow(row[0], row[1], row[2], row[3], names.get(row[4]), int(row[5]), row[6], tz, *row[7:])


def list_tasks(db: Database, tz: tzinfo, *, statuses: Sequence[str] = ("open",), project: str | None = None) -> list[TaskRow]:
    """Tasks with the given statuses, grouped by project (no project first), oldest first."""
    names, rows = task_rows(db, _TASK_COLUMNS, statuses=statuses, project=project)
    with no_cycle_collection():
        return grouped_by_project([TaskRow(r[0], r[1], r[2], r[3], names.get(r[4]), r[5], r[6], tz, *r[7:]) for r in rows])


def grouped_by_project(tasks: Sequence[TaskRow]) -> list[TaskRow]:
    """Tasks grouped by project name (no project first), keeping their order within each group."""
    return [t for _, group in by_project_name(tasks, attrgetter("project")) for t in group]


def task_by_id(db: Database, task_id: str, tz: tzinfo) -> TaskRow | None:
    """One task by its full id (hex)."""
    with db.read() as cur:
        row = cur.execute(f"SELECT {_TASK_COLUMNS} FROM dl_tasks WHERE id = ?", (task_id,)).fetchone()
        names = project_names(cur) if row else {}
    return None if row is None else _task(row, names, tz)


def task_refs(db: Database, statuses: Sequence[str]) -> list[tuple[str, str, str, str]]:
    """(id, handle, text, status) of the tasks with the given statuses, for resolving what the user typed."""
    sql = f"SELECT id, handle, text, status FROM dl_tasks WHERE status IN ({','.join('?' * len(statuses))}) ORDER BY captured_at"
    with db.read() as cur:
        return [tuple(r) for r in cur.execute(sql, list(statuses)).fetchall()]  # type: ignore[misc]


def task_refs_by_id(db: Database, prefix: str, statuses: Sequence[str]) -> list[tuple[str, str, str, str]]:
    """``task_refs`` of the tasks whose id (hex) starts with ``prefix``: what a handle or an id
    typed is resolved among, without reading every task."""
    sql = f"SELECT id, handle, text, status FROM dl_tasks WHERE substr(id, 1, ?) = ? AND status IN ({','.join('?' * len(statuses))})"
    with db.read() as cur:
        return [tuple(r) for r in cur.execute(sql, [len(prefix), prefix, *statuses]).fetchall()]  # type: ignore[misc]


def handle_in_use(db: Database, handle: str) -> bool:
    """Whether a task or appointment already answers to this handle."""
    with db.read() as cur:
        return (
            cur.execute("SELECT 1 FROM dl_tasks WHERE handle=? UNION ALL SELECT 1 FROM dl_appointments WHERE handle=?", (handle, handle)).fetchone()
            is not None
        )


@dataclass(frozen=True)
class ProjectRow:
    id: str
    name: str
    status: str


def find_project(db: Database, name: str) -> ProjectRow | None:
    """The project with this name (spacing and case ignored), the active one first."""
    with db.read() as cur:
        return find_project_in(cur, name)


def find_project_in(cur: Any, name: str) -> ProjectRow | None:
    """``find_project`` within an open read."""
    norm = normal_name(name)
    row = cur.execute(
        "SELECT id, name, status FROM dl_projects WHERE norm_name=? ORDER BY status='archived', started_at LIMIT 1",
        (norm,),
    ).fetchone()
    return None if row is None else ProjectRow(*row)


@dataclass(frozen=True)
class AppointmentRow:
    """An appointment as lists show it; times in the user's zone. An all-day one has its ``day``
    (the same in every zone) and starts as that day begins in the user's zone."""

    id: str
    handle: str
    text: str
    starts_at: datetime
    duration_minutes: int | None
    status: str
    project: str | None
    task_id: str | None
    created_at: datetime
    day: date | None = None  # all day: its first day

    @property
    def days(self) -> int | None:
        """How many days an all-day appointment lasts (None: it has a time of day)."""
        return None if self.day is None else all_day_days(self.duration_minutes)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "handle": self.handle,
            "text": self.text,
            "starts_at": _iso(self.starts_at),
            "duration_minutes": self.duration_minutes,
            "status": self.status,
            "project": self.project,
            "task_id": self.task_id,
            "created_at": _iso(self.created_at),
            "all_day": self.day is not None,
            "date": None if self.day is None else self.day.isoformat(),
            "days": self.days,
        }


def appointment_row(
    appt_id: str, text: str, starts: str, minutes: int | None, status: str, project: str | None, task_id: str | None, created: str, tz: tzinfo
) -> AppointmentRow:
    """An appointment row from its stored columns (``starts`` a day for an all-day one)."""
    start = start_from_text(starts)
    day = None if isinstance(start, datetime) else start
    return AppointmentRow(
        appt_id, appt_id[:7], text, start_moment(start, tz), minutes, status, project, task_id, datetime.fromisoformat(created).astimezone(tz), day
    )


_APPT_SQL = (
    "SELECT a.id, a.handle, a.text, a.starts_at, a.duration_minutes, a.status, p.name, a.task_id, a.scheduled_at "
    "FROM dl_appointments a LEFT JOIN dl_projects p ON p.id = a.project_id"
)


def _appt(row: Sequence[Any], tz: tzinfo) -> AppointmentRow:
    return appointment_row(row[0], row[2], row[3], row[4], row[5], row[6], row[7], row[8], tz)


def appointments(db: Database, tz: tzinfo, *, statuses: Sequence[str] = ("scheduled",)) -> list[AppointmentRow]:
    """Appointments with the given statuses, soonest first."""
    sql = f"{_APPT_SQL} WHERE a.status IN ({','.join('?' * len(statuses))}) ORDER BY a.starts_at, a.id"
    with db.read() as cur:
        rows = [_appt(r, tz) for r in cur.execute(sql, list(statuses)).fetchall()]
    return sorted(rows, key=lambda a: (a.starts_at, a.id))  # a day among times: where it begins in the user's zone


def appointment_by_id(db: Database, appt_id: str, tz: tzinfo) -> AppointmentRow | None:
    """One appointment by its full id (hex)."""
    with db.read() as cur:
        row = cur.execute(f"{_APPT_SQL} WHERE a.id = ?", (appt_id,)).fetchone()
    return None if row is None else _appt(row, tz)
