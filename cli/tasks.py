"""Task commands: add, done, reopen, cancel, edit, tasks."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

from cli.capture import WordsCommand, literal_words
from cli.numbers import show_numbers
from cli.options import json_option, session
from cli.output import age, age_of, columns_table, emit_json, short_time, styled, table
from cli.travel import moment_of, time_travel
from engine.rules.errors import InvalidInputError

if TYPE_CHECKING:
    from engine.commands.ledger import Ledger
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


def _targets(words: Sequence[str]) -> list[str]:
    """The tasks a command's words name: each number (or range), handle, id or quoted text on its
    own; neighbouring plain words together as one piece of text, so ``done buy milk`` is one task
    (never "buy" and "milk" as two). Name several tasks by text with quotes: ``done "milk" "mom"``."""
    from engine.rules.numbers import is_number_word

    out: list[str] = []
    run: list[str] = []
    for word in words:
        if is_number_word(word) or _HANDLE.match(word.strip()) or any(c.isspace() for c in word.strip()):
            if run:
                out.append(" ".join(run))
                run = []
            out.append(word)
        else:
            run.append(word)
    if run:
        out.append(" ".join(run))
    return out


def _one_task(targets: Sequence[str], task_ids: Sequence[str]) -> bool:
    """Whether the answer is one task (a JSON object, as before several targets were taken) rather
    than a list: one target that is not a range of numbers. ``done a b`` answers with a list even
    when both name the same task (it is changed once)."""
    from engine.rules.numbers import is_number_word

    if len(targets) != 1 or len(task_ids) != 1:
        return False
    word = targets[0].strip()
    return not (is_number_word(word) and not word.isdigit())


_HANDLE = re.compile(r"^[0-9a-fA-F][0-9a-fA-F-]{6,35}$")


@click.command(cls=WordsCommand)
@click.argument("words", nargs=-1, metavar="TEXT...")
@click.option("--project", "-p", metavar="P", help="Project the task belongs to (started on first use); or project:P among the words.")
@click.option("--tag", "-t", "tags", multiple=True, metavar="T", help="A tag; repeat for several; or +T among the words.")
@click.option("--due", metavar="WHEN", help="When it is due; or due:WHEN among the words.")
@click.option("--at", metavar="WHEN", help="When it was captured (default: now).")
@json_option
def add(words: Sequence[str], project: str | None, tags: Sequence[str], due: str | None, at: str | None) -> None:
    """Capture a task: ``add Call mom about the garage project:Home +family due:fri``.

    The words are its text, but for project:P (or pro:P), +TAG, due:WHEN and priority:H|M|L among
    them; any other word:word (10:30, http://x) is text, a misspelt attribute (projet:) an error,
    and every word after -- is text. Prints its handle (on a terminal: what it understood)."""
    from engine.rules.capture import ADD, merge, read_words

    s = session()
    said = read_words(words, ADD, literal=literal_words())
    project = merge(project, said.attributes.get("project"), option_name="--project", word_name="project")
    due = merge(due, said.attributes.get("due"), option_name="--due", word_name="due")
    priority = said.attributes.get("priority")
    if priority is not None:
        # INTEGRATION(priority): merge with --priority and pass priority= to ledger.add_task.
        raise InvalidInputError(f"priority:{priority}: priorities are not recorded by this build yet")
    all_tags = [*tags, *(t for t in said.tags if t not in tags)]
    due_at = s.when(due, direction="future") if due is not None else None
    at_moment = s.when(at, direction="past") if at is not None else None
    ledger = s.ledger()
    from projections.queries.known_names import known_project, known_tags

    new_project = project is not None and project.strip() not in ("", "-") and not known_project(ledger.db, project)
    old_tags = known_tags(ledger.db, [t.lstrip("+#") for t in all_tags])
    task_id = ledger.add_task(said.text, project=project, tags=all_tags, due=due_at, at=at_moment)
    _echo_added(ledger, task_id, new_project, old_tags)


def _echo_added(ledger: Ledger, task_id: str, new_project: bool, old_tags: set[str]) -> None:
    from cli.echo import added_line, say
    from cli.numbers import number_of_new
    from projections.queries.current import task_by_id

    s = session()
    row = task_by_id(ledger.db, task_id, s.tz)
    assert row is not None, task_id
    number = number_of_new(ledger.db, s.location, task_id)
    new_tags = [t for t in row.tags if t not in old_tags]
    if s.json:
        emit_json({**row.to_json(), "number": number, "new_project": new_project, "new_tags": new_tags})
        return
    say(task_id[:7], added_line(row, s.now(), number=number, new_project=new_project, new_tags=new_tags))


def _change_command(name: str, verb: str, help_text: str) -> click.Command:
    @click.command(name=name, help=help_text)
    @click.argument("tasks", nargs=-1, required=True, metavar="TASK...")
    @click.option("--at", metavar="WHEN", help="When it happened (default: now).")
    @json_option
    def command(tasks: Sequence[str], at: str | None) -> None:
        from projections.queries.current import task_by_id

        s = session()
        at_moment = s.when(at, direction="past") if at is not None else None
        ledger = s.ledger()
        change = {"done": ledger.complete_tasks, "reopen": ledger.reopen_tasks, "cancel": ledger.cancel_tasks}[name]
        targets = _targets(tasks)
        task_ids = change(targets, at=at_moment)
        if _one_task(targets, task_ids):
            _show_task(ledger.db, task_ids[0], verb)
            return
        rows = [task_by_id(ledger.db, i, s.tz) for i in task_ids]
        if s.json:
            emit_json([r.to_json() for r in rows if r is not None])
            return
        for r in rows:
            assert r is not None
            click.echo(f"{verb} {styled(r.handle, fg='yellow')}  {r.text}")

    return command


_SEVERAL = (
    " TASK is a number from the last listing (or a range: 1-3,7), a handle, an id or a piece of its text;"
    " name several to change them all at once (one undo takes them all back)."
)
done = _change_command("done", "done", "Mark TASK done." + _SEVERAL)
reopen = _change_command("reopen", "reopened", "Make a done or cancelled TASK open again." + _SEVERAL)
cancel = _change_command("cancel", "cancelled", "Drop TASK without doing it." + _SEVERAL)


@click.command()
@click.argument("tasks", nargs=-1, required=True, metavar="TASK...")
@click.option("--text", metavar="T", help="New text.")
@click.option("--project", "-p", metavar="P", help="Move to project P ('-' for none).")
@click.option("--due", metavar="WHEN", help="New due date ('-' to remove it).")
@click.option("--tag", "-t", "add_tags", multiple=True, metavar="T", help="Add a tag.")
@click.option("--untag", "remove_tags", multiple=True, metavar="T", help="Remove a tag.")
@click.option("--at", metavar="WHEN", help="When the change happened (default: now).")
@json_option
def edit(
    tasks: Sequence[str],
    text: str | None,
    project: str | None,
    due: str | None,
    add_tags: Sequence[str],
    remove_tags: Sequence[str],
    at: str | None,
) -> None:
    """Change TASK's text, project, due date or tags; the same change to each TASK named
    (numbers, ranges such as 1-3,7, handles, ids or text), in one write. As in Taskwarrior,
    project:P, +TAG and due:WHEN among the words are changes: ``edit 3 5 project:Home +family``."""
    from cli.echo import edit_changes, edited_line, say
    from engine.rules.capture import EDIT, merge, read_words
    from engine.rules.task import UNCHANGED
    from projections.queries.current import task_by_id
    from projections.queries.known_names import known_project, known_tags

    s = session()
    said = read_words(tasks, EDIT)
    project = merge(project, said.attributes.get("project"), option_name="--project", word_name="project")
    due = merge(due, said.attributes.get("due"), option_name="--due", word_name="due")
    if "priority" in said.attributes:
        # INTEGRATION(priority): merge with --priority and pass priority= to ledger.edit_found.
        raise InvalidInputError(f"priority:{said.attributes['priority']}: priorities are not recorded by this build yet")
    add_tags = [*add_tags, *(t for t in said.tags if t not in add_tags)]
    tasks = said.words
    if not tasks:
        raise InvalidInputError("edit needs a TASK: a number, a handle, an id or a piece of its text")
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
    targets = _targets(tasks)
    task_ids = ledger.find_tasks(targets)
    before = {i: task_by_id(ledger.db, i, s.tz) for i in task_ids}
    new_project = isinstance(changes["project"], str) and not known_project(ledger.db, changes["project"])
    old_tags = known_tags(ledger.db, [t.lstrip("+#") for t in add_tags])
    ledger.edit_found(task_ids, at=at_moment, **changes)
    answers = []
    for task_id in task_ids:
        after, was = task_by_id(ledger.db, task_id, s.tz), before[task_id]
        assert after is not None and was is not None
        new_tags = [t for t in after.tags if t not in was.tags and t not in old_tags]
        answers.append((after, was, new_tags))
    if s.json:
        out = [{**a.to_json(), "changes": edit_changes(w, a), "new_project": new_project, "new_tags": n} for a, w, n in answers]
        emit_json(out[0] if _one_task(targets, task_ids) else out)
        return
    for after, was, new_tags in answers:
        say(f"edited {after.handle}  {after.text}", edited_line(was, after, new_project=new_project, new_tags=new_tags))


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
    shown = None if as_of or known_at or "open" not in statuses else show_numbers(db, s.location)
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
    by_handle = shown.by_handle if shown else None
    for g in groups:
        out.append(styled(g.project or "(no project)", bold=True))
        suffixes = {tags: "".join(f" +{t}" for t in tags) for tags in set(g.tags)}
        columns = [
            *(([by_handle.get(h, "") for h in g.handles],) if by_handle else ()),
            g.handles,
            *((g.statuses,) if status == "all" else ()),
            list(map(age_of, g.age_seconds)),
            [f"carried {c}" if c else "" for c in g.carried],
            [f"due {short_time(d, now)}" if d else "" for d in g.due],
            [text + suffixes[tags] if tags else text for text, tags in zip(g.texts, g.tags, strict=True)],
        ]
        out.append(columns_table(columns, indent="  ", styles={1 if by_handle else 0: {"fg": "yellow"}}))
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
