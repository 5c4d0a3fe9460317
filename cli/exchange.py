"""Getting the ledger out and back in: export, restore."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cli.options import json_option, session
from cli.output import emit_json

__all__ = ["COMMANDS"]


@click.command(name="export")
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True, help="jsonl: the complete event stream, one event per line (a backup).")
@click.option("--out", "out", type=click.Path(dir_okay=False, writable=True, path_type=Path), help="File to write (default: standard output).")
@json_option
def export(fmt: str, out: Path | None) -> None:
    """Write the ledger out."""
    from engine.backup import export_jsonl

    s = session()
    db = s.reader()
    if out is None:
        count = export_jsonl(db, sys.stdout)
    else:
        tmp = out.with_name(out.name + ".partial")
        with tmp.open("w", encoding="utf-8") as f:
            count = export_jsonl(db, f)
        tmp.replace(out)  # a finished file or none
    if out is not None:
        if s.json:
            emit_json({"format": fmt, "events": count, "out": str(out)})
        else:
            click.echo(f"exported {count} events to {out}", err=True)


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--merge", is_flag=True, help="Add the events the ledger lacks; refuse any that differ.")
@json_option
def restore(path: Path, merge: bool) -> None:
    """Restore a JSONL backup into an empty ledger (or merge it into this one)."""
    from engine.backup import restore as run
    from engine.database import open_database
    from projections.catchup import catch_up

    s = session()
    db = open_database(s.location, create=True)
    try:
        summary = run(db, path, merge=merge)
        catch_up(db)
    finally:
        db.close()
    if s.json:
        emit_json({"events_in_file": summary.events_in_file, "restored": summary.restored, "already_present": summary.already_present})
    else:
        click.echo(f"restored {summary.restored} events ({summary.already_present} already present) from {path}")


COMMANDS = (export, restore)
