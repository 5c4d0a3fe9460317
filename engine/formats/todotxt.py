"""todo.txt (one task a line, http://todotxt.org's format), both ways: reading a file into task
records, and writing tasks as one.

``x 2026-04-24 2026-04-20 Email Dana +Garage @phone due:2026-04-28`` is a task done on April 24,
written down on April 20, in the project Garage, tagged phone, due April 28.

- ``x`` then the completion date: done, on that day; ``(A)`` at the start: a tag ``pri-A`` (also
  the ``pri:A`` that some tools write when completing a task);
- the creation date: when it was captured (else the completion date, else the import);
- the first ``+project``: the task's project (more ``+words`` stay in the text); ``@context``: a
  tag; ``due:YYYY-MM-DD``: due at the start of that day; other ``key:value`` words stay in the
  text, but ``uuid:ID`` (a UUID) is the task's id;
- days are the user's (``--tz``): a date means the start of that day there;
- a word written with a backslash before it (``\\+milk``, ``\\due:soon``) is text, without the
  backslash: how ``write_todo`` keeps a task's own words that look like fields.

A task without ``uuid:`` gets an id made from its text (and how many times the same text came
before it in the file), so the same file imported again, or with tasks since completed,
re-prioritised, moved or given other tags, changes the same tasks; a task whose text was edited
is a new task. Before that, ``match_known`` looks for a task of the ledger with the same text
captured on the line's creation day (how ``export --format todotxt`` writes every task, whatever
it came from), so a ledger's own export imported back changes its tasks instead of copying them.
Blank lines are skipped.

Written (``write_todo``, the reverse): open tasks, then done ones, each in the order given (oldest
first): ``(A) 2026-04-20 Email Dana +Garage @phone due:2026-04-28`` and ``x 2026-04-24 2026-04-20
Renew library books``. A tag ``pri-A`` is the priority (written ``pri:A`` on a done task, as
todo.txt keeps it there); other tags are ``@contexts``; a project name's spaces become ``_`` (a
``+project`` is one word). Dates are the user's days. Cancelled tasks are not given to it: todo.txt
has no way to say a task was dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, tzinfo
from uuid import UUID, uuid5

from engine.formats.records import ExportedTask, TaskRecord
from engine.formats.taskwarrior import PRIORITY_TAG
from engine.rules.days import day_start
from engine.rules.errors import InvalidInputError
from engine.rules.task import Task
from engine.rules.text import normal_name

__all__ = ["NAMESPACE", "match_known", "read_todo", "todo_line", "write_todo"]

NAMESPACE = UUID("0b8f6c52-2a5e-4d61-9a0c-6e3f7d1c2b94")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PRIORITY = re.compile(r"\(([A-Z])\)")


_FIELDS = ("due:", "pri:", "uuid:")


def _field_like(word: str) -> bool:
    """Whether a word of a task's text would be read as more than text (``+project``, ``@context``,
    ``due:``, ``pri:``, ``uuid:``), or starts with the backslash that escapes those: written with a
    backslash before it, and read back without."""
    return (word[:1] in ("+", "@") and len(word) > 1) or word.startswith(_FIELDS) or word.startswith("\\")


def _date(text: str, where: str, what: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(f"{where}: {what} {text!r} is not a date (YYYY-MM-DD)") from None


def _words(line: str, where: str, tz: tzinfo, now: datetime) -> dict[str, object]:
    words = line.split()
    done = False
    completed: date | None = None
    created: date | None = None
    tags: list[str] = []
    if words[0] == "x":
        done = True
        words.pop(0)
        if words and _DATE.fullmatch(words[0]):
            completed = _date(words.pop(0), where, "the completion date")
    elif _PRIORITY.fullmatch(words[0]):
        tags.append(PRIORITY_TAG + words.pop(0)[1])
    if words and _DATE.fullmatch(words[0]):
        created = _date(words.pop(0), where, "the creation date")
    project: str | None = None
    due: datetime | None = None
    task_id: UUID | None = None
    text: list[str] = []
    for w in words:
        if w.startswith("\\") and _field_like(w[1:]):  # a word of the text, escaped on export
            text.append(w[1:])
        elif w.startswith("+") and len(w) > 1 and project is None:
            project = w[1:]
        elif w.startswith("@") and len(w) > 1:
            tags.append(w[1:])
        elif w.startswith("due:") and _DATE.fullmatch(w[4:]):
            due = day_start(_date(w[4:], where, "the due date"), tz)
        elif w.startswith("pri:") and len(w) == 5 and w[4].isupper():
            tags.append(PRIORITY_TAG + w[4])
        elif w.startswith("uuid:"):
            try:
                task_id = UUID(w[5:])
            except ValueError:
                raise InvalidInputError(f"{where}: {w!r} is not a UUID") from None
        else:
            text.append(w)
    if not text:
        raise InvalidInputError(f"{where}: the task has no text, only {' '.join(words) or 'dates'}")
    entry_day = created or completed
    return {
        "text": " ".join(text), "done": done, "completed": completed, "created": created, "project": project,
        "tags": tuple(dict.fromkeys(tags)), "due": due, "id": task_id,
        "entry": day_start(entry_day, tz) if entry_day else now,
    }


def read_todo(text: str, name: str, tz: tzinfo, now: datetime, *, modified: datetime | None = None) -> list[TaskRecord]:
    """The tasks of a todo.txt file, each last ``modified`` then (the file's own time; default
    ``now``). Raises InvalidInputError naming ``name`` and the line."""
    records: list[TaskRecord] = []
    seen: Counter[str] = Counter()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        w = _words(line, where, tz, now)
        key = normal_name(str(w["text"]))
        seen[key] += 1
        task_id = w["id"] if isinstance(w["id"], UUID) else uuid5(NAMESPACE, f"{key}|{seen[key]}")
        completed = w["completed"]
        entry = w["entry"]
        assert isinstance(entry, datetime)
        records.append(
            TaskRecord(
                id=task_id,
                text=str(w["text"]),
                status="done" if w["done"] else "open",
                entry=entry,
                line=number,
                modified=modified or now,
                end=day_start(completed, tz) if isinstance(completed, date) else (now if w["done"] else None),
                due=w["due"],  # type: ignore[arg-type]
                project=w["project"],  # type: ignore[arg-type]
                tags=w["tags"],  # type: ignore[arg-type]
                id_from_text=not isinstance(w["id"], UUID),
            )
        )
    return records


def match_known(records: list[TaskRecord], known: dict[UUID, Task], tz: tzinfo, projects: dict[str, UUID]) -> list[TaskRecord]:
    """The records, each whose id came from its text and is new to the ledger given the id of a
    ledger task with the same text captured on the record's day (oldest first, each task once).

    What todo.txt cannot say exactly is read as the matched task has it: its project when the
    ``+word`` is that name with ``_`` for spaces, its due time when the ``due:`` day is its day.
    ``projects``: normalised name -> id."""
    names = {pid: norm for norm, pid in projects.items()}
    claimed = {r.id for r in records if r.id in known}
    candidates: dict[tuple[str, date], list[Task]] = {}
    for task in sorted(known.values(), key=lambda t: (t.captured_at, t.id)):
        if task.id not in claimed:
            candidates.setdefault((normal_name(task.text), task.captured_at.astimezone(tz).date()), []).append(task)
    out: list[TaskRecord] = []
    for r in records:
        if r.id_from_text and r.id not in known:
            found = candidates.get((normal_name(r.text), r.entry.astimezone(tz).date()))
            if found:
                task = found.pop(0)
                r = replace(r, id=task.id)
                name = names.get(task.project_id) if task.project_id else None
                if r.project and name and normal_name(r.project.replace("_", " ")) == name:
                    r = replace(r, project=name)
                if r.due and task.due and r.due.astimezone(tz).date() == task.due.astimezone(tz).date():
                    r = replace(r, due=task.due)
        out.append(r)
    return out


# -- writing ---------------------------------------------------------------------------------

_ONE_LETTER = re.compile(r"[A-Z]")


def todo_line(t: ExportedTask, tz: tzinfo) -> str:
    """One task as a todo.txt line."""
    priority = next((tag[len(PRIORITY_TAG):] for tag in t.tags if tag.startswith(PRIORITY_TAG) and _ONE_LETTER.fullmatch(tag[len(PRIORITY_TAG):])), None)
    parts: list[str] = []
    if t.status == "done":
        parts.append("x")
        if t.end is not None:
            parts.append(t.end.astimezone(tz).date().isoformat())
    elif priority:
        parts.append(f"({priority})")
    parts.append(t.entry.astimezone(tz).date().isoformat())  # always: a text's first word is never read as a date
    parts += ["\\" + word if _field_like(word) else word for word in t.text.split()]
    if t.project:
        parts.append("+" + "_".join(t.project.split()))
    parts += ["@" + tag for tag in t.tags if tag != PRIORITY_TAG + (priority or "")]
    if t.due is not None:
        parts.append("due:" + t.due.astimezone(tz).date().isoformat())
    if t.status == "done" and priority:
        parts.append(f"pri:{priority}")
    return " ".join(parts)


def write_todo(tasks: Sequence[ExportedTask], tz: tzinfo) -> bytes:
    """Open tasks, then done ones (each in the order given), as a todo.txt file."""
    ordered = sorted(tasks, key=lambda t: t.status != "open")  # stable: the given order within each
    return "".join(todo_line(t, tz) + "\n" for t in ordered).encode("utf-8")
