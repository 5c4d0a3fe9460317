"""Notes and the raw event stream: note, log."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import closing
from datetime import datetime
from typing import Any

import click

from cli.capture import WordsCommand, literal_words
from cli.echo import say
from cli.options import json_option, session, whole_option
from cli.output import emit_json, emit_json_list, page, table

__all__ = ["COMMANDS"]


@click.command(cls=WordsCommand)
@click.argument("words", nargs=-1, metavar="TEXT...")
@click.option("--project", "-p", metavar="P", help="Project the note belongs to; or project:P among the words.")
@click.option("--at", metavar="WHEN", help="When it happened (default: now).")
@json_option
def note(words: Sequence[str], project: str | None, at: str | None) -> None:
    """Record a free-form note: 'note Talked to the plumber project:Home'.

    The words are its text, but for project:P (or pro:P); other word:word is text, a misspelt
    attribute an error, and every word after -- is text."""
    from engine.rules.capture import NOTE, merge, read_words

    s = session()
    said = read_words(words, NOTE, literal=literal_words())
    project = merge(project, said.attributes.get("project"), option_name="--project", word_name="project")
    at_moment = s.when(at, direction="past") if at is not None else None
    ledger = s.ledger()
    new_project = project is not None and project.strip() not in ("", "-") and not _known_project(ledger, project)
    recorded = ledger.record_note(said.text, project=project, at=at_moment)
    event = recorded[-1]
    if s.json:
        emit_json(
            {
                "id": event.originator_id.hex,
                "text": event.text,  # type: ignore[attr-defined]
                "project": project.strip() if project else None,
                "occurred_at": event.occurred_at.astimezone(s.tz).isoformat(),
                "recorded_at": event.recorded_at.astimezone(s.tz).isoformat(),
                "new_project": new_project,
            }
        )
    else:
        handle = event.originator_id.hex[:7]
        where = f" [{project.strip()}]" + (" (new project)" if new_project else "") if project and project.strip() else ""
        say(f"noted {handle}", f"noted {handle} \"{event.text}\"{where}")  # type: ignore[attr-defined]


def _known_project(ledger: Any, name: str) -> bool:
    from projections.queries.known_names import known_project

    return known_project(ledger.db, name)


@click.command()
@whole_option("--limit", "-n", low=1, default=None, help="Only the last N events")
@json_option
def log(limit: int | None) -> None:
    """The raw event stream, newest last: both times and the source of each event."""
    from projections.queries.stream import iter_stream

    s = session()
    db = s.reader()
    with closing(iter_stream(db, limit=limit)) as entries:  # the read ends here, even when the reader of stdout stops early
        _show_log(entries, s, db)


def _show_log(entries: Iterator[tuple[int, Any]], s: Any, db: Any) -> None:
    if s.json:
        from projections.queries.stream import project_names

        names = project_names(db)
        emit_json_list(_entry_json(position, event, s.tz, names) for position, event in entries)
        return
    rows = [  # plain text only: a ledger's events are decoded a batch at a time, not held
        [
            str(position),
            event.occurred_at.astimezone(s.tz).strftime("%Y-%m-%d %H:%M"),
            "rec " + event.recorded_at.astimezone(s.tz).strftime("%Y-%m-%d %H:%M:%S"),
            event.type_name,
            event.originator_id.hex[:7],
            _summary(event),
            event.source.describe(),
        ]
        for position, event in entries
    ]
    page((table(rows, styles={3: {"fg": "cyan"}}) if rows else "the ledger is empty") + "\n")


def _entry_json(position: int, event: Any, tz: Any, names: dict[str | None, str | None]) -> dict[str, Any]:
    """An event as stored, with the handle of what it is about and the names of the project and
    task it holds the ids of (``with_names``), so a script needs no second lookup."""
    from projections.queries.facts import with_names

    data = event.model_dump(mode="json")
    data["occurred_at"] = event.occurred_at.astimezone(tz).isoformat()
    data["recorded_at"] = event.recorded_at.astimezone(tz).isoformat()
    return with_names(
        {
            "position": position, "type": event.type_name, "class_version": event.class_version,
            "originator_id": data["originator_id"], "handle": event.originator_id.hex[:7], **data,
        },
        names,
    )


def _summary(event: Any) -> str:
    for name in ("text", "name", "title"):
        value = getattr(event, name, None)
        if value:
            return str(value)
    for name in ("starts_at", "due"):
        value = getattr(event, name, None)
        if value is not None:
            return f"{name} {value.isoformat(timespec='minutes') if isinstance(value, datetime) else value.isoformat()}"
    if getattr(event, "project_id", None) is not None:
        return f"project {event.project_id.hex[:7]}"
    return ""


COMMANDS = (note, log)
