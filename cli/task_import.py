"""``dayledger import --from taskwarrior|todotxt FILE...``: tasks from another task manager."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from cli.options import session
from cli.output import each_file, emit_json, fail_on

if TYPE_CHECKING:
    from cli.formats import ImportRequest

__all__ = ["import_task_files"]

_KINDS = ("new", "changed", "completed", "cancelled", "reopened", "notes", "projects started")


def import_task_files(request: ImportRequest) -> None:
    """Import each file whole (one transaction each); report each, then fail if any failed."""
    from engine.importers.tasks.recording import import_tasks

    paths, source, dry_run = request.paths, request.source, request.dry_run
    s = session()
    reports, errors = each_file(paths, lambda path: import_tasks(s.location, path, source, tz=s.tz, views=s.views(), dry_run=dry_run))
    if s.json:
        emit_json({"dry_run": dry_run, "from": source, "files": [_json(r) for r in reports], "errors": [str(e) for e in errors]})
    else:
        for r in reports:
            click.echo(_line(r))
            for note in r.warnings:
                click.echo(note, err=True)
            for what in r.not_kept:  # on stderr: stdout stays the one line per file scripts read
                click.echo(f"  {what}", err=True)
    fail_on(errors)


def _line(r: Any) -> str:
    verb = "would record" if r.dry_run else "recorded"
    said = [f"{r.counts[k]} {k}" for k in _KINDS if r.counts[k]]
    what = ", ".join(said) if said else "nothing new"
    return f"{r.file}: {r.tasks_read} task{'s' if r.tasks_read != 1 else ''} read; {verb}: {what} ({r.unchanged} unchanged)"


def _json(r: Any) -> dict[str, Any]:
    return {
        "file": r.file,
        "tasks_read": r.tasks_read,
        "events": r.events,
        "unchanged": r.unchanged,
        "warnings": list(r.warnings),
        **{k.replace(" ", "_"): r.counts[k] for k in _KINDS},
        "not_kept": list(r.not_kept),
    }
