"""Recording an import of an iCalendar file: read it, plan it, append it whole.

A file is one atomic append: every appointment in it or none (a VEVENT that cannot be read refuses
the whole file, naming its line and UID). The write is the unit of work's, through the tasks
import's ``record_planned``: when another writer got there first, the ledger is read again and
the file planned again, a bounded number of times; the views are caught up before and after.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from engine.formats.ics import CalendarFile, CalendarTodo, appointment_id, read_calendar
from engine.formats.records import TaskRecord
from engine.importers.calendar.plan import CalendarPlan, KnownCalendar, plan_calendar
from engine.importers.tasks.plan import plan_tasks
from engine.importers.tasks.recording import read_file, record_planned, refuse_errors
from engine.rules import series as rules
from engine.rules.clock import now

if TYPE_CHECKING:
    from engine.commands.ports import ImportViews
    from engine.commands.unit_of_work import UnitOfWork
    from engine.storage.location import LedgerLocation

__all__ = ["CalendarImportReport", "import_calendar"]


@dataclass
class CalendarImportReport:
    """What an import of one calendar file did (or, in a dry run, would do)."""

    file: str
    dry_run: bool
    vevents: int = 0
    appointments: int = 0  # single appointments and expanded occurrences in the file
    recurring: int = 0  # VEVENTs kept as recurring appointments
    todos: int = 0  # VTODOs, imported as tasks
    expanded: int = 0  # VEVENTs whose rule was expanded into occurrences
    events: int = 0
    skipped: int = 0  # VEVENTs and VTODOs that could not be read (each in ``notes``)
    counts: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)


def import_calendar(
    location: LedgerLocation, path: str, *, tz: tzinfo, expand_until: datetime, views: ImportViews, dry_run: bool = False
) -> CalendarImportReport:
    """Import the appointments of the iCalendar file at ``path``."""
    text, sha256 = read_file(path)
    cal = read_calendar(text, path, tz, expand_until=expand_until)
    report = CalendarImportReport(
        file=path, dry_run=dry_run, vevents=cal.vevents, appointments=sum(not e.gone for e in cal.entries),
        recurring=len(cal.series), expanded=cal.expanded, todos=len(cal.todos),
    )
    plan = record_planned(
        location, views, lambda work: _plan(work, cal, path, sha256, tz), lambda planned: planned.events,
        dry_run=dry_run, path=path, what="appointments",
    )
    report.events = len(plan.events)
    report.counts = plan.counts
    report.notes = [*cal.notes, *plan.notes]
    report.skipped = cal.skipped
    return report


def _plan(work: UnitOfWork, cal: CalendarFile, path: str, sha256: str, tz: tzinfo) -> CalendarPlan:
    known = work.views.known_appointments(work.db)
    series: dict[uuid.UUID, rules.Series] = {}
    named = [s.id for s in cal.series] + [e.occurrence_of[0] for e in cal.entries if e.occurrence_of is not None]
    wanted = [i for i in dict.fromkeys(named) if i in known.series_ids]
    for series_id in wanted:
        folded = rules.series_from(work.store.history(series_id))
        if folded is not None:
            series[series_id] = folded
    plan = plan_calendar(
        cal,
        KnownCalendar(
            appointments=known.appointments,
            series=series,
            projects=known.projects,
            project_ids=known.project_ids,
            other_ids=known.task_ids | known.project_ids | known.series_ids,
            sequences=known.sequences,
        ),
        file=path,
        sha256=sha256,
        tz=tz,
        recorded_at=now(),
        command_id=uuid.uuid4(),
    )
    if cal.todos:
        _plan_todos(work, plan, cal.todos, path, sha256, tz)
    refuse_errors(plan.errors)
    return plan


def _plan_todos(work: UnitOfWork, plan: CalendarPlan, todos: list[CalendarTodo], path: str, sha256: str, tz: tzinfo) -> None:
    """The calendar's VTODOs, planned as any tasks file is (``engine.importers.tasks``), into the same write."""
    known = work.views.known_tasks(work.db)
    at = now()
    records = [_record(t, tz, at) for t in todos]
    tasks = plan_tasks(
        records, known_tasks=known.tasks, known_projects=known.projects, known_project_ids=known.project_ids,
        known_notes=known.notes, known_changed=known.changed, file=path, sha256=sha256, recorded_at=at, command_id=uuid.uuid4(),
    )
    plan.events.extend(tasks.events)
    plan.errors.extend(tasks.errors)
    for kind, count in tasks.counts.items():
        plan.counts[kind if kind == "projects started" else f"tasks {kind}"] += count
    touched = {e.originator_id for e in tasks.events}
    plan.counts["unchanged"] += sum(r.id in known.tasks and r.id not in touched for r in records)  # as the VEVENTs are counted


def _record(t: CalendarTodo, tz: tzinfo, at: datetime) -> TaskRecord:
    """A VTODO as a task record; a DUE without a time stays a day (due that day in every zone)."""
    due = t.due
    entry = min(t.made_at or at, at)
    end = (t.completed_at or t.changed_at or at) if t.status != "open" else None
    return TaskRecord(
        id=appointment_id(t.uid), text=t.text, status=t.status, entry=entry, line=t.line, modified=t.changed_at,  # type: ignore[arg-type]
        end=max(end, entry) if end else None, due=due, project=t.project, tags=t.tags, priority=t.priority, carries_priority=True,
    )
