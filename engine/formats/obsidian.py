"""Obsidian daily notes: a vault's ``2026-04-24.md``, tasks as the obsidian-tasks plugin writes them.

    ---                                              <- front matter: YAML, read and left out
    tags: [daily]
    ---
    # 2026-04-24                                     <- the day's own title: nothing to keep
    Rain all day, so a trainer ride                  <- a note
    - [ ] Call the plumber #home 📅 2026-04-28 ⏫      <- a task: tagged home, due Apr 28, priority H
    - [x] Pay the rent ✅ 2026-04-24                  <- done, on Apr 24
    - [-] Book the hall ❌ 2026-04-23                 <- cancelled
    ## Garage                                        <- a heading: the project of the tasks under it
    - [ ] Fix the door
        - a line under the task                      <- a note about it (a sub-point)

Only a checkbox is a task (``- [ ]``, ``* [x]``, ``1. [ ]``): ``x`` is done, ``-`` cancelled, any
other status open. A plain list item is a note. The plugin's fields are read and taken out of the
task's text: ✅ done day, ❌ cancelled day, 📅 due day, ⏳ scheduled day, priorities 🔺⏫ (H) 🔼 (M)
🔽⏬ (L); the others (➕ created, 🛫 start, 🔁 recurrence, 🏁, 🆔, ⛔) are left out of the text, and
so are Dataview's ``[due:: 2026-04-28]`` fields. ``#tags`` stay in the text and are the task's tags.
Headings name the project of the tasks under them as in the plain notes (``Tasks`` and ``TODO``:
no project); fenced code blocks (the plugin's ``tasks`` queries), HTML comments and rules (``---``)
are not notes. A field whose date is not one (``📅 2022-02-29``) stays in the task's words.

Read into the plain notes' records (``engine.formats.notes.model``): importing a vault is importing
daily notes, with the same carry-over of a task from day to day and re-imports that record only
what changed. The day is the file name's; a note named otherwise takes its front matter's ``date``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from engine.formats.notes.dates import date_from_name
from engine.formats.notes.front_matter import split_front_matter
from engine.formats.notes.lines import split_lines
from engine.formats.notes.model import FreeLine, Heading, Item, NoteDialect, ParsedNote, ParseOptions, SubPoint, TaskLine
from engine.rules.errors import InvalidInputError

__all__ = ["OBSIDIAN", "is_vault", "note_day", "parse_daily_note"]

_DAILY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TASK = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+]|[0-9]{1,9}[.)])[ \t]+\[(?P<status>[^\]])\][ \t]+(?P<rest>.*)$")
_ITEM = re.compile(r"^[ \t]*(?:[-*+]|[0-9]{1,9}[.)])[ \t]+")
_HEADING = re.compile(r"^#{1,6}[ \t]+(?P<text>.*?)[ \t#]*$")
_RULE = re.compile(r"(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}")
_FENCE = re.compile(r"^[ \t]*(?P<fence>```+|~~~+)")
_VS = "\ufe0f?"  # emoji may carry a variation selector
_DAY = r"([0-9]{4}-[0-9]{2}-[0-9]{2})"
_DATES = {  # the plugin's date fields: which it is -> its emoji
    "done": f"✅{_VS}",
    "cancelled": f"❌{_VS}",
    "due": f"(?:📅|📆|🗓){_VS}",
    "scheduled": f"(?:⏳|⌛){_VS}",
    "other": f"(?:➕|🛫){_VS}",
}
_DATE_FIELD = {kind: re.compile(rf"\s*{emoji}\s*{_DAY}") for kind, emoji in _DATES.items()}
_PRIORITY = re.compile(rf"\s*(?P<p>🔺|⏫|🔼|🔽|⏬){_VS}")
_PRIORITIES = {"🔺": "H", "⏫": "H", "🔼": "M", "🔽": "L", "⏬": "L"}
_REST = re.compile(rf"\s*(?:🔁{_VS}[^📅📆🗓✅❌➕⏳⌛🛫🏁🆔⛔🔺⏫🔼🔽⏬]*|🏁{_VS}\s*\S+|🆔{_VS}\s*\S+|⛔{_VS}\s*\S+)")
_DATAVIEW = re.compile(r"\s*[\[(](?P<key>[\w-]+)::\s*(?P<value>[^\])]*)[\])]")
_TAG = re.compile(r"(?<![\w#&/])#(?P<tag>[^\s#\[\](){}\"',.;:!?]+)")
_DATAVIEW_PRIORITIES = {"highest": "H", "high": "H", "medium": "M", "low": "L", "lowest": "L"}
_QUERIES = frozenset(["tasks", "dataview", "dataviewjs", "query"])


def is_vault(path: str) -> bool:
    """An Obsidian vault's folder (it has ``.obsidian``), or a folder in one."""
    p = Path(path).resolve()
    return p.is_dir() and any((folder / ".obsidian").is_dir() for folder in (p, *p.parents))


