"""Every write says what it understood, in human terms: ``added 3fa9c1e "Call mom" [Home] +family
due Fri 2026-12-11 (in 4 days), number 4``; ``edited 3fa9c1e: project Home -> Family``.

Where it goes keeps the scripts' contract: ``add`` prints the bare handle on stdout and
``done``/``reopen``/``cancel``/``edit`` print ``<verb> <handle>  <text>``, which scripts read with
``h=$(dayledger add ...)``. So on a terminal the echo line is printed on stdout instead of that
line, and when stdout is not a terminal stdout stays exactly as it was and the echo line goes to
stderr (a script's captured output does not change; the person running it still reads what was
understood). ``--json`` gives the same as fields, nothing on stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

from cli.output import moment_text, styled

if TYPE_CHECKING:
    from projections.queries.current import TaskRow

__all__ = ["added_line", "edit_changes", "edited_line", "say", "when_words"]


def say(contract: str, echo: str) -> None:
    """Print the echo line where a person reads it and keep stdout as scripts know it."""
    if sys.stdout.isatty():
        click.echo(echo)
    else:
        click.echo(contract)
        click.echo(echo, err=True)


def _days(moment: datetime, now: datetime) -> str:
    days = (moment.date() - now.astimezone(moment.tzinfo).date()).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {days} days" if days > 0 else f"{-days} days ago"


def when_words(moment: datetime, now: datetime) -> str:
    """A moment as people say it: ``Fri 2026-12-11 (in 4 days)``, with the time when it has one."""
    return f"{moment_text(moment)} ({_days(moment, now)})"


def _short_when(moment: datetime | None) -> str:
    return "none" if moment is None else moment_text(moment)


def added_line(row: TaskRow, now: datetime, *, number: int | None, new_project: bool, new_tags: Sequence[str]) -> str:
    """``added 3fa9c1e "text" [Home] (new project) +family (new tag) due Fri ... (in 4 days), number 4``."""
    parts = [f"added {styled(row.handle, fg='yellow')} \"{row.text}\""]
    if row.project:
        parts.append(f"[{row.project}]" + (" (new project)" if new_project else ""))
    for tag in row.tags:
        parts.append(f"+{tag}" + (" (new tag)" if tag in new_tags else ""))
    if row.due is not None:
        parts.append(f"due {when_words(row.due, now)}")
    if row.priority is not None:
        parts.append(f"priority {row.priority}")
    line = " ".join(parts)
    return f"{line}, number {number}" if number is not None else line


def edit_changes(before: TaskRow, after: TaskRow) -> dict[str, dict[str, Any]]:
    """What an edit changed, field by field: ``{"project": {"from": "Home", "to": "Family"}}``."""
    changes: dict[str, dict[str, Any]] = {}
    if before.text != after.text:
        changes["text"] = {"from": before.text, "to": after.text}
    if before.project != after.project:
        changes["project"] = {"from": before.project, "to": after.project}
    if before.due_value != after.due_value:  # a due day (a date) and its day's start differ
        changes["due"] = {"from": before.due_value.isoformat() if before.due_value else None, "to": after.due_value.isoformat() if after.due_value else None}
    if before.priority != after.priority:
        changes["priority"] = {"from": before.priority, "to": after.priority}
    added = [t for t in after.tags if t not in before.tags]
    removed = [t for t in before.tags if t not in after.tags]
    if added or removed:
        changes["tags"] = {"added": added, "removed": removed}
    return changes


def edited_line(before: TaskRow, after: TaskRow, *, new_project: bool, new_tags: Sequence[str]) -> str:
    """``edited 3fa9c1e: project Home -> Family, due Fri 2026-12-11 -> Sat 2026-12-12, +urgent``."""
    said: list[str] = []
    if before.text != after.text:
        said.append(f"text \"{before.text}\" -> \"{after.text}\"")
    if before.project != after.project:
        said.append(f"project {before.project or 'none'} -> {after.project or 'none'}" + (" (new project)" if new_project else ""))
    if before.due_value != after.due_value:
        said.append(f"due {_short_when(before.due)} -> {_short_when(after.due)}")
    if before.priority != after.priority:
        said.append(f"priority {before.priority or 'none'} -> {after.priority or 'none'}")
    said += [f"+{t}" + (" (new tag)" if t in new_tags else "") for t in after.tags if t not in before.tags]
    said += [f"-{t}" for t in before.tags if t not in after.tags]
    return f"edited {styled(after.handle, fg='yellow')}: {', '.join(said) or 'nothing changed'}"
