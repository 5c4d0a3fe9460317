"""todo.txt (one task a line, http://todotxt.org's format), both ways: reading a file into task
records, and writing tasks as one.

``x 2026-04-24 2026-04-20 Email Dana +Garage @phone due:2026-04-28`` is a task done on April 24,
written down on April 20, in the project Garage, tagged phone, due April 28.

- ``x`` then the completion date: done, on that day; ``(A)``, ``(B)``, ``(C)`` at the start: the
  priority H, M, L (also the ``pri:A`` that some tools write when completing a task); a line without
  one has none; ``(D)`` to ``(Z)``: a tag ``pri-D``... (as every priority was read before: a task
  imported so has its tag ``pri-A`` turned into its priority by the next import);
- the creation date: when it was captured (else the completion date, else the import);
- ``+project`` and ``@context`` are what todo.txt-cli takes for them: the sign, then any
  characters, ending in a letter, digit or ``_`` (``+!``, ``+(bar)``, ``@*``, ``lost+found`` are words);
- the words stay where they are: a ``+project`` or ``@context`` among the words is part of the
  text (``my +flowers are +roses in the middle`` is that text); only those after the last other word
  (where todo.txt clients add them) are left out of it;
- the first ``+project`` is the task's project; later ones are words of its text (a task has one
  project), never tags; ``@context``: a tag;
- ``due:YYYY-MM-DD``: due that day, a day without a time (the same day in every zone); other
  ``key:value`` words stay in the text, but ``uuid:ID`` (a UUID) is the task's id;
- a creation or completion date is a day (``TaskRecord.entry_day``, ``end_day``, recorded with the
  capture and the completion), dated at the start of that day in the user's zone (``--tz``);
- a word written with a backslash before it (``\\+milk``, ``\\due:soon``) is text, without the
  backslash: how ``write_todo`` keeps a task's own words that would be read as other fields.

A task without ``uuid:`` gets an id made from its words without fields (as every import since the
first has read them, so ledgers imported before change the same tasks) and how many times the same
words came before in the file, so the same file imported again, or with tasks since completed,
re-prioritised, moved or given other tags, changes the same tasks; a task whose words were edited
is a new task. Lines with the same words (``Call mom +Home``, ``Call mom +Work``) are given the
ledger's tasks with their project and tags first, so reordering the file never swaps them. Then
``match_known`` looks for a task of the ledger with the same text captured on the line's creation
day (or a day either side: an export written in another zone), how ``export --format todotxt``
writes every task, whatever it came from, so a ledger's own export imported back changes nothing.
Project names that differ only in case are one project in dayledger: the import says so
(``engine.importers.tasks.plan.case_notes``). Blank lines are skipped.

Written (``write_todo``, the reverse): open tasks, then done ones, each in the order given (oldest
first): ``(A) 2026-04-20 Email Dana +Garage @phone due:2026-04-28`` and ``x 2026-04-24 2026-04-20
Renew library books``. The words as they are, then the project and the tags not among them; a
line that would read back otherwise (a ``+word`` in the text before the project's, say) has every
such word escaped. The priority H, M, L is ``(A)``, ``(B)``, ``(C)``, else a tag ``pri-D`` is ``(D)``
(written ``pri:A`` on a done task, as todo.txt keeps it there); other tags are ``@contexts``; a project name's spaces become ``_`` (a ``+project``
is one word). A creation or completion date read from todo.txt, and a due day, is itself in every
zone; other dates are the user's days. Cancelled tasks are not given to it:
todo.txt has no way to say a task was dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo
from uuid import UUID, uuid5

from engine.formats.records import ExportedTask, TaskRecord
from engine.formats.taskwarrior import PRIORITY_TAG
from engine.rules.days import day_start
from engine.rules.due import due_day
from engine.rules.errors import InvalidInputError
from engine.rules.task import Task
from engine.rules.text import normal_name

__all__ = ["NAMESPACE", "match_known", "read_todo", "todo_line", "write_todo"]

NAMESPACE = UUID("0b8f6c52-2a5e-4d61-9a0c-6e3f7d1c2b94")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PRIORITY = re.compile(r"\(([A-Z])\)")
# todo.txt's first three priorities are dayledger's (and Taskwarrior's) three; D to Z stay tags pri-D...
LETTER_PRIORITIES = {"A": "H", "B": "M", "C": "L"}
PRIORITY_LETTERS = {level: letter for letter, level in LETTER_PRIORITIES.items()}
_DAY = timedelta(days=1)


_FIELDS = ("due:", "pri:", "uuid:")
# todo.txt-cli's rule for a +project or @context: the sign, then any characters, ending in a letter,
# a digit or ``_`` (letters of any script): ``+!``, ``+(bar)``, ``@*`` and a lone ``+`` are words.
_MARK = re.compile(r"[+@]\S*\w")


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


@dataclass(frozen=True)
class _Line:
    text: str
    key: str  # the words without fields, as the first todo.txt imports read them (ids are made from it)
    done: bool
    completed: date | None
    created: date | None
    project: str | None
    tags: tuple[str, ...]
    due: date | None
    id: UUID | None
    priority: str | None = None  # H, M or L: (A), (B), (C)


def _is_field(word: str) -> bool:
    """``due:YYYY-MM-DD``, ``pri:A`` or ``uuid:...``: a field, never a word of the text."""
    return (word.startswith("due:") and bool(_DATE.fullmatch(word[4:]))) or (
        word.startswith("pri:") and len(word) == 5 and word[4].isupper()
    ) or word.startswith("uuid:")


def _legacy_key(words: list[str]) -> str:
    """The text as dayledger read todo.txt before words stayed in place (the first ``+word`` and
    every ``@word`` left out): the ids of tasks imported since then are made from it."""
    out: list[str] = []
    project_seen = False
    for w in words:
        if w.startswith("\\") and _field_like(w[1:]):
            out.append(w[1:])
        elif w.startswith("+") and len(w) > 1 and not project_seen:
            project_seen = True
        elif not ((w.startswith("@") and len(w) > 1) or _is_field(w)):
            out.append(w)
    return " ".join(out)


def _line(line: str, where: str) -> _Line:
    """One line's fields. Words stay where they are: a ``+project`` or ``@context`` among the words
    is part of the text (and sets the project, a tag); those after the last other word (where
    todo.txt clients add them) are not; ``due:``, ``pri:`` and ``uuid:`` never are."""
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
        tags.append(PRIORITY_TAG + words.pop(0)[1])  # (A)-(C): the priority, below
    if words and _DATE.fullmatch(words[0]):
        created = _date(words.pop(0), where, "the creation date")
    project: str | None = None
    due: date | None = None
    task_id: UUID | None = None
    kept: list[tuple[str, str]] = []  # (word as text, what it is: text, project, context)
    for w in words:
        if w.startswith("\\") and _field_like(w[1:]):  # a word of the text, escaped on export
            kept.append((w[1:], "text"))
        elif _MARK.fullmatch(w) and w[0] == "+":
            kept.append((w, "project" if project is None else "text"))
            project = project or w[1:]
        elif _MARK.fullmatch(w):
            tags.append(w[1:])
            kept.append((w, "context"))
        elif w.startswith("due:") and _DATE.fullmatch(w[4:]):
            due = _date(w[4:], where, "the due date")
        elif w.startswith("pri:") and len(w) == 5 and w[4].isupper():
            tags.append(PRIORITY_TAG + w[4])
        elif w.startswith("uuid:"):
            try:
                task_id = UUID(w[5:])
            except ValueError:
                raise InvalidInputError(f"{where}: {w!r} is not a UUID") from None
        else:
            kept.append((w, "text"))
    while kept and kept[-1][1] != "text":  # the fields after the last word of the text
        kept.pop()
    if not kept:
        raise InvalidInputError(f"{where}: the task has no text, only {' '.join(words) or 'dates'}")
    letters = [t[len(PRIORITY_TAG):] for t in tags if t.startswith(PRIORITY_TAG) and t[len(PRIORITY_TAG):] in LETTER_PRIORITIES]
    priority = LETTER_PRIORITIES[letters[0]] if letters else None
    tags = [t for t in tags if not (t.startswith(PRIORITY_TAG) and t[len(PRIORITY_TAG):] in LETTER_PRIORITIES)]
    return _Line(
        " ".join(w for w, _ in kept), _legacy_key(words), done, completed, created, project, tuple(dict.fromkeys(tags)), due, task_id,
        priority,
    )


def read_todo(text: str, name: str, tz: tzinfo, now: datetime, *, modified: datetime | None = None) -> list[TaskRecord]:
    """The tasks of a todo.txt file, each last ``modified`` then (the file's own time; default
    ``now``). Raises InvalidInputError naming ``name`` and the line."""
    records: list[TaskRecord] = []
    seen: Counter[str] = Counter()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        w = _line(line, f"{name}:{number}")
        key = normal_name(w.key or w.text)
        seen[key] += 1
        entry_day = w.created or w.completed
        records.append(
            TaskRecord(
                id=w.id or uuid5(NAMESPACE, f"{key}|{seen[key]}"),
                text=w.text,
                status="done" if w.done else "open",
                entry=day_start(entry_day, tz) if entry_day else now,
                line=number,
                modified=modified or now,
                end=day_start(w.completed, tz) if w.completed else (now if w.done else None),
                due=w.due,
                project=w.project,
                tags=w.tags,
                priority=w.priority,
                carries_priority=True,
                id_from_text=w.id is None,
                text_key=None if w.id else key,
                entry_day=entry_day,
                end_day=w.completed,
            )
        )
    return records


def match_known(records: list[TaskRecord], known: dict[UUID, Task], tz: tzinfo, projects: dict[str, UUID]) -> list[TaskRecord]:
    """The records, each whose id came from its text matched to the ledger's task it is.

    First the lines of one text (``Call mom +Home``, ``Call mom +Work``) are given the ledger's
    tasks of that text whose project, tags and words they have (``_settle``), so lines moved
    about in the file never swap two tasks. Then a record still new to the ledger is given the
    id of a ledger task with the same text captured on the record's day (oldest first, each
    task once): how ``export --format todotxt`` writes every task, whatever it came from.

    What todo.txt cannot say exactly is read as the matched task has it: its project when the
    ``+word`` is that name with ``_`` for spaces, its due time when the ``due:`` day is its day.
    ``projects``: normalised name -> id."""
    records = _settle(records, known, projects)
    names = {pid: norm for norm, pid in projects.items()}
    claimed = {r.id for r in records if r.id in known}
    candidates: dict[tuple[str, date], list[Task]] = {}
    for task in sorted(known.values(), key=lambda t: (t.captured_at, t.id)):
        template = task.recurrence is not None and task.recurrence.parent is None and task.recurrence.recur is not None
        if task.id not in claimed and not template:  # a template is never written to todo.txt
            candidates.setdefault((normal_name(task.text), task.captured_at.astimezone(tz).date()), []).append(task)
    out = list(records)
    for shifts in ((0,), (-1, 1)):  # the capture day as this zone sees it, then a day either side (an export from another zone)
        for i, r in enumerate(out):
            if not r.id_from_text or r.id in known or r.id in claimed:
                continue
            day, text = r.entry.astimezone(tz).date(), normal_name(r.text)
            found = next((c for n in shifts if (c := candidates.get((text, day + n * _DAY)))), None)
            if found:
                task = found.pop(_likeliest(r, found, tz))
                claimed.add(task.id)
                out[i] = _as_known(r, task, names, tz)
    return [_priority_as_known(r, known[r.id]) if r.id in known else r for r in out]


def _likeliest(r: TaskRecord, tasks: list[Task], tz: tzinfo) -> int:
    """Which of the tasks of the line's text and day the line is: the first with its status and
    due day, else its due day, else its status, else the first (Taskwarrior's occurrences of one
    template share text and entry day, and differ in those)."""
    def due(t: Task) -> date | None:
        return due_day(t.due, tz) if t.due is not None else None

    wanted = due_day(r.due, tz) if r.due is not None else None
    for same in (
        lambda t: t.status == r.status and due(t) == wanted,
        lambda t: due(t) == wanted,
        lambda t: t.status == r.status,
    ):
        found = next((i for i, t in enumerate(tasks) if same(t)), None)
        if found is not None:
            return found
    return 0


def _priority_as_known(r: TaskRecord, task: Task) -> TaskRecord:
    """``(A)`` is the priority H, or a tag ``pri-A`` (what every import read before, and what ``export``
    writes for it): read as the ledger's task has it, so its own export changes nothing."""
    letter = PRIORITY_LETTERS.get(r.priority or "")
    if letter is None or r.priority == task.priority or PRIORITY_TAG + letter not in task.tags:
        return r
    return replace(r, priority=task.priority, tags=(*r.tags, PRIORITY_TAG + letter))


