"""Getting the ledger out and back in: export (in a format ``cli.formats`` registers), restore;
and the writers of the event stream (jsonl) and of iCalendar."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cli.formats import EXPORT_ORDER, ExportRequest, writer
from cli.options import json_option, session
from cli.output import emit_export, emit_json, unescaped

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["COMMANDS", "export_calendar", "export_events"]


@click.command(name="export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_ORDER),
    default="jsonl",
    show_default=True,
    help="jsonl: the complete event stream, one event per line (a backup); ics: appointments as iCalendar; "
    "taskwarrior: tasks as JSON for 'task import'; todotxt: open and done tasks as todo.txt; notes: one daily note per day into the folder --out.",
)
@click.option("--out", "out", type=click.Path(writable=True, path_type=Path), help="File to write (default: standard output); notes: the folder.")
@click.option("--from", "start", metavar="WHEN", help="ics: appointments starting from then.")
@click.option("--to", "end", metavar="WHEN", help="ics: appointments starting before then (a bare day counts whole).")
@click.option("--tasks", "with_tasks", is_flag=True, help="ics: open tasks too, as VTODO.")
@click.option("--force", is_flag=True, help="Replace an existing file of --out (notes: files in the folder dayledger did not write).")
@json_option
def export(fmt: str, out: Path | None, start: str | None, end: str | None, with_tasks: bool, force: bool) -> None:
    """Write the ledger out."""
    s = session()
    if out is not None:
        from engine.storage.files import refuse_overwrite
        from engine.storage.location import refuse_output_over_ledger

        refuse_output_over_ledger(s.location, out)
        if fmt != "notes":  # a folder: each file is checked (cli.task_export.export_notes)
            refuse_overwrite(out, force=force)
    db = s.reader()
    writer(fmt)(db, ExportRequest(format=fmt, out=out, start=start, end=end, with_tasks=with_tasks, force=force))


def export_calendar(db: Database, request: ExportRequest) -> None:
    """Appointments (and open tasks, with ``--tasks``) as iCalendar, to the file or standard output."""
    from engine.storage.files import write_whole
    from projections.exports.ics import calendar

    s = session()
    start, end, out = request.start, request.end, request.out
    now = s.now()
    lo = s.read_when(start, direction="past").moment if start is not None else None
    hi_when = s.read_when(end, direction="future") if end is not None else None
    hi = None if hi_when is None else (hi_when.moment if hi_when.has_time else hi_when.end_of_day())
    data = calendar(db, s.tz, start=lo, end=hi, with_tasks=request.with_tasks, now=now)
    if out is None:
        emit_export(data)
    else:
        write_whole(out, data)
        click.echo(f"exported {data.count(b'BEGIN:VEVENT')} events to {out}", err=True)


def export_events(db: Database, request: ExportRequest) -> None:
    """The complete event stream as JSON Lines (a backup), to the file or standard output."""
    from engine.storage.backup import export_jsonl

    s = session()
    out = request.out
    if out is None:  # byte-exact into a pipe or file; on a terminal, shown escaped (cli.output)
        count = export_jsonl(db, sys.stdout if sys.stdout.isatty() else unescaped(sys.stdout))
    else:
        from engine.storage.files import open_whole

        with open_whole(out, "w", encoding="utf-8") as f:  # a finished file or none
            count = export_jsonl(db, f)
    if out is not None:
        if s.json:
            emit_json({"format": request.format, "events": count, "out": str(out)})
        else:
            click.echo(f"exported {count} events to {out}", err=True)


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--merge", is_flag=True, help="Add the events the ledger lacks; refuse any that differ.")
@json_option
def restore(path: Path, merge: bool) -> None:
    """Restore a JSONL backup into an empty ledger (or merge it into this one)."""
    from engine.storage.backup import restore as run

    s = session()
    work = s.work()
    summary = run(work.db, path, merge=merge)
    work.level()
    if s.json:
        emit_json({"events_in_file": summary.events_in_file, "restored": summary.restored, "already_present": summary.already_present})
    else:
        click.echo(f"restored {summary.restored} events ({summary.already_present} already present) from {path}")


COMMANDS = (export, restore)
