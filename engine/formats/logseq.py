"""Logseq journals: a graph's ``journals/2020_09_14.md``, one outline of ``- `` blocks per day.

    - TODO [#A] Send the grant narrative #work        <- a task (priority H, tagged work)
      id:: 669168ed-8734-4943-8a86-5e3a553a526d      <- a property: not text
      SCHEDULED: <2026-04-26 Sun>                    <- the day work on it is to begin
      DEADLINE: <2026-04-28 Tue>                     <- its due day
    	- a block under the task                      <- a note about it (a sub-point)
    - DONE Write changelog for v0.0.9               <- done that day
    - CANCELED Book the hall                         <- cancelled that day
    - Rain all day, so a trainer ride                <- any other block: a note
    - ## Garage                                      <- a heading block: the project of the
    	- LATER Fix the door                             tasks under it

TODO, LATER, NOW, DOING, WAIT, WAITING and IN-PROGRESS are open; DONE is done; CANCELED and
CANCELLED are cancelled. Page references (``[[Some page]]``) and ``#tags`` stay in the text as
written; ``#tag`` words of a task are its tags too. ``SCHEDULED:`` and ``DEADLINE:`` lines are the
task's scheduled and due days (a time in them is left out: days, as Logseq's agenda shows them).
Properties (``key:: value``), ``:LOGBOOK:`` drawers and empty blocks say nothing to keep. A block's other lines are
part of its text. Front matter (``title:``) is read as YAML and left out.

A journal is read into the plain notes' records (``engine.formats.notes.model``), so importing
it is importing daily notes: the same carry-over of a task from day to day, the same keys, and
a re-import after an edit records only the change. The day is the file name's (``2020_09_14``;
``2020-09-14`` too). Only ``journals`` is read from a graph: pages have no day.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from engine.formats.notes.front_matter import split_front_matter
from engine.formats.notes.lines import split_lines
from engine.formats.notes.model import FreeLine, Item, NoteDialect, ParsedNote, ParseOptions, SubPoint, TaskLine
from engine.rules.errors import InvalidInputError

__all__ = ["LOGSEQ", "is_graph", "journal_day", "parse_journal"]

_NAME = re.compile(r"(?P<year>[0-9]{4})[_-](?P<month>[0-9]{2})[_-](?P<day>[0-9]{2})")
_BLOCK = re.compile(r"^(?P<indent>[ \t]*)[-*](?:[ \t]+(?P<content>.*)|[ \t]*)$")
_MARKER = re.compile(r"^(?P<marker>TODO|LATER|NOW|DOING|WAITING|WAIT|IN-PROGRESS|DONE|CANCELED|CANCELLED)(?:\s+|$)")
_PRIORITY = re.compile(r"^\[#(?P<p>[ABC])\]\s*")
_PRIORITIES = {"A": "H", "B": "M", "C": "L"}
_PROPERTY = re.compile(r"^[A-Za-z0-9_][\w.-]*::(?:\s.*)?$")
_DEADLINE = re.compile(r"^DEADLINE:\s*<(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[^>]*>")
_SCHEDULED = re.compile(r"^SCHEDULED:\s*<(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[^>]*>")
_HEADING = re.compile(r"^#{1,6}\s+(?P<text>\S.*)$")
_TAG = re.compile(r"(?<![\w#&/])#(?P<tag>[^\s#\[\](){}\"',.;:!?]+)")


def journal_day(name: str) -> date:
    """The day a journal's file name says (``2020_09_14.md``)."""
    stem = Path(name.replace("\\", "/")).stem
    match = _NAME.fullmatch(stem) or _NAME.search(stem)
    if match is None:
        raise InvalidInputError(f"{name}: not a Logseq journal's name (YYYY_MM_DD.md)")
    try:
        return date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        raise InvalidInputError(f"{name}: impossible date {match.group(0)!r} in the file name") from None


def is_graph(path: str) -> bool:
    """A Logseq graph's folder (``journals`` beside ``logseq``), its ``journals``, a folder whose
    notes are all named as Logseq names journals (``2020_09_14.md``), or one such journal."""
    p = Path(path)
    if p.is_dir():
        if (p / "journals").is_dir() and (p / "logseq").is_dir() or (p.name == "journals" and (p.parent / "logseq").is_dir()):
            return True
        names = [f.name for f in p.iterdir() if f.suffix.lower() in (".md", ".txt") and not f.name.startswith(".")]
        return bool(names) and all(_is_logseq_name(name) for name in names)
    return _is_logseq_name(p.name)


def _is_logseq_name(name: str) -> bool:
    """``2020_09_14.md``: the underscores are Logseq's (the plain notes and Obsidian use dashes)."""
    return name.lower().endswith(".md") and re.fullmatch(r"[0-9]{4}_[0-9]{2}_[0-9]{2}", Path(name).stem) is not None


def _folders(paths: Sequence[str]) -> list[str]:
    """A graph's folder stands for its ``journals``."""
    return [str(Path(p) / "journals") if Path(p).is_dir() and (Path(p) / "journals").is_dir() else p for p in paths]


