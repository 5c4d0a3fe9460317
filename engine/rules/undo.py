"""Undo: the compensating events that revert one command. Pure: histories in, events out.

Each reverted event gets a compensation dated when the reverted event happened (so as of any
moment the undone change never took effect), recorded now (so known-at before the undo still
shows it). The values to go back to are the aggregate's values just before the reverted event.
A ``CommandUndone`` marker, in the same command, names the command that was undone.

    TaskCaptured -> TaskWithdrawn           TaskCompleted, TaskCancelled -> TaskReopened
    TaskReopened -> the status it had       TaskRenamed/Moved/DueSet/Prioritized -> the previous value
    TaskTagged <-> TaskUntagged             AppointmentScheduled -> AppointmentCancelled
    TaskWaitSet/ScheduledSet/UntilSet/DependsSet/RecurrenceSet/AttributeSet -> the previous value
    TaskStarted, TaskStopped -> the start before (TaskStarted at its time), or TaskStopped
    AppointmentMoved -> moved back          AppointmentCancelled -> AppointmentRestored
    ProjectRenamed -> the previous name
    RoutineDefined/Rescheduled/Paused/Resumed/Ended, OccurrenceDone/Skipped -> RoutineChangeWithdrawn
    ReportScheduled, ReportScheduleEnded -> ReportScheduleWithdrawn (what run-due records is its own)
Kept (nothing to take back, or no event for it): TaskCarried, TaskSplit, ProjectStarted, ProjectArchived.
A note written with ``dayledger note`` (or from the web page or API) needs no compensation: it is a fact and nothing else, and
the reports of what happened leave out undone commands, so the ``CommandUndone`` marker alone
withdraws it (history keeps it, marked undone). Notes from an imported file are the file's (edit
the file and import again); readings and series cannot be undone.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from engine.rules.all_day import start_words
from engine.rules.appointment import appointment_from
from engine.rules.errors import RuleViolationError
from engine.rules.stamp import Stamp
from engine.rules.task import task_from
from engine.rules.task_details import revert_detail
from events import (
    AppointmentCancelled,
    AppointmentMoved,
    AppointmentRenamed,
    AppointmentRestored,
    AppointmentScheduled,
    CommandUndone,
    LedgerEvent,
    NoteRecorded,
    OccurrenceDone,
    OccurrenceSkipped,
    ProjectArchived,
    ProjectRenamed,
    ProjectStarted,
    ReportScheduled,
    ReportScheduleEnded,
    ReportScheduleWithdrawn,
    RoutineChangeWithdrawn,
    RoutineDefined,
    RoutineEnded,
    RoutinePaused,
    RoutineRescheduled,
    RoutineResumed,
    TaskCancelled,
    TaskCaptured,
    TaskCarried,
    TaskCompleted,
    TaskDueSet,
    TaskMoved,
    TaskPrioritized,
    TaskRenamed,
    TaskReopened,
    TaskSplit,
    TaskTagged,
    TaskUntagged,
    TaskWithdrawn,
)

__all__ = ["Reversal", "revert"]

KEPT = (TaskCarried, TaskSplit, ProjectStarted, ProjectArchived)
SCHEDULE = (ReportScheduled, ReportScheduleEnded)
# A routine's events have no opposite of their own (a mark cannot be "unmarked" by another mark):
# each is withdrawn by name, by its version.
ROUTINE = (RoutineDefined, RoutineRescheduled, RoutinePaused, RoutineResumed, RoutineEnded, OccurrenceDone, OccurrenceSkipped)
_ROUTINE_WORDS = {
    RoutineDefined: "added", RoutineRescheduled: "rescheduled", RoutinePaused: "paused", RoutineResumed: "resumed",
    RoutineEnded: "ended", OccurrenceDone: "marked done", OccurrenceSkipped: "marked skipped",
}


TYPED = ("cli", "web")
"""Sources of notes a person typed (the command line, ``dayledger serve``): theirs to undo."""


@dataclass(frozen=True)
class Reversal:
    """What one undo does: its events, and a line per reverted change for the user."""

    events: list[LedgerEvent]
    lines: list[str]
    summary: str
    command_id: str = ""
    """The undone command's id (hex)."""
    source: str = ""
    """Where the undone command came from (``cli``, ``web``...)."""


def _fold(history: Sequence[LedgerEvent]) -> Any:
    first = history[0]
    if isinstance(first, TaskCaptured):
        return task_from(history)
    if isinstance(first, AppointmentScheduled):
        return appointment_from(history)
    if isinstance(first, ProjectStarted):
        name = first.name
        for e in history:
            if isinstance(e, ProjectRenamed):
                name = e.name
        return name
    return None


