"""The Appointment aggregate: its state folded from events, and the rules of changing it.

An appointment starts at a moment or, all day, on a date (``Start``): a date is that day wherever
the user is (it begins at the day's start in their zone, ``start_moment``), and lasts whole days
(``duration_minutes`` is its days times 1440; one day when none is given): ``engine.rules.all_day``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta, timezone
from typing import Literal
from uuid import UUID

from engine.rules.all_day import MINUTES_A_DAY, Start, all_day_days, is_all_day, start_from_text, start_moment, start_words
from engine.rules.errors import InvalidInputError, RuleViolationError
from engine.rules.stamp import Stamp
from engine.rules.text import clean_text
from events import (
    AppointmentCancelled,
    AppointmentFirstSeen,
    AppointmentMoved,
    AppointmentRenamed,
    AppointmentRestored,
    AppointmentScheduled,
    LedgerEvent,
)

__all__ = [
    "MINUTES_A_DAY",
    "Appointment",
    "Start",
    "all_day_days",
    "appointment_from",
    "cancel",
    "first_seen",
    "is_all_day",
    "move",
    "rename",
    "schedule",
    "start_from_text",
    "start_moment",
    "start_words",
]

def _length(starts_at: Start, duration_minutes: int | None) -> int | None:
    """The length as stored: an all-day appointment's whole days (one when none is given, so one
    made here and one a calendar gave are alike)."""
    if not is_all_day(starts_at):
        return duration_minutes
    if duration_minutes is not None and duration_minutes % MINUTES_A_DAY:
        raise InvalidInputError(
            f"an all-day appointment ({starts_at.isoformat()}) lasts whole days, not {duration_minutes} minutes; give a time of day for a shorter one"
        )
    return duration_minutes or MINUTES_A_DAY


def _made_after(starts_at: Start, made_at: datetime) -> bool:
    """Whether a start is before the moment the appointment was made: a day only once it has ended
    everywhere (at UTC-12, where a day ends the latest), so a day made while it is still that day
    somewhere stands."""
    if isinstance(starts_at, datetime):
        return starts_at < made_at
    latest_end = datetime.combine(starts_at + timedelta(days=1), time(), timezone(timedelta(hours=-12)))
    return latest_end.astimezone(UTC) <= made_at


@dataclass(frozen=True)
class Appointment:
    """An appointment as its events leave it."""

    id: UUID
    version: int
    text: str
    starts_at: Start  # a date: all day
    duration_minutes: int | None
    status: Literal["scheduled", "cancelled"]
    scheduled_at: datetime  # when it was made (occurred_at of AppointmentScheduled)

    @property
    def all_day(self) -> bool:
        return is_all_day(self.starts_at)

    @property
    def label(self) -> str:
        return f"appointment {self.id.hex[:7]} {self.text!r}"


def appointment_from(events: Iterable[LedgerEvent]) -> Appointment | None:
    """The appointment its events describe (None for no events)."""
    appt: Appointment | None = None
    for e in events:
        if isinstance(e, AppointmentScheduled) and appt is not None:  # named first on an earlier list (folded in the user's time)
            appt = replace(appt, version=max(appt.version, e.originator_version))
        elif isinstance(e, AppointmentScheduled | AppointmentFirstSeen) and appt is None:
            appt = Appointment(e.originator_id, e.originator_version, e.text, e.starts_at, e.duration_minutes, "scheduled", e.occurred_at)
        elif isinstance(e, AppointmentFirstSeen) and appt is not None:
            appt = replace(appt, version=max(appt.version, e.originator_version))
            if e.occurred_at < appt.scheduled_at:  # folded in recording order: it was made earlier, in these words
                appt = replace(appt, text=e.text, scheduled_at=e.occurred_at)
        elif isinstance(e, AppointmentMoved) and appt:
            appt = replace(appt, version=max(appt.version, e.originator_version), starts_at=e.starts_at, duration_minutes=e.duration_minutes)
        elif isinstance(e, AppointmentRenamed) and appt:
            appt = replace(appt, version=max(appt.version, e.originator_version), text=e.text)
        elif isinstance(e, AppointmentCancelled) and appt:
            appt = replace(appt, version=max(appt.version, e.originator_version), status="cancelled")
        elif isinstance(e, AppointmentRestored) and appt:
            appt = replace(appt, version=max(appt.version, e.originator_version), status="scheduled")
        else:
            raise TypeError(f"{type(e).__name__} does not apply to an appointment")
    return appt


def schedule(
    appt_id: UUID,
    text: str,
    starts_at: Start,
    stamp: Stamp,
    *,
    duration_minutes: int | None = None,
    project_id: UUID | None = None,
    task_id: UUID | None = None,
) -> list[LedgerEvent]:
    """A new appointment (at a moment, or all day on a date)."""
    duration_minutes = _length(starts_at, duration_minutes)
    return [
        AppointmentScheduled(
            **stamp.fields(appt_id, 1),
            text=clean_text(text, "appointment's text"),
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            project_id=project_id,
            task_id=task_id,
        )
    ]


def move(appt: Appointment, starts_at: Start, stamp: Stamp, *, duration_minutes: int | None = None) -> list[LedgerEvent]:
    """Move an appointment (to a moment, or all day to a date); never into the past of its own
    making, never a cancelled one. Its length stays when none is given, unless it changes between
    all day and a time of day (an all-day one moved to a time has none; a timed one moved to a day
    lasts that day)."""
    if appt.status == "cancelled":
        raise RuleViolationError(f"{appt.label} was cancelled; schedule a new one instead")
    if _made_after(starts_at, appt.scheduled_at):
        raise RuleViolationError(
            f"cannot move {appt.label} to {start_words(starts_at)}: "
            f"that is before it was made ({appt.scheduled_at.isoformat(timespec='minutes')})"
        )
    if duration_minutes is None and is_all_day(starts_at) == appt.all_day:
        duration_minutes = appt.duration_minutes
    duration_minutes = _length(starts_at, duration_minutes)
    if type(starts_at) is type(appt.starts_at) and starts_at == appt.starts_at and duration_minutes == appt.duration_minutes:
        raise RuleViolationError(f"{appt.label} is already at {start_words(starts_at)}")
    return [AppointmentMoved(**stamp.fields(appt.id, appt.version + 1), starts_at=starts_at, duration_minutes=duration_minutes)]


def cancel(appt: Appointment, stamp: Stamp, reason: str | None = None) -> list[LedgerEvent]:
    """Call an appointment off."""
    if appt.status == "cancelled":
        raise RuleViolationError(f"{appt.label} is already cancelled")
    return [AppointmentCancelled(**stamp.fields(appt.id, appt.version + 1), reason=reason)]


def first_seen(
    appt: Appointment, text: str, stamp: Stamp, *, project_id: UUID | None = None, task_id: UUID | None = None
) -> list[LedgerEvent]:
    """Record that the appointment was named on an earlier day's list than the one that scheduled
    it (a note of that day, imported after later notes): its history starts then."""
    if stamp.occurred_at >= appt.scheduled_at:
        raise RuleViolationError(f"{appt.label} was made by then")
    return [
        AppointmentFirstSeen(
            **stamp.fields(appt.id, appt.version + 1), text=clean_text(text, "appointment's text"), starts_at=appt.starts_at,
            duration_minutes=appt.duration_minutes, project_id=project_id, task_id=task_id,
        )
    ]


def rename(appt: Appointment, text: str, stamp: Stamp) -> list[LedgerEvent]:
    """Give the appointment other words (nothing when it has them)."""
    clean = clean_text(text, "appointment's text")
    if clean == appt.text:
        return []
    return [AppointmentRenamed(**stamp.fields(appt.id, appt.version + 1), text=clean)]
