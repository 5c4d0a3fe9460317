"""Facts about appointments."""

from uuid import UUID

from pydantic import AwareDatetime, Field

from events.base import LedgerEvent

__all__ = ["AppointmentCancelled", "AppointmentFirstSeen", "AppointmentMoved", "AppointmentRenamed", "AppointmentRestored", "AppointmentScheduled"]


class AppointmentScheduled(LedgerEvent):
    """An appointment was made for a time, optionally linked to a project and a task."""

    text: str = Field(min_length=1)
    starts_at: AwareDatetime
    duration_minutes: int | None = Field(default=None, gt=0)
    project_id: UUID | None = None
    task_id: UUID | None = None


class AppointmentMoved(LedgerEvent):
    """The appointment moved to another time."""

    starts_at: AwareDatetime
    duration_minutes: int | None = Field(default=None, gt=0)


class AppointmentCancelled(LedgerEvent):
    """The appointment will not take place."""

    reason: str | None = None


class AppointmentRestored(LedgerEvent):
    """A cancelled appointment is on again, at the time it had (an undone cancellation)."""


class AppointmentFirstSeen(LedgerEvent):
    """The appointment was made earlier than it was recorded as made: a daily note of an earlier
    day (``occurred_at`` is that day's start), recorded after the later note that scheduled it,
    names it first, in these words, for this time. Its history starts then; the scheduling stays
    as recorded."""

    text: str = Field(min_length=1)
    starts_at: AwareDatetime
    duration_minutes: int | None = Field(default=None, gt=0)
    project_id: UUID | None = None
    task_id: UUID | None = None


class AppointmentRenamed(LedgerEvent):
    """The appointment's text changed: made from a task's line, it takes the words the task was
    first seen in once an earlier list (recorded later) shows them."""

    text: str = Field(min_length=1)