def _as_known(r: TaskRecord, task: Task, names: dict[UUID, str], tz: tzinfo) -> TaskRecord:
    """The record given the task's id, and what todo.txt cannot say read as the task has it."""
    r = replace(r, id=task.id)
    name = names.get(task.project_id) if task.project_id else None
    if r.project and name and normal_name(r.project.replace("_", " ")) == name:
        r = replace(r, project=name)
    if r.due is not None and task.due is not None and due_day(r.due, tz) == due_day(task.due, tz):
        r = replace(r, due=task.due)
    return r


def _project_of(r: TaskRecord, projects: dict[str, UUID]) -> UUID | str | None:
    """The id of the record's project; a project the ledger has not got yet is its name (no task has it)."""
    if not r.project:
        return None
    return projects.get(normal_name(r.project)) or projects.get(normal_name(r.project.replace("_", " "))) or normal_name(r.project)


def _settle(records: list[TaskRecord], known: dict[UUID, Task], projects: dict[str, UUID]) -> list[TaskRecord]:
    """The lines of each text given the ledger's tasks of that text (ids ``KEY|1``, ``KEY|2``...):
    first those with the same words, project and tags, then the same project, then by order."""
    family: dict[str, list[int]] = {}
    for i, r in enumerate(records):
        if r.id_from_text and r.text_key is not None:
            family.setdefault(r.text_key, []).append(i)
    out = list(records)
    for key, lines in family.items():
        ids = [uuid5(NAMESPACE, f"{key}|{n}") for n in range(1, len(lines) + 1)]
        n = len(lines)
        while uuid5(NAMESPACE, f"{key}|{n + 1}") in known:  # tasks of this text whose lines are gone
            n += 1
            ids.append(uuid5(NAMESPACE, f"{key}|{n}"))
        held = [known[i] for i in ids if i in known]
        if not held:
            continue
        free = list(ids)
        given: dict[int, UUID] = {}
        tests = (
            lambda r, t: r.text == t.text and _project_of(r, projects) == t.project_id and set(r.tags) == set(t.tags),
            lambda r, t: _project_of(r, projects) == t.project_id and set(r.tags) == set(t.tags),
            lambda r, t: _project_of(r, projects) == t.project_id,
        )
        for same in tests:
            for i in lines:
                if i in given:
                    continue
                match = next((t.id for t in held if t.id in free and same(records[i], t)), None)
                if match is not None:
                    given[i] = match
                    free.remove(match)
        for i in lines:
            out[i] = replace(records[i], id=given[i] if i in given else free.pop(0))
    return out


