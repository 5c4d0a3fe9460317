"""Planning an import of tasks from another task manager: records -> the events they add.

Pure: no files, no database, no clock. A ``TaskRecord`` is one task as the other tool has it
(its own id, text, status, times, project, tags, notes); ``plan_tasks`` compares each with the
ledger's task of the same id and returns the events that make the ledger say the same, using
the task rules (``engine.rules.task``) so an import can do nothing a command could not.

- A task the ledger lacks is captured at its entry time (its project started then, the first
  time a name is seen), its notes recorded at their own times, and it is completed or
  cancelled at its end time.
- A task the ledger has gets only what differs: a new text, project, due date, tags or
  priority, and a status change, dated at the record's ``modified`` time (or its end time for a completion);
  notes whose text the task has already are not recorded again. Importing the same file twice
  therefore records nothing the second time.
- A task an older import left with a tag ``pri-H`` (``pri-M``, ``pri-L``), the priority as it was
  recorded before tasks had one, gets that priority instead of the tag (from a Taskwarrior file,
  ``TaskRecord.carries_priority``), even from a file older than the ledger's news.

Every event is dated in the user's life by the record's times and recorded now, so ``--as-of``
shows the imported past as it was.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID, uuid5

from engine.formats.records import TaskRecord
from engine.formats.taskwarrior import PRIORITY_TAG
from engine.rules import project as projects
from engine.rules import task as tasks
from engine.rules.errors import DayledgerError, InvalidInputError
from engine.rules.stamp import Stamp
from engine.rules.task_details import change_details
from engine.rules.text import clean_tags, clean_text, normal_name
from events import LedgerEvent, NoteRecorded, Source

__all__ = ["TaskPlan", "TaskRecord", "case_notes", "plan_tasks", "record_key"]

StampAt = Callable[[datetime], Stamp]


@dataclass
class TaskPlan:
    """What an import adds: the events, in order, and how many of each kind of change."""

    events: list[LedgerEvent] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)  # "FILE:LINE: why", one per record refused
    not_kept: list[str] = field(default_factory=list)  # "FILE:LINE: task UUID: what", what the ledger cannot keep


@dataclass
class _Known:
    tasks: dict[UUID, tasks.Task]
    projects: dict[str, UUID]
    project_ids: set[UUID]
    notes: set[tuple[UUID, str]]
    changed: dict[UUID, datetime]  # when the latest change the ledger knows of each task happened
    records: dict[UUID, list[datetime]]  # the ``modified`` times of the records each task was imported from


def plan_tasks(
    records: list[TaskRecord],
    *,
    known_tasks: dict[UUID, tasks.Task],
    known_projects: dict[str, UUID],
    known_project_ids: set[UUID],
    known_notes: set[tuple[UUID, str]],
    file: str,
    sha256: str,
    recorded_at: datetime,
    command_id: UUID,
    known_changed: dict[UUID, datetime] | None = None,
    known_records: dict[UUID, list[datetime]] | None = None,
) -> TaskPlan:
    """The events that bring ``records`` into a ledger holding the ``known_*`` things.

    ``known_changed`` says when the latest change the ledger knows of each task happened: a
    record last modified no later than that (a file exported before the task's later edits,
    imported after them) is older news, and changes nothing of the task (its new annotations
    are still recorded), so files imported in any order leave one history. ``known_records``
    says which records (by their ``modified`` time) each task was imported from: a record older
    than all of them is also older news, and its values hold from the task's entry until the
    oldest of them changed them, as date order would have it (``_earlier_values``). Each event
    a record adds names its ``modified`` time in its source (``record_key``).

    A record the rules refuse is reported in ``errors`` with its file and line; the caller
    records nothing when there are any, so a file is imported whole or not at all.
    """
    known = _Known(
        dict(known_tasks), dict(known_projects), set(known_project_ids), set(known_notes), dict(known_changed or {}), dict(known_records or {})
    )
    plan = TaskPlan()
    first_use: dict[str, datetime] = {}
    for r in records:
        if r.project and r.id not in known.tasks:
            norm = normal_name(r.project)
            if norm not in first_use or r.entry < first_use[norm]:
                first_use[norm] = r.entry
    seen: set[UUID] = set()
    for r in records:
        where = f"{file}:{r.line}"
        if r.id in seen:
            plan.errors.append(f"{where}: the task {r.id} appears twice in the file")
            continue
        seen.add(r.id)

        detail = record_key(r.id, r.modified) if r.modified is not None else None

        def stamp(at: datetime, line: int = r.line, detail: str | None = detail) -> Stamp:
            return Stamp(at, recorded_at, Source(kind="import", file=file, sha256=sha256, line=line, detail=detail), command_id)

        plan.not_kept += [f"{where}: task {r.id} {r.text!r}: not kept: {what}" for what in r.not_kept]
        try:
            events = _plan_one(r, known, stamp, first_use, plan.counts)
        except DayledgerError as e:
            plan.errors.append(f"{where}: {e}")
            continue
        plan.events.extend(events)
    return plan


def case_notes(records: list[TaskRecord], file: str) -> list[str]:
    """A note for each project name of the file that differs from an earlier one only in case or
    spacing (``+Garden``, ``+garden``): dayledger's projects are one by name, whatever the case,
    so both go to the project first named; said, not merged silently."""
    first: dict[str, tuple[str, int]] = {}
    said: set[str] = set()
    notes: list[str] = []
    for r in records:
        if not r.project:
            continue
        name, line = first.setdefault(normal_name(r.project), (r.project, r.line))
        if r.project != name and r.project not in said:
            said.add(r.project)
            notes.append(
                f"{file}:{r.line}: project {r.project!r} is taken as {name!r} (line {line}): "
                "project names that differ only in case are one project"
            )
    return notes


def _project_id(name: str | None, at: datetime, known: _Known, stamp_for: StampAt, out: list[LedgerEvent], counts: Counter[str]) -> UUID | None:
    if name is None or not name.strip():
        return None
    norm = normal_name(name)
    found = known.projects.get(norm)
    if found is not None:
        return found
    for attempt in range(1, 100):
        candidate = projects.project_id_for(name if attempt == 1 else f"{name}#{attempt}")
        if candidate not in known.project_ids:
            break
    out.extend(projects.start(name, stamp_for(at), candidate))
    known.projects[norm] = candidate
    known.project_ids.add(candidate)
    counts["projects started"] += 1
    return candidate


def _plan_one(r: TaskRecord, known: _Known, stamp: StampAt, first_use: dict[str, datetime], counts: Counter[str]) -> list[LedgerEvent]:
    out: list[LedgerEvent] = []
    task = known.tasks.get(r.id)
    if task is None:
        project_at = first_use.get(normal_name(r.project), r.entry) if r.project else r.entry
        project_id = _project_id(r.project, project_at, known, stamp, out, counts)
        captured = tasks.capture(
            r.id, r.text, stamp(r.entry), project_id=project_id, tags=r.tags, due=r.due, priority=r.priority, day=r.entry_day,
        )
        out.extend(captured)
        task = _details(r, tasks.task_from(captured) or task, stamp, out, new=True)
        counts["new"] += 1
        older = False
    else:
        changed = known.changed.get(r.id)
        newer = [m for m in known.records.get(r.id, ()) if r.modified is not None and m > r.modified]
        # older news than the ledger's: modified before its latest change, or before a record it has
        older = r.modified is not None and ((changed is not None and r.modified <= changed) or bool(newer))
        converted = _priority_tags(r, task, stamp, out, older=older) if r.carries_priority else task
        after = converted if older else _details(r, _changes(r, converted, known, stamp, out, counts), stamp, out, new=False)
        if after is not task:
            counts["changed"] += 1  # once, whatever changed
        if older and len(newer) == len(known.records.get(r.id, ())) > 0:  # older than every record it came from
            after = _earlier_values(r, after, min(newer), known, stamp, out, counts)
        task = after
    assert task is not None
    task = _notes(r, task, known, stamp, out, counts)
    if not older:
        task = _status(r, task, stamp, out, counts)
    known.tasks[r.id] = task
    return out


def record_key(task_id: UUID, modified: datetime) -> str:
    """The import key of a record, in its events' source: ``record|DAY|TASK|MODIFIED``."""
    return f"record|{modified.date().isoformat()}|{task_id.hex}|{modified.isoformat()}"


