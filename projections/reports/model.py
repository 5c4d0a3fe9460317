"""What a report holds: plain, immutable data that the renderers (Markdown, HTML, JSON) format.

Times are aware datetimes in the user's zone; nothing here knows how it will be shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

__all__ = [
    "AppointmentLine",
    "Comparison",
    "Counts",
    "DayLine",
    "NoteLine",
    "ProjectLine",
    "ReadingLine",
    "Report",
    "RoutineLine",
    "TaskLine",
]


@dataclass(frozen=True)
class TaskLine:
    """A task as a report lists it: ``at`` is when it was completed, captured or cancelled
    (for still-open tasks, when it was captured); ``open_days`` how long it had been open then."""

    id: str
    text: str
    project: str | None
    captured_at: datetime
    at: datetime
    open_days: float
    carried: int


@dataclass(frozen=True)
class AppointmentLine:
    id: str
    text: str
    starts_at: datetime
    duration_minutes: int | None
    project: str | None
    recurring: bool = False  # an occurrence of a recurring appointment (its id is the series')
    all_day: bool = False  # on a date, the same day in every zone (``starts_at`` where it begins in the report's zone)


@dataclass(frozen=True)
class NoteLine:
    at: datetime
    text: str
    project: str | None


@dataclass(frozen=True)
class ReadingLine:
    at: datetime
    title: str
    arxiv_id: str | None


@dataclass(frozen=True)
class RoutineLine:
    """A routine's adherence in the period, and its streaks up to the report's moment."""

    text: str
    project: str | None
    schedule: str
    due: int
    done: int
    skipped: int
    missed: int
    pending: int
    rate: float | None  # done / (done + missed) in the period; None before any
    current_streak: int
    longest_streak: int
    schedule_words: str | None = None  # the cron in words ("daily at 21:00"); None when it has no short saying


@dataclass(frozen=True)
class ProjectLine:
    """A project's progress in the period; ``name`` None is "no project"."""

    name: str | None
    completed: int
    captured: int
    cancelled: int
    open_at_end: int


@dataclass(frozen=True)
class DayLine:
    """One day of the period: what got done and captured, and how many tasks were open at its end
    (None for a day that had not ended by the report's moment)."""

    day: date
    completed: int
    captured: int
    cancelled: int
    open_at_end: int | None


@dataclass(frozen=True)
class Counts:
    """The headline numbers of one period (averages are floats)."""

    completed: float
    captured: float
    cancelled: float
    notes: float
    readings: float


@dataclass(frozen=True)
class Comparison:
    """This period against the previous one and the average of up to eight before it
    (periods before the ledger's first event are not averaged)."""

    this: Counts
    previous: Counts
    previous_label: str
    average: Counts
    periods_averaged: int


@dataclass(frozen=True)
class Report:
    """A weekly (or any period's) report, computed as of ``as_of`` with what was known at ``known_at``."""

    kind: str  # week | range
    label: str
    first_day: date
    last_day: date
    zone: str
    as_of: datetime
    known_at: datetime
    completed: list[TaskLine]
    captured: list[TaskLine]
    cancelled: list[TaskLine]
    still_open: list[TaskLine]  # longest-carried first
    appointments_held: list[AppointmentLine]
    appointments_next: list[AppointmentLine]
    notes: list[NoteLine]
    readings: list[ReadingLine]
    routines: list[RoutineLine]
    projects: list[ProjectLine]
    days: list[DayLine]
    open_at_start: int
    comparison: Comparison
    filter: str | None = None  # the task filter it was made with, as words (project:Work +bills); None: the whole ledger

    def completed_by_project(self) -> list[tuple[str | None, list[TaskLine]]]:
        """Completed tasks grouped by project: no project first, then by name."""
        groups: dict[str | None, list[TaskLine]] = {}
        for t in self.completed:
            groups.setdefault(t.project, []).append(t)
        return sorted(groups.items(), key=lambda kv: (kv[0] is not None, kv[0] or ""))
