"""The Task aggregate: its state folded from events, and the rules of changing it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import singledispatch
from typing import Any, Literal
from uuid import UUID

from engine.rules.due import Due
from engine.rules.errors import InvalidInputError, RuleViolationError
from engine.rules.stamp import Stamp
from engine.rules.text import clean_tags, clean_text
from events import (
    LedgerEvent,
    TaskCancelled,
    TaskCaptured,
    TaskCarried,
    TaskCompleted,
    TaskDueSet,
    TaskFirstSeen,
    TaskMoved,
    TaskPrioritized,
    TaskRenamed,
    TaskReopened,
    TaskSplit,
    TaskTagged,
    TaskUntagged,
    TaskWithdrawn,
)
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

__all__ = [
    "PRIORITIES",
    "Recurrence",
    "Task",
    "TaskStatus",
    "cancel",
    "capture",
    "carry",
    "complete",
    "edit",
    "first_seen",
    "priority_from",
    "reopen",
    "split",
    "task_from",
]

TaskStatus = Literal["open", "done", "cancelled", "withdrawn"]  # withdrawn: its capture was undone
UNCHANGED = object()
PRIORITIES = ("H", "M", "L")  # high, medium, low, as Taskwarrior has them


@dataclass(frozen=True)
class Recurrence:
    """How a task recurs (``TaskRecurrenceSet``): a template's period and mask, or an occurrence's
    template and place in it."""

    recur: str | None = None
    mask: str | None = None
    parent: UUID | None = None
    imask: int | None = None


@dataclass(frozen=True)
class Task:
    """A task as its events leave it."""

    id: UUID
    version: int
    text: str
    project_id: UUID | None
    tags: tuple[str, ...]
    due: Due | None  # a moment, or a day without a time (engine.rules.due)
    status: TaskStatus
    captured_at: datetime
    closed_at: datetime | None
    priority: str | None = None
    # Taskwarrior's fields (events.task_details): None, empty or absent unless a task has them
    wait: datetime | None = None
    scheduled: Due | None = None  # a moment, or a day (as ``due``)
    until: datetime | None = None
    started: datetime | None = None  # active since then
    depends: tuple[UUID, ...] = ()
    recurrence: Recurrence | None = None
    attributes: dict[str, Any] = field(default_factory=dict, compare=True, hash=False)

    @property
    def label(self) -> str:
        return f"task {self.id.hex[:7]} {self.text!r}"


@singledispatch
def _apply(event: LedgerEvent, task: Task | None) -> Task:
    raise TypeError(f"{type(event).__name__} does not apply to a task")


@_apply.register
def _(e: TaskCaptured, task: Task | None) -> Task:
    if task is not None:  # seen first on an earlier day (TaskFirstSeen, folded in the user's time): a sighting
        return replace(task, version=max(task.version, e.originator_version))
    return Task(e.originator_id, e.originator_version, e.text, e.project_id, e.tags, e.due, "open", e.occurred_at, None)


@_apply.register
def _(e: TaskFirstSeen, task: Task | None) -> Task:
    if task is None:  # folded in the user's time: the earliest sighting starts the task
        return Task(e.originator_id, e.originator_version, e.text, e.project_id, (), None, "open", e.occurred_at, None)
    task = replace(task, version=max(task.version, e.originator_version))
    if e.occurred_at < task.captured_at:  # folded in recording order: the task started earlier, in these words
        return replace(task, text=e.text, project_id=e.project_id, captured_at=e.occurred_at)
    return task


def _next(task: Task | None, e: LedgerEvent) -> Task:
    assert task is not None, f"{type(e).__name__} before TaskCaptured"
    return replace(task, version=max(task.version, e.originator_version))


@_apply.register
def _(e: TaskRenamed, task: Task | None) -> Task:
    return replace(_next(task, e), text=e.text)


@_apply.register
def _(e: TaskMoved, task: Task | None) -> Task:
    return replace(_next(task, e), project_id=e.project_id)


@_apply.register
def _(e: TaskTagged, task: Task | None) -> Task:
    t = _next(task, e)
    return replace(t, tags=t.tags + tuple(x for x in e.tags if x not in t.tags))


@_apply.register
def _(e: TaskUntagged, task: Task | None) -> Task:
    t = _next(task, e)
    return replace(t, tags=tuple(x for x in t.tags if x not in e.tags))


@_apply.register
def _(e: TaskDueSet, task: Task | None) -> Task:
    return replace(_next(task, e), due=e.due)


@_apply.register
def _(e: TaskPrioritized, task: Task | None) -> Task:
    return replace(_next(task, e), priority=e.priority)


@_apply.register
def _(e: TaskCompleted, task: Task | None) -> Task:
    t = _next(task, e)
    if t.status != "open":  # done again after it was closed: a later list imported first (see TaskSplit)
        return t
    return replace(t, status="done", closed_at=e.occurred_at)


@_apply.register
def _(e: TaskCancelled, task: Task | None) -> Task:
    return replace(_next(task, e), status="cancelled", closed_at=e.occurred_at)


@_apply.register
def _(e: TaskWithdrawn, task: Task | None) -> Task:
    return replace(_next(task, e), status="withdrawn", closed_at=e.occurred_at)


@_apply.register
def _(e: TaskReopened, task: Task | None) -> Task:
    return replace(_next(task, e), status="open", closed_at=None)


@_apply.register
def _(e: TaskCarried, task: Task | None) -> Task:
    return _next(task, e)


@_apply.register
def _(e: TaskWaitSet, task: Task | None) -> Task:
    return replace(_next(task, e), wait=e.wait)


@_apply.register
def _(e: TaskScheduledSet, task: Task | None) -> Task:
    return replace(_next(task, e), scheduled=e.scheduled)


@_apply.register
def _(e: TaskUntilSet, task: Task | None) -> Task:
    return replace(_next(task, e), until=e.until)


@_apply.register
def _(e: TaskStarted, task: Task | None) -> Task:
    return replace(_next(task, e), started=e.occurred_at)


@_apply.register
def _(e: TaskStopped, task: Task | None) -> Task:
    return replace(_next(task, e), started=None)


@_apply.register
def _(e: TaskDependsSet, task: Task | None) -> Task:
    return replace(_next(task, e), depends=e.depends)


@_apply.register
def _(e: TaskRecurrenceSet, task: Task | None) -> Task:
    r = Recurrence(e.recur, e.mask, e.parent, e.imask)
    return replace(_next(task, e), recurrence=None if r == Recurrence() else r)


@_apply.register
def _(e: TaskAttributeSet, task: Task | None) -> Task:
    t = _next(task, e)
    attributes = {k: v for k, v in t.attributes.items() if k != e.name}
    if e.value is not None:
        attributes[e.name] = e.value
    return replace(t, attributes=dict(sorted(attributes.items())))


@_apply.register
def _(e: TaskSplit, task: Task | None) -> Task:
    return _next(task, e)  # the later sightings are another task's: this one was closed before them


def task_from(events: Iterable[LedgerEvent], task: Task | None = None) -> Task | None:
    """The task its events describe (None for no events); after ``task`` when given."""
    for event in events:
        task = _apply(event, task)
    return task


def _not_before_capture(task: Task, stamp: Stamp, verb: str) -> None:
    if stamp.occurred_at < task.captured_at:
        raise RuleViolationError(
            f"cannot {verb} {task.label} at {stamp.occurred_at.isoformat(timespec='minutes')}: "
            f"it was captured later, at {task.captured_at.isoformat(timespec='minutes')}"
        )


def priority_from(value: str, where: str = "--priority") -> str | None:
    """The priority the user typed: H, M or L (any case), or '-' for none. Anything else is an
    error naming the value, so a typo never records a priority nobody meant."""
    word = value.strip().upper()
    if word == "-":
        return None
    if word not in PRIORITIES:
        raise InvalidInputError(f"{where} {value!r} is not a priority (expected H, M, L or - for none)")
    return word


def capture(
    task_id: UUID,
    text: str,
    stamp: Stamp,
    *,
    project_id: UUID | None = None,
    tags: Sequence[str] = (),
    due: Due | None = None,
    priority: str | None = None,
    day: date | None = None,
) -> list[LedgerEvent]:
    """A new task (with a priority: its capture, then its priority, in one command); ``day``: captured
    that day, at no time the source says (``stamp`` is the day's start)."""
    captured: list[LedgerEvent] = [
        TaskCaptured(
            **stamp.fields(task_id, 1),
            text=clean_text(text, "task's text"),
            project_id=project_id,
            tags=clean_tags(tags),
            due=due,
            day=day,
        )
    ]
    if priority is not None:
        captured.append(TaskPrioritized(**stamp.fields(task_id, 2), priority=priority))
    return captured


def complete(task: Task, stamp: Stamp, *, as_told: bool = False, day: date | None = None) -> list[LedgerEvent]:
    """Mark an open task done. ``as_told``: at the time another tool says, even before the task
    was captured there (a clock that was off: the file is kept as it says). ``day``: done that
    day, at no time the source says (``stamp`` is the day's start)."""
    if task.status == "done":
        raise RuleViolationError(f"{task.label} is already done")
    if task.status == "cancelled":
        raise RuleViolationError(f"{task.label} was cancelled; reopen it before completing it")
    if task.status == "withdrawn":
        raise RuleViolationError(f"{task.label} was undone; capture it again instead")
    if not as_told:
        _not_before_capture(task, stamp, "complete")
    return [TaskCompleted(**stamp.fields(task.id, task.version + 1), day=day)]


def reopen(task: Task, stamp: Stamp) -> list[LedgerEvent]:
    """Make a done or cancelled task open again."""
    if task.status == "open":
        raise RuleViolationError(f"{task.label} is already open")
    if task.status == "withdrawn":
        raise RuleViolationError(f"{task.label} was undone; capture it again instead")
    _not_before_capture(task, stamp, "reopen")
    return [TaskReopened(**stamp.fields(task.id, task.version + 1))]


def cancel(task: Task, stamp: Stamp, reason: str | None = None, *, as_told: bool = False) -> list[LedgerEvent]:
    """Drop an open task (``as_told``: as ``complete``)."""
    if task.status != "open":
        raise RuleViolationError(f"{task.label} is {task.status}, not open; only open tasks can be cancelled")
    if not as_told:
        _not_before_capture(task, stamp, "cancel")
    return [TaskCancelled(**stamp.fields(task.id, task.version + 1), reason=reason)]


def first_seen(task: Task, stamp: Stamp, day: date, text: str, project_id: UUID | None) -> list[LedgerEvent]:
    """Record that the task was on the list of ``day``, earlier than it was captured (a note of
    that day, imported after notes of later days): its history starts then."""
    if stamp.occurred_at >= task.captured_at:
        raise RuleViolationError(f"{task.label} was captured by then; a later list carries it instead")
    return [TaskFirstSeen(**stamp.fields(task.id, task.version + 1), day=day, text=clean_text(text, "task's text"), project_id=project_id)]


def carry(task: Task, stamp: Stamp, day: date, text: str | None = None) -> list[LedgerEvent]:
    """Record that an open task was copied to another (local) day's list (in ``text``, that
    list's words, when known)."""
    if task.status != "open":
        raise RuleViolationError(f"{task.label} is {task.status}; only open tasks are carried")
    words = clean_text(text, "task's text") if text is not None else None
    return [TaskCarried(**stamp.fields(task.id, task.version + 1), day=day, text=words)]


def split(task: Task, stamp: Stamp, day: date, into: UUID) -> list[LedgerEvent]:
    """Record that the closed task's sightings from ``day`` on are the task ``into`` (whose
    capture, carries and completion the caller records in the same command)."""
    if task.status == "open" or task.closed_at is None or task.closed_at >= stamp.occurred_at:
        raise RuleViolationError(f"{task.label} was not closed before {day.isoformat()}; it cannot be parted there")
    return [TaskSplit(**stamp.fields(task.id, task.version + 1), day=day, task_id=into)]


def edit(
    task: Task,
    stamp: Stamp,
    *,
    text: str | None = None,
    project_id: UUID | None | object = UNCHANGED,
    due: Due | None | object = UNCHANGED,
    add_tags: Sequence[str] = (),
    remove_tags: Sequence[str] = (),
    priority: str | None | object = UNCHANGED,
) -> list[LedgerEvent]:
    """Change a task's text, project, due date, tags or priority; one event per thing that changes."""
    events: list[LedgerEvent] = []

    def fields() -> dict[str, object]:
        return stamp.fields(task.id, task.version + len(events) + 1)

    if text is not None and clean_text(text, "task's text") != task.text:
        events.append(TaskRenamed(**fields(), text=clean_text(text)))
    if project_id is not UNCHANGED and project_id != task.project_id:
        events.append(TaskMoved(**fields(), project_id=project_id))
    if due is not UNCHANGED and due != task.due:
        events.append(TaskDueSet(**fields(), due=due))
    if priority is not UNCHANGED and priority != task.priority:
        events.append(TaskPrioritized(**fields(), priority=priority))
    added = tuple(t for t in clean_tags(add_tags) if t not in task.tags)
    if added:
        events.append(TaskTagged(**fields(), tags=added))
    removed = tuple(t for t in clean_tags(remove_tags) if t in task.tags)
    if removed:
        events.append(TaskUntagged(**fields(), tags=removed))
    if not events:
        raise InvalidInputError(f"nothing to change for {task.label}")
    return events
