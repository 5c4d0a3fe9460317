"""One task in full (``dayledger show``): its fields, where it came from, the days it was carried,
its notes, its appointments and its history, as it stood at T as known at K.

Everything comes from one read of the views (call ``catch_up`` first): the task's state and the
facts about it (the ones ``history`` shows), and the appointments those facts name. A note or an
appointment is about a task when its event names the task (``task_id``): the daily-notes import
records a task's sub-bullets and its "Appointment for ..." phrase so, the Taskwarrior import its
annotations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from engine.rules.due import overdue as is_overdue_due
from projections.queries.as_of import Moment, states_at
from projections.queries.audit import history_in
from projections.queries.current import AppointmentRow, TaskRow, appointment_row
from projections.queries.facts import FactRow, began
from projections.queries.task_links import mark_links, open_links
from projections.views.task_fold import SIGHTINGS, TASK_FIELDS, passed_over
from projections.views.versions import KINDS

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["TaskDetail", "task_detail"]


@dataclass(frozen=True)
class TaskDetail:
    """A task as it stood at T (known at K), with what the ledger holds about it."""

    task: TaskRow
    project_id: str | None
    origin: FactRow | None  # the sighting its history begins with (its capture, or an earlier list)
    carried_on: list[date]  # the user's days it was carried to (seen again, still open)
    notes: list[FactRow]  # notes about it, in the order they were written (undone ones left out)
    appointments: list[AppointmentRow]  # appointments about it, soonest first
    history: list[FactRow]  # every change to it and every note or appointment about it, undone ones marked
    names: dict[str | None, str | None]  # project id -> name at T

    def to_json(self, tz: tzinfo, now: datetime) -> dict[str, Any]:
        """One object with all of it; the task's own fields are those of ``tasks --json``."""
        task = self.task
        origin = self.origin
        return {
            **task.to_json(),
            "project_id": self.project_id,
            "overdue": overdue(task, now),
            "waiting": task.waiting(now),
            "age_days": round((now - task.created_utc).total_seconds() / 86400, 2),
            "carried_on": [d.isoformat() for d in self.carried_on],
            "first_seen": None if origin is None else {
                "at": origin.occurred(tz).isoformat(),
                "day_only": origin.day_only(tz),
                "type": origin.type,
                "source": origin.source,
            },
            "notes": [note_json(n, tz, self.names) for n in self.notes],
            "appointments": [{**a.to_json(), "task_handle": task.handle} for a in self.appointments],
            "history": [f.to_json(tz, self.names) for f in self.history],
        }


def overdue(task: TaskRow, now: datetime) -> bool:
    """Whether an open task's due moment has passed by ``now`` (a due day: once it has ended)."""
    return task.status == "open" and is_overdue_due(task.due_value, now, task.tz)


def note_json(note: FactRow, tz: tzinfo, names: dict[str | None, str | None]) -> dict[str, Any]:
    """A note about a task as ``note --json`` shows one, with its handle and source."""
    return {
        "id": note.originator_id,
        "handle": note.originator_id[:7],
        "text": note.data.get("text"),
        "project": names.get(note.project_id),
        "occurred_at": note.occurred(tz).isoformat(),
        "day_only": note.day_only(tz),
        "recorded_at": note.recorded(tz).isoformat(),
        "source": note.source,
    }


def task_detail(db: Database, tz: tzinfo, m: Moment, task_id: str) -> TaskDetail | None:
    """The task ``task_id`` (full hex id) as it stood at T, known at K; None if it did not exist then."""
    with db.read() as cur:
        state = states_at(cur, KINDS["Task"], [task_id], m).get(task_id)
        if state is None:
            return None
        facts, names = history_in(cur, m, task_id)
        appointment_ids = {f.originator_id for f in facts if f.type.startswith("Appointment")}
        appointments = states_at(cur, KINDS["Appointment"], appointment_ids, m)
        fields = dict(zip(TASK_FIELDS, state, strict=True))
        row = _task_row(task_id, fields, names, tz)
        mark_links([row], open_links(cur, m, row.depends))
    own = [f for f in facts if f.originator_id == task_id and f.mark is None]
    return TaskDetail(
        task=row,
        project_id=fields["project_id"],
        origin=next((f for f in own if f.type in SIGHTINGS and began(f, state)), None),
        carried_on=_carried_on(own, state, tz),
        notes=[f for f in facts if f.type == "NoteRecorded" and f.mark is None],
        appointments=_appointments(appointments, task_id, names, tz),
        history=facts,
        names=names,
    )


def _task_row(task_id: str, fields: dict[str, Any], names: dict[str | None, str | None], tz: tzinfo) -> TaskRow:
    # A field the fold keeps that TaskRow also has under the same name (one added later) goes along.
    more = {k: v for k, v in fields.items() if k not in _ROW_FIELDS and k in TaskRow.__dataclass_fields__}
    return TaskRow(
        id=task_id, handle=task_id[:7], text=fields["text"], status=fields["status"], project=names.get(fields["project_id"]),
        carried=int(fields["carried"]), tz=tz, _tags=fields["tags"], _due=fields["due"], _created=fields["captured_at"],
        _closed=fields["closed_at"], _last_seen=fields["last_seen"], _recorded=fields["recorded_at"], _details=fields["details"], **more,
    )


_ROW_FIELDS = frozenset(("text", "project_id", "status", "due", "tags", "carried", "captured_at", "closed_at", "last_seen", "recorded_at", "details"))


def _carried_on(own: list[FactRow], state: tuple[Any, ...], tz: tzinfo) -> list[date]:
    """The days a task was carried to, by the rule of its fold (``views.task_fold``): a carry, or
    a sighting after the one it began with, but not a sighting on the list that marks it done."""
    done_at = {f.occurred_at for f in own if f.type == "TaskCompleted"}
    status, closed = state[TASK_FIELDS.index("status")], state[TASK_FIELDS.index("closed_at")]
    return [
        f.occurred(tz).date()
        for f in own
        if (f.type == "TaskCarried" or (f.type in SIGHTINGS and not began(f, state) and f.occurred_at not in done_at))
        and not passed_over(f.type, f.occurred_at, status, closed)
    ]


def _appointments(states: dict[str, tuple[Any, ...]], task_id: str, names: dict[str | None, str | None], tz: tzinfo) -> list[AppointmentRow]:
    # columns: text, starts_at, duration_minutes, status, project_id, task_id, scheduled_at
    rows = [
        appointment_row(aid, s[0], s[1], s[2], s[3], names.get(s[4]), s[5], s[6], tz)
        for aid, s in states.items()
        if s[5] == task_id
    ]
    return sorted(rows, key=lambda a: (a.starts_at, a.id))
