"""Facts about routines: chores and habits that come back on a schedule.

Occurrences are derived from the schedule, never stored; only what the user does is an event.
"""

from uuid import UUID

from pydantic import AwareDatetime, Field

from events.base import LedgerEvent

__all__ = [
    "OccurrenceDone",
    "OccurrenceSkipped",
    "RoutineChangeWithdrawn",
    "RoutineDefined",
    "RoutineEnded",
    "RoutinePaused",
    "RoutineRescheduled",
    "RoutineResumed",
]


class RoutineDefined(LedgerEvent):
    """A routine was set up: its cron schedule (read on the wall clock of ``zone``) from ``since``."""

    text: str = Field(min_length=1)
    cron: str = Field(min_length=1)
    zone: str = Field(min_length=1)
    since: AwareDatetime
    project_id: UUID | None = None


class RoutineRescheduled(LedgerEvent):
    """A new schedule takes effect from ``since``; earlier occurrences keep the old one."""

    cron: str = Field(min_length=1)
    since: AwareDatetime


class RoutinePaused(LedgerEvent):
    """No occurrences from now (occurred_at) until resumed."""


class RoutineResumed(LedgerEvent):
    """Occurrences come back from now (occurred_at)."""


class RoutineEnded(LedgerEvent):
    """The routine stops for good; its history stays."""


class OccurrenceDone(LedgerEvent):
    """The occurrence scheduled at ``occurrence_at`` was done."""

    occurrence_at: AwareDatetime


class OccurrenceSkipped(LedgerEvent):
    """The occurrence scheduled at ``occurrence_at`` was deliberately skipped."""

    occurrence_at: AwareDatetime
    reason: str | None = None


class RoutineChangeWithdrawn(LedgerEvent):
    """An undo took back the routine's event of version ``withdrawn_version`` (its definition, a
    schedule change or a mark): from now on it is read as never made. Dated when the withdrawn event
    happened, recorded when undone, so a view known at a moment before the undo still shows it."""

    withdrawn_version: int = Field(ge=1)
