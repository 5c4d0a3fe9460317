"""Reading the present from the read models (call ``catch_up`` first)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.database import Database

__all__ = [
    "AppointmentRow",
    "ProjectRow",
    "TaskRow",
    "appointment_by_id",
    "appointments",
    "find_project",
    "handle_in_use",
    "list_tasks",
    "task_by_id",
]


def _local(value: str | None, tz: tzinfo) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value).astimezone(tz)


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


@dataclass(frozen=True)
class TaskRow:
    """A task as the task list shows it; times in the user's zone."""

    id: str
    handle: str
    text: str
    status: str
    project: str | None
    tags: tuple[str, ...]
    due: datetime | None
    created_at: datetime
    completed_at: datetime | None
    cancelled_at: datetime | None
    carried: int
    last_seen: datetime
    recorded_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "handle": self.handle,
            "text": self.text,
            "status": self.status,
            "project": self.project,
            "tags": list(self.tags),
            "due": _iso(self.due),
            "created_at": _iso(self.created_at),
            "completed_at": _iso(self.completed_at),
            "cancelled_at": _iso(self.cancelled_at),
            "carried": self.carried,
            "last_seen": _iso(self.last_seen),
            "recorded_at": _iso(self.recorded_at),
        }


_TASK_COLUMNS = (
    "t.id, t.handle, t.text, t.status, p.name, t.tags, t.due, t.captured_at, t.closed_at, t.carried, t.last_seen, t.recorded_at"
)
_TASK_FROM = "FROM dl_tasks t LEFT JOIN dl_projects p ON p.id = t.project_id"


def _task(row: Sequence[Any], tz: tzinfo) -> TaskRow:
    status = row[3]
    closed = _local(row[8], tz)
    return TaskRow(
        id=row[0],
        handle=row[1],
        text=row[2],
        status=status,
        project=row[4],
        tags=tuple(json.loads(row[5])),
        due=_local(row[6], tz),
        created_at=_local(row[7], tz),  # type: ignore[arg-type]
        completed_at=closed if status == "done" else None,
        cancelled_at=closed if status == "cancelled" else None,
        carried=int(row[9]),
        last_seen=_local(row[10], tz),  # type: ignore[arg-type]
        recorded_at=_local(row[11], tz),  # type: ignore[arg-type]
    )


def list_tasks(db: Database, tz: tzinfo, *, statuses: Sequence[str] = ("open",), project: str | None = None) -> list[TaskRow]:
    """Tasks with the given statuses, grouped by project (no project first), oldest first."""
    where = [f"t.status IN ({','.join('?' * len(statuses))})"]
    params: list[Any] = list(statuses)
    if project is not None:
        where.append("p.norm_name = ?")
        params.append(" ".join(project.split()).casefold())
    sql = f"SELECT {_TASK_COLUMNS} {_TASK_FROM} WHERE {' AND '.join(where)} ORDER BY p.name IS NOT NULL, p.name, t.captured_at, t.id"
    with db.read() as cur:
        return [_task(r, tz) for r in cur.execute(sql, params).fetchall()]


def task_by_id(db: Database, task_id: str, tz: tzinfo) -> TaskRow | None:
    """One task by its full id (hex)."""
    with db.read() as cur:
        row = cur.execute(f"SELECT {_TASK_COLUMNS} {_TASK_FROM} WHERE t.id = ?", (task_id,)).fetchone()
    return None if row is None else _task(row, tz)


def task_refs(db: Database, statuses: Sequence[str]) -> list[tuple[str, str, str, str]]:
    """(id, handle, text, status) of the tasks with the given statuses, for resolving what the user typed."""
    sql = f"SELECT id, handle, text, status FROM dl_tasks WHERE status IN ({','.join('?' * len(statuses))}) ORDER BY captured_at"
    with db.read() as cur:
        return [tuple(r) for r in cur.execute(sql, list(statuses)).fetchall()]  # type: ignore[misc]


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
    norm = " ".join(name.split()).casefold()
    with db.read() as cur:
        row = cur.execute(
            "SELECT id, name, status FROM dl_projects WHERE norm_name=? ORDER BY status='archived', started_at LIMIT 1",
            (norm,),
        ).fetchone()
    return None if row is None else ProjectRow(*row)


@dataclass(frozen=True)
class AppointmentRow:
    """An appointment as lists show it; times in the user's zone."""

    id: str
    handle: str
    text: str
    starts_at: datetime
    duration_minutes: int | None
    status: str
    project: str | None
    task_id: str | None
    created_at: datetime

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
        }


_APPT_SQL = (
    "SELECT a.id, a.handle, a.text, a.starts_at, a.duration_minutes, a.status, p.name, a.task_id, a.scheduled_at "
    "FROM dl_appointments a LEFT JOIN dl_projects p ON p.id = a.project_id"
)


def _appt(row: Sequence[Any], tz: tzinfo) -> AppointmentRow:
    return AppointmentRow(
        row[0], row[1], row[2], _local(row[3], tz), row[4], row[5], row[6], row[7], _local(row[8], tz)  # type: ignore[arg-type]
    )


def appointments(db: Database, tz: tzinfo, *, statuses: Sequence[str] = ("scheduled",)) -> list[AppointmentRow]:
    """Appointments with the given statuses, soonest first."""
    sql = f"{_APPT_SQL} WHERE a.status IN ({','.join('?' * len(statuses))}) ORDER BY a.starts_at, a.id"
    with db.read() as cur:
        return [_appt(r, tz) for r in cur.execute(sql, list(statuses)).fetchall()]


def appointment_by_id(db: Database, appt_id: str, tz: tzinfo) -> AppointmentRow | None:
    """One appointment by its full id (hex)."""
    with db.read() as cur:
        row = cur.execute(f"{_APPT_SQL} WHERE a.id = ?", (appt_id,)).fetchone()
    return None if row is None else _appt(row, tz)
