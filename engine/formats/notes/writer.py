"""Writing a daily note, the reverse of ``engine.formats.notes.parser``: one day's notes, readings
and tasks as the plain text the notes importer reads.

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

The free lines first, then the readings, then the tasks with no project under ``Tasks`` and each
project's under its name (in order of the names). A task is written with its current text,
``– done`` on the day it was completed (``– cancelled`` on the day it was cancelled), and an appointment made for it (or moved) that day as
``– Appointment for DAY TIME``; notes about it that day are its sub-points. A mark in a task's own
words is written after a backslash (``Pay the plumber \\– done``), and a project whose name would
not read back as that heading as ``# Name`` or ``# \\Name``, so the parser gives both back whole. A task a note or an
appointment of the day is about is listed, done or not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from engine.formats.notes.marks import escape_marks

__all__ = ["NoteDay", "note_title", "write_note"]


@dataclass
class NoteDay:
    """What one day's note says, as gathered from the ledger (in the order it happened)."""

    notes: list[tuple[str, str | None]] = field(default_factory=list)  # (text, project id)
    readings: list[tuple[str, str, str | None]] = field(default_factory=list)  # (arxiv id, title, abstract)
    tasks: dict[str, bool] = field(default_factory=dict)  # task id -> done that day, in order of first mention
    cancelled: set[str] = field(default_factory=set)  # tasks cancelled that day (and not reopened since)
    children: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    appointments: dict[str, datetime] = field(default_factory=dict)  # task id -> the time set that day


def _as_free_line(text: str) -> str:
    """A note's text as a line the parser reads back as that note: escaped with a backslash
    (parser rule 0) when it would read as anything else, a bullet (a task), a heading, a paper."""
    from engine.formats.notes.marks import extract_arxiv_id
    from engine.formats.notes.model import ParseOptions
    from engine.formats.notes.parser import ESCAPE

    first = text[:1]
    heading = text.rstrip(":").strip().casefold()
    if not first.isalpha() or heading in ParseOptions().task_headings or extract_arxiv_id(text) is not None:
        return ESCAPE + text
    return text


def _as_heading(name: str) -> str:
    """A project's name as a heading the parser reads back as that project: as it is when it reads
    so (most names), else as a Markdown heading ("# A name too long, or ending in a full stop."),
    else escaped ("# \\Tasks")."""
    from engine.formats.notes.model import Heading
    from engine.formats.notes.parser import parse_note

    for heading in (name, f"# {name}"):
        items = parse_note(f"{note_title(date(2000, 1, 1))}\n\n{heading}\n\n  • x\n", name="heading").items
        if items and isinstance(items[0], Heading) and items[0].is_project and items[0].text == name:
            return heading
    return f"# \\{name}"  # a name that reads as something else ("Tasks", "**bold**", "Garden:"): escaped


def note_title(day: date) -> str:
    """The title line of ``day``'s note: ``Notes 4.21.2026``."""
    return f"Notes {day.month}.{day.day}.{day.year}"


def write_note(day: date, d: NoteDay, tasks: Mapping[str, tuple[str, str | None]], projects: Mapping[str, str]) -> str:
    """The text of ``day``'s note. ``tasks``: id -> (current text, project id) of every task
    ``d`` names; ``projects``: id -> name (a heading sorts by it)."""
    for task_id in list(d.children) + list(d.appointments):
        d.tasks.setdefault(task_id, False)  # a note or an appointment about a task puts it on the list
    sections: dict[str | None, list[str]] = defaultdict(list)
    for task_id, done in d.tasks.items():
        text, project_id = tasks[task_id]
        line = f"  • {escape_marks(text)}"
        if task_id in d.appointments:
            line += f" – Appointment for {d.appointments[task_id]:%Y-%m-%d %H:%M}"
        if done:
            line += " – done"
        elif task_id in d.cancelled:
            line += " – cancelled"
        sections[project_id].append(line)
        sections[project_id].extend(f"      ◦ {' '.join(child.split())}" for child in d.children.get(task_id, ()))
    out = [note_title(day), ""]
    free = [text for text, _ in d.notes]
    out += [line for text in free for line in (_as_free_line(" ".join(text.split())), "")]
    for arxiv_id, title, abstract in d.readings:
        out.append(f"[{arxiv_id}] {' '.join(title.split())}" if arxiv_id else " ".join(title.split()))
        paragraphs = [p.strip() for p in (abstract or "").splitlines() if p.strip()]
        out += [("  • " if i == 0 else "    ") + p for i, p in enumerate(paragraphs)]
        out.append("")
    if sections.get(None):
        out += ["Tasks", "", *sections.pop(None), ""]
    sections.pop(None, None)
    for project_id, lines in sorted(sections.items(), key=lambda kv: projects.get(kv[0] or "", "").casefold()):
        out += [_as_heading(" ".join(projects.get(project_id or "", "Project").split())), "", *lines, ""]
    return "\n".join(out).rstrip("\n") + "\n"
