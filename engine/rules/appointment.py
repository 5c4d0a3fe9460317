"""The Appointment aggregate: its state folded from events, and the rules of changing it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal
from uuid import UUID

from engine.rules.errors import RuleViolationError
from engine.rules.stamp import Stamp
from engine.rules.text import clean_text
from events import AppointmentCancelled, AppointmentMoved, AppointmentRestored, AppointmentScheduled, LedgerEvent

__all__ = ["Appointment", "appointment_from", "cancel", "move", "schedule"]


@dataclass(frozen=True)
class Appointment:
    """An appointment as its events leave it."""

    id: UUID
    version: int
    text: str
    starts_at: datetime
    duration_minutes: int | None
    status: Literal["scheduled", "cancelled"]
    scheduled_at: datetime  # when it was made (occurred_at of AppointmentScheduled)

    @property
    def label(self) -> str:
        return f"appointment {self.id.hex[:7]} {self.text!r}"


def appointment_from(events: Iterable[LedgerEvent]) -> Appointment | None:
    """The appointment its events describe (None for no events)."""
    appt: Appointment | None = None
    for e in events:
        if isinstance(e, AppointmentScheduled):
            appt = Appointment(e.originator_id, 1, e.text, e.starts_at, e.duration_minutes, "scheduled", e.occurred_at)
        elif isinstance(e, AppointmentMoved) and appt:
            appt = replace(appt, version=e.originator_version, starts_at=e.starts_at, duration_minutes=e.duration_minutes)
        elif isinstance(e, AppointmentCancelled) and appt:
            appt = replace(appt, version=e.originator_version, status="cancelled")
        elif isinstance(e, AppointmentRestored) and appt:
            appt = replace(appt, version=e.originator_version, status="scheduled")
        else:
            raise TypeError(f"{type(e).__name__} does not apply to an appointment")
    return appt


def schedule(
    appt_id: UUID,
    text: str,
    starts_at: datetime,
    stamp: Stamp,
    *,
    duration_minutes: int | None = None,
    project_id: UUID | None = None,
    task_id: UUID | None = None,
) -> list[LedgerEvent]:
    """A new appointment."""
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


def move(appt: Appointment, starts_at: datetime, stamp: Stamp, *, duration_minutes: int | None = None) -> list[LedgerEvent]:
    """Move an appointment; never into the past of its own making, never a cancelled one."""
    if appt.status == "cancelled":
        raise RuleViolationError(f"{appt.label} was cancelled; schedule a new one instead")
    if starts_at < appt.scheduled_at:
        raise RuleViolationError(
            f"cannot move {appt.label} to {starts_at.isoformat(timespec='minutes')}: "
            f"that is before it was made ({appt.scheduled_at.isoformat(timespec='minutes')})"
        )
    if starts_at == appt.starts_at and duration_minutes in (None, appt.duration_minutes):
        raise RuleViolationError(f"{appt.label} is already at {starts_at.isoformat(timespec='minutes')}")
    return [
        AppointmentMoved(
            **stamp.fields(appt.id, appt.version + 1),
            starts_at=starts_at,
            duration_minutes=duration_minutes if duration_minutes is not None else appt.duration_minutes,
        )
    ]


def cancel(appt: Appointment, stamp: Stamp, reason: str | None = None) -> list[LedgerEvent]:
    """Call an appointment off."""
    if appt.status == "cancelled":
        raise RuleViolationError(f"{appt.label} is already cancelled")
    return [AppointmentCancelled(**stamp.fields(appt.id, appt.version + 1), reason=reason)]