def _earlier_values(
    r: TaskRecord, task: tasks.Task, until: datetime, known: _Known, stamp: StampAt, out: list[LedgerEvent], counts: Counter[str]
) -> tasks.Task:
    """A record older than every record the task was imported from: in date order it was the
    task's first news, its values held from the entry until ``until`` (the oldest newer record's
    ``modified``), when that record's changes came. So: its values from the entry on, and the
    task's present values again from ``until`` (a later change the ledger has stays after them)."""
    at = task.captured_at
    project_id = _project_id(r.project, at, known, stamp, out, counts)
    wanted = clean_tags(r.tags)
    try:
        back = tasks.edit(
            task, stamp(at), text=r.text, project_id=project_id, due=r.due,
            add_tags=[t for t in wanted if t not in task.tags], remove_tags=[t for t in task.tags if t not in wanted],
            priority=r.priority if r.carries_priority else tasks.UNCHANGED,
        )
    except InvalidInputError:
        return task  # the same values
    then = tasks.task_from(back, task) or task
    again = tasks.edit(
        then, stamp(_later(until, task)), text=task.text, project_id=task.project_id, due=task.due,
        add_tags=[t for t in task.tags if t not in then.tags], remove_tags=[t for t in then.tags if t not in task.tags],
        priority=task.priority if r.carries_priority else tasks.UNCHANGED,
    )
    out.extend(back + again)
    counts["earlier values"] += 1
    return tasks.task_from(again, then) or then


