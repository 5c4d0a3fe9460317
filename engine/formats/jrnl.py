"""jrnl's exports: ``jrnl --format text`` (the journal file's own format) and ``jrnl --format json``.

    [2013-06-09 15:39] My first entry.           <- an entry: its time, then its title
    Everything is alright                        <- its body, to the next entry

    {"tags": {...}, "entries": [{"title": "My first entry.", "body": "Everything is alright",
      "date": "2013-06-09", "time": "15:39", "tags": [], "starred": false}, ...]}

Each entry is a note written at its own time (a local time, in the zone of the import), its
title and body as one text. jrnl's star (a ``*`` after the title in the text) is left out of
the text, so a journal's text and JSON exports are the same notes: importing one after the other
records nothing. Entries are gathered by day into the plain notes' records
(``engine.formats.notes.model``), so importing is importing daily notes (the same keys: importing
again records nothing).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from engine.formats.notes.lines import split_lines
from engine.formats.notes.model import FreeLine, ParsedNote
from engine.rules.errors import InvalidInputError

__all__ = ["Entry", "entries_from_json", "entries_from_text", "read_journal"]

# jrnl's default time format, "%Y-%m-%d %H:%M", in brackets (jrnl 2 and later) or not (jrnl 1)
_HEADER = re.compile(
    r"^(?P<open>\[)?(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[ T](?P<time>[0-9]{1,2}:[0-9]{2})(?::[0-9]{2})?"
    r"(?:\s?(?P<ampm>[AaPp][Mm]))?(?(open)\])(?:[ \t]+(?P<title>.*))?$"
)


@dataclass(frozen=True)
class Entry:
    """One jrnl entry: when it was written (local, naive), its text, and the line it starts on."""

    at: datetime
    text: str
    line: int


def read_journal(text: str, name: str) -> list[ParsedNote]:
    """The days of a jrnl export (text or JSON, told apart by their first character), each as a
    note of free lines written at the entries' times."""
    body = text.removeprefix("\ufeff")
    entries = entries_from_json(body, name) if body.lstrip().startswith("{") else entries_from_text(body, name)
    days: dict[date, list[Entry]] = defaultdict(list)
    for entry in entries:
        days[entry.at.date()].append(entry)
    return [
        ParsedNote(
            name=name,
            day=day,
            author=None,
            title_line=None,
            items=tuple(FreeLine(line=e.line, text=e.text, understood=True, section=None, at=e.at.time()) for e in found),
        )
        for day, found in sorted(days.items())
    ]


def entries_from_text(text: str, name: str) -> list[Entry]:
    """The entries of jrnl's text format. Lines before the first entry are an error naming the first."""
    entries: list[tuple[datetime, int, list[str]]] = []
    for number, raw in enumerate(split_lines(text), 1):
        match = _HEADER.match(raw)
        if match is not None:
            title = (match["title"] or "").rstrip()
            if title.endswith(" *") or title == "*":  # jrnl's star
                title = title[:-1].rstrip()
            entries.append((_moment(match["date"], match["time"], match["ampm"], f"{name}:{number}"), number, [title]))
        elif entries:
            entries[-1][2].append(raw)
        elif raw.strip():
            raise InvalidInputError(f"{name}:{number}: not a jrnl export: an entry starts with its time, e.g. [2013-06-09 15:39]")
    if not entries:
        raise InvalidInputError(f"{name}: no jrnl entries (each starts with its time, e.g. [2013-06-09 15:39])")
    return [Entry(at, _text(lines, f"{name}:{number}"), number) for at, number, lines in entries]


def entries_from_json(text: str, name: str) -> list[Entry]:
    """The entries of jrnl's JSON export."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInputError(f"{name}:{error.lineno}: not JSON ({error.msg})") from None
    except RecursionError:
        raise InvalidInputError(f"{name}: JSON nested too deeply") from None
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise InvalidInputError(f'{name}: not a jrnl JSON export (it has no "entries" list)')
    title_lines = [number for number, raw in enumerate(split_lines(text), 1) if raw.lstrip().startswith('"title":')]
    out: list[Entry] = []
    for n, entry in enumerate(data["entries"]):
        line = title_lines[n] if len(title_lines) == len(data["entries"]) else 1
        where = f"{name}:{line}"
        if not isinstance(entry, dict) or not isinstance(entry.get("date"), str) or not isinstance(entry.get("time"), str):
            raise InvalidInputError(f"{where}: entry {n + 1} has no date and time")
        title, body = entry.get("title") or "", entry.get("body") or ""
        if not isinstance(title, str) or not isinstance(body, str):
            raise InvalidInputError(f"{where}: entry {n + 1}'s title and body must be text")
        out.append(Entry(_moment(entry["date"], entry["time"], None, where), _text([title, body], where), line))
    return out


def _moment(day: str, clock: str, ampm: str | None, where: str) -> datetime:
    try:
        hours, minutes = (int(part) for part in clock.split(":")[:2])
        if ampm:
            hours = hours % 12 + (12 if ampm.lower() == "pm" else 0)
        return datetime.combine(date.fromisoformat(day), time(hours, minutes))
    except ValueError:
        raise InvalidInputError(f"{where}: impossible date or time {day} {clock}") from None


def _text(lines: list[str], where: str) -> str:
    text = " ".join(" ".join(lines).split())
    if not text:
        raise InvalidInputError(f"{where}: an entry with no text")
    return text