# -- writing ---------------------------------------------------------------------------------

_ONE_LETTER = re.compile(r"[A-Z]")


def todo_line(t: ExportedTask, tz: tzinfo) -> str:
    """One task as a todo.txt line: its words as they are (a ``+project`` or ``@context`` among
    them stays where it is), the project and tags not among them after; where a word would be
    read as another field than the task's (a ``+word`` before the project's, a trailing one, a
    ``due:`` word) every such word of the text is written escaped."""
    priority = PRIORITY_LETTERS.get(t.priority or "") or next(
        (tag[len(PRIORITY_TAG):] for tag in t.tags if tag.startswith(PRIORITY_TAG) and _ONE_LETTER.fullmatch(tag[len(PRIORITY_TAG):])), None
    )
    head: list[str] = []
    if t.status == "done":
        head.append("x")
        if t.end_day is not None:
            head.append(t.end_day.isoformat())  # a day: the same in every zone
        elif t.end is not None:
            head.append(t.end.astimezone(tz).date().isoformat())
    elif priority:
        head.append(f"({priority})")
    head.append((t.entry_day or t.entry.astimezone(tz).date()).isoformat())  # always: a text's first word is never read as a date
    project = "+" + "_".join(t.project.split()) if t.project else None
    contexts = ["@" + tag for tag in t.tags if tag != PRIORITY_TAG + (priority or "")]
    fields: list[str] = []
    if t.due is not None:
        fields.append("due:" + due_day(t.due, tz).isoformat())
    if t.status == "done" and priority:
        fields.append(f"pri:{priority}")
    words = t.text.split()
    natural = ["\\" + w if w.startswith((*_FIELDS, "\\")) else w for w in words]
    extra = ([project] if project and project not in words else []) + [c for c in contexts if c not in words]
    line = " ".join(head + natural + extra + fields)
    if _reads_as(line, t, project, contexts):
        return line
    escaped = ["\\" + w if _field_like(w) else w for w in words]
    return " ".join(head + escaped + ([project] if project else []) + contexts + fields)


def _reads_as(line: str, t: ExportedTask, project: str | None, contexts: list[str]) -> bool:
    """Whether ``line`` reads back as the task's words, project and tags."""
    try:
        got = _line(line, "")
    except InvalidInputError:
        return False
    wanted = {c[1:] for c in contexts}
    return got.text == " ".join(t.text.split()) and ("+" + got.project if got.project else None) == project and (
        {tag for tag in got.tags if not tag.startswith(PRIORITY_TAG)} == {tag for tag in wanted if not tag.startswith(PRIORITY_TAG)}
    )


def write_todo(tasks: Sequence[ExportedTask], tz: tzinfo) -> bytes:
    """Open tasks, then done ones (each in the order given), as a todo.txt file."""
    ordered = sorted(tasks, key=lambda t: t.status != "open")  # stable: the given order within each
    return "".join(todo_line(t, tz) + "\n" for t in ordered).encode("utf-8")
