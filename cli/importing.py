"""``dayledger import PATH...``: bring outside records into the ledger.

``--from FORMAT`` picks the reader from the formats ``cli.formats`` registers (daily notes by
default, iCalendar when every path ends in ``.ics``); ``import NAME ARGS...`` hands the arguments
to a registered source with a command of its own (``wordpress``). Each reads its inputs and the
engine records them; daily notes are read here.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from cli.formats import IMPORT_ORDER, ImportRequest, default_reader, import_sources, reader, refuse_other_content, source_command
from cli.options import json_option, session

if TYPE_CHECKING:
    from engine.formats.notes.model import NoteDialect

__all__ = ["COMMANDS", "import_note_files"]


def _day_parts(values: Sequence[str]) -> dict[str, int] | None:
    from engine.rules.errors import InvalidInputError

    parts: dict[str, int] = {}
    for value in values:
        name, _, hour = value.partition("=")
        if not name.strip() or not hour.strip().isdigit() or not 0 <= int(hour) <= 23:
            raise InvalidInputError(f"--day-part {value!r}: give NAME=HOUR with an hour 0-23, e.g. morning=8")
        parts[name.strip()] = int(hour)
    return parts or None


class _ImportCommand(click.Command):
    """``import PATH...``, which also hands ``import NAME ARGS...`` to a source that takes arguments
    of its own (``wordpress SITE_URL``; a folder named so is ``./wordpress``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for source in import_sources().values():
            if source.usage:
                self.help = inspect.cleandoc(self.help or "") + "\n\n" + source.usage  # dedented first, or the docstring keeps its indent

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any) -> click.Context:
        if args and args[0] in import_sources():
            return source_command(args[0]).make_context(f"{info_name} {args[0]}", args[1:], parent=parent, **extra)
        return super().make_context(info_name, args, parent=parent, **extra)


@click.command(name="import", cls=_ImportCommand)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--from", "source", type=click.Choice(IMPORT_ORDER), default=None,
              help="What the files are: daily notes (files and folders of .txt/.md, one note per day; the default), "
              "taskwarrior ('task export' JSON), todotxt (a todo.txt file), ics (an iCalendar file, or a folder of them; the "
              "default when every PATH ends in .ics or is a folder of .ics files), logseq (a graph's journals; the default for "
              "a graph's folder), obsidian (YYYY-MM-DD.md daily notes; the default for a vault's folder) or jrnl (jrnl's text "
              "or JSON export).")
@click.option("--dry-run", is_flag=True, help="Show what each file would record; write nothing.")
@click.option("--explain", is_flag=True, help="Show why each task line is a new task or the same as an earlier one; it records what is new like any import (with --dry-run it only previews).")
@click.option("--recheck", is_flag=True,
              help="Plan every note again, even one whose exact bytes were recorded before (which is otherwise "
              "skipped as unchanged): after an upgrade that reads notes better, or a routine added with an earlier start.")
@click.option("--date-order", type=click.Choice(["MDY", "DMY"], case_sensitive=False), default="MDY", show_default=True,
              help="How to read an all-numeric title date such as 4.5.2026 (MDY: April 5).")
@click.option("--same", nargs=2, multiple=True, metavar="TEXT TEXT",
              help="These two task texts are one task, however different (repeat for more pairs).")
@click.option("--separate", nargs=2, multiple=True, metavar="TEXT TEXT",
              help="These two task texts are never one task, however alike (repeat for more pairs).")
@click.option("--match-threshold", type=click.FloatRange(0, 1, min_open=True), default=0.8, show_default=True, metavar="LIKENESS",
              help="How alike (0-1) a task line must be to an open task to be that task carried over.")
@click.option("--day-part", "day_parts", multiple=True, metavar="NAME=HOUR",
              help="Hour of a part of the day in appointment phrases, e.g. morning=8 (default morning=9, afternoon=14).")
@click.option("--expand-until", metavar="WHEN",
              help="iCalendar: expand a recurrence no cron can say until then (default: a year from now).")
@json_option
def import_(
    paths: Sequence[str],
    source: str | None,
    dry_run: bool,
    explain: bool,
    recheck: bool,
    date_order: str,
    same: Sequence[tuple[str, str]],
    separate: Sequence[tuple[str, str]],
    match_threshold: float,
    day_parts: Sequence[str],
    expand_until: str | None,
) -> None:
    """Import daily notes: every line becomes events, once.

    Each note's title gives its day ("Phil 4.24.2026"), else its file name (2026-04-24.txt).
    Free lines become notes, "[2604.21691] Title" a reading, bullets under "Tasks" tasks with no
    project and bullets under any other heading tasks in that project; "– done" completes a task
    that day, "– Appointment for Tuesday morning" schedules it. A task line that is close to a
    task still open that day is that task, carried over (--explain shows why; --same and
    --separate overrule). Importing again records only what is new.
    """
    request = ImportRequest(
        paths=tuple(paths),
        source=source or default_reader(paths),
        dry_run=dry_run,
        explain=explain,
        recheck=recheck,
        date_order=date_order,
        same=tuple(same),
        separate=tuple(separate),
        match_threshold=match_threshold,
        day_parts=tuple(day_parts),
        expand_until=expand_until,
    )
    refuse_other_content(request.paths, request.source)
    reader(request.source)(request)


def import_note_files(request: ImportRequest, dialect: NoteDialect | None = None) -> None:
    """Import daily notes (the plain ones, or another program's journals as ``dialect`` reads
    them) from the files and folders asked for; fail if any note failed."""
    from cli.import_report import finish_import
    from engine.formats.notes.files import PLAIN
    from engine.importers.notes.recording import ImportOptions, import_notes
    from engine.importers.notes.rules import MatchRules

    s = session()
    options = ImportOptions(
        tz=s.tz,
        date_order=request.date_order.upper(),  # type: ignore[arg-type]
        rules=MatchRules(threshold=request.match_threshold, same=request.same, separate=request.separate),
        day_parts=_day_parts(request.day_parts),
        dry_run=request.dry_run,
        replan=request.explain or request.recheck,  # with --explain, to say why each line of every note is what it is
        dialect=dialect or PLAIN,
    )
    report = import_notes(s.location, list(request.paths), options, views=s.views())
    finish_import(report, json=s.json, explain=request.explain)


COMMANDS = (import_,)
