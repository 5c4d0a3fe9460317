"""What a daily note is read into: plain frozen records, one per non-blank line.

Every non-blank line of a note ends up in exactly one place: the title line, an item's
``line``, a task's child (``SubPoint.line``) or a paper's abstract (``Reading.abstract_lines``).
Nothing here knows about the ledger; turning these records into events is another layer's job.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Literal

from engine.rules.errors import InvalidInputError

__all__ = [
    "FreeLine",
    "Heading",
    "Item",
    "NoteDialect",
    "ParseOptions",
    "ParsedNote",
    "Reading",
    "SubPoint",
    "TaskLine",
]


@dataclass(frozen=True)
class ParseOptions:
    """How to read notes.

    date_order: how to read an all-numeric title date such as ``4.5.2026``:
        "MDY" (April 5, the default: the notes this was written for are American) or "DMY".
    task_headings: headings (case-insensitive, a trailing colon ignored) whose tasks belong
        to no project; every other heading names the project of the tasks under it.
    """

    date_order: Literal["MDY", "DMY"] = "MDY"
    task_headings: tuple[str, ...] = ("tasks", "todo", "to do", "to-do")

    def __post_init__(self) -> None:
        if self.date_order not in ("MDY", "DMY"):
            raise InvalidInputError(f"date order must be MDY or DMY, not {self.date_order!r}")


@dataclass(frozen=True)
class SubPoint:
    """A bullet or line nested under a task; links and text kept verbatim (bullet removed)."""

    line: int
    text: str
    depth: int  # 1 = right under the task, 2 = under that, ...


@dataclass(frozen=True)
class FreeLine:
    """A line that is not a task: a note. understood=False when we could not tell what it is."""

    line: int
    text: str
    understood: bool
    section: str | None  # the heading it sits under, if any
    at: time | None = None  # the local time it was written at, when the note says (jrnl); else the day's start


@dataclass(frozen=True)
class Reading:
    """A paper, named by its arXiv id, with the abstract found under it."""

    line: int
    arxiv_id: str
    title: str
    abstract: str  # the abstract's lines joined with newlines ("" when there is none)
    abstract_lines: tuple[int, ...]


@dataclass(frozen=True)
class TaskLine:
    """A bullet under a heading.

    text: the task's words without the bullet, the done mark and the appointment phrase.
    appointment_when: the raw phrase after "Appointment for/on/at" ("Tuesday morning");
        turning it into a date is not the parser's job.
    raw: the whole line as written.
    """

    line: int
    text: str
    project: str | None
    done: bool
    done_mark: str | None
    appointment_when: str | None
    raw: str
    children: tuple[SubPoint, ...]
    # What journals of other programs say about a task (Logseq, Obsidian); the plain notes say none of it.
    cancelled: bool = False  # "- [-]", "CANCELED": dropped that day (done is then False)
    done_on: date | None = None  # the day it was done, when the line says ("✅ 2026-04-24"); else the note's day
    due: date | None = None  # "📅 2026-04-28", "DEADLINE: <2026-04-28 Tue>"
    tags: tuple[str, ...] = ()  # "#tag" words (they stay in the text too)
    priority: str | None = None  # H, M or L
    scheduled: date | None = None  # "SCHEDULED: <2026-04-26 Sun>", "⏳ 2026-04-26": work on it is to begin that day
    # The line says the task's due day, scheduled day, tags and priority (a journal's): on the task's latest list,
    # one it does not say is one the task does not have. The plain notes say none of them.
    carries_fields: bool = False


@dataclass(frozen=True)
class Heading:
    """A section heading; is_project is False for task headings such as "Tasks"."""

    line: int
    text: str
    is_project: bool


Item = FreeLine | Reading | TaskLine | Heading


@dataclass(frozen=True)
class NoteDialect:
    """How one program's daily notes are read: which files in the folders given are notes, the
    day of a note (read cheaply, to skip a note recorded already), and the note itself. The
    plain notes are ``engine.formats.notes.files.PLAIN``; Logseq's and Obsidian's journals are
    read by ``engine.formats.logseq`` and ``engine.formats.obsidian``."""

    name: str
    parse: Callable[[str, str, ParseOptions], ParsedNote]  # (text, file name, options)
    day: Callable[[str, str, ParseOptions], date]  # the day parse would give, from as little as can tell
    folders: Callable[[Sequence[str]], list[str]] | None = None  # the folders to walk for the paths given
    is_note: Callable[[str], bool] | None = None  # a file found in a folder (its name) is a note


@dataclass(frozen=True)
class ParsedNote:
    """One day's note, read."""

    name: str  # the file name or path given, used in messages
    day: date
    author: str | None
    title_line: int | None  # None when the date came from the file name
    items: tuple[Item, ...]  # in file order

    @property
    def unclear(self) -> tuple[FreeLine, ...]:
        """The lines we could not make sense of: worth showing to the user."""
        return tuple(i for i in self.items if isinstance(i, FreeLine) and not i.understood)
