"""Facts about a task beyond its text, project, tags, due date and priority: when it waits, is
scheduled or expires, when work on it started, what it waits for, how it recurs, and attributes
of the user's own (Taskwarrior's ``wait``, ``scheduled``, ``until``, ``start``, ``depends``,
``recur``/``mask``/``parent``/``imask`` and user-defined attributes).

Each is a change of one thing, like ``TaskDueSet``: a value, or None when it was taken away.
"""

from uuid import UUID

from pydantic import AwareDatetime, Field

from events.base import LedgerEvent
from events.task import Due

__all__ = [
    "TaskAttributeSet",
    "TaskDependsSet",
    "TaskRecurrenceSet",
    "TaskScheduledSet",
    "TaskStarted",
    "TaskStopped",
    "TaskUntilSet",
    "TaskWaitSet",
]


class TaskWaitSet(LedgerEvent):
    """The task waits (is left off the task list) until ``wait`` (None: it no longer waits)."""

    wait: AwareDatetime | None


class TaskScheduledSet(LedgerEvent):
    """Work on the task is to begin at ``scheduled`` (None: not scheduled any more): a moment, or a
    day without a time (Logseq's ``SCHEDULED: <2026-04-28 Tue>``), that day in every zone, as a due day."""

    scheduled: Due


class TaskUntilSet(LedgerEvent):
    """The task expires at ``until`` (None: it does not expire)."""

    until: AwareDatetime | None


class TaskStarted(LedgerEvent):
    """Work on the task started (at ``occurred_at``): it is active."""


class TaskStopped(LedgerEvent):
    """Work on the task stopped: it is no longer active."""


class TaskDependsSet(LedgerEvent):
    """The task waits for these tasks to be done (empty: for none)."""

    depends: tuple[UUID, ...] = ()


class TaskRecurrenceSet(LedgerEvent):
    """How the task recurs. A template has ``recur`` (``weekly``, ``P1M``...) and ``mask`` (one
    character per occurrence made from it: ``-`` open, ``+`` done, ``X`` deleted, ``W`` waiting);
    an occurrence names its template (``parent``) and its place in the mask (``imask``), and has
    the template's ``recur``. All None: it does not recur."""

    recur: str | None = None
    mask: str | None = None
    parent: UUID | None = None
    imask: int | None = None


class TaskAttributeSet(LedgerEvent):
    """An attribute of the user's own (a Taskwarrior UDA) has this value (None: removed)."""

    name: str = Field(min_length=1)
    value: str | float | None
