"""What an import keeps in memory for a whole run: the ledger as far as notes can touch it.

Loaded once from the read models (``ImportState.load``), then kept level by folding in the
events each note records (``ImportState.fold``), so planning the next note never reads the
database. A conflict with another writer reloads it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING
from uuid import UUID

from engine.rules.all_day import start_from_text
from engine.rules.cron import Schedule
from engine.rules.due import Due, due_from_text
from engine.rules.text import normal_name, normal_words
from events import (
    AppointmentFirstSeen,
    AppointmentMoved,
    AppointmentRenamed,
    AppointmentScheduled,
    LedgerEvent,
    OccurrenceDone,
    OccurrenceSkipped,
    ProjectStarted,
    TaskCancelled,
    TaskCaptured,
    TaskCarried,
    TaskCompleted,
    TaskDueSet,
    TaskFirstSeen,
    TaskPrioritized,
    TaskSplit,
    TaskTagged,
    TaskUntagged,
)
from events.task_details import TaskScheduledSet

if TYPE_CHECKING:
    from engine.commands.ports import ImportViews
    from engine.storage.database import Database

__all__ = ["ImportState", "KnownAppointment", "KnownRoutine", "KnownTask"]

MAX_VARIANTS = 6  # texts a task is matched by: the most recent ones it was seen as


@dataclass
class KnownTask:
    """A task as matching needs it."""

    id: UUID
    version: int
    text: str  # as captured (or renamed): what the user sees
    project: str  # normalised project name, "" for none
    project_id: UUID | None
    status: str
    first_day: date
    closed_day: date | None
    captured_at: datetime
    variants: list[str] = field(default_factory=list)  # normalised texts seen, oldest first
    days: set[date] = field(default_factory=set)  # days it was captured, carried or closed on
    first_words: tuple[date, str] | None = None  # the earliest day it was on a list, in that day's words
    texts: dict[date, str] = field(default_factory=dict)  # the words of its lists planned or folded in this run, by day
    # what a journal's line says of a task too (Logseq, Obsidian): a later list that says otherwise changes it
    due: Due | None = None
    tags: tuple[str, ...] = ()
    priority: str | None = None
    scheduled: Due | None = None
    # What matching made of the variants (engine.importers.notes.matching): computed on first use, reset
    # by seen(), the only way the variants change.
    match_summary: object = field(default=None, init=False, repr=False, compare=False)

    def open_on(self, day: date) -> bool:
        """Whether the task could be on that day's list: captured by then, not closed before."""
        return self.first_day <= day and (self.closed_day is None or self.closed_day >= day)

    def seen(self, words: str, day: date) -> None:
        if self.first_words is None or day < self.first_words[0]:
            self.first_words = (day, words)
        if words in self.variants:
            self.variants.remove(words)
        self.variants.append(words)
        del self.variants[:-MAX_VARIANTS]
        self.match_summary = None
        self.days.add(day)


@dataclass
class KnownRoutine:
    """A routine a task line may be an occurrence of (matched by its words)."""

    id: UUID
    version: int
    text: str
    zone: str
    schedule: Schedule
    marks: set[datetime] = field(default_factory=set)  # occurrences (UTC) done or skipped

    def applies_on(self, day_end: datetime) -> bool:
        return min(rule.since for rule in self.schedule.rules) < day_end


@dataclass
class KnownAppointment:
    id: UUID
    version: int
    text: str
    starts_at: datetime | date  # a date: all day
    status: str
    scheduled_at: datetime


