"""Tasks as other task managers see them: what an import of tasks needs to know, and every task
with its notes and last change (an ``ExportedTask``), for export (call ``catch_up`` first).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from engine.formats.records import ExportedTask, TaskDetails
from engine.rules.due import due_from_text
from engine.rules.task import Recurrence, Task
from projections.queries.facts import NOT_UNDONE

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["KnownTasks", "exported_tasks", "known_tasks"]


@dataclass
class KnownTasks:
    """The ledger as an import of tasks sees it."""

    tasks: dict[UUID, Task]
    projects: dict[str, UUID]  # normalised name -> id (the active project first)
    project_ids: set[UUID]
    notes: set[tuple[UUID, str]]  # (task id, note text) of every note about a task
    changed: dict[UUID, datetime]  # when the latest change of each task happened (in the user's time)
    records: dict[UUID, list[datetime]] = field(default_factory=dict)  # ``modified`` of the records each task was imported from


def _time(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _details(text: str | None) -> dict[str, Any]:
    """A task's ``details`` column (``views.task_fold.fold_details``) as ``Task`` fields."""
    if not text:
        return {}
    d = json.loads(text)
    recurrence = Recurrence(d.get("recur"), d.get("mask"), UUID(d["parent"]) if d.get("parent") else None, d.get("imask"))
    return {
        "wait": _time(d.get("wait")),
        "scheduled": due_from_text(d.get("scheduled")),  # a moment or a day
        "until": _time(d.get("until")),
        "started": _time(d.get("start")),
        "depends": tuple(UUID(i) for i in d.get("depends", ())),
        "recurrence": None if recurrence == Recurrence() else recurrence,
        "attributes": dict(d.get("attributes") or {}),
    }


def _exported_details(text: str | None) -> dict[str, Any]:
    found = _details(text)
    if "started" in found:
        found["start"] = found.pop("started")
    return found


def known_tasks(db: Database) -> KnownTasks:
    """Every task as it is now, every project and the notes written about tasks."""
    with db.read() as cur:
        rows = cur.execute(
            "SELECT id, version, text, project_id, tags, due, status, captured_at, closed_at, occurred, priority, details FROM dl_tasks"
        ).fetchall()
        projects = cur.execute(
            "SELECT id, norm_name FROM dl_projects ORDER BY status='archived' DESC, started_at DESC"
        ).fetchall()
        notes = cur.execute(
            f"SELECT task_id, data FROM dl_facts WHERE type='NoteRecorded' AND task_id IS NOT NULL AND {NOT_UNDONE}"
        ).fetchall()
        keys = cur.execute("SELECT key FROM dl_import_keys WHERE kind = 'record'").fetchall()  # record|DAY|TASK|MODIFIED
    records: dict[UUID, list[datetime]] = {}
    for (key,) in keys:
        _kind, _day, task_hex, modified = key.split("|", 3)
        records.setdefault(UUID(task_hex), []).append(datetime.fromisoformat(modified))
    tasks = {
        UUID(r[0]): Task(
            UUID(r[0]), int(r[1]), r[2], UUID(r[3]) if r[3] else None, tuple(json.loads(r[4])),
            due_from_text(r[5]), r[6], datetime.fromisoformat(r[7]), _time(r[8]), r[10], **_details(r[11]),
        )
        for r in rows
    }
    return KnownTasks(
        tasks=tasks,
        projects={norm: UUID(pid) for pid, norm in projects},  # later rows win: the active, earliest project
        project_ids={UUID(pid) for pid, _ in projects},
        notes={(UUID(tid), json.loads(data)["text"]) for tid, data in notes},
        changed={UUID(r[0]): datetime.fromisoformat(r[9]) for r in rows},
        records=records,
    )


def exported_tasks(db: Database, *, statuses: tuple[str, ...] = ("open", "done", "cancelled")) -> list[ExportedTask]:
    """Tasks with those statuses, oldest first, each with its notes and the time of its last change."""
    marks = ",".join("?" * len(statuses))
    with db.read() as cur:
        names = dict(cur.execute("SELECT id, name FROM dl_projects").fetchall())
        rows = cur.execute(
            "SELECT id, text, status, project_id, tags, due, captured_at, closed_at, priority, details FROM dl_tasks "
            f"WHERE status IN ({marks}) ORDER BY captured_at, id",
            statuses,
        ).fetchall()
        changed = dict(
            cur.execute(
                f"SELECT originator_id, MAX(occurred_at) FROM dl_facts WHERE type LIKE ? AND {NOT_UNDONE} "
                "GROUP BY originator_id",
                ("Task%",),  # a parameter: PostgreSQL's driver reads a % in the statement as a placeholder
            ).fetchall()
        )
        note_rows = cur.execute(
            "SELECT task_id, occurred_at, data FROM dl_facts WHERE type='NoteRecorded' AND task_id IS NOT NULL "
            f"AND {NOT_UNDONE} ORDER BY occurred_at, position"
        ).fetchall()
        day_rows = cur.execute(  # captures and completions on a day without a time (todo.txt's dates)
            "SELECT originator_id, type, occurred_at, data FROM dl_facts WHERE type IN ('TaskCaptured', 'TaskCompleted') "
            f"AND data LIKE ? AND {NOT_UNDONE} ORDER BY position",
            ('%"day":%',),
        ).fetchall()
    days: dict[tuple[str, str], tuple[datetime, date]] = {}  # (task, type) -> (when, the day it says), the latest
    for oid, kind, at, data in day_rows:
        day = json.loads(data).get("day")
        if day:
            days[(oid, kind)] = (datetime.fromisoformat(at), date.fromisoformat(day))

    def day_of(task_id: str, kind: str, moment: datetime | None) -> date | None:
        """The day the task's capture (completion) says, when that is the one it has now."""
        found = days.get((task_id, kind))
        return found[1] if found is not None and moment is not None and found[0] == moment else None

    notes: dict[str, list[tuple[datetime, str]]] = {}
    for tid, at, data in note_rows:
        notes.setdefault(tid, []).append((datetime.fromisoformat(at), json.loads(data)["text"]))
    out = []
    for tid, text, status, pid, tags, due, captured, closed, priority, details in rows:
        entry = datetime.fromisoformat(captured)
        last = max(filter(None, (changed.get(tid), notes[tid][-1][0].isoformat() if tid in notes else None)), default=None)
        out.append(
            ExportedTask(
                id=UUID(tid), text=text, status=status, project=names.get(pid) if pid else None,
                tags=tuple(json.loads(tags)), due=due_from_text(due), entry=entry, end=_time(closed),
                modified=max(entry, datetime.fromisoformat(last)) if last else entry,
                notes=tuple(notes.get(tid, ())), priority=priority, details=TaskDetails(**_exported_details(details)),
                entry_day=day_of(tid, "TaskCaptured", entry), end_day=day_of(tid, "TaskCompleted", _time(closed)) if status == "done" else None,
            )
        )
    return out
