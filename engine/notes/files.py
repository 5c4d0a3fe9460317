"""Finding note files and reading each into a parsed note, or into a one-line reason it cannot be."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from engine.errors import InvalidInputError
from engine.notes.lines import decode_note
from engine.notes.model import ParsedNote, ParseOptions
from engine.notes.parser import parse_note

__all__ = ["NOTE_SUFFIXES", "NoteFile", "find_note_files", "read_note_file"]

NOTE_SUFFIXES = (".txt", ".md")
MAX_BYTES = 8 * 1024 * 1024  # a day's note is a few kilobytes; more is not a note
FUTURE_DAYS = 1  # a note may be dated tomorrow (plans, another zone), not later


@dataclass(frozen=True)
class NoteFile:
    name: str  # the path as given (a file in a given folder: the folder as given joined with it)
    sha256: str
    note: ParsedNote


def find_note_files(paths: Sequence[str]) -> tuple[list[tuple[Path, str]], list[str], list[str]]:
    """(path, name) of every note file the paths name, the problems (one line each, for paths
    that do not exist), and the files skipped in folders (a README is not a note).

    A file named directly is read whatever its suffix; in folders (walked recursively, hidden
    files and folders left out) only ``.txt`` and ``.md`` files are, except README files.
    The same file named twice is read once.
    """
    found: list[tuple[Path, str]] = []
    problems: list[str] = []
    skipped: list[str] = []
    seen: set[Path] = set()

    def add(path: Path, name: str) -> None:
        real = path.resolve()
        if real not in seen:
            seen.add(real)
            found.append((path, name))

    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path)
                if any(part.startswith(".") for part in relative.parts) or not child.is_file():
                    continue
                if child.suffix.lower() not in NOTE_SUFFIXES:
                    continue
                name = str(Path(given) / relative)
                if child.stem.lower() == "readme":
                    skipped.append(name)
                    continue
                add(child, name)
        elif path.is_file():
            add(path, given)
        elif path.exists():
            problems.append(f"{given}: not a file or folder")
        else:
            problems.append(f"{given}: no such file or folder")
    return found, problems, skipped


def read_note_file(path: Path, name: str, options: ParseOptions, today: date) -> NoteFile:
    """The parsed note at ``path``. Raises InvalidInputError naming the file (and line) when it
    cannot be read, is empty, binary, not UTF-8, has no date, or is dated after tomorrow."""
    try:
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as e:
        raise InvalidInputError(f"{name}: cannot read it: {e.strerror or e}") from None
    if len(data) > MAX_BYTES:
        raise InvalidInputError(f"{name}: larger than {MAX_BYTES // (1024 * 1024)} MiB; not a daily note")
    if not data:
        raise InvalidInputError(f"{name}: the note is empty")
    text = decode_note(data, name=name)
    note = parse_note(text, name=name, options=options)
    if note.day > today + timedelta(days=FUTURE_DAYS):
        where = f"{name}:{note.title_line}" if note.title_line else name
        raise InvalidInputError(f"{where}: the note is dated {note.day.isoformat()}, in the future (today is {today.isoformat()})")
    return NoteFile(name=name, sha256=hashlib.sha256(data).hexdigest(), note=note)
