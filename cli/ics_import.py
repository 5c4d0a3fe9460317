"""``dayledger import FILE.ics``: appointments from a calendar (iCalendar, RFC 5545)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import click

from cli.options import session
from cli.output import each_file, emit_json, fail_on

if TYPE_CHECKING:
    from cli.formats import ImportRequest

__all__ = ["calendar_files", "import_calendar_files"]

_KINDS = (
    "new", "moved", "cancelled", "restored", "recurring new", "occurrences moved", "occurrences cancelled",
    "recurring ended", "projects started", "tasks new", "tasks changed", "tasks completed", "tasks cancelled", "tasks reopened",
)


def import_calendar_files(request: ImportRequest) -> None:
    """Import each file whole (one transaction each); report each, then fail if any failed."""
    from engine.importers.calendar.recording import import_calendar

    paths, dry_run, expand_until = calendar_files(request.paths), request.dry_run, request.expand_until
    s = session()
    now = s.now()
    until = s.read_when(expand_until, direction="future").moment if expand_until else now + timedelta(days=366)
    reports, errors = each_file(paths, lambda path: import_calendar(s.location, path, tz=s.tz, expand_until=until, views=s.views(), dry_run=dry_run))
    if s.json:
        emit_json({
            "dry_run": dry_run, "from": "ics", "expand_until": until.isoformat(),
            "files": [_json(r) for r in reports], "errors": [str(e) for e in errors],
        })
    else:
        for r in reports:
            click.echo(_line(r))
            for note in r.notes:
                click.echo(f"  note: {note}")
    fail_on(errors)


def calendar_files(paths: tuple[str, ...]) -> list[str]:
    """The files to import: each path, and the .ics files in each folder named (sorted, not hidden)."""
    from pathlib import Path

    from engine.rules.errors import InvalidInputError

    out: list[str] = []
    for path in paths:
        folder = Path(path)
        if not folder.is_dir():
            out.append(path)
            continue
        found = sorted(str(f) for f in folder.rglob("*") if f.is_file() and f.suffix.lower() == ".ics"
                       and not any(part.startswith(".") for part in f.relative_to(folder).parts))
        if not found:
            raise InvalidInputError(f"{path}: a folder with no .ics file in it")
        out.extend(found)
    return out


def _line(r: Any) -> str:
    verb = "would record" if r.dry_run else "recorded"
    said = [f"{r.counts[k]} {k}" for k in _KINDS if r.counts[k]]
    what = ", ".join(said) if said else "nothing new"
    read = f"{r.vevents} VEVENT{'s' if r.vevents != 1 else ''} read ({r.appointments} appointments, {r.recurring} recurring"
    read += f", {r.expanded} expanded)" if r.expanded else ")"
    if r.todos:
        read += f", {r.todos} VTODO{'s' if r.todos != 1 else ''}"
    if r.skipped:
        read += f", {r.skipped} skipped"
    return f"{r.file}: {read}; {verb}: {what} ({r.counts['unchanged']} unchanged)"


def _json(r: Any) -> dict[str, Any]:
    return {
        "file": r.file,
        "vevents": r.vevents,
        "appointments": r.appointments,
        "recurring": r.recurring,
        "expanded": r.expanded,
        "todos": r.todos,
        "events": r.events,
        "skipped": r.skipped,
        "unchanged": r.counts["unchanged"],
        **{k.replace(" ", "_"): r.counts[k] for k in _KINDS},
        "notes": r.notes,
    }
