"""Facts about recurring appointments: a series on a cron schedule, and changes to single occurrences.

Occurrences are derived from the schedule; moving or cancelling one is an event about that one
occurrence (named by its scheduled start) and leaves the others alone.
"""

from uuid import UUID

from pydantic import AwareDatetime, Field

from events.base import LedgerEvent

__all__ = ["SeriesEnded", "SeriesOccurrenceCancelled", "SeriesOccurrenceMoved", "SeriesScheduled"]


class SeriesScheduled(LedgerEvent):
    """A recurring appointment: occurrences at the times of ``cron`` (read on the wall clock of
    ``zone``) from ``starts_at`` until ``until`` (None: no end)."""

    text: str = Field(min_length=1)
    cron: str = Field(min_length=1)
    zone: str = Field(min_length=1)
    starts_at: AwareDatetime
    until: AwareDatetime | None = None
    duration_minutes: int | None = Field(default=None, gt=0)
    project_id: UUID | None = None


class SeriesOccurrenceMoved(LedgerEvent):
    """The occurrence scheduled at ``occurrence_at`` takes place at ``starts_at`` instead."""

    occurrence_at: AwareDatetime
    starts_at: AwareDatetime
    duration_minutes: int | None = Field(default=None, gt=0)


class SeriesOccurrenceCancelled(LedgerEvent):
    """The occurrence scheduled at ``occurrence_at`` will not take place."""

    occurrence_at: AwareDatetime
    reason: str | None = None


class SeriesEnded(LedgerEvent):
    """No occurrences from now (occurred_at) on."""

    reason: str | None = None
