"""``dayledger export --format taskwarrior|todotxt|notes``: every task for another task manager, or the\nledger as daily notes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cli.options import session
from cli.output import emit_json

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["export_tasks"]


def export_tasks(db: Database, fmt: str, out: Path | None) -> None:
    """Write the tasks to ``out`` (whole or not at all), else to standard output."""
    s = session()
    if fmt == "notes":
        return _notes(db, out)
    if fmt == "taskwarrior":
        from projections.exports.taskwarrior import taskwarrior_export

        data, count = taskwarrior_export(db)
    else:
        from projections.exports.todotxt import todotxt_export

        data, count = todotxt_export(db, s.tz)
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from engine.storage.files import write_whole

    write_whole(out, data)
    if s.json:
        emit_json({"format": fmt, "tasks": count, "out": str(out)})
    else:
        click.echo(f"exported {count} tasks to {out}", err=True)


def _notes(db: Database, out: Path | None) -> None:
    from engine.rules.errors import InvalidInputError
    from engine.storage.files import write_whole
    from projections.exports.notes import daily_notes

    s = session()
    if out is None:
        raise InvalidInputError("--format notes writes one file per day: give the folder with --out DIR")
    if out.exists() and not out.is_dir():
        raise InvalidInputError(f"{out}: not a folder")
    notes = daily_notes(db, s.tz)
    out.mkdir(parents=True, exist_ok=True)
    for day, text in notes.items():
        write_whole(out / f"{day.isoformat()}.txt", text)
    if s.json:
        emit_json({"format": "notes", "days": len(notes), "out": str(out)})
    else:
        click.echo(f"exported {len(notes)} daily notes to {out}", err=True)