def _later(at: datetime | None, task: tasks.Task) -> datetime:
    """A change's time, never before the task was captured."""
    return task.captured_at if at is None or at < task.captured_at else at


def _priority_tags(r: TaskRecord, task: tasks.Task, stamp: StampAt, out: list[LedgerEvent], *, older: bool) -> tasks.Task:
    """The task with its tags ``pri-H`` (``pri-M``, ``pri-L``) turned into its priority: the
    record's when it is newer news than the ledger's or the tags name it, else the last tag's
    (as the ledger had it). One change, not a conversion and then the record's change."""
    levels = [t[len(PRIORITY_TAG) :] for t in task.tags if t.startswith(PRIORITY_TAG) and t[len(PRIORITY_TAG) :] in tasks.PRIORITIES]
    if not levels:
        return task
    level = task.priority or (r.priority if not older or r.priority in levels else levels[-1])
    events = tasks.edit(
        task, stamp(_later(r.modified, task)), remove_tags=[PRIORITY_TAG + x for x in levels], priority=level
    )
    out.extend(events)
    return tasks.task_from(events, task) or task


def _changes(r: TaskRecord, task: tasks.Task, known: _Known, stamp: StampAt, out: list[LedgerEvent], counts: Counter[str]) -> tasks.Task:
    at = _later(r.modified, task)
    project_id = _project_id(r.project, at, known, stamp, out, counts)
    wanted = clean_tags(r.tags)
    try:
        events = tasks.edit(
            task, stamp(at),
            text=r.text,
            project_id=project_id,
            due=r.due,
            add_tags=[t for t in wanted if t not in task.tags],
            remove_tags=[t for t in task.tags if t not in wanted],
            priority=r.priority if r.carries_priority else tasks.UNCHANGED,
        )
    except InvalidInputError:
        return task  # nothing differs
    out.extend(events)
    return tasks.task_from(events, task) or task


def _details(r: TaskRecord, task: tasks.Task | None, stamp: StampAt, out: list[LedgerEvent], *, new: bool) -> tasks.Task:
    """Taskwarrior's wait, scheduled, until, start, depends, recurrence and attributes, as the record
    has them (a new task: at its entry; a change: at the record's ``modified``)."""
    assert task is not None
    if not r.carries_details:
        return task
    events = change_details(
        task, stamp(r.entry if new else _later(r.modified, task)),
        wait=r.details.wait, scheduled=r.details.scheduled, until=r.details.until, started=r.details.start,
        depends=r.details.depends, recurrence=r.details.recurrence, attributes=r.details.attributes,
    )
    out.extend(events)
    return tasks.task_from(events, task) or task if events else task


def _notes(r: TaskRecord, task: tasks.Task, known: _Known, stamp: StampAt, out: list[LedgerEvent], counts: Counter[str]) -> tasks.Task:
    for at, text in r.notes:
        clean = clean_text(text, "annotation")
        if (r.id, clean) in known.notes:
            continue
        known.notes.add((r.id, clean))
        note_id = uuid5(r.id, f"{at.isoformat()}|{clean}")
        out.append(
            NoteRecorded(**stamp(_later(at, task)).fields(note_id, 1), text=clean, project_id=task.project_id, task_id=r.id)
        )
        counts["notes"] += 1
    return task


def _status(r: TaskRecord, task: tasks.Task, stamp: StampAt, out: list[LedgerEvent], counts: Counter[str]) -> tasks.Task:
    if r.status == task.status:
        return task
    closed_at = r.end if r.end is not None else _later(r.modified, task)  # a completion before the entry: as the file says
    events: list[LedgerEvent] = []
    if task.status != "open":
        events += tasks.reopen(task, stamp(_later(r.modified, task) if r.status == "open" else closed_at))
        task = tasks.task_from(events, task) or task
        counts["reopened"] += 1
    if r.status == "done":
        done = tasks.complete(task, stamp(closed_at), as_told=r.end is not None, day=r.end_day if r.end is not None else None)
        events += done
        task = tasks.task_from(done, task) or task
        counts["completed"] += 1
    elif r.status == "cancelled":
        dropped = tasks.cancel(task, stamp(closed_at), "deleted in the tool it came from", as_told=r.end is not None)
        events += dropped
        task = tasks.task_from(dropped, task) or task
        counts["cancelled"] += 1
    out.extend(events)
    return task