def _is_daily(name: str) -> bool:
    return name.lower().endswith(".md") and _DAILY.fullmatch(Path(name).stem) is not None


def note_day(text: str, name: str, options: ParseOptions = ParseOptions()) -> date:
    """The day of a daily note: its file name's, else its front matter's ``date``."""
    found = date_from_name(name)
    if found is not None:
        return found
    fields = split_front_matter(text.removeprefix("\ufeff"), name=name).fields
    value = fields.get("date")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _DAILY.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InvalidInputError(f"{name}: no date in the file name (YYYY-MM-DD.md) or in the front matter's date:")


def parse_daily_note(text: str, name: str, options: ParseOptions = ParseOptions()) -> ParsedNote:
    """An Obsidian daily note read into notes' records."""
    text = text.removeprefix("\ufeff")
    day = note_day(text, name, options)
    front = split_front_matter(text, name=name)
    return ParsedNote(name=name, day=day, author=None, title_line=None, items=tuple(_Reader(day, name, options).read(front.body, front.body_line)))


class _Reader:
    def __init__(self, day: date, name: str, options: ParseOptions) -> None:
        self.day, self.name = day, name
        self.task_headings = {h.casefold() for h in options.task_headings}
        self.items: list[Item] = []
        self.section: Heading | None = None
        self.task: tuple[int, int] | None = None  # (index in items, indentation) of the task gathering lines
        self.levels: list[int] = []  # indentations of the open levels under the task
        self.first = True

    def read(self, body: str, first_line: int) -> list[Item]:
        fence: str | None = None
        comment = False
        for number, raw in enumerate(split_lines(body), first_line):
            words = raw.strip()
            if fence is not None:
                fence = None if words.startswith(fence) and not words[len(fence) :].strip() else fence
                continue
            opening = _FENCE.match(raw)
            if opening is not None:
                fence = opening["fence"]
                self._code(number, raw[opening.end() :].strip())
                continue
            if comment or words.startswith("<!--"):
                comment = "-->" not in words
                continue
            if words and not _RULE.fullmatch(words):  # a thematic break ("---") is no note, and no heading
                self._line(number, raw, words)
        return self.items

    def _code(self, number: int, language: str) -> None:
        """A fenced block: a query of the plugin's is not a note; other code is named as unclear."""
        self.task = None
        if language.split()[:1] and language.split()[0].casefold() in _QUERIES:
            return
        self.items.append(FreeLine(line=number, text=f"(a {language or 'code'} block)", understood=False, section=self._section()))

    def _section(self) -> str | None:
        return self.section.text if self.section is not None else None

    def _line(self, number: int, raw: str, words: str) -> None:
        first, self.first = self.first, False
        heading = _HEADING.match(words)
        if heading is not None:
            self.task = None
            text = heading["text"].strip()
            if first and text == self.day.isoformat():
                return  # the note's own title: its day
            self.section = Heading(line=number, text=text, is_project=text.rstrip(":").casefold() not in self.task_headings)
            self.items.append(self.section)
            return
        indent = len(raw) - len(raw.lstrip(" \t")) + 3 * raw[: len(raw) - len(raw.lstrip(" \t"))].count("\t")
        task = _TASK.match(raw)
        if task is not None:
            self._task(number, raw, indent, task["status"], task["rest"])
            return
        if self.task is not None and indent > self.task[1]:
            index = self.task[0]
            parent = self.items[index]
            assert isinstance(parent, TaskLine)
            while self.levels and self.levels[-1] >= indent:
                self.levels.pop()
            self.levels.append(indent)
            child = SubPoint(number, _ITEM.sub("", raw).strip(), len(self.levels))
            self.items[index] = replace(parent, children=(*parent.children, child))
            return
        self.task = None
        text = _ITEM.sub("", words).strip() or words
        self.items.append(FreeLine(line=number, text=text, understood=any(c.isalnum() for c in text), section=self._section()))

    def _task(self, number: int, raw: str, indent: int, status: str, rest: str) -> None:
        text, fields = _fields(rest)
        project = self.section.text if self.section is not None and self.section.is_project else None
        if not text:
            self.items.append(FreeLine(line=number, text=raw.strip(), understood=False, section=self._section()))
            self.task = None
            return
        done, cancelled = status in "xX", status == "-"
        self.items.append(
            TaskLine(
                line=number,
                text=text,
                project=project,
                done=done,
                done_mark=f"[{status}]" if done or cancelled else None,
                appointment_when=None,
                raw=raw,
                children=(),
                cancelled=cancelled,
                done_on=fields.get("done") if done else fields.get("cancelled") if cancelled else None,
                due=fields.get("due"),
                tags=tuple(dict.fromkeys(m["tag"] for m in _TAG.finditer(text))),
                priority=fields.get("priority"),  # type: ignore[arg-type]
                scheduled=fields.get("scheduled"),  # type: ignore[arg-type]
                carries_fields=True,
            )
        )
        self.task, self.levels = (len(self.items) - 1, indent), []


