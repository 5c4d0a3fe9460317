"""``dayledger export --format taskwarrior|todotxt|notes``: every task for another task manager, or the\nledger as daily notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from cli.options import session
from cli.output import emit_export, emit_json

if TYPE_CHECKING:
    from cli.formats import ExportRequest
    from engine.storage.database import Database

__all__ = ["export_notes", "export_taskwarrior", "export_todotxt"]


def export_taskwarrior(db: Database, request: ExportRequest) -> None:
    """Every task as JSON for ``task import``."""
    from projections.exports.taskwarrior import taskwarrior_export

    _write_tasks(*taskwarrior_export(db, session().tz), request)


def export_todotxt(db: Database, request: ExportRequest) -> None:
    """Open and done tasks as a todo.txt file."""
    from projections.exports.todotxt import todotxt_export

    data, count, templates = todotxt_export(db, session().tz)
    _write_tasks(data, count, request, templates_left_out=templates)


def _write_tasks(data: bytes, count: int, request: ExportRequest, *, templates_left_out: int | None = None) -> None:
    """Write the tasks to the file (whole or not at all), else to standard output; say how many
    recurrence templates were left out (todo.txt), if any."""
    s = session()
    fmt, out = request.format, request.out
    if templates_left_out and not s.json:
        click.echo(
            f"dayledger: note: left out {templates_left_out} recurrence template{'s' if templates_left_out != 1 else ''} "
            f"({fmt} has none): {'their' if templates_left_out != 1 else 'its'} occurrences are written as tasks",
            err=True,
        )
    if out is None:
        emit_export(data)
        return
    from engine.storage.files import write_whole

    write_whole(out, data)
    if s.json:
        extra = {} if templates_left_out is None else {"templates_left_out": templates_left_out}
        emit_json({"format": fmt, "tasks": count, "out": str(out), **extra})
    else:
        click.echo(f"exported {count} tasks to {out}", err=True)


def export_notes(db: Database, request: ExportRequest) -> None:
    """Write one daily note per day into the folder asked for (each file whole or not at all)."""
    from engine.rules.errors import InvalidInputError
    from engine.storage.files import ExportFolder, make_private_folder
    from projections.exports.notes import daily_notes

    s = session()
    out = request.out
    if out is None:
        raise InvalidInputError("--format notes writes one file per day: give the folder with --out DIR")
    if out.exists() and not out.is_dir():
        raise InvalidInputError(f"{out}: not a folder")
    notes = daily_notes(db, s.tz)
    files = {f"{day.isoformat()}.txt": text.encode("utf-8") for day, text in notes.items()}
    folder = ExportFolder(out)
    folder.refuse_overwrites(files, force=request.force)  # all of them, or none
    make_private_folder(out)
    folder.write(files)
    if s.json:
        emit_json({"format": "notes", "days": len(notes), "out": str(out)})
    else:
        click.echo(f"exported {len(notes)} daily notes to {out}", err=True)
