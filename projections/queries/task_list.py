"""The task list as people read it, one project's tasks at a time and column by column.

A list of ten thousand tasks is shown faster from columns than from one object per task: the
query reads only what the list shows, and each column is converted in one pass. ``--json`` and
the lookups use ``projections.queries.current`` (a ``TaskRow`` per task, every field). Call ``catch_up``
first.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING, Any, TypeVar

from projections.views.base import no_cycle_collection

if TYPE_CHECKING:
    from engine.storage.database import Database
    from projections.queries.current import TaskRow

__all__ = ["TaskColumns", "by_project_name", "columns_of", "project_names", "task_columns", "task_rows"]

T = TypeVar("T")


class TaskColumns:
    """One project's tasks, oldest first, as columns of equal length. ``age_seconds`` is the
    whole seconds from each task's capture to the moment the list was asked for (the same
    count ``TaskRow.created_utc`` gives); ``due`` is in the user's zone (a due day: a date)."""

    __slots__ = ("age_seconds", "carried", "due", "handles", "marks", "priorities", "project", "statuses", "tags", "texts")

    def __init__(
        self,
        project: str | None,
        handles: Sequence[str],
        statuses: Sequence[str],
        age_seconds: Sequence[int],
        carried: Sequence[int],
        due: Sequence[datetime | date | None],
        tags: Sequence[tuple[str, ...]],
        texts: Sequence[str],
        priorities: Sequence[str | None],
        marks: Sequence[str] | None = None,
    ) -> None:
        self.project = project
        self.handles = handles
        self.statuses = statuses
        self.age_seconds = age_seconds
        self.carried = carried
        self.due = due
        self.tags = tags
        self.texts = texts
        self.priorities = priorities  # H, M, L or None
        self.marks = marks  # what Taskwarrior's fields make of each (active, blocked, waiting...); None: nothing


def _seconds_since(captured: Sequence[str], now: datetime) -> list[int]:
    # Times are stored in UTC: with ``now`` in UTC too (the same moment), a subtraction need
    # not ask the user's zone for its offset (two thirds of the time).
    now = now.astimezone(UTC)
    parse = datetime.fromisoformat
    return [int((now - parse(c)).total_seconds()) for c in captured]


def _columns(
    project: str | None,
    rows: Sequence[Sequence[Any]],
    tz: tzinfo,
    now: datetime,
    tag_lists: dict[str, tuple[str, ...]],
    status: str | None,
) -> TaskColumns:
    """Rows of (handle, project id, carried, tags, due, captured_at, priority, marks, text[, status]) as columns."""
    handles, _, carried, tags, due, captured, priorities, marks, texts, *statuses = zip(*rows, strict=True)
    for t in tags:
        if t not in tag_lists:
            tag_lists[t] = tuple(json.loads(t))
    parse = datetime.fromisoformat
    return TaskColumns(
        project,
        handles,
        statuses[0] if statuses else (status,) * len(handles),
        _seconds_since(captured, now),
        carried,
        [None if d is None else (date.fromisoformat(d) if len(d) == 10 else parse(d).astimezone(tz)) for d in due],  # a day stays a date
        [tag_lists[t] for t in tags],
        texts,
        priorities,
        marks if any(marks) else None,
    )


def project_names(cur: Any) -> dict[str | None, str | None]:
    """Project names by id as they are now (``None``: no project)."""
    names: dict[str | None, str | None] = {None: None}
    names.update(cur.execute("SELECT id, name FROM dl_projects").fetchall())
    return names


def task_rows(
    db: Database, columns: str, *, statuses: Sequence[str], project: str | None, project_ids: Sequence[str] | None = None
) -> tuple[dict[str | None, str | None], list[Any]]:
    """Project names by id, and ``columns`` of the tasks with the given statuses (in ``project``,
    when given: none if there is no such project; in one of ``project_ids``, when given), oldest first."""
    sql = f"SELECT {columns} FROM dl_tasks WHERE status IN ({','.join('?' * len(statuses))})"
    params: list[Any] = list(statuses)
    if project_ids is not None:
        sql += f" AND project_id IN ({','.join('?' * len(project_ids))})"
        params += project_ids
    with db.read() as cur:
        names = project_names(cur)
        if project is not None:
            # Only then: that module costs a task list 2 ms to load.
            from projections.queries.current import find_project_in

            found = find_project_in(cur, project)
            if found is None:
                return names, []
            sql += " AND project_id = ?"
            params.append(found.id)
        with no_cycle_collection():
            return names, cur.execute(sql + " ORDER BY captured_at, id", params).fetchall()