def _is_journal(name: str) -> bool:
    return name.lower().endswith(".md") and _NAME.fullmatch(Path(name).stem) is not None


@dataclass
class _Block:
    line: int
    raw: str
    depth: int  # indentation, a tab counting 4
    content: str  # the first line's words
    more: list[str] = field(default_factory=list)  # its other lines' words


def parse_journal(text: str, name: str, options: ParseOptions = ParseOptions()) -> ParsedNote:
    """A Logseq journal read into notes' records."""
    day = journal_day(name)
    front = split_front_matter(text.removeprefix("\ufeff"), name=name)
    blocks = _blocks(split_lines(front.body), front.body_line)
    return ParsedNote(name=name, day=day, author=None, title_line=None, items=tuple(_items(blocks)))


def _blocks(lines: list[str], first: int) -> list[_Block]:
    blocks: list[_Block] = []
    drawer = False
    for number, raw in enumerate(lines, first):
        match = _BLOCK.match(raw)
        if match is not None:
            lead = match["indent"]
            blocks.append(_Block(number, raw, len(lead) + 3 * lead.count("\t"), (match["content"] or "").strip()))
            drawer = False
            continue
        words = raw.strip()
        if not blocks:  # text before the first block: a page's own properties, or a paragraph
            if words and not _PROPERTY.match(words):
                blocks.append(_Block(number, raw, 0, words))
            continue
        if words in (":LOGBOOK:", ":PROPERTIES:"):
            drawer = True
        elif drawer:
            drawer = words != ":END:"
        elif words:
            blocks[-1].more.append(words)
    return blocks


def _items(blocks: list[_Block]) -> list[Item]:
    items: list[Item] = []
    # (depth, what the block is: a heading's project, or the index of the task in items)
    ancestors: list[tuple[int, str | int | None]] = []
    for block in blocks:
        while ancestors and ancestors[-1][0] >= block.depth:
            ancestors.pop()
        project = next((a for _, a in reversed(ancestors) if isinstance(a, str)), None)
        task_at = next((a for _, a in reversed(ancestors) if isinstance(a, int)), None)
        words, due, scheduled = _words(block)
        marker = _MARKER.match(block.content)
        heading = _HEADING.match(block.content)
        if marker is not None and words[marker.end() :].strip():
            items.append(_task(block, marker["marker"], words, project, due, scheduled))
            ancestors.append((block.depth, len(items) - 1))
        elif marker is not None:  # "- TODO" and nothing to call the task
            items.append(FreeLine(line=block.line, text=words, understood=False, section=project))
            ancestors.append((block.depth, None))
        elif not words:
            ancestors.append((block.depth, None))
        elif task_at is not None:
            task = items[task_at]
            assert isinstance(task, TaskLine)
            depth = len(ancestors) - next(i for i, (_, a) in enumerate(ancestors) if a == task_at)  # 1: right under it
            items[task_at] = replace(task, children=(*task.children, SubPoint(block.line, words, depth)))
            ancestors.append((block.depth, None))
        elif heading is not None:
            items.append(FreeLine(line=block.line, text=words, understood=True, section=None))
            ancestors.append((block.depth, heading["text"].strip()))
        else:
            items.append(FreeLine(line=block.line, text=words, understood=True, section=project))
            ancestors.append((block.depth, None))
    return items


def _words(block: _Block) -> tuple[str, date | None, date | None]:
    """A block's text (properties and planning lines left out), its DEADLINE day and its SCHEDULED day."""
    due: date | None = None
    scheduled: date | None = None
    kept: list[str] = []
    for words in (block.content, *block.more):
        deadline, start = _DEADLINE.match(words), _SCHEDULED.match(words)
        if deadline is not None:
            due = _day(deadline["date"]) or due
        elif start is not None:
            scheduled = _day(start["date"]) or scheduled
        elif not _PROPERTY.match(words):
            kept.append(words)
    return " ".join(" ".join(kept).split()), due, scheduled


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:  # <2026-02-30 Mon>: no day; Logseq shows it as words, and so it is left out
        return None


def _task(block: _Block, marker: str, words: str, project: str | None, due: date | None, scheduled: date | None) -> TaskLine:
    text = words[len(marker) :].strip()
    priority = None
    found = _PRIORITY.match(text)
    if found is not None:
        priority, text = _PRIORITIES[found["p"]], text[found.end() :]
    tags = tuple(dict.fromkeys(m["tag"] for m in _TAG.finditer(text)))
    return TaskLine(
        line=block.line,
        text=text,
        project=project,
        done=marker == "DONE",
        done_mark=marker if marker in ("DONE", "CANCELED", "CANCELLED") else None,
        appointment_when=None,
        raw=block.raw,
        children=(),
        cancelled=marker in ("CANCELED", "CANCELLED"),
        due=due,
        tags=tags,
        priority=priority,
        scheduled=scheduled,
        carries_fields=True,
    )


LOGSEQ = NoteDialect(
    name="logseq",
    parse=parse_journal,
    day=lambda text, name, options: journal_day(name),
    folders=_folders,
    is_note=_is_journal,
)
