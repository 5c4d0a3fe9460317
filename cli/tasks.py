"""Task commands: add, done, reopen, cancel, edit (the list, ``tasks``, is ``cli.task_list``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from cli.options import json_option, session
from cli.output import emit_json, styled

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["COMMANDS"]

STATUSES = ("open", "done", "cancelled")


def _show_task(db: Database, task_id: str, verb: str) -> None:
    from projections.queries.current import task_by_id

    s = session()
    task = task_by_id(db, task_id, s.tz)
    assert task is not None, task_id
    if s.json:
        emit_json(task.to_json())
    else:
        click.echo(f"{verb} {styled(task.handle, fg='yellow')}  {task.text}")


@click.command()
@click.argument("text")
@click.option("--project", "-p", metavar="P", help="Project the task belongs to (started on first use).")
@click.option("--tag", "-t", "tags", multiple=True, metavar="T", help="A tag; repeat for several.")
@click.option("--due", metavar="WHEN", help="When it is due.")
@click.option("--priority", metavar="H|M|L", help="Its priority: H (high), M (medium) or L (low).")
@click.option("--at", metavar="WHEN", help="When it was captured (default: now).")
@json_option
def add(text: str, project: str | None, tags: Sequence[str], due: str | None, priority: str | None, at: str | None) -> None:
    """Capture a task; prints its handle."""
    s = session()
    due_at = s.when(due, direction="future") if due is not None else None
    at_moment = s.when(at, direction="past") if at is not None else None
    ledger = s.ledger()
    task_id = ledger.add_task(text, project=project, tags=tags, due=due_at, priority=priority, at=at_moment)
    if s.json:
        _show_task(ledger.db, task_id, "added")
    else:
        click.echo(task_id[:7])


def _change_command(name: str, verb: str, help_text: str) -> click.Command:
    @click.command(name=name, help=help_text)
    @click.argument("task")
    @click.option("--at", metavar="WHEN", help="When it happened (default: now).")
    @json_option
    def command(task: str, at: str | None) -> None:
        s = session()
        at_moment = s.when(at, direction="past") if at is not None else None
        ledger = s.ledger()
        change = {"done": ledger.complete_task, "reopen": ledger.reopen_task, "cancel": ledger.cancel_task}[name]
        _show_task(ledger.db, change(task, at=at_moment), verb)

    return command


done = _change_command("done", "done", "Mark TASK done (a handle, an id, or a piece of its text).")
reopen = _change_command("reopen", "reopened", "Make a done or cancelled TASK open again.")
cancel = _change_command("cancel", "cancelled", "Drop TASK without doing it.")


@click.command()
@click.argument("task")
@click.option("--text", metavar="T", help="New text.")
@click.option("--project", "-p", metavar="P", help="Move to project P ('-' for none).")
@click.option("--due", metavar="WHEN", help="New due date ('-' to remove it).")
@click.option("--tag", "-t", "add_tags", multiple=True, metavar="T", help="Add a tag.")
@click.option("--untag", "remove_tags", multiple=True, metavar="T", help="Remove a tag.")
@click.option("--priority", metavar="H|M|L|-", help="New priority: H, M or L ('-' to remove it).")
@click.option("--at", metavar="WHEN", help="When the change happened (default: now).")
@json_option
def edit(
    task: str,
    text: str | None,
    project: str | None,
    due: str | None,
    add_tags: Sequence[str],
    remove_tags: Sequence[str],
    priority: str | None,
    at: str | None,
) -> None:
    """Change TASK's text, project, due date, tags or priority."""
    from engine.rules.task import UNCHANGED

    s = session()
    changes: dict[str, Any] = {"text": text, "add_tags": add_tags, "remove_tags": remove_tags, "priority": priority}
    if project is not None:
        changes["project"] = None if project.strip() == "-" else project
    else:
        changes["project"] = UNCHANGED
    if due is not None:
        changes["due"] = None if due.strip() == "-" else s.when(due, direction="future")
    else:
        changes["due"] = UNCHANGED
    at_moment = s.when(at, direction="past") if at is not None else None
    ledger = s.ledger()
    _show_task(ledger.db, ledger.edit_task(task, at=at_moment, **changes), "edited")


COMMANDS = (add, done, reopen, cancel, edit)
