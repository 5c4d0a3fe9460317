"""``dayledger tasks``: the task list, filtered and sorted, now or at any moment.

The plain list (open tasks, no filter, no sort, now) is read column by column
(``projections.queries.task_list``), the quickest way to show ten thousand tasks; anything else
reads rows (``projections.queries.task_filter``). Both end in the same columns (``_cells``): to
show one more thing per task, add it there.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import click

from cli.filters import FILTER_WORDS_HELP, FilterCommand, filter_options, sort_keys, sort_option, task_filter
from cli.numbers import show_numbers
from cli.options import json_option, session, whole_option
from cli.output import age, age_of, columns_table, emit_json, page, short_due, styled, terminal_width
from cli.travel import moment_of, time_travel
from engine.rules.due import Due, overdue

if TYPE_CHECKING:
    from projections.queries.current import TaskRow
    from projections.queries.task_list import TaskColumns

__all__ = ["list_tasks"]

STATUSES = ("open", "done", "cancelled")


@click.command(name="tasks", cls=FilterCommand, epilog=FILTER_WORDS_HELP)
@filter_options
@click.option("--status", type=click.Choice([*STATUSES, "all"]), default="open", show_default=True)
@sort_option
@click.option("--no-routines", is_flag=True, help="Leave out routine occurrences that are due.")
@whole_option("--limit", low=1, help="Only the first tasks of the list, in its order")
@time_travel
@json_option
def list_tasks(
    words: Sequence[str],
    status: str,
    sort: Sequence[str],
    no_routines: bool,
    limit: int | None,
    as_of: str | None,
    known_at: str | None,
    **options: Any,
) -> None:
    """List tasks grouped by project, oldest first, then the routine occurrences due; with
    FILTER words or options only the tasks that match them all; with --sort as one flat list;
    with --as-of/--known-at, as they were then. Overdue open tasks are marked; done tasks show
    when they were done."""
    s = session()
    f = task_filter(words=words, **options)
    keys = sort_keys(sort)
    statuses = STATUSES if status == "all" else (status,)
    db = s.reader()
    now, known, at = s.now(), None, None
    if as_of or known_at:
        at = moment_of(as_of, known_at)
        now = min(now, at.t_time)
        known = datetime.fromisoformat(at.k) if known_at else None
    rows: list[TaskRow] | None = None  # None: the plain list (or one by project), read as columns
    if at is not None or s.json or (f and not f.only_projects) or keys or status != "open" or limit is not None:
        from projections.queries.task_filter import filtered_tasks, sort_tasks

        rows = filtered_tasks(db, s.tz, now, f, statuses=statuses, at=at, limit=None if keys else limit)
        if keys:
            rows = sort_tasks(rows, keys)
        if limit is not None:
            rows = rows[:limit]
    due = []
    if "open" in statuses and not no_routines and (not f or f.only_projects):
        from projections.queries.routines_due import due_occurrences

        due = due_occurrences(db, s.tz, now, known_at=known)
        if f:
            from engine.rules.text import normal_name
            from projections.queries.task_filter import in_project

            wanted = [normal_name(p) for p in f.projects]
            due = [o for o in due if all(in_project(o.project, w) for w in wanted)]
    # Numbers are those of the open tasks now (a filtered list shows the full list's numbers);
    # remembered, so a number typed next means the task shown here.
    shown = None if at is not None or "open" not in statuses else show_numbers(db, s.location)
    if s.json:
        assert rows is not None
        numbers = shown.by_id if shown else {}
        emit_json(
            [{"kind": "task", **r.to_json(), "overdue": _overdue(r.status, r.due_value, now), "waiting": r.waiting(now), "number": numbers.get(r.id)} for r in rows]
            + [o.to_json() for o in due]
        )
        return
    from projections.queries.task_list import columns_of, task_columns

    if rows is None:
        ids = None
        if f:
            from projections.queries.task_filter import check_names, project_ids

            ids = project_ids(db, f)
        groups = task_columns(db, s.tz, now, statuses=statuses, project_ids=ids) if ids != [] else []
        if f:
            check_names(db, f, found=bool(groups))
    elif keys:
        groups = [_flat(rows, now)] if rows else []
    else:
        groups = columns_of(rows, now)
    if not groups and not due:
        what = f"{'' if status == 'all' else status + ' '}tasks"
        click.echo(f"no {what} match {f.described()}" if f else f"no {what}")
        return
    closed = _done_times(rows) if rows is not None and "done" in statuses else None
    out: list[str] = []
    start = 0
    width = terminal_width()  # on a terminal long texts wrap inside their column; piped, never
    for g in groups:
        if not keys:
            out.append(styled(g.project or "(no project)", bold=True))
        cells, styles = _cells(
            g, now, show_status=status == "all",
            done_at=closed[start : start + len(g.handles)] if closed else None,
            projects=[r.project for r in rows] if keys and rows else None,
            numbers=shown.by_handle if shown else None,
        )
        start += len(g.handles)
        out.append(columns_table(cells, indent="" if keys else "  ", styles=styles, wrap_to=width))
    if due:
        out.append(styled("Routines due", bold=True))
        out.append(
            columns_table(
                [
                    [o.handle for o in due],
                    [age(o.occurrence_at, now) for o in due],
                    ["routine"] * len(due),
                    [o.text + (f"  [{o.project}]" if o.project else "") for o in due],
                ],
                indent="  ",
                styles={0: {"fg": "yellow"}},
                wrap_to=width,
            )
        )
    page("\n".join(out) + "\n")  # a long list on a terminal goes through the pager, as log's does


def _overdue(status: str, due: Due | None, now: datetime) -> bool:
    return status == "open" and overdue(due, now, now.tzinfo)  # type: ignore[arg-type]


def _flat(rows: Sequence[TaskRow], now: datetime) -> TaskColumns:
    """A sorted list as one group (its projects are shown per task)."""
    from projections.queries.task_list import TaskColumns

    utc_now = now.astimezone(UTC)
    return TaskColumns(
        None,
        [r.handle for r in rows],
        [r.status for r in rows],
        [int((utc_now - r.created_utc).total_seconds()) for r in rows],
        [r.carried for r in rows],
        [r.due_value for r in rows],
        [r.tags for r in rows],
        [r.text for r in rows],
        [r.priority for r in rows],
        [r.marks(now) for r in rows] if any(r.marks(now) for r in rows) else None,
    )


def _done_times(rows: Sequence[TaskRow]) -> list[datetime | None]:
    return [r.completed_at for r in rows]


def _cells(
    g: TaskColumns,
    now: datetime,
    *,
    show_status: bool,
    done_at: Sequence[datetime | None] | None,
    projects: Sequence[str | None] | None,
    numbers: dict[str, str] | None,
) -> tuple[list[Sequence[str]], dict[int, dict[str, Any]]]:
    """The columns of one group as text, and the styles of some of them (on a terminal)."""
    columns: list[Sequence[str]] = []
    if numbers:
        columns.append([numbers.get(h, "") for h in g.handles])
    styles: dict[int, dict[str, Any]] = {len(columns): {"fg": "yellow"}}
    columns.append(g.handles)
    if show_status:
        columns.append(g.statuses)
    ages = list(map(age_of, g.age_seconds))
    if done_at is not None:  # when it was done says more than how old it is
        ages = [f"done {d:%a %Y-%m-%d %H:%M}" if d is not None else a for a, d in zip(ages, done_at, strict=True)]
    columns.append(ages)
    columns.append([f"carried {c}" if c else "" for c in g.carried])
    columns.append([f"due {short_due(d, now)}" if d else "" for d in g.due])
    overdue = ["overdue" if _overdue(s, d, now) else "" for s, d in zip(g.statuses, g.due, strict=True)]
    if any(overdue):
        styles[len(columns)] = {"fg": "red", "bold": True}
        columns.append(overdue)
    if g.marks is not None:  # Taskwarrior's fields: active, blocked, blocking, waiting, template
        styles[len(columns)] = {"fg": "cyan"}
        columns.append(g.marks)
    suffixes = {tags: "".join(f" +{t}" for t in tags) for tags in set(g.tags)}
    texts = [
        (f"!{p} " if p else "") + (text + suffixes[tags] if tags else text)
        for text, tags, p in zip(g.texts, g.tags, g.priorities, strict=True)
    ]
    if projects is not None:
        texts = [f"{t}  [{p}]" if p else t for t, p in zip(texts, projects, strict=True)]
    columns.append(texts)
    return columns, styles
