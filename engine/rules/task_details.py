"""Changing a task's Taskwarrior fields (``events.task_details``): wait, scheduled, until, start,
depends, recurrence and attributes of the user's own. One event per thing that changes, as
``engine.rules.task.edit`` does for the others; nothing when nothing differs."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from uuid import UUID

from engine.rules.errors import RuleViolationError
from engine.rules.stamp import Stamp
from engine.rules.task import UNCHANGED, Recurrence, Task
from events import LedgerEvent
from events.task_details import (
    TaskAttributeSet,
    TaskDependsSet,
    TaskRecurrenceSet,
    TaskScheduledSet,
    TaskStarted,
    TaskStopped,
    TaskUntilSet,
    TaskWaitSet,
)

__all__ = ["change_details", "revert_detail", "start", "stop"]


def change_details(
    task: Task,
    stamp: Stamp,
    *,
    wait: datetime | None | object = UNCHANGED,
    scheduled: datetime | date | None | object = UNCHANGED,
    until: datetime | None | object = UNCHANGED,
    started: datetime | None | object = UNCHANGED,
    depends: tuple[UUID, ...] | object = UNCHANGED,
    recurrence: Recurrence | None | object = UNCHANGED,
    attributes: Mapping[str, Any] | object = UNCHANGED,
    version: int | None = None,
) -> list[LedgerEvent]:
    """The events that give ``task`` these values (UNCHANGED: leave it as it is). A start is
    dated when it began (``started``), the rest by ``stamp``; ``version`` is the task's version
    the first event follows (default: the task's own)."""
    events: list[LedgerEvent] = []
    base = task.version if version is None else version

    def fields(at: datetime | None = None) -> dict[str, Any]:
        out = stamp.fields(task.id, base + len(events) + 1)
        if at is not None:
            out["occurred_at"] = at
        return out

    if wait is not UNCHANGED and wait != task.wait:
        events.append(TaskWaitSet(**fields(), wait=wait))
    if scheduled is not UNCHANGED and scheduled != task.scheduled:
        events.append(TaskScheduledSet(**fields(), scheduled=scheduled))
    if until is not UNCHANGED and until != task.until:
        events.append(TaskUntilSet(**fields(), until=until))
    if started is not UNCHANGED and started != task.started:
        assert started is None or isinstance(started, datetime)
        events.append(TaskStopped(**fields()) if started is None else TaskStarted(**fields(started)))
    if depends is not UNCHANGED and tuple(depends) != task.depends:  # type: ignore[arg-type]
        events.append(TaskDependsSet(**fields(), depends=tuple(depends)))  # type: ignore[arg-type]
    if recurrence is not UNCHANGED and recurrence != task.recurrence:
        r = recurrence if isinstance(recurrence, Recurrence) else Recurrence()
        events.append(TaskRecurrenceSet(**fields(), recur=r.recur, mask=r.mask, parent=r.parent, imask=r.imask))
    if isinstance(attributes, Mapping):
        for name in sorted(set(attributes) | set(task.attributes)):
            value = attributes.get(name)
            if value != task.attributes.get(name):
                events.append(TaskAttributeSet(**fields(), name=name, value=value))
    return events


def start(task: Task, stamp: Stamp) -> list[LedgerEvent]:
    """Work on an open task starts (Taskwarrior's ``task N start``): it is active from then."""
    if task.status != "open":
        raise RuleViolationError(f"{task.label} is {task.status}; only open tasks are started")
    if task.started is not None:
        raise RuleViolationError(f"{task.label} is active already, since {_moment(task.started)}")
    if stamp.occurred_at < task.captured_at:
        raise RuleViolationError(f"cannot start {task.label} before it was captured, at {_moment(task.captured_at)}")
    return change_details(task, stamp, started=stamp.occurred_at)


def stop(task: Task, stamp: Stamp) -> list[LedgerEvent]:
    """Work on an active task stops (``task N stop``)."""
    if task.started is None:
        raise RuleViolationError(f"{task.label} is not active")
    return change_details(task, stamp, started=None)


def revert_detail(e: LedgerEvent, before: Task, fields: dict[str, Any]) -> tuple[LedgerEvent, str] | None:
    """The event that takes ``e`` back to the task as it was ``before`` it, and a line saying so;
    None for an event that is not one of these fields'."""
    label = f"task {e.originator_id.hex[:7]} {before.text!r}"
    if isinstance(e, TaskWaitSet):
        return TaskWaitSet(**fields, wait=before.wait), f"{label}: wait back to {_moment(before.wait)}"
    if isinstance(e, TaskScheduledSet):  # a moment or a day
        return TaskScheduledSet(**fields, scheduled=before.scheduled), f"{label}: scheduled back to {_moment(before.scheduled)}"
    if isinstance(e, TaskUntilSet):
        return TaskUntilSet(**fields, until=before.until), f"{label}: until back to {_moment(before.until)}"
    if isinstance(e, TaskStarted | TaskStopped):
        if before.started is None:
            return TaskStopped(**fields), f"{label}: not active"
        return TaskStarted(**{**fields, "occurred_at": before.started}), f"{label}: active again since {_moment(before.started)}"
    if isinstance(e, TaskDependsSet):
        return TaskDependsSet(**fields, depends=before.depends), f"{label}: depends back to {len(before.depends)} task(s)"
    if isinstance(e, TaskRecurrenceSet):
        r = before.recurrence or Recurrence()
        return TaskRecurrenceSet(**fields, recur=r.recur, mask=r.mask, parent=r.parent, imask=r.imask), f"{label}: recurrence back"
    if isinstance(e, TaskAttributeSet):
        value = before.attributes.get(e.name)
        return TaskAttributeSet(**fields, name=e.name, value=value), f"{label}: {e.name} back to {value if value is not None else 'none'}"
    return None


def _moment(value: datetime | date | None) -> str:
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    return value.isoformat() if value else "none"
