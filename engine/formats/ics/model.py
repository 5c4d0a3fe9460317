"""What a calendar file holds for the ledger, and the stable ids of what it names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from uuid import UUID, uuid5

__all__ = ["NAMESPACE", "OWN_OCCURRENCE", "CalendarEntry", "CalendarFile", "CalendarSeries", "CalendarTodo", "appointment_id", "utc_key"]


NAMESPACE = UUID("5c1d2e8a-7b3f-4c9e-8d21-3a6f0e9b7c44")


_OWN_UID = re.compile(r"([0-9a-f]{32}|[0-9a-f-]{36})@dayledger", re.IGNORECASE)


OWN_OCCURRENCE = re.compile(r"([0-9a-f]{32})-(\d{8}T\d{6}Z)@dayledger", re.IGNORECASE)


@dataclass(frozen=True)
class CalendarEntry:
    """One appointment as the calendar has it (``gone``: an EXDATE of an expanded occurrence)."""

    key: str
    id: UUID
    uid: str
    line: int
    text: str
    starts_at: datetime | date  # a date: all day (``minutes`` its days times 1440)
    minutes: int | None
    cancelled: bool = False
    gone: bool = False
    made_at: datetime | None = None  # CREATED, else DTSTAMP
    changed_at: datetime | None = None  # LAST-MODIFIED, else DTSTAMP
    project: str | None = None
    occurrence_of: tuple[UUID, datetime] | None = None  # our export's occurrence of a recurring appointment
    sequence: int = 0
    day: date | None = None  # an all-day event's first day (a date in the file: the same day in every zone)
    former_id: UUID | None = None  # an all-day occurrence's id as imports before keyed it (by its UTC start)


@dataclass(frozen=True)
class CalendarSeries:
    """A recurring VEVENT whose rule a cron can say, with its cancelled and moved occurrences (UTC)."""

    key: str
    id: UUID
    uid: str
    line: int
    text: str
    cron: str
    zone: str
    starts_at: datetime
    until: datetime | None
    minutes: int | None
    cancelled: frozenset[datetime] = frozenset()
    moved: dict[datetime, tuple[datetime, int | None]] = field(default_factory=dict)
    ended: bool = False  # the whole series is STATUS:CANCELLED
    made_at: datetime | None = None
    changed_at: datetime | None = None
    project: str | None = None
    notes: tuple[str, ...] = ()
    sequence: int = 0


@dataclass(frozen=True)
class CalendarTodo:
    """A VTODO as the calendar has it: a task (``due`` a date when the file gives no time)."""

    uid: str
    line: int
    text: str
    status: str  # open | done | cancelled
    made_at: datetime | None
    changed_at: datetime | None
    completed_at: datetime | None
    due: datetime | date | None
    priority: str | None  # H, M or L
    tags: tuple[str, ...]
    project: str | None


@dataclass
class CalendarFile:
    """What a calendar file holds for the ledger."""

    entries: list[CalendarEntry] = field(default_factory=list)
    series: list[CalendarSeries] = field(default_factory=list)
    todos: list[CalendarTodo] = field(default_factory=list)
    vevents: int = 0
    expanded: int = 0  # VEVENTs whose rule was expanded into occurrences
    skipped: int = 0  # VEVENTs and VTODOs that could not be read (each named in ``notes``)
    notes: list[str] = field(default_factory=list)  # "FILE:LINE (UID x): what was skipped or assumed, and why"


def appointment_id(uid: str, occurrence: str | None = None) -> UUID:
    """The stable id of the appointment (or series) a UID, or a UID and an occurrence, names."""
    if occurrence is None:
        own = _OWN_UID.fullmatch(uid)
        if own:
            return UUID(own.group(1))
        return uuid5(NAMESPACE, uid)
    return uuid5(NAMESPACE, f"{uid}|{occurrence}")


def utc_key(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
