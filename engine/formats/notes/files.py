"""Finding note files and reading each into a parsed note, or into a one-line reason it cannot be."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from engine.formats.notes.lines import decode_note
from engine.formats.notes.model import NoteDialect, ParsedNote, ParseOptions
from engine.formats.notes.parser import note_day, parse_note
from engine.rules.errors import InvalidInputError

__all__ = ["NOTE_SUFFIXES", "PLAIN", "NoteFile", "NoteText", "find_note_files", "parse_note_text", "read_note_file", "read_note_text"]

NOTE_SUFFIXES = (".txt", ".md")
MAX_BYTES = 8 * 1024 * 1024  # a day's note is a few kilobytes; more is not a note
FUTURE_DAYS = 1  # a note may be dated tomorrow (plans, another zone), not later


PLAIN = NoteDialect(
    name="notes",
    parse=lambda text, name, options: parse_note(text, name=name, options=options),
    day=lambda text, name, options: note_day(text, name=name, options=options),
)


@dataclass(frozen=True)
class NoteFile:
    name: str  # the path as given (a file in a given folder: the folder as given joined with it)
    sha256: str
    note: ParsedNote


def find_note_files(paths: Sequence[str], dialect: NoteDialect = PLAIN) -> tuple[list[tuple[Path, str]], list[str], list[str]]:
    """(path, name) of every note file the paths name, the problems (one line each, for paths
    that do not exist, and for a broken link or a FIFO in a folder), and the files skipped in
    folders (a README is not a note).

    A file named directly is read whatever its suffix; in folders (walked recursively, hidden
    files and folders left out) only ``.txt`` and ``.md`` files are, except README files.
    The same file named twice is read once. A ``dialect`` may name other folders to walk for
    the paths (a Logseq graph's ``journals``) and leave files of a folder out (a vault's pages
    that are not daily notes: listed as skipped).
    """
    found: list[tuple[Path, str]] = []
    problems: list[str] = []
    skipped: list[str] = []
    seen: set[tuple[int, int]] = set()  # (device, inode): a file named twice, or linked, is read once

    def add(path: Path, name: str, st: os.stat_result) -> None:
        if (st.st_dev, st.st_ino) not in seen:
            seen.add((st.st_dev, st.st_ino))
            found.append((path, name))

    for given in dialect.folders(paths) if dialect.folders else paths:
        path = Path(given)
        if path.is_dir():
            for parts in _note_files_under(given):
                child = path.joinpath(*parts)
                name = str(Path(given, *parts))
                try:
                    st = child.stat()
                except OSError as e:  # named: a note that is not read must not go unnoticed
                    target = f" to {os.readlink(child)}" if child.is_symlink() else ""
                    problems.append(f"{name}: a broken link{target}; not read" if target else f"{name}: cannot read it: {e.strerror}")
                    continue
                if not stat.S_ISREG(st.st_mode):
                    problems.append(f"{name}: not a regular file (a FIFO, device or socket); not read")
                    continue
                if Path(parts[-1]).stem.lower() == "readme" or (dialect.is_note is not None and not dialect.is_note(parts[-1])):
                    skipped.append(name)
                    continue
                add(child, name, st)
        elif path.is_file():
            add(path, given, path.stat())
        elif path.exists():
            problems.append(f"{given}: not a file or folder")
        else:
            problems.append(f"{given}: no such file or folder")
    return found, problems, skipped


def _note_files_under(folder: str) -> list[tuple[str, ...]]:
    """The relative paths (as parts) of the files with a note's suffix under ``folder``, hidden
    files and folders left out and linked folders not followed, in path order."""
    out: list[tuple[str, ...]] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        prefix = Path(root).relative_to(folder).parts
        out.extend(
            (*prefix, f) for f in files if not f.startswith(".") and os.path.splitext(f)[1].lower() in NOTE_SUFFIXES
        )
    out.sort()
    return out


@dataclass(frozen=True)
class NoteText:
    """A note file's text, as read, and the sha256 of its bytes."""

    name: str
    sha256: str
    text: str


def read_note_text(path: Path, name: str) -> NoteText:
    """The text of the note file at ``path``. Raises InvalidInputError naming the file when it
    cannot be read, is too large, empty, binary or not UTF-8."""
    try:
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as e:
        raise InvalidInputError(f"{name}: cannot read it: {e.strerror or e}") from None
    if len(data) > MAX_BYTES:
        raise InvalidInputError(f"{name}: larger than {MAX_BYTES // (1024 * 1024)} MiB; not a daily note")
    if not data:
        raise InvalidInputError(f"{name}: the note is empty")
    return NoteText(name=name, sha256=hashlib.sha256(data).hexdigest(), text=decode_note(data, name=name))


def parse_note_text(read: NoteText, options: ParseOptions, today: date, dialect: NoteDialect = PLAIN) -> NoteFile:
    """The note parsed (as ``dialect`` reads it). Raises InvalidInputError naming the file (and line) when it has no date,
    cannot be read as a note, or is dated after tomorrow."""
    note = dialect.parse(read.text, read.name, options)
    if note.day > today + timedelta(days=FUTURE_DAYS):
        where = f"{read.name}:{note.title_line}" if note.title_line else read.name
        raise InvalidInputError(f"{where}: the note is dated {note.day.isoformat()}, in the future (today is {today.isoformat()})")
    return NoteFile(name=read.name, sha256=read.sha256, note=note)


def read_note_file(path: Path, name: str, options: ParseOptions, today: date) -> NoteFile:
    """The parsed note at ``path``: ``read_note_text`` then ``parse_note_text``."""
    return parse_note_text(read_note_text(path, name), options, today)