def by_project_name(items: Sequence[T], name_of: Callable[[T], str | None]) -> list[tuple[str | None, list[T]]]:
    """Items grouped by project name (no project first, then by name), keeping their order within
    each group: one pass, no sort by key (lists of thousands). Empty groups are left out."""
    groups: dict[str | None, list[T]] = {None: []}
    for item in items:
        name = name_of(item)
        group = groups.get(name)
        if group is None:
            group = groups[name] = []
        group.append(item)
    order: list[str | None] = [None, *sorted(n for n in groups if n is not None)]
    return [(name, groups[name]) for name in order if groups[name]]


def task_columns(
    db: Database,
    tz: tzinfo,
    now: datetime,
    *,
    statuses: Sequence[str] = ("open",),
    project: str | None = None,
    project_ids: Sequence[str] | None = None,
) -> list[TaskColumns]:
    """Tasks with the given statuses in the order of ``queries.list_tasks``: grouped by project
    name (no project first, then by name), oldest first within a project; only in ``project`` or
    one of ``project_ids`` when given."""
    one = statuses[0] if len(statuses) == 1 else None  # then the status column is not read
    columns = f"handle, project_id, carried, tags, due, captured_at, priority, details, text{'' if one else ', status'}"
    names, rows = task_rows(db, columns, statuses=statuses, project=project, project_ids=project_ids)
    if any(r[7] for r in rows):  # some have Taskwarrior's fields (else the details column reads as no marks)
        rows = _with_marks(db, rows, now, one)
    with no_cycle_collection():
        name_of = names.get
        tag_lists: dict[str, tuple[str, ...]] = {"[]": ()}
        groups = by_project_name(rows, lambda row: name_of(row[1]))
        return [_columns(name, group, tz, now, tag_lists, one) for name, group in groups]


def _with_marks(db: Database, rows: list[Any], now: datetime, one: str | None) -> list[Any]:
    """Rows with their details (Taskwarrior's fields) turned into marks (``task_links.detail_marks``);
    for the list of open tasks (``one``: the one status asked for), less the tasks the default list
    leaves out (waiting ones, templates)."""
    from projections.queries.task_links import detail_marks, hidden, open_links

    with db.read() as cur:
        links = open_links(cur, None, (d for r in rows if r[7] and '"depends"' in r[7] for d in json.loads(r[7])["depends"]))
    depended = {i[:7] for i in links.depended_on}
    at = now.astimezone(UTC).isoformat(timespec="microseconds")
    out = []
    for r in rows:
        details = json.loads(r[7]) if r[7] else {}
        status = one or r[-1]
        if one == "open" and hidden(status, details, at):
            continue
        blocked = any(d in links.open for d in details.get("depends", ()))
        out.append((*r[:7], detail_marks(status, details, blocked, r[0] in depended, at), *r[8:]))
    return out


def columns_of(rows: Sequence[TaskRow], now: datetime) -> list[TaskColumns]:
    """Task rows (as grouped by ``queries.grouped_by_project``) as columns, a group for each run
    of the same project."""
    out: list[TaskColumns] = []
    now = now.astimezone(UTC)
    start = 0
    for i in range(1, len(rows) + 1):
        if i == len(rows) or rows[i].project != rows[start].project:
            run = rows[start:i]
            out.append(
                TaskColumns(
                    run[0].project,
                    [r.handle for r in run],
                    [r.status for r in run],
                    [int((now - r.created_utc).total_seconds()) for r in run],
                    [r.carried for r in run],
                    [r.due for r in run],
                    [r.tags for r in run],
                    [r.text for r in run],
                    [r.priority for r in run],
                    _marks([r.marks(now) for r in run]),
                )
            )
            start = i
    return out


def _marks(marks: list[str]) -> list[str] | None:
    return marks if any(marks) else None
