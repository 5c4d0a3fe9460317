"""Facts about appointments.

An appointment starts at a moment (``starts_at`` an aware time) or on a day (``starts_at`` a date:
an all-day appointment, the same day in every zone, as a calendar's ``DTSTART;VALUE=DATE``). An
all-day appointment's ``duration_minutes`` is its whole days times 1440 (None: one day), so its
length reads as every other appointment's; its days are calendar days, however long they are
where the user is.
"""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import AwareDatetime, Field, model_validator

from events.base import LedgerEvent

_MINUTES_A_DAY = 1440

__all__ = ["AppointmentCancelled", "AppointmentFirstSeen", "AppointmentMoved", "AppointmentRenamed", "AppointmentRestored", "AppointmentScheduled"]


def _whole_days(event: Any) -> Any:
    """An all-day appointment lasts whole days."""
    if not isinstance(event.starts_at, datetime) and event.duration_minutes is not None and event.duration_minutes % _MINUTES_A_DAY:
        raise ValueError("an all-day appointment lasts whole days")
    return event


class AppointmentScheduled(LedgerEvent):
    """An appointment was made for a time, optionally linked to a project and a task."""

    text: str = Field(min_length=1)
    starts_at: AwareDatetime | date  # a date: all day
    duration_minutes: int | None = Field(default=None, gt=0)
    project_id: UUID | None = None
    task_id: UUID | None = None

    _whole_days = model_validator(mode="after")(_whole_days)


class AppointmentMoved(LedgerEvent):
    """The appointment moved to another time."""

    starts_at: AwareDatetime | date  # a date: all day
    duration_minutes: int | None = Field(default=None, gt=0)

    _whole_days = model_validator(mode="after")(_whole_days)


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
    starts_at: AwareDatetime | date  # a date: all day
    duration_minutes: int | None = Field(default=None, gt=0)
    project_id: UUID | None = None
    task_id: UUID | None = None

    _whole_days = model_validator(mode="after")(_whole_days)


class AppointmentRenamed(LedgerEvent):
    """The appointment's text changed: made from a task's line, it takes the words the task was
    first seen in once an earlier list (recorded later) shows them."""

    text: str = Field(min_length=1)
