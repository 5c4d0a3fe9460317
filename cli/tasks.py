"""Task commands: add, done, reopen, cancel, edit (the listing is ``cli.task_list``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from cli.capture import WordsCommand, literal_words
from cli.options import json_option, session
from cli.output import emit_json, styled
from engine.rules.errors import InvalidInputError

if TYPE_CHECKING:
    from engine.commands.ledger import Ledger
    from engine.storage.database import Database

__all__ = ["COMMANDS"]


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
@click.option("--priority", metavar="H|M|L", help="Its priority: H (high), M (medium) or L (low); or priority:H among the words.")
@click.option("--at", metavar="WHEN", help="When it was captured (default: now).")
@json_option
def add(words: Sequence[str], project: str | None, tags: Sequence[str], due: str | None, priority: str | None, at: str | None) -> None:
    """Capture a task: 'add Call mom about the garage project:Home +family due:fri'.

    The words are its text, but for project:P (or pro:P), +TAG, due:WHEN and priority:H|M|L among
    them; any other word:word (10:30, http://x) is text, a misspelt attribute (projet:) an error,
    and every word after -- is text. Prints its handle (on a terminal: what it understood)."""
    from engine.rules.capture import ADD, merge, read_words

    s = session()
    said = read_words(words, ADD, literal=literal_words())
    project = merge(project, said.attributes.get("project"), option_name="--project", word_name="project")
    due = merge(due, said.attributes.get("due"), option_name="--due", word_name="due")
    priority = merge(priority, said.attributes.get("priority"), option_name="--priority", word_name="priority")
    all_tags = [*tags, *(t for t in said.tags if t not in tags)]
    due_at = s.when(due, direction="future") if due is not None else None
    at_moment = s.when(at, direction="past") if at is not None else None
    ledger = s.ledger()
    from projections.queries.known_names import known_project, known_tags

    new_project = project is not None and project.strip() not in ("", "-") and not known_project(ledger.db, project)
    old_tags = known_tags(ledger.db, [t.lstrip("+#") for t in all_tags])
    task_id = ledger.add_task(said.text, project=project, tags=all_tags, due=due_at, priority=priority, at=at_moment)
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
        change = {
            "done": ledger.complete_tasks, "reopen": ledger.reopen_tasks, "cancel": ledger.cancel_tasks,
            "start": ledger.start_tasks, "stop": ledger.stop_tasks,
        }[name]
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
start = _change_command("start", "started", "Start work on TASK: it is active (+ACTIVE), as Taskwarrior's start." + _SEVERAL)
stop = _change_command("stop", "stopped", "Stop work on an active TASK." + _SEVERAL)


@click.command()
@click.argument("tasks", nargs=-1, required=True, metavar="TASK...")
@click.option("--text", metavar="T", help="New text.")
@click.option("--project", "-p", metavar="P", help="Move to project P ('-' for none).")
@click.option("--due", metavar="WHEN", help="New due date ('-' to remove it).")
@click.option("--tag", "-t", "add_tags", multiple=True, metavar="T", help="Add a tag.")
@click.option("--untag", "remove_tags", multiple=True, metavar="T", help="Remove a tag.")
@click.option("--priority", metavar="H|M|L|-", help="New priority: H, M or L ('-' to remove it); or priority:H among the words.")
@click.option("--at", metavar="WHEN", help="When the change happened (default: now).")
@json_option
def edit(
    tasks: Sequence[str],
    text: str | None,
    project: str | None,
    due: str | None,
    add_tags: Sequence[str],
    remove_tags: Sequence[str],
    priority: str | None,
    at: str | None,
) -> None:
    """Change TASK's text, project, due date, tags or priority; the same change to each TASK named
    (numbers, ranges such as 1-3,7, handles, ids or text), in one write. As in Taskwarrior,
    project:P, +TAG, due:WHEN and priority:H among the words are changes: 'edit 3 5 project:Home +family'."""
    from cli.echo import edit_changes, edited_line, say
    from engine.rules.capture import EDIT, merge, read_words
    from engine.rules.task import UNCHANGED
    from projections.queries.current import task_by_id
    from projections.queries.known_names import known_project, known_tags

    s = session()
    said = read_words(tasks, EDIT)
    project = merge(project, said.attributes.get("project"), option_name="--project", word_name="project")
    due = merge(due, said.attributes.get("due"), option_name="--due", word_name="due")
    priority = merge(priority, said.attributes.get("priority"), option_name="--priority", word_name="priority")
    add_tags = [*add_tags, *(t for t in said.tags if t not in add_tags)]
    tasks = said.words
    if not tasks:
        raise InvalidInputError("edit needs a TASK: a number, a handle, an id or a piece of its text")
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


COMMANDS = (add, done, reopen, cancel, edit, start, stop)
