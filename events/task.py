"""Facts about tasks."""

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import AwareDatetime, BeforeValidator, Field

from events.base import LedgerEvent

__all__ = [
    "TaskCancelled",
    "TaskCaptured",
    "TaskCarried",
    "TaskCompleted",
    "TaskDueSet",
    "TaskFirstSeen",
    "TaskMoved",
    "TaskPrioritized",
    "TaskRenamed",
    "TaskReopened",
    "TaskSplit",
    "TaskTagged",
    "TaskUntagged",
    "TaskWithdrawn",
]

Priority = Literal["H", "M", "L"]  # high, medium, low: Taskwarrior's three


def _only_a_day(value: Any) -> Any:
    """A day is a date (``2018-12-31``), never a time: a naive time is refused, not cut to its day."""
    if isinstance(value, datetime) or (isinstance(value, str) and len(value) != 10):
        raise ValueError("a due day is a date (YYYY-MM-DD) without a time")
    return value


# A due date is a moment (stored with its offset, as every ledger has them) or, for a due date
# without a time of day (todo.txt's ``due:2018-12-31``), the day itself: the same day in every zone.
Due = Annotated[AwareDatetime | Annotated[date, BeforeValidator(_only_a_day)] | None, Field(union_mode="left_to_right")]


class TaskCaptured(LedgerEvent):
    """A task was written down. ``day``: on that day, at no time the source says (todo.txt's
    creation date; ``occurred_at`` is the day's start where it was imported); not stored when absent."""

    text: str = Field(min_length=1)
    project_id: UUID | None = None
    tags: tuple[str, ...] = ()
    due: Due = None
    day: date | None = Field(default=None, exclude_if=lambda v: v is None)


class TaskRenamed(LedgerEvent):
    """The task's text changed."""

    text: str = Field(min_length=1)


class TaskMoved(LedgerEvent):
    """The task moved to another project (None: no project)."""

    project_id: UUID | None


class TaskTagged(LedgerEvent):
    """Tags were added to the task."""

    tags: tuple[str, ...] = Field(min_length=1)


class TaskUntagged(LedgerEvent):
    """Tags were removed from the task."""

    tags: tuple[str, ...] = Field(min_length=1)


class TaskDueSet(LedgerEvent):
    """The task was given a due date (None: the due date was removed)."""

    due: Due


class TaskPrioritized(LedgerEvent):
    """The task's priority changed (None: it has none any more). A task captured with a
    priority has this event right after its capture, in the same command: the capture's own
    fields stay as every ledger already stores them."""

    priority: Priority | None


class TaskCompleted(LedgerEvent):
    """The task was done. ``day``: on that day, at no time the source says (todo.txt's completion
    date; ``occurred_at`` is the day's start where it was imported); not stored when absent."""

    day: date | None = Field(default=None, exclude_if=lambda v: v is None)


class TaskReopened(LedgerEvent):
    """A done or cancelled task became open again."""


class TaskCancelled(LedgerEvent):
    """The task was dropped without being done."""

    reason: str | None = None


class TaskWithdrawn(LedgerEvent):
    """An undo took back the task's capture: read as never on any list (not a cancelled task).
    Dated like the capture, recorded when undone."""


class TaskCarried(LedgerEvent):
    """The open task was copied to another day's list (seen again, still not done). ``text``: the
    words that day's list gave it (an import's carry; not stored when absent, as every carry
    recorded before had none), so a ``TaskSplit`` can begin the new task in them."""

    day: date
    text: str | None = Field(default=None, min_length=1, exclude_if=lambda v: v is None)


class TaskFirstSeen(LedgerEvent):
    """The task was on an earlier day's list than the one it was captured from: a daily note of
    ``day`` (``occurred_at`` is that day's start), recorded after notes of later days, shows it
    first, in these words and this project. Its history starts then; the capture (and any other
    sighting after it) counts as a carry. Never a rewrite: the capture stays as it was recorded."""

    day: date
    text: str = Field(min_length=1)
    project_id: UUID | None = None


class TaskSplit(LedgerEvent):
    """The task's sightings from ``day`` on are another task, ``task_id``: a done mark of an
    earlier day (a daily note imported after notes of later days, which an earlier list had
    already joined to this task) closed this task before them. In date order those later lists
    would have begun a new task; ``occurred_at`` is the start of ``day``.

    Never a rewrite: this task's sightings, carries and completion after it was closed stay as
    recorded, and every fold passes them over (a closed task is not carried or done again); the
    new task has its own capture, carries and completion, recorded with this event."""

    day: date
    task_id: UUID