def _compensate(e: LedgerEvent, before: Any, now: Any, fields: dict[str, Any]) -> tuple[LedgerEvent | None, str]:
    """The event that takes ``e`` back, given the aggregate before ``e`` and as it stands now."""
    label = f"{e.originator_id.hex[:7]}"
    if isinstance(e, TaskCaptured):
        if now.status != "open":
            return None, ""
        return TaskWithdrawn(**fields), f"task {label} {e.text!r}: captured -> withdrawn"
    if isinstance(e, TaskCompleted | TaskCancelled):
        if now.status == "open":
            return None, ""
        return TaskReopened(**fields), f"task {label} {now.text!r}: {now.status} -> open"
    if isinstance(e, TaskReopened):
        if before.status == "done":
            return TaskCompleted(**fields), f"task {label} {now.text!r}: reopened -> done"
        return TaskCancelled(**fields, reason="undo"), f"task {label} {now.text!r}: reopened -> cancelled"
    if isinstance(e, TaskRenamed):
        return TaskRenamed(**fields, text=before.text), f"task {label}: renamed back to {before.text!r}"
    if isinstance(e, TaskMoved):
        return TaskMoved(**fields, project_id=before.project_id), f"task {label} {now.text!r}: moved back"
    if isinstance(e, TaskDueSet):
        due = "none" if before.due is None else before.due.isoformat(timespec="minutes") if isinstance(before.due, datetime) else before.due.isoformat()
        return TaskDueSet(**fields, due=before.due), f"task {label} {now.text!r}: due back to {due}"
    if isinstance(e, TaskPrioritized):
        return TaskPrioritized(**fields, priority=before.priority), f"task {label} {now.text!r}: priority back to {before.priority or 'none'}"
    if isinstance(e, TaskTagged):
        tags = tuple(t for t in e.tags if t in now.tags)
        return (TaskUntagged(**fields, tags=tags), f"task {label} {now.text!r}: untagged {' '.join(tags)}") if tags else (None, "")
    if isinstance(e, TaskUntagged):
        tags = tuple(t for t in e.tags if t not in now.tags)
        return (TaskTagged(**fields, tags=tags), f"task {label} {now.text!r}: tagged {' '.join(tags)} again") if tags else (None, "")
    detail = revert_detail(e, before, fields) if before is not None else None
    if detail is not None:
        return detail
    if isinstance(e, AppointmentScheduled):
        if now.status == "cancelled":
            return None, ""
        return AppointmentCancelled(**fields, reason="undo"), f"appointment {label} {e.text!r}: scheduled -> cancelled"
    if isinstance(e, AppointmentMoved):
        when = start_words(before.starts_at)
        return AppointmentMoved(**fields, starts_at=before.starts_at, duration_minutes=before.duration_minutes), f"appointment {label} {now.text!r}: moved back to {when}"
    if isinstance(e, AppointmentRenamed):
        return AppointmentRenamed(**fields, text=before.text), f"appointment {label}: renamed back to {before.text!r}"
    if isinstance(e, AppointmentCancelled):
        return AppointmentRestored(**fields), f"appointment {label} {now.text!r}: cancelled -> scheduled"
    if isinstance(e, ProjectRenamed):
        return ProjectRenamed(**fields, name=before), f"project {before!r}: renamed back"
    if isinstance(e, SCHEDULE):
        what = "scheduled" if isinstance(e, ReportScheduled) else "unscheduled"
        return ReportScheduleWithdrawn(**fields, withdrawn_version=e.originator_version), f"report schedule {label}: {what} -> withdrawn"
    if isinstance(e, ROUTINE):
        what = _ROUTINE_WORDS[type(e)]
        if isinstance(e, OccurrenceDone | OccurrenceSkipped):
            what += f" ({e.occurrence_at.isoformat(timespec='minutes')})"
        return RoutineChangeWithdrawn(**fields, withdrawn_version=e.originator_version), f"routine {label}: {what} -> withdrawn"
    raise AssertionError(type(e).__name__)


def revert(command: Sequence[LedgerEvent], histories: dict[UUID, list[LedgerEvent]], stamp: Stamp, summary: str) -> Reversal:
    """The events that revert ``command`` (its events in ledger order), given the full history of
    every aggregate it touched. Raises RuleViolationError when nothing in it can be taken back."""
    imported = next((e for e in command if isinstance(e, NoteRecorded) and e.source.kind not in TYPED), None)
    if imported is not None:
        where = f" from {imported.source.file}" if imported.source.file else ""
        raise RuleViolationError(f"cannot undo {summary}: notes imported{where} belong to the file; edit it and import it again")
    cannot = sorted({type(e).__name__ for e in command if not _revertible(e)})
    if cannot:
        raise RuleViolationError(f"cannot undo {summary}: a {', '.join(cannot)} cannot be taken back")
    events: list[LedgerEvent] = []
    lines: list[str] = []
    added: dict[UUID, list[LedgerEvent]] = {}
    for e in reversed(command):
        if isinstance(e, KEPT):
            continue
        if isinstance(e, NoteRecorded):
            lines.append(f"note {e.originator_id.hex[:7]} {_short(e.text)!r}: withdrawn")
            continue
        history = histories[e.originator_id]
        extra = added.setdefault(e.originator_id, [])
        before = _fold([h for h in history if h.originator_version < e.originator_version]) if e.originator_version > 1 else None
        now = _fold(history + extra)
        version = history[-1].originator_version + len(extra) + 1
        fields = {**stamp.fields(e.originator_id, version), "occurred_at": e.occurred_at}
        event, line = _compensate(e, before, now, fields)
        if event is not None:
            extra.append(event)
            events.append(event)
            lines.append(line)
    if not lines:
        raise RuleViolationError(f"nothing to undo in {summary}: its changes were already taken back")
    marker = CommandUndone(**stamp.fields(uuid.uuid4(), 1), undone_command_id=command[0].command_id, summary=summary)
    return Reversal([*events, marker], lines, summary, command[0].command_id.hex, command[0].source.kind)


def _revertible(e: LedgerEvent) -> bool:
    if isinstance(e, NoteRecorded):
        return e.source.kind in TYPED
    return isinstance(e, KEPT + ROUTINE + SCHEDULE) or type(e).__name__.startswith(("Task", "Appointment")) or isinstance(e, ProjectRenamed)


def _short(text: str, width: int = 40) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"
