"""The ledger as daily notes, one plain-text file per day, in the style the notes importer reads.

    Notes 4.21.2026

    Rain all day, so a trainer ride in the garage

    [2604.18342] Notes Toward a Field Guide to Loss Landscapes
      • The abstract's first paragraph
        and the next ones

    Tasks

      • Continue filling out permissions spreadsheet
      • Dentist – Appointment for 2026-04-23 14:00
      • Groceries – done
          ◦ a note written about the task that day

    SBIRs

      • Draft the data management plan section – done

A day is written when something happened on it: notes, readings, tasks captured, carried or
completed. A task is listed on each day it was captured, carried (seen on that day's list) or
completed, with its current text, under ``Tasks`` or its project; ``– done`` on the day it was
completed; an appointment made for it (or moved) that day as ``– Appointment for DAY TIME``.
Notes about a task that day are its sub-points; other notes are the day's free lines (a note's
project is not written: a project heading needs a task under it). Left out, since a daily note cannot say them: cancellations and reopenings,
tags and due dates, appointments that belong to no task, routines. Undone commands are left out.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["daily_notes"]

_TYPES = ("NoteRecorded", "ReadingLogged", "TaskCaptured", "TaskCarried", "TaskCompleted", "AppointmentScheduled", "AppointmentMoved")


@dataclass
class _Day:
    notes: list[tuple[str, str | None]] = field(default_factory=list)  # (text, project id)
    readings: list[tuple[str, str, str | None]] = field(default_factory=list)  # (arxiv id, title, abstract)
    tasks: dict[str, bool] = field(default_factory=dict)  # task id -> done that day, in order of first mention
    children: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    appointments: dict[str, datetime] = field(default_factory=dict)  # task id -> the time set that day


def _title(day: date) -> str:
    return f"Notes {day.month}.{day.day}.{day.year}"


def daily_notes(db: Database, tz: tzinfo) -> dict[date, str]:
    """Every day with something on it, as the text of its daily note."""
    from projections.queries.facts import NOT_UNDONE

    marks = ",".join("?" * len(_TYPES))
    with db.read() as cur:
        facts = cur.execute(
            f"SELECT originator_id, type, occurred_at, project_id, task_id, data FROM dl_facts WHERE type IN ({marks}) "
            f"AND {NOT_UNDONE} ORDER BY occurred_at, position",
            _TYPES,
        ).fetchall()
        tasks = {r[0]: (r[1], r[2]) for r in cur.execute("SELECT id, text, project_id FROM dl_tasks").fetchall()}
        projects = dict(cur.execute("SELECT id, name FROM dl_projects").fetchall())
        appt_tasks = dict(cur.execute("SELECT id, task_id FROM dl_appointments WHERE task_id IS NOT NULL").fetchall())
    days: dict[date, _Day] = defaultdict(_Day)
    for oid, kind, occurred, project_id, task_id, data in facts:
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
            d.tasks[oid] = d.tasks.get(oid, False) or kind == "TaskCompleted"
        elif kind.startswith("Appointment"):
            linked = task_id if kind == "AppointmentScheduled" else appt_tasks.get(oid)
            if linked and linked in tasks:
                d.appointments[linked] = datetime.fromisoformat(fields["starts_at"]).astimezone(tz)
    return {day: _render(day, days[day], tasks, projects) for day in sorted(days)}


def _render(day: date, d: _Day, tasks: dict[str, tuple[str, str | None]], projects: dict[str, str]) -> str:
    for task_id in list(d.children) + list(d.appointments):
        d.tasks.setdefault(task_id, False)  # a note or an appointment about a task puts it on the list
    sections: dict[str | None, list[str]] = defaultdict(list)
    for task_id, done in d.tasks.items():
        text, project_id = tasks[task_id]
        line = f"  • {text}"
        if task_id in d.appointments:
            line += f" – Appointment for {d.appointments[task_id]:%Y-%m-%d %H:%M}"
        if done:
            line += " – done"
        sections[project_id].append(line)
        sections[project_id].extend(f"      ◦ {' '.join(child.split())}" for child in d.children.get(task_id, ()))
    out = [_title(day), ""]
    free = [text for text, _ in d.notes]
    out += [line for text in free for line in (" ".join(text.split()), "")]
    for arxiv_id, title, abstract in d.readings:
        out.append(f"[{arxiv_id}] {' '.join(title.split())}" if arxiv_id else " ".join(title.split()))
        paragraphs = [p.strip() for p in (abstract or "").splitlines() if p.strip()]
        out += [("  • " if i == 0 else "    ") + p for i, p in enumerate(paragraphs)]
        out.append("")
    if sections.get(None):
        out += ["Tasks", "", *sections.pop(None), ""]
    sections.pop(None, None)
    for project_id, lines in sorted(sections.items(), key=lambda kv: projects.get(kv[0] or "", "").casefold()):
        out += [" ".join(projects.get(project_id or "", "Project").split()), "", *lines, ""]
    return "\n".join(out).rstrip("\n") + "\n"