def _fields(rest: str) -> tuple[str, dict[str, date | str]]:
    """A task's words without the plugin's fields, and the fields dayledger keeps. A field whose
    date is not one (``📅 2022-02-29``) stays in the words, as the plugin shows it: nothing is lost."""
    fields: dict[str, date | str] = {}

    def take(kind: str, text: str, whole: str) -> str:
        day = _date(text)
        if day is None:
            return whole
        if kind != "other":
            fields[kind] = day
        return ""

    for kind, pattern in _DATE_FIELD.items():
        rest = pattern.sub(lambda m, kind=kind: take(kind, m.group(1), m.group(0)), rest)  # type: ignore[misc]
    for match in _PRIORITY.finditer(rest):
        fields["priority"] = _PRIORITIES[match["p"]]
    rest = _REST.sub("", _PRIORITY.sub("", rest))
    return " ".join(_DATAVIEW.sub(lambda m: _dataview(m, fields), rest).split()), fields


def _dataview(match: re.Match[str], fields: dict[str, date | str]) -> str:
    """A Dataview field of the plugin's (``[due:: 2026-04-28]``) taken out of the words; others kept."""
    key, value = match["key"].casefold(), match["value"].strip()
    kind = {"completion": "done", "due": "due", "cancelled": "cancelled", "created": "other", "scheduled": "scheduled", "start": "other"}.get(key)
    if kind is not None:
        day = _date(value[:10])
        if day is None:
            return match.group(0)
        if kind != "other":
            fields[kind] = day
        return ""
    if key == "priority" and value.casefold() in _DATAVIEW_PRIORITIES:
        fields["priority"] = _DATAVIEW_PRIORITIES[value.casefold()]
        return ""
    if key in ("repeat", "oncompletion", "id", "dependson"):
        return ""
    return match.group(0)


def _date(text: str) -> date | None:
    if not _DAILY.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


OBSIDIAN = NoteDialect(
    name="obsidian",
    parse=parse_daily_note,
    day=note_day,
    is_note=_is_daily,
)
