"""Task commands: add, done, reopen, cancel, edit, tasks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

from cli.options import json_option, session
from cli.numbers import show_numbers
from cli.output import age, age_of, columns_table, emit_json, short_time, styled, table
from cli.travel import moment_of, time_travel

if TYPE_CHECKING:
    from engine.storage.database import Database
    from projections.queries.current import TaskRow

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
@click.option("--at", metavar="WHEN", help="When it was captured (default: now).")
@json_option
def add(text: str, project: str | None, tags: Sequence[str], due: str | None, at: str | None) -> None:
    """Capture a task; prints its handle."""
    s = session()
    due_at = s.when(due, direction="future") if due is not None else None
    at_moment = s.when(at, direction="past") if at is not None else None
    ledger = s.ledger()
    task_id = ledger.add_task(text, project=project, tags=tags, due=due_at, at=at_moment)
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
@click.option("--at", metavar="WHEN", help="When the change happened (default: now).")
@json_option
def edit(
    task: str,
    text: str | None,
    project: str | None,
    due: str | None,
    add_tags: Sequence[str],
    remove_tags: Sequence[str],
    at: str | None,
) -> None:
    """Change TASK's text, project, due date or tags."""
    from engine.rules.task import UNCHANGED

    s = session()
    changes: dict[str, Any] = {"text": text, "add_tags": add_tags, "remove_tags": remove_tags}
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


@click.command(name="tasks")
@click.option("--project", "-p", metavar="P", help="Only this project's tasks.")
@click.option("--status", type=click.Choice([*STATUSES, "all"]), default="open", show_default=True)
@click.option("--no-routines", is_flag=True, help="Leave out routine occurrences that are due.")
@time_travel
@json_option
def list_tasks(project: str | None, status: str, no_routines: bool, as_of: str | None, known_at: str | None) -> None:
    """List tasks grouped by project, oldest first, then the routine occurrences due;
    with --as-of/--known-at, as they were then."""
    s = session()
    statuses = STATUSES if status == "all" else (status,)
    db = s.reader()
    now, known = s.now(), None
    rows: list[TaskRow] | None = None  # the rows themselves: time travel and --json
    if as_of or known_at:
        from projections.queries.as_of import tasks_as_of

        moment = moment_of(as_of, known_at)
        rows = tasks_as_of(db, s.tz, moment, statuses=statuses, project=project)
        now = min(now, moment.t_time)
        known = datetime.fromisoformat(moment.k) if known_at else None
    elif s.json:
        from projections.queries.current import list_tasks as query

        rows = query(db, s.tz, statuses=statuses, project=project)
    due = []
    if "open" in statuses and not no_routines:
        from projections.queries.routines_due import due_occurrences

        due = due_occurrences(db, s.tz, now, known_at=known, project=project)
    shown = None if as_of or known_at or "open" not in statuses else show_numbers(db, s.location, s.now())
    if s.json:
        assert rows is not None
        numbers = shown.by_id if shown else {}
        emit_json([{"kind": "task", **r.to_json(), "number": numbers.get(r.id)} for r in rows] + [o.to_json() for o in due])
        return
    from projections.queries.task_list import columns_of, task_columns

    groups = task_columns(db, s.tz, now, statuses=statuses, project=project) if rows is None else columns_of(rows, now)
    if not groups and not due:
        click.echo(f"no {'' if status == 'all' else status + ' '}tasks")
        return
    out: list[str] = []
    for g in groups:
        out.append(styled(g.project or "(no project)", bold=True))
        suffixes = {tags: "".join(f" +{t}" for t in tags) for tags in set(g.tags)}
        columns = [
            *(([shown.by_handle.get(h, "") for h in g.handles],) if shown else ()),
            g.handles,
            *((g.statuses,) if status == "all" else ()),
            list(map(age_of, g.age_seconds)),
            [f"carried {c}" if c else "" for c in g.carried],
            [f"due {short_time(d, now)}" if d else "" for d in g.due],
            [text + suffixes[tags] if tags else text for text, tags in zip(g.texts, g.tags, strict=True)],
        ]
        out.append(columns_table(columns, indent="  ", styles={1 if shown else 0: {"fg": "yellow"}}))
    if due:
        out.append(styled("Routines due", bold=True))
        out.append(
            table(
                [[o.handle, age(o.occurrence_at, now), "routine", o.text + (f"  [{o.project}]" if o.project else "")] for o in due],
                indent="  ",
                styles={0: {"fg": "yellow"}},
            )
        )
    click.echo("\n".join(out))


COMMANDS = (add, done, reopen, cancel, edit, list_tasks)
