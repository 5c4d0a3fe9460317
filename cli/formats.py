"""The outside formats by name: which reads ``import --from NAME`` runs, which writes ``export
--format NAME`` runs, and which sources take arguments of their own (``import wordpress SITE_URL``).

Each entry names its code as ``module:function`` strings, imported only when that format is used,
so that loading the ``import`` and ``export`` commands stays cheap. A reader is called with an
``ImportRequest``, a writer with the ledger and an ``ExportRequest``; a source with a command of
its own is that click command (``import NAME ARGS...`` hands ``ARGS`` to it).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import click

    from engine.storage.database import Database

__all__ = [
    "EXPORT_ORDER",
    "FORMATS",
    "IMPORT_ORDER",
    "ExportRequest",
    "Format",
    "ImportRequest",
    "Reader",
    "Writer",
    "default_reader",
    "import_sources",
    "reader",
    "refuse_other_content",
    "source_command",
    "writer",
]


@dataclass(frozen=True)
class ImportRequest:
    """What ``import`` was asked: the paths, the format and every option (each reader uses its own)."""

    paths: tuple[str, ...]
    source: str
    dry_run: bool = False
    explain: bool = False
    recheck: bool = False
    date_order: str = "MDY"
    same: tuple[tuple[str, str], ...] = ()
    separate: tuple[tuple[str, str], ...] = ()
    match_threshold: float = 0.8
    day_parts: tuple[str, ...] = ()
    expand_until: str | None = None


@dataclass(frozen=True)
class ExportRequest:
    """What ``export`` was asked: the format, the file (or folder) and the window (ics)."""

    format: str
    out: Path | None = None
    start: str | None = None
    end: str | None = None
    with_tasks: bool = False
    force: bool = False  # replace files dayledger did not write


Reader = Callable[[ImportRequest], None]
Writer = Callable[["Database", ExportRequest], None]


@dataclass(frozen=True)
class Format:
    """One outside format and where its code lives (``module:function``, or ``module:command``)."""

    name: str
    reader: str | None = None  # imports files: ``import --from NAME PATH...``
    writer: str | None = None  # ``export --format NAME``
    command: str | None = None  # a source with arguments of its own: ``import NAME ...``
    usage: str | None = None  # the line ``import --help`` gives a source with a command
    suffix: str | None = None  # read with this format when every PATH ends so (any case)
    default: bool = False  # read with this format when no other is given or found
    detect: str | None = None  # ``module:function(path) -> bool``: read with this format when it says so of every PATH


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("notes", reader="cli.importing:import_note_files", writer="cli.task_export:export_notes", default=True),
        Format("taskwarrior", reader="cli.task_import:import_task_files", writer="cli.task_export:export_taskwarrior"),
        Format("todotxt", reader="cli.task_import:import_task_files", writer="cli.task_export:export_todotxt"),
        Format("ics", reader="cli.ics_import:import_calendar_files", writer="cli.exchange:export_calendar", suffix=".ics"),
        Format("jsonl", writer="cli.exchange:export_events"),
        Format("logseq", reader="cli.journals:import_logseq_files", detect="engine.formats.logseq:is_graph"),
        Format("obsidian", reader="cli.journals:import_obsidian_files", detect="engine.formats.obsidian:is_vault"),
        Format("jrnl", reader="cli.journals:import_jrnl_files"),
        Format(
            "wordpress",
            command="cli.wordpress:wordpress",
            usage="From a blog: dayledger import wordpress SITE_URL (see its --help).",
        ),
    )
}

# The order the command line lists the choices in (``--help`` and its errors show them so).
IMPORT_ORDER: tuple[str, ...] = ("notes", "taskwarrior", "todotxt", "ics", "logseq", "obsidian", "jrnl")
EXPORT_ORDER: tuple[str, ...] = ("jsonl", "ics", "taskwarrior", "todotxt", "notes")


def _load(target: str) -> Any:
    module, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module), attribute)


def reader(name: str) -> Reader:
    """The function that imports files of the format ``name``."""
    target = FORMATS[name].reader
    if target is None:
        raise KeyError(f"{name} is not read from files")
    function: Reader = _load(target)
    return function


def writer(name: str) -> Writer:
    """The function that exports the ledger in the format ``name``."""
    target = FORMATS[name].writer
    if target is None:
        raise KeyError(f"{name} is not written")
    function: Writer = _load(target)
    return function


def _files_in(path: str) -> list[str]:
    """The path, or the files (not hidden) in the folder it names."""
    p = Path(path)
    if not p.is_dir():
        return [path]
    return sorted(str(f) for f in p.rglob("*") if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts))


def default_reader(paths: Sequence[str]) -> str:
    """The format to read ``paths`` with when none is given: the one whose suffix every path (or
    every file in a folder named) has, else the one that recognises every path as its own (a Logseq
    graph, an Obsidian vault), else the default."""
    files = [f for p in paths for f in _files_in(p)]
    for f in FORMATS.values():
        if f.reader and f.suffix and files and all(p.lower().endswith(f.suffix) for p in files):
            return f.name
    for f in FORMATS.values():
        if f.reader and f.detect and paths and all(_load(f.detect)(p) for p in paths):
            return f.name
    return next(f.name for f in FORMATS.values() if f.default)


def _looks_like(head: str) -> tuple[str, str] | None:
    """(format, what it looks like) for the start of a file whose format is plain from its first
    bytes; None for plain text (notes and todo.txt look alike)."""
    text = head.lstrip("\ufeff \t\r\n")
    if text.upper().startswith("BEGIN:VCALENDAR"):
        return "ics", "an iCalendar file (it starts with BEGIN:VCALENDAR)"
    if text.startswith("[") and ('"description"' in text[:4096] or '"uuid"' in text[:4096]):
        return "taskwarrior", "a Taskwarrior export (a JSON list of tasks)"
    if text.startswith('{"position":') and '"topic":"events.' in text[:400]:
        return "jsonl", "a dayledger backup (JSON lines of events; use restore)"
    return None


def refuse_other_content(paths: Sequence[str], source: str) -> None:
    """Refuse, in one line, a file whose content is plainly another format than ``source``."""
    from engine.rules.errors import InvalidInputError

    for path in paths:
        if Path(path).is_dir():
            continue  # a folder's reader picks its own files
        try:
            with Path(path).open(encoding="utf-8", errors="replace") as f:
                head = f.read(8192)
        except OSError:
            continue  # the reader says why it cannot be read
        seen = _looks_like(head)
        if seen is not None and seen[0] != source:
            hint = f"; import it with --from {seen[0]}" if seen[0] in IMPORT_ORDER else ""
            raise InvalidInputError(f"{path}:1: this looks like {seen[1]}, not {source}{hint}")


def import_sources() -> dict[str, Format]:
    """The sources ``import NAME ...`` hands to a command of their own, by name."""
    return {name: f for name, f in FORMATS.items() if f.command}


def source_command(name: str) -> click.Command:
    """The click command of the source ``name`` (imported now)."""
    target = FORMATS[name].command
    if target is None:
        raise KeyError(f"{name} has no command of its own")
    command: click.Command = _load(target)
    return command
