"""The daily summary: what a day held, as of a moment and as known at a moment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from engine.rules.days import day_bounds
from projections.queries.as_of import Moment, appointments_as_of, project_names, states_at
from projections.queries.current import AppointmentRow
from projections.queries.facts import FactRow, began, fact_rows
from projections.queries.series import SeriesOccurrence, series_occurrences
from projections.views.task_fold import SIGHTINGS, passed_over
from projections.views.versions import KINDS

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["TASK_SECTIONS", "DailySummary", "daily_summary"]

TASK_SECTIONS = {
    "TaskCaptured": "captured",  # or carried: a sighting that did not begin its task (see began); so is TaskFirstSeen
    "TaskCarried": "carried",
    "TaskCompleted": "completed",
    "TaskReopened": "reopened",
    "TaskCancelled": "cancelled",
}


@dataclass
class DailySummary:
    """One local day: notes, readings, tasks by what happened to them, appointments."""

    day: date
    notes: list[dict[str, Any]] = field(default_factory=list)
    readings: list[dict[str, Any]] = field(default_factory=list)
    tasks: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {s: [] for s in TASK_SECTIONS.values()})
    appointments: list[AppointmentRow] = field(default_factory=list)
    occurrences: list[SeriesOccurrence] = field(default_factory=list)  # of recurring appointments
    tz: tzinfo | None = None

    def timed(self) -> list[tuple[datetime, str, str]]:
        """(start, handle, text) of the day's appointments, one-off and recurring, in time order
        (an all-day one where its day begins; ``all_day`` names them)."""
        rows = [(a.starts_at, a.handle, a.text) for a in self.appointments]
        rows += [(o.starts_at.astimezone(self.tz), o.series.handle, o.series.text) for o in self.occurrences]
        return sorted(rows, key=lambda r: r[0])

    @property
    def all_day(self) -> set[str]:
        """Handles of the day's all-day appointments."""
        return {a.handle for a in self.appointments if a.day is not None}

    def to_json(self) -> dict[str, Any]:
        appointments = [a.to_json() for a in self.appointments] + [o.to_json(self.tz) for o in self.occurrences]  # type: ignore[arg-type]
        return {
            "day": self.day.isoformat(),
            "notes": self.notes,
            "readings": self.readings,
            "tasks": self.tasks,
            "appointments": sorted(appointments, key=lambda a: (datetime.fromisoformat(a["starts_at"]), a["id"])),
        }


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def daily_summary(db: Database, tz: tzinfo, day: date, m: Moment) -> DailySummary:
    """The day ``day`` (local) as of T, known at K; its appointments as they stood at T."""
    start, end = day_bounds(day, tz)
    summary = DailySummary(day, tz=tz)
    with db.read() as cur:
        facts = fact_rows(cur, m, "f.occurred_at >= ? AND f.occurred_at < ?", (_utc(start), _utc(end)))
        task_ids = [f.originator_id for f in facts if f.type in TASK_SECTIONS or f.type in SIGHTINGS]
        tasks = states_at(cur, KINDS["Task"], task_ids, m)
        names = project_names(cur, m)
    for f in facts:
        if f.type == "NoteRecorded":
            summary.notes.append(_entry(f, tz, text=f.data["text"], project=names.get(f.project_id)))
        elif f.type == "ReadingLogged":
            summary.readings.append(_entry(f, tz, title=f.data["title"], arxiv_id=f.data.get("arxiv_id")))
        elif f.type in TASK_SECTIONS or f.type in SIGHTINGS:
            state = tasks.get(f.originator_id)
            if state is not None and passed_over(f.type, f.occurred_at, state[2], state[7]):
                continue  # after the task was closed: its later sightings are another task's (TaskSplit)
            text = state[0] if state else f.data.get("text", "")
            project = names.get(state[1]) if state else None
            section = TASK_SECTIONS.get(f.type, "captured")
            if f.type in SIGHTINGS and state is not None and not began(f, state):
                if state[2] == "done" and state[7] == f.occurred_at:
                    continue  # on the list where it is done: the completion says so (versions.without_done_day_sightings)
                section = "carried"  # on a later list than the one that began it
            summary.tasks[section].append(_entry(f, tz, text=text, project=project, status=state[2] if state else None))
    summary.appointments = appointments_as_of(db, tz, m, starts_from=start, starts_before=end)
    as_of, known_at = m.axes
    summary.occurrences = series_occurrences(db, start, end, as_of=as_of, known_at=known_at)
    return summary


def _entry(f: FactRow, tz: tzinfo, **extra: Any) -> dict[str, Any]:
    return {
        "id": f.originator_id,
        "handle": f.originator_id[:7],
        "at": f.occurred(tz).isoformat(),
        "day_only": f.day_only(tz),
        "recorded_at": f.recorded(tz).isoformat(),
        "source": f.source,
        **extra,
    }
