"""The day a note is about: from its title line, else from its file name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from engine.formats.notes.lines import Line
from engine.formats.notes.model import ParseOptions
from engine.rules.errors import InvalidInputError

__all__ = ["Title", "date_from_name", "read_title"]

_MONTH_NAME = (
    r"(?P<month_name>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
)}
_ORDINAL = r"(?:st|nd|rd|th)?"

# Tried in order; numeric patterns want the same separator twice (4.24.2026, not 4.24/2026).
_ISO = re.compile(
    r"(?<![0-9])(?P<year>[0-9]{4})(?P<sep>[-/.])(?P<month>[0-9]{1,2})(?P=sep)(?P<day>[0-9]{1,2})(?![0-9])"
)
_NUMERIC = re.compile(
    r"(?<![0-9.])(?P<a>[0-9]{1,2})(?P<sep>[-/.])(?P<b>[0-9]{1,2})(?P=sep)"
    r"(?P<year>[0-9]{4}|[0-9]{2})(?![0-9])"
)
_MONTH_FIRST = re.compile(
    rf"\b{_MONTH_NAME}\s+(?P<day>[0-9]{{1,2}}){_ORDINAL},?\s+(?P<year>[0-9]{{4}})(?![0-9])",
    re.IGNORECASE,
)
_DAY_FIRST = re.compile(
    rf"(?<![0-9])(?P<day>[0-9]{{1,2}}){_ORDINAL}\s+(?:of\s+)?{_MONTH_NAME},?\s+(?P<year>[0-9]{{4}})(?![0-9])",
    re.IGNORECASE,
)
_FILE_DATE = re.compile(r"(?<![0-9])([0-9]{4})-([0-9]{2})-([0-9]{2})(?![0-9])")

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_WEEKDAYS = frozenset((
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
))
# Words around a date in a title that say what the note is, not who wrote it.
_FILLER = frozenset(["notes", "note", "journal", "log", "diary", "daily", "day", "for", "of", "on"])
_MAX_AUTHOR_WORDS = 3


@dataclass(frozen=True)
class Title:
    day: date
    author: str | None


def read_title(line: Line, *, name: str, options: ParseOptions) -> Title | None:
    """The date and author of a title line ("Phil 4.24.2026"), or None when it is not one.

    A title is a date with at most a few words before it (the author, a weekday) and nothing
    but a weekday after it; a sentence that happens to hold a date is not a title.
    An impossible date in a title (2.30.2026) is an error naming the line.
    """
    text = re.sub(r"^#{1,6}\s*", "", line.content).strip().strip("*_").strip()
    for pattern in (_ISO, _NUMERIC, _MONTH_FIRST, _DAY_FIRST):
        match = pattern.search(text)
        if match is None:
            continue
        before = [w for w in _WORD.findall(text[: match.start()]) if w.casefold() not in _WEEKDAYS]
        after = [w for w in _WORD.findall(text[match.end() :]) if w.casefold() not in _WEEKDAYS]
        author_words = [w for w in before if w.casefold() not in _FILLER]
        if after or len(author_words) > _MAX_AUTHOR_WORDS:
            return None
        day = _make_date(match, options, where=f"{name}:{line.number}", what="the title")
        author = " ".join(author_words)
        author = re.sub(r"['’]s$", "", author)
        return Title(day, author or None)
    return None


def date_from_name(name: str) -> date | None:
    """The ISO date in a file name ("2026-04-24.txt", "notes-2026-04-24.md"), or None."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    match = _FILE_DATE.search(base)
    if match is None:
        return None
    year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidInputError(f"{name}: impossible date {match.group(0)!r} in the file name") from None


def _make_date(match: re.Match[str], options: ParseOptions, *, where: str, what: str) -> date:
    fields = match.groupdict()
    year = int(fields["year"])
    if year < 100:
        year += 2000
    if fields.get("month_name"):
        month, day = _MONTHS[fields["month_name"][:3].casefold()], int(fields["day"])
    elif "a" in fields:
        first, second = int(fields["a"]), int(fields["b"])
        month, day = (first, second) if options.date_order == "MDY" else (second, first)
    else:
        month, day = int(fields["month"]), int(fields["day"])
    try:
        return date(year, month, day)
    except ValueError:
        order = f" (read as {options.date_order})" if "a" in fields else ""
        raise InvalidInputError(f"{where}: impossible date {match.group(0)!r} in {what}{order}") from None