@dataclass
class ImportState:
    tz: tzinfo
    tasks: dict[UUID, KnownTask] = field(default_factory=dict)
    by_project: dict[str, dict[UUID, KnownTask]] = field(default_factory=lambda: defaultdict(dict))  # in capture order
    keys: dict[str, UUID] = field(default_factory=dict)
    projects: dict[str, UUID] = field(default_factory=dict)  # normalised name -> id
    project_ids: set[UUID] = field(default_factory=set)
    project_names: dict[UUID, str] = field(default_factory=dict)  # id -> normalised name
    handles: set[str] = field(default_factory=set)
    appointments: dict[UUID, list[KnownAppointment]] = field(default_factory=lambda: defaultdict(list))
    routines: dict[str, KnownRoutine] = field(default_factory=dict)  # the routine's normalised words
    # the words a task's lists gave it, by day, as recorded (its captures, first sightings and carries
    # that say them): read only when a task is parted (TaskSplit), the rare case
    recorded_texts: Callable[[UUID], dict[date, str]] = field(default=lambda _task_id: {})

    # -- loading --------------------------------------------------------------------------

    @classmethod
    def load(cls, views: ImportViews, db: Database, tz: tzinfo, first_day: date, last_day: date) -> ImportState:
        """The state for importing notes of ``first_day``..``last_day`` (views caught up first)."""
        rows = views.import_state_rows(db, first_day, last_day)
        state = cls(tz)
        for pid, name, norm in rows["projects"]:
            state._project(UUID(pid), norm or normal_name(name))
        state.handles.update(rows["handles"])
        for tid, _handle, text, pid, status, captured, closed, version, due, tags, priority, details in sorted(rows["tasks"], key=lambda r: (r[5], r[0])):
            project_id = UUID(pid) if pid else None
            captured_at = datetime.fromisoformat(captured)
            closed_at = datetime.fromisoformat(closed) if closed else None
            task = KnownTask(
                id=UUID(tid),
                version=int(version),
                text=text,
                project=state.project_names.get(project_id, "") if project_id else "",
                project_id=project_id,
                status=status,
                first_day=state.day_of(captured_at),
                closed_day=state.day_of(closed_at) if closed_at else None,
                captured_at=captured_at,
                due=due_from_text(due),
                tags=tuple(json.loads(tags)) if tags else (),
                priority=priority,
                scheduled=due_from_text(json.loads(details).get("scheduled")) if details else None,
            )
            task.seen(normal_words(text), task.first_day)
            if task.closed_day:
                task.days.add(task.closed_day)
            state._add_task(task)
        for fact_key, originator in sorted(rows["keys"], key=lambda r: r[0].split("|", 2)[1]):
            state._key(fact_key, UUID(originator))
        for aid, tid, starts, status, version, text, scheduled in rows["appointments"]:
            state.appointments[UUID(tid)].append(
                KnownAppointment(
                    UUID(aid), int(version), text, start_from_text(starts), status, datetime.fromisoformat(scheduled)
                )
            )
        state._load_routines(views, db, first_day)
        state.recorded_texts = lambda task_id: {
            state.day_of(datetime.fromisoformat(at)): text for at, text in views.task_list_texts(db, task_id.hex)
        }
        return state

    def texts_of(self, task: KnownTask) -> dict[date, str]:
        """The words each day's list gave ``task``: as recorded, then as planned in this run."""
        return {**self.recorded_texts(task.id), **task.texts}

    def _load_routines(self, views: ImportViews, db: Database, first_day: date) -> None:
        """Routines with the marks the notes from ``first_day`` on can meet (not ten years of them)."""
        versions = views.routine_versions(db)
        since = datetime(first_day.year, first_day.month, first_day.day, tzinfo=self.tz) - views.MARKS_BACK
        for r in views.routines_as_of(db, marks_from=since):
            self.routines[normal_words(r.text)] = KnownRoutine(
                UUID(r.id), versions.get(r.id, 1), r.text, r.zone, r.schedule, set(r.marks)
            )

    def day_of(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()

    def _project(self, pid: UUID, norm: str) -> None:
        self.projects.setdefault(norm, pid)
        self.project_ids.add(pid)
        self.project_names[pid] = norm

    def _appointments_of(self, appointment_id: UUID) -> list[KnownAppointment]:
        """The appointment of that id, as known (an appointment is kept under its task)."""
        return [a for appts in self.appointments.values() for a in appts if a.id == appointment_id]

    def _add_task(self, task: KnownTask) -> None:
        self.tasks[task.id] = task
        self.by_project[task.project][task.id] = task

    def _key(self, fact_key: str, originator: UUID) -> None:
        self.keys[fact_key] = originator
        kind, day_text, rest = fact_key.split("|", 2)
        task = self.tasks.get(originator)
        if task is not None and kind in ("task", "done"):
            words = rest.split("|")[1]  # task|day|project|words|n
            task.seen(words, date.fromisoformat(day_text))

    def _split(self, task: KnownTask, day: date, into: KnownTask) -> None:
        """The task's sightings from ``day`` on are ``into``'s (recorded with the split): so are
        the import keys of those days, and the days and words it was seen in then."""
        for fact_key, originator in list(self.keys.items()):
            kind, day_text, rest = fact_key.split("|", 2)
            if originator == task.id and kind in ("task", "done") and date.fromisoformat(day_text) >= day:
                self.keys[fact_key] = into.id
                into.seen(rest.split("|")[1], date.fromisoformat(day_text))
        task.days = {d for d in task.days if d < day}
        task.texts = {d: t for d, t in task.texts.items() if d < day}

    def candidates(self, project: str, day: date) -> list[KnownTask]:
        """Tasks of a project (normalised name) that could be on that day's list, in capture order.

        Notes are planned in date order within a run, so a task closed before ``day`` can be
        no later line's task either: it is dropped from the project's pool for good.
        """
        pool = self.by_project.get(project)
        if not pool:
            return []
        out: list[KnownTask] = []
        stale: list[UUID] = []
        for tid, task in pool.items():
            if task.closed_day is not None and task.closed_day < day:
                stale.append(tid)
            elif task.first_day <= day:
                out.append(task)
        for tid in stale:
            del pool[tid]
        return out

    # -- keeping level --------------------------------------------------------------------

    def fold(self, events: Iterable[LedgerEvent]) -> None:
        """Take in events just recorded (or, in a dry run, planned)."""
        for e in events:
            if isinstance(e, ProjectStarted):
                self._project(e.originator_id, normal_name(e.name))
            elif isinstance(e, TaskCaptured):
                day = self.day_of(e.occurred_at)
                self._add_task(
                    KnownTask(
                        id=e.originator_id,
                        version=e.originator_version,
                        text=e.text,
                        project=self.project_names.get(e.project_id, "") if e.project_id else "",
                        project_id=e.project_id,
                        status="open",
                        first_day=day,
                        closed_day=None,
                        captured_at=e.occurred_at,
                        due=e.due,
                        tags=tuple(e.tags),
                        days={day},
                        texts={day: e.text},
                    )
                )
                self.handles.add(e.originator_id.hex[:7])
            elif isinstance(e, TaskFirstSeen):
                task = self.tasks[e.originator_id]
                day = self.day_of(e.occurred_at)
                task.version = e.originator_version
                task.days.add(day)
                task.texts[day] = e.text
                if day < task.first_day:
                    task.first_day, task.captured_at, task.text = day, e.occurred_at, e.text
            elif isinstance(e, (TaskCarried, TaskCompleted, TaskCancelled)):
                task = self.tasks[e.originator_id]
                task.version = e.originator_version
                task.days.add(self.day_of(e.occurred_at))
                if isinstance(e, TaskCarried) and e.text is not None:
                    task.texts[self.day_of(e.occurred_at)] = e.text
                if isinstance(e, TaskCompleted):
                    task.status, task.closed_day = "done", self.day_of(e.occurred_at)
                elif isinstance(e, TaskCancelled):
                    task.status, task.closed_day = "cancelled", self.day_of(e.occurred_at)
            elif isinstance(e, TaskSplit):
                self._split(self.tasks[e.originator_id], e.day, self.tasks[e.task_id])
                self.tasks[e.originator_id].version = e.originator_version
            elif isinstance(e, TaskPrioritized | TaskDueSet | TaskTagged | TaskUntagged | TaskScheduledSet) and e.originator_id in self.tasks:
                # a journal's task: captured with a priority, or a later list saying other fields
                task = self.tasks[e.originator_id]
                task.version = e.originator_version
                if isinstance(e, TaskPrioritized):
                    task.priority = e.priority
                elif isinstance(e, TaskDueSet):
                    task.due = e.due
                elif isinstance(e, TaskScheduledSet):
                    task.scheduled = e.scheduled
                elif isinstance(e, TaskTagged):
                    task.tags = (*task.tags, *(t for t in e.tags if t not in task.tags))
                else:
                    task.tags = tuple(t for t in task.tags if t not in e.tags)
            elif isinstance(e, AppointmentScheduled) and e.task_id is not None:
                self.appointments[e.task_id].append(
                    KnownAppointment(e.originator_id, 1, e.text, e.starts_at, "scheduled", e.occurred_at)
                )
                self.handles.add(e.originator_id.hex[:7])
            elif isinstance(e, OccurrenceDone | OccurrenceSkipped):
                for routine in self.routines.values():
                    if routine.id == e.originator_id:
                        routine.version = e.originator_version
                        routine.marks.add(e.occurrence_at.astimezone(UTC))
            elif isinstance(e, AppointmentRenamed | AppointmentFirstSeen | AppointmentMoved):
                for appt in self._appointments_of(e.originator_id):
                    appt.version = e.originator_version
                    if isinstance(e, AppointmentMoved):
                        appt.starts_at = e.starts_at
                    else:
                        appt.text = e.text
                    if isinstance(e, AppointmentFirstSeen):
                        appt.scheduled_at = min(appt.scheduled_at, e.occurred_at)
            if e.source.kind == "import" and e.source.detail:
                self._key(e.source.detail, e.originator_id)
