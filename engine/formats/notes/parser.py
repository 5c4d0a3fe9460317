"""Read one daily note into records, losing no line.

The notes this reads look like::

    Phil 4.24.2026                          <- title: author and date
    Do a big ride today because ...         <- a free line: a note
    [2604.21691] There Will Be a ...        <- a paper, with its abstract indented under it
      • In this paper, we make the case ...
    Tasks                                   <- a task heading: tasks in no project
      • Bills – done                        <- a task, done
      • The Bicycle Escape (...) – Appointment for Tuesday morning
    SBIRs                                   <- any other heading: the tasks' project
      • Re-map and cluster the original narratives

Heuristics, in the order they are tried for each non-blank line after the title:

0. A line starting with a backslash is a free line, its text the rest ("\\• not a task"): how
   ``export --format notes`` writes a note whose text would read as anything else.
1. "# Text" is a heading (or a paper, when it starts with an arXiv reference); "# \\Text" is the
   project named "Text" exactly (how notes out writes a name that would read otherwise: "Tasks").
2. Under a paper, lines deeper than the paper (more indented, or bullets under a non-bullet
   line) are its abstract, until a line less indented than the abstract's first line.
3. Under a task, lines deeper than the task (more indented, or a bullet of a deeper style at
   the same indentation: ◦ under •) are its children, never tasks of their own.
4. A line (or bullet) starting with an arXiv reference is a paper; outside any section, a line
   holding one anywhere is a paper too.
5. A bullet under a heading is a task; a bullet before any heading is unclear. A backslash before
   a mark in a task's words makes it words ("Pay the plumber \\– done" is open): how
   ``export --format notes`` writes a task whose own words end so.
6. A heading is a line at the note's outermost indentation that is a task heading ("Tasks:"),
   or is short (few words, no sentence punctuation at the end) and followed by a bullet.
7. Anything else is a free line: understood outside sections, unclear inside one (and
   unclear anywhere when it holds no letter or digit: "---", "—").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from engine.formats.notes.dates import date_from_name, read_title
from engine.formats.notes.lines import Line, decode_note, split_lines
from engine.formats.notes.marks import extract_arxiv_id, is_cancel_mark, leading_arxiv_reference, split_done_mark, split_marks
from engine.formats.notes.model import (
    FreeLine,
    Heading,
    Item,
    ParsedNote,
    ParseOptions,
    Reading,
    SubPoint,
    TaskLine,
)
from engine.rules.errors import InvalidInputError

__all__ = [
    "FreeLine",
    "Heading",
    "Item",
    "ParseOptions",
    "ParsedNote",
    "Reading",
    "SubPoint",
    "TaskLine",
    "decode_note",
    "extract_arxiv_id",
    "note_day",
    "parse_note",
]

_MARKDOWN_HEADING = re.compile(r"^#{1,6}(?:\s+|$)")
ESCAPE = "\\"  # a line starting with it is a free line, its text the rest (how notes out keeps a note a note)
MAX_LINE_CHARS = 64 * 1024  # a line of a daily note; longer is not a note (documented limit)
MAX_INDENT = 200  # characters of indentation: some 50 levels of nesting; deeper is refused
_HEADING_MAX_WORDS = 6
_HEADING_MAX_CHARS = 60
_SENTENCE_END = ".!?,;…"


def parse_note(text: str, *, name: str, options: ParseOptions = ParseOptions()) -> ParsedNote:
    """Read a note's text. Raises InvalidInputError (and nothing else) when the text is empty,
    has no date in its title or file name, or an impossible date in its title."""
    text = text.removeprefix("\ufeff")
    raws = split_lines(text)
    for number, raw in enumerate(raws, 1):
        if len(raw) > MAX_LINE_CHARS:
            raise InvalidInputError(f"{name}:{number}: a line of {len(raw):,} characters; lines over {MAX_LINE_CHARS:,} are refused")
        indent = len(raw) - len(raw.lstrip(" \t"))
        if indent > MAX_INDENT:
            raise InvalidInputError(f"{name}:{number}: nested {indent} characters deep; more than {MAX_INDENT} is refused")
    # the non-blank lines (those strip() leaves something of; isspace() is its test), numbered
    body = [Line.read(number, raw) for number, raw in enumerate(raws, 1) if raw and not raw.isspace()]
    if not body:
        raise InvalidInputError(f"{name}: the note is empty")
    title = read_title(body[0], name=name, options=options)
    if title is not None:
        day, author, title_line = title.day, title.author, body[0].number
        body = body[1:]
    else:
        day, author, title_line = _day_from_name(name), None, None
    items = _Reader(options, body).read()
    return ParsedNote(name=name, day=day, author=author, title_line=title_line, items=items)


def note_day(text: str, *, name: str, options: ParseOptions = ParseOptions()) -> date:
    """The day ``parse_note`` gives the note (its title's date, else its file name's), read from
    the first non-blank line alone. Raises InvalidInputError as ``parse_note`` does for the date;
    the rest of the note is not looked at."""
    for number, raw in enumerate(split_lines(text.removeprefix("\ufeff")), 1):
        if raw and not raw.isspace():
            if len(raw) > MAX_LINE_CHARS:
                break  # parse_note refuses it, with its line number
            title = read_title(Line.read(number, raw), name=name, options=options)
            return title.day if title is not None else _day_from_name(name)
    return parse_note(text, name=name, options=options).day  # says why not


def _day_from_name(name: str) -> date:
    found = date_from_name(name)
    if found is None:
        raise InvalidInputError(f"{name}: no date found in the title or the file name")
    return found


@dataclass
class _OpenTask:
    """The task whose children are being gathered."""

    index: int  # in _Reader.items
    key: tuple[int, int]
    children: list[SubPoint] = field(default_factory=list)
    levels: list[tuple[int, int]] = field(default_factory=list)  # keys of the open child levels


@dataclass
class _OpenReading:
    """The paper whose abstract is being gathered."""

    index: int
    line: Line
    first_indent: int | None = None  # indentation of the abstract's first line
    texts: list[str] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)


class _Reader:
    def __init__(self, options: ParseOptions, body: list[Line]) -> None:
        self.options = options
        self.body = body
        self.base = min((line.indent for line in body), default=0)
        self.task_headings = {_heading_text(h).casefold() for h in options.task_headings}
        self.items: list[Item] = []
        self.section: Heading | None = None
        self.task: _OpenTask | None = None
        self.reading: _OpenReading | None = None

    def read(self) -> tuple[Item, ...]:
        for position, line in enumerate(self.body):
            following = self.body[position + 1] if position + 1 < len(self.body) else None
            self._take(line, following)
        self._close()
        return tuple(self.items)

    def _take(self, line: Line, following: Line | None) -> None:
        if line.content.startswith(ESCAPE) and line.indent <= self.base:  # a free line, literally (notes out writes them so)
            self._close()
            section = self.section.text if self.section else None
            text = line.content[1:].strip() or line.content  # "\\ 0" is the note "0"; a lone backslash is itself
            self.items.append(FreeLine(line=line.number, text=text, understood=section is None, section=section))
            return
        if _MARKDOWN_HEADING.match(line.content):
            self._close()
            inner = _MARKDOWN_HEADING.sub("", line.content, count=1)
            if inner.startswith(ESCAPE) and inner[1:].strip():  # "# \\Tasks": a project, named exactly so
                self.section = Heading(line=line.number, text=inner[1:].strip(), is_project=True)
                self.items.append(self.section)
            elif not self._paper(line, inner):
                self._heading(line, inner)
            return
        if self.reading is not None and self._abstract(line):
            return
        if self.task is not None and self._child(line):
            return
        self._close()
        if self._paper(line, line.words):
            return
        if line.bullet is not None:
            self._task(line)
        elif self._is_heading(line, following):
            self._heading(line, line.content)
        else:
            self._free(line, understood=self.section is None)

    # -- what a line can be -------------------------------------------------------------

    def _abstract(self, line: Line) -> bool:
        reading = self.reading
        assert reading is not None
        paper = reading.line
        deeper = line.indent > paper.indent or (
            line.bullet is not None and (paper.bullet is None or line.bullet.rank > paper.bullet.rank)
        )
        if not deeper or leading_arxiv_reference(line.words) is not None:
            return False
        if reading.first_indent is None:
            reading.first_indent = line.indent
        elif line.indent < reading.first_indent:
            return False
        reading.texts.append(line.words)
        reading.numbers.append(line.number)
        return True

    def _child(self, line: Line) -> bool:
        task = self.task
        assert task is not None
        if line.key <= task.key:
            return False
        while task.levels and task.levels[-1] >= line.key:
            task.levels.pop()
        task.levels.append(line.key)
        text = line.content
        if line.bullet is not None:  # drop the bullet, keep a checkbox: "[x] find the link"
            text = " ".join(part for part in (line.bullet.box, line.bullet.text) if part) or text
        task.children.append(SubPoint(line=line.number, text=text, depth=len(task.levels)))
        return True

    def _paper(self, line: Line, words: str) -> bool:
        found = leading_arxiv_reference(words)
        if found is None and self.section is None:
            arxiv_id = extract_arxiv_id(words)
            found = (arxiv_id, words) if arxiv_id else None
        if found is None:
            return False
        arxiv_id, title = found
        self.items.append(Reading(line=line.number, arxiv_id=arxiv_id, title=title, abstract="", abstract_lines=()))
        self.reading = _OpenReading(index=len(self.items) - 1, line=line)
        if line.bullet is None and line.indent <= self.base:
            self.section = None  # a paper at the top level ends the section above it
        return True

    def _task(self, line: Line) -> None:
        bullet = line.bullet
        assert bullet is not None
        if self.section is None:
            self._free(line, understood=False)  # a stray bullet before any heading
            return
        text, mark, when = split_marks(bullet.text)
        if bullet.checked and mark is None:
            mark = bullet.box
        if not text:  # "• – done", "- [x]": nothing to call the task
            self._free(line, understood=False)
            return
        self.items.append(
            TaskLine(
                line=line.number,
                text=text,
                project=self.section.text if self.section.is_project else None,
                done=mark is not None and not is_cancel_mark(mark),
                done_mark=mark,
                appointment_when=when,
                raw=line.raw,
                children=(),
                cancelled=is_cancel_mark(mark),
            )
        )
        self.task = _OpenTask(index=len(self.items) - 1, key=line.key)

    def _is_heading(self, line: Line, following: Line | None) -> bool:
        text = _heading_text(line.content)
        if line.indent > self.base or not text:
            return False
        if text.casefold() in self.task_headings:
            return True
        return (
            following is not None
            and following.bullet is not None
            and len(text) <= _HEADING_MAX_CHARS
            and len(text.split()) <= _HEADING_MAX_WORDS
            and line.content[-1] not in _SENTENCE_END
            and "://" not in text
            and split_done_mark(text)[1] is None
        )

    def _heading(self, line: Line, words: str) -> None:
        text = _heading_text(words)
        if not text:
            self._free(line, understood=False)
            return
        self.section = Heading(line=line.number, text=text, is_project=text.casefold() not in self.task_headings)
        self.items.append(self.section)

    def _free(self, line: Line, *, understood: bool) -> None:
        understood = understood and any(ch.isalnum() for ch in line.content)
        section = self.section.text if self.section else None
        self.items.append(FreeLine(line=line.number, text=line.content, understood=understood, section=section))

    def _close(self) -> None:
        """Write the gathered children or abstract into the open task or paper."""
        if self.task is not None:
            if self.task.children:  # most tasks have none: their record is final already
                task = self.items[self.task.index]
                self.items[self.task.index] = replace(task, children=tuple(self.task.children))
            self.task = None
        if self.reading is not None:
            paper = self.items[self.reading.index]
            self.items[self.reading.index] = replace(
                paper, abstract="\n".join(self.reading.texts), abstract_lines=tuple(self.reading.numbers)
            )
            self.reading = None


def _heading_text(text: str) -> str:
    """ "**Tasks:**" -> "Tasks"."""
    return text.strip().strip("*_").strip().rstrip(":").strip()
