"""The ledger as daily notes, one plain-text file per day, in the style the notes importer reads:
what each day's note says is gathered here, ``engine.formats.notes.writer`` writes its text.

A day is written when something happened on it: notes, readings, tasks captured, carried or
completed. A task is listed on each day it was captured, carried (seen on that day's list) or
completed, with its current text, under ``Tasks`` or its project; ``– done`` on the day it was
completed, ``– cancelled`` on the day it was cancelled (when that closed it for good: a
cancellation undone by a reopening is left out, so the task reads back open); an appointment made for it (or moved) that day as ``– Appointment for DAY TIME``.
Notes about a task that day are its sub-points; other notes are the day's free lines (a note's
project is not written: a project heading needs a task under it). Left out, since a daily note cannot say them: reopenings,
tags and due dates, appointments that belong to no task, routines. Undone commands are left out.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from engine.formats.notes.writer import NoteDay, write_note
from engine.rules.all_day import start_from_text, start_moment

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["daily_notes"]

_TYPES = ("NoteRecorded", "ReadingLogged", "TaskCaptured", "TaskFirstSeen", "TaskCarried", "TaskCompleted", "TaskCancelled", "AppointmentScheduled", "AppointmentFirstSeen", "AppointmentMoved")


def daily_notes(db: Database, tz: tzinfo) -> dict[date, str]:
    """Every day with something on it, as the text of its daily note."""
    from projections.queries.facts import NOT_UNDONE
    from projections.views.task_fold import passed_over

    marks = ",".join("?" * len(_TYPES))
    with db.read() as cur:
        facts = cur.execute(
            f"SELECT originator_id, type, occurred_at, project_id, task_id, data FROM dl_facts WHERE type IN ({marks}) "
            f"AND {NOT_UNDONE} ORDER BY occurred_at, position",
            _TYPES,
        ).fetchall()
        rows = cur.execute("SELECT id, text, project_id, status, closed_at FROM dl_tasks").fetchall()
        tasks = {r[0]: (r[1], r[2]) for r in rows}
        closed = {r[0]: (r[3], r[4]) for r in rows if r[4] is not None}
        projects = dict(cur.execute("SELECT id, name FROM dl_projects").fetchall())
        appt_tasks = dict(cur.execute("SELECT id, task_id FROM dl_appointments WHERE task_id IS NOT NULL").fetchall())
    days: dict[date, NoteDay] = defaultdict(NoteDay)
    named_earlier = {f[0] for f in facts if f[1] == "AppointmentFirstSeen"}  # their scheduling line is not where they began
    for oid, kind, occurred, project_id, task_id, data in facts:
        if kind == "AppointmentScheduled" and oid in named_earlier:
            continue
        d = days[datetime.fromisoformat(occurred).astimezone(tz).date()]
        fields = json.loads(data)
        if kind == "NoteRecorded":
            if task_id and task_id in tasks:
                d.children[task_id].append(fields["text"])
            else:
                d.notes.append((fields["text"], project_id))
        elif kind == "ReadingLogged":
            d.readings.append((fields.get("arxiv_id") or "", fields["title"], fields.get("abstract")))
        elif kind.startswith("Task") and oid in tasks:
            if oid in closed and passed_over(kind, occurred, *closed[oid]):
                continue  # on a list after it was done: another task's (TaskSplit)
            if kind == "TaskCancelled":
                if closed.get(oid) != ("cancelled", occurred):
                    continue  # reopened since: a daily note cannot say so
                d.cancelled.add(oid)
            d.tasks[oid] = d.tasks.get(oid, False) or kind == "TaskCompleted"
        elif kind.startswith("Appointment"):
            linked = task_id if kind in ("AppointmentScheduled", "AppointmentFirstSeen") else appt_tasks.get(oid)
            if linked and linked in tasks:
                d.appointments[linked] = start_moment(start_from_text(fields["starts_at"]), tz)  # all day: as the day begins
    return {day: write_note(day, days[day], tasks, projects) for day in sorted(days)}
