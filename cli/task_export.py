"""``dayledger export --format taskwarrior|todotxt``: every task, for another task manager."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cli.options import session
from cli.output import emit_json

if TYPE_CHECKING:
    from engine.database import Database

__all__ = ["export_tasks"]


def export_tasks(db: Database, fmt: str, out: Path | None) -> None:
    """Write the tasks to ``out`` (whole or not at all), else to standard output."""
    s = session()
    if fmt == "taskwarrior":
        from projections.taskwarrior import taskwarrior_export

        data, count = taskwarrior_export(db)
    else:
        from projections.todotxt import todotxt_export

        data, count = todotxt_export(db, s.tz)
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    tmp = out.with_name(out.name + ".partial")
    tmp.write_bytes(data)
    tmp.replace(out)
    if s.json:
        emit_json({"format": fmt, "tasks": count, "out": str(out)})
    else:
        click.echo(f"exported {count} tasks to {out}", err=True)
