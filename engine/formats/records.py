"""A task as another task manager keeps it: what every task format reads into (``TaskRecord``, which
the tasks import plans from) and writes from (``ExportedTask``, which the exports gather); both
carry Taskwarrior's fields as one ``TaskDetails``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from engine.rules.task import Recurrence

__all__ = ["ExportedTask", "RecordStatus", "TaskDetails", "TaskRecord"]

RecordStatus = Literal["open", "done", "cancelled"]


@dataclass(frozen=True)
class TaskDetails:
    """Taskwarrior's fields of a task (``events.task_details``): when it waits until, is scheduled
    (a day: that day, Logseq's SCHEDULED), expires, was started; what it depends on; how it recurs;
    attributes of the user's own. Times are aware (an export's are UTC)."""

    wait: datetime | None = None
    scheduled: datetime | date | None = None
    until: datetime | None = None
    start: datetime | None = None
    depends: tuple[UUID, ...] = ()
    recurrence: Recurrence | None = None
    attributes: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class TaskRecord:
    """One task as another tool keeps it; ``line`` says where in the file (1-based)."""

    id: UUID
    text: str
    status: RecordStatus
    entry: datetime
    line: int
    modified: datetime | None = None
    end: datetime | None = None
    due: datetime | date | None = None  # a date: due that day, without a time (todo.txt's due:)
    project: str | None = None
    tags: tuple[str, ...] = ()
    notes: tuple[tuple[datetime, str], ...] = ()
    id_from_text: bool = False  # the id was made from the text (todo.txt without uuid:), not given
    priority: str | None = None  # H, M or L
    # The format has a priority (Taskwarrior): ``priority`` is the task's (None: it has none), and
    # tags ``pri-H`` (``pri-M``, ``pri-L``), the priority as older imports recorded it, become it.
    carries_priority: bool = False
    # todo.txt: what the id was made from (the words without fields, as every import since the
    # first has read them); the lines of one text are matched to the ledger's tasks by it.
    text_key: str | None = None
    # Taskwarrior's fields (``carries_details``: the format has them, so a record without one
    # takes it away; todo.txt leaves them as the ledger has them)
    carries_details: bool = False
    details: TaskDetails = field(default_factory=TaskDetails)
    not_kept: tuple[str, ...] = ()  # what the file says about the task that the ledger cannot keep, in words
    # todo.txt: the creation and completion dates, days without a time (``entry`` and ``end`` are their starts here)
    entry_day: date | None = None
    end_day: date | None = None


@dataclass(frozen=True)
class ExportedTask:
    """A task with what an export writes about it (times are UTC)."""

    id: UUID
    text: str
    status: str  # open | done | cancelled
    project: str | None
    tags: tuple[str, ...]
    due: datetime | date | None  # a date: due that day, without a time
    entry: datetime
    end: datetime | None
    modified: datetime
    notes: tuple[tuple[datetime, str], ...]  # (when, text), oldest first
    priority: str | None = None  # H, M or L
    details: TaskDetails = field(default_factory=TaskDetails)
    # captured, done on a day without a time (todo.txt's dates): written as that day in every zone
    entry_day: date | None = None
    end_day: date | None = None

    @property
    def template(self) -> bool:
        """A recurrence template (Taskwarrior's ``recurring``): what its occurrences are made from."""
        r = self.details.recurrence
        return self.status == "open" and r is not None and r.parent is None and r.recur is not None
