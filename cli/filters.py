"""Filter options and filter words: ``-p Work -t bills`` and ``project:Work +bills`` on one command.

``-bills`` would be read by click as short options (``-b -i ...``, or ``-t ills``), so a command
that takes filter words reads its arguments through ``FilterCommand``: a word of one dash and more
than one letter that is not one of the command's own options is set aside as a filter word
(attached short-option values such as ``-pWork`` are therefore not understood here; ``-p Work``
is). Everything after ``--`` is a filter word as well.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from cli.options import session

if TYPE_CHECKING:
    from engine.rules.task_filter import SortKey, TaskFilter

__all__ = ["FILTER_WORDS_HELP", "FilterCommand", "done_filter_options", "filter_options", "sort_keys", "sort_option", "task_filter"]

F = TypeVar("F", bound=Callable[..., Any])

FILTER_WORDS_HELP = (
    "FILTER words, all of which must hold, as Taskwarrior reads them: project:Home (also pro:, proj:; "
    "includes sub-projects such as Home.Garden), +tag, -tag, /text/ (or a bare word), due.before:WHEN, "
    "due.after:WHEN, due:WHEN (that day), due: (no due date), priority:H|M|L (priority: for none), +OVERDUE. "
    "Names and text compare without regard to case; a project or tag the ledger never had is an error (exit 3)."
)


class FilterCommand(click.Command):
    """A command whose trailing FILTER words may start with a dash (``-bills``)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        own = {name for p in self.get_params(ctx) if isinstance(p, click.Option) for name in (*p.opts, *p.secondary_opts)}
        takes_value = {name for p in self.params if isinstance(p, click.Option) and not p.is_flag for name in p.opts}
        kept: list[str] = []
        words: list[str] = []
        previous = None
        for n, arg in enumerate(args):
            if arg == "--":
                words += args[n + 1 :]
                break
            if previous in takes_value or not arg.startswith("-") or arg.startswith("--") or arg in own or len(arg) <= 2:
                kept.append(arg)
            else:
                words.append(arg)
            previous = arg
        return super().parse_args(ctx, [*kept, "--", *words] if words else kept)


def filter_options(f: F) -> F:
    """The filter options and the FILTER words; the command gets ``words`` and the options by name
    (``task_filter`` takes them all)."""
    return _filters(f, overdue=True)


def done_filter_options(f: F) -> F:
    """``filter_options`` for lists of done tasks (no ``--overdue``: a done task never is)."""
    return _filters(f, overdue=False)


def _filters(f: F, *, overdue: bool) -> F:
    options = [
        click.argument("words", nargs=-1, metavar="[FILTER]..."),
        click.option("--project", "-p", "projects", multiple=True, metavar="P", help="Only project P and its sub-projects (case ignored; repeatable)."),
        click.option("--tag", "-t", "tags", multiple=True, metavar="T", help="Only tasks tagged T (repeat: all of them)."),
        click.option("--not-tag", "not_tags", multiple=True, metavar="T", help="Leave out tasks tagged T (repeatable)."),
        click.option("--search", "searches", multiple=True, metavar="TEXT", help="Only tasks whose text holds TEXT (case ignored; repeatable)."),
        click.option("--due-before", metavar="WHEN", help="Only tasks due before WHEN (a bare day: before it starts)."),
        click.option("--due-after", metavar="WHEN", help="Only tasks due after WHEN (a bare day: from the next day on)."),
        *([click.option("--overdue", is_flag=True, help="Only open tasks past their due time.")] if overdue else []),
        click.option("--priority", "priorities", multiple=True, metavar="H|M|L", help="Only tasks of this priority ('-' for none; repeat for several)."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def sort_option(f: F) -> F:
    return click.option(
        "--sort", "sort", multiple=True, metavar="KEYS",
        help="Sort by due, priority, age, project or text: several comma-separated or repeated, '-' before one for "
        "descending (--sort due,-age). Tasks without a due date or priority come last. A sorted list is flat, "
        "with each task's project after its text.",
    )(f)  # type: ignore[return-value]


def task_filter(
    *,
    words: Sequence[str],
    projects: Sequence[str],
    tags: Sequence[str],
    not_tags: Sequence[str],
    searches: Sequence[str],
    due_before: str | None,
    due_after: str | None,
    priorities: Sequence[str],
    overdue: bool = False,
) -> TaskFilter:
    """The filter the options and the words ask for together."""
    from engine.rules.task_filter import filter_of, read_words

    s = session()

    def when(text: str) -> Any:
        from engine.rules.when import parse_when  # only for a WHEN: it costs a filter 2 ms to load

        return parse_when(text, now=s.now(), tz=s.tz, direction="future")

    def option(name: str, text: str | None) -> Any:
        from engine.rules.errors import InvalidInputError

        try:
            return None if text is None else when(text)
        except InvalidInputError as e:
            raise InvalidInputError(f"{name}: {e}") from None

    from_options = filter_of(
        projects=projects, tags=tags, not_tags=not_tags, searches=searches,
        due_before=option("--due-before", due_before), due_after=option("--due-after", due_after),
        overdue=overdue, priorities=priorities,
    )
    return from_options.and_(read_words(words, when))


def sort_keys(texts: Sequence[str]) -> tuple[SortKey, ...]:
    from engine.rules.task_filter import parse_sort

    return parse_sort(texts)
