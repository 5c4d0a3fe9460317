"""Notes and the raw event stream: note, log."""

from __future__ import annotations

from contextlib import closing
from typing import Any

import click

from cli.options import json_option, session, whole_option
from cli.output import emit_json, emit_json_list, page, table

__all__ = ["COMMANDS"]


@click.command()
@click.argument("text")
@click.option("--project", "-p", metavar="P", help="Project the note belongs to.")
@click.option("--at", metavar="WHEN", help="When it happened (default: now).")
@json_option
def note(text: str, project: str | None, at: str | None) -> None:
    """Record a free-form note."""
    s = session()
    at_moment = s.when(at, direction="past") if at is not None else None
    recorded = s.ledger().record_note(text, project=project, at=at_moment)
    event = recorded[-1]
    if s.json:
        emit_json(
            {
                "id": event.originator_id.hex,
                "text": event.text,  # type: ignore[attr-defined]
                "project": project.strip() if project else None,
                "occurred_at": event.occurred_at.astimezone(s.tz).isoformat(),
                "recorded_at": event.recorded_at.astimezone(s.tz).isoformat(),
            }
        )
    else:
        click.echo(f"noted {event.originator_id.hex[:7]}")


@click.command()
@whole_option("--limit", "-n", low=1, default=None, help="Only the last N events")
@json_option
def log(limit: int | None) -> None:
    """The raw event stream, newest last: both times and the source of each event."""
    from projections.queries.stream import iter_stream

    s = session()
    with closing(iter_stream(s.reader(), limit=limit)) as entries:  # its read ends here, even on a closed pipe
        if s.json:
            emit_json_list(_entry_json(position, event, s.tz) for position, event in entries)
            return
        _print_log(entries, s.tz)


def _print_log(entries: Any, tz: Any) -> None:
    rows = [  # plain text only: a ledger's events are decoded a batch at a time, not held
        [
            str(position),
            event.occurred_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
            "rec " + event.recorded_at.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S"),
            event.type_name,
            event.originator_id.hex[:7],
            _summary(event),
            event.source.describe(),
        ]
        for position, event in entries
    ]
    page((table(rows, styles={3: {"fg": "cyan"}}) if rows else "the ledger is empty") + "\n")


def _entry_json(position: int, event: Any, tz: Any) -> dict[str, Any]:
    data = event.model_dump(mode="json")
    data["occurred_at"] = event.occurred_at.astimezone(tz).isoformat()
    data["recorded_at"] = event.recorded_at.astimezone(tz).isoformat()
    return {"position": position, "type": event.type_name, "class_version": event.class_version, **data}


def _summary(event: Any) -> str:
    for name in ("text", "name", "title"):
        value = getattr(event, name, None)
        if value:
            return str(value)
    for name in ("starts_at", "due"):
        value = getattr(event, name, None)
        if value is not None:
            return f"{name} {value.isoformat(timespec='minutes')}"
    if getattr(event, "project_id", None) is not None:
        return f"project {event.project_id.hex[:7]}"
    return ""


COMMANDS = (note, log)
