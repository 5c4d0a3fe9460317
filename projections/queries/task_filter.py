"""Applying a task filter and a sort (``engine.rules.task_filter``) to the task list, now or at any moment.

The project criterion narrows the SQL (a few project ids; it is the common one and the one that
cuts most rows); the rest is checked on the rows, which costs little next to reading them
(ten thousand rows: a few milliseconds). Names the filter uses are checked against every name the
ledger has ever known, on any axis: a project or tag that never existed is a typo (NotFoundError),
one that existed at another time gives an honest empty answer. The check runs only where it can
change the answer: when nothing matched, or for ``-tag`` (which a typo would silently pass).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, tzinfo
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from engine.rules.due import due_from_text, due_moment, overdue
from engine.rules.errors import NotFoundError
from engine.rules.task_filter import PRIORITIES, SortKey, TaskFilter
from engine.rules.text import normal_name
from projections.queries.task_links import links_among, mark_links, open_links
from projections.queries.task_list import project_names, task_rows
from projections.views.base import no_cycle_collection

if TYPE_CHECKING:
    from typing import Protocol, TypeVar

    from engine.storage.database import Database
    from projections.queries.as_of import Moment
    from projections.queries.current import TaskRow

    class Filterable(Protocol):
        """What a filter looks at: a task row, or a completion of the audit."""

        @property
        def project(self) -> str | None: ...
        @property
        def tags(self) -> tuple[str, ...]: ...
        @property
        def text(self) -> str: ...
        @property
        def due(self) -> datetime | None: ...
        @property
        def status(self) -> str: ...
        @property
        def priority(self) -> str | None: ...

    R = TypeVar("R", bound=Filterable)

__all__ = ["check_names", "filtered_tasks", "has_virtual", "in_project", "is_overdue", "matcher", "matching_entries", "only_matching", "project_ids", "sort_tasks"]


def only_matching(rows: Sequence[R], f: TaskFilter, now: datetime) -> list[R]:
    """The rows that pass ``f``."""
    test = matcher(f, now)
    return [r for r in rows if test(r)]  # type: ignore[arg-type]


def in_project(name: str | None, wanted: str) -> bool:
    """Whether a project name is ``wanted`` (a normal name) or one of its sub-projects
    (``Work.Grants`` is in ``Work``; ``Workshop`` is not)."""
    if name is None:
        return False
    norm = normal_name(name)
    return norm == wanted or norm.startswith(wanted + ".")


def is_overdue(row: Filterable, now: datetime) -> bool:
    """Open and due before ``now`` (as the agenda says it); a due day once it has ended."""
    due = row.due
    if row.status != "open" or due is None:
        return False
    return overdue(getattr(row, "due_value", due), now, due.tzinfo or now.tzinfo)  # type: ignore[arg-type]


def _priority(row: Filterable) -> str | None:
    return row.priority


def _tags_of(row: Filterable) -> set[str]:
    return {t.casefold() for t in row.tags}


def matcher(f: TaskFilter, now: datetime) -> Callable[[Filterable], bool]:
    """A test of one row against everything ``f`` asks for (names compare without case)."""
    projects = [normal_name(p) for p in f.projects]
    tags = {t.casefold() for t in f.tags}
    not_tags = {t.casefold() for t in f.not_tags}
    searches = [s.casefold() for s in f.searches]

    def test(row: Filterable) -> bool:
        if projects and not all(in_project(row.project, p) for p in projects):
            return False
        if tags or not_tags:
            has = _tags_of(row)
            if not tags <= has or not_tags & has:
                return False
        if searches:
            text = row.text.casefold()
            if not all(s in text for s in searches):
                return False
        if f.due_from is not None or f.due_until is not None or f.no_due:
            due = row.due
            if f.no_due and due is not None:
                return False
            if (f.due_from is not None or f.due_until is not None) and due is None:
                return False
            if f.due_from is not None and due < f.due_from:  # type: ignore[operator]
                return False
            if f.due_until is not None and due >= f.due_until:  # type: ignore[operator]
                return False
        if f.overdue and not is_overdue(row, now):
            return False
        if (f.virtual or f.not_virtual) and not _virtual_ok(row, f, now):
            return False
        return f.priorities is None or _priority(row) in f.priorities

    return test


def has_virtual(row: Any, tag: str, now: datetime) -> bool:
    """Whether a task row has a virtual tag of ``engine.rules.task_filter.DETAIL_TAGS``."""
    if not getattr(row, "_details", None):
        return tag == "READY" and row.status == "open"
    if tag == "WAITING":
        return bool(row.waiting(now))
    if tag == "SCHEDULED":
        return row.scheduled is not None
    if tag == "READY":
        return row.status == "open" and not row.waiting(now) and not row.blocked and not row.template
    if tag == "ACTIVE":
        return row.status == "open" and row.started is not None
    if tag == "BLOCKED":
        return bool(row.blocked)
    if tag == "BLOCKING":
        return bool(row.blocking)
    if tag == "TEMPLATE":
        return bool(row.template)
    return bool(row.details.get("parent"))  # INSTANCE


def _virtual_ok(row: Any, f: TaskFilter, now: datetime) -> bool:
    return all(has_virtual(row, t, now) for t in f.virtual) and not any(has_virtual(row, t, now) for t in f.not_virtual)


def filtered_tasks(
    db: Database, tz: tzinfo, now: datetime, f: TaskFilter, *, statuses: Sequence[str], at: Moment | None = None, limit: int | None = None
) -> list[TaskRow]:
    """The tasks with the given statuses that pass ``f``, grouped by project (no project first),
    oldest first; with ``at``, as they stood then (project names of then); with ``limit``, only
    the first ones. A project or tag the ledger never knew is a NotFoundError."""
    hide = tuple(statuses) == ("open",) and not f.shows_hidden  # the default list: not the waiting ones, nor templates
    if at is not None and limit is not None and not f:  # a slider's step: only what is shown is made
        from projections.queries.as_of import first_tasks_as_of

        first = first_tasks_as_of(db, tz, at, now, statuses=statuses, limit=limit, hide=hide)
        if first is not None:
            return first
    every_open = "open" in statuses  # then the rows hold every open task, unless narrowed by project
    if at is not None:
        from projections.queries.as_of import tasks_as_of

        rows = tasks_as_of(db, tz, at, statuses=statuses)
    else:
        rows = _current_rows(db, tz, f, statuses)
        every_open = every_open and not f.projects
    if every_open:
        mark_links(rows, links_among(rows))
    else:
        with db.read() as cur:
            mark_links(rows, open_links(cur, at, (d for r in rows for d in r.depends)))
    if hide:
        rows = [r for r in rows if not r.hidden(now)]
    test = matcher(f, now)
    with no_cycle_collection():
        rows = [r for r in rows if test(r)] if f else rows
    check_names(db, f, found=bool(rows))
    return rows


def check_names(db: Database, f: TaskFilter, *, found: bool) -> None:
    """A NotFoundError for the first project or tag in ``f`` the ledger never knew, where that can
    change the answer: when nothing was ``found``, or for ``-tag``."""
    if f.not_tags or not found:
        with db.read() as cur:
            missing = unknown_names(cur, f, everything=not found)
        if missing:
            raise NotFoundError(f"no {missing[0]} in this ledger")


def project_ids(db: Database, f: TaskFilter) -> list[str] | None:
    """The ids of the projects whose current names pass ``f``'s projects (sub-projects included);
    None when it names none."""
    if not f.projects:
        return None
    with db.read() as cur:
        names = project_names(cur)
    wanted = [normal_name(p) for p in f.projects]
    return [pid for pid, name in names.items() if pid is not None and all(in_project(name, w) for w in wanted)]


def _current_rows(db: Database, tz: tzinfo, f: TaskFilter, statuses: Sequence[str]) -> list[TaskRow]:
    # Here, not at the top: a list by project alone (``project_ids``) is read as columns and
    # need not load the rows' module.
    from projections.queries.current import _TASK_COLUMNS, _task, grouped_by_project

    ids = project_ids(db, f)
    if ids == []:
        return []
    names, rows = task_rows(db, _TASK_COLUMNS, statuses=statuses, project=None, project_ids=ids)
    with no_cycle_collection():
        return grouped_by_project([_task(r, names, tz) for r in rows])


def unknown_names(cur: Any, f: TaskFilter, *, everything: bool) -> list[str]:
    """The project and tag names in ``f`` the ledger has never known (as "project 'X'", "tag 'y'");
    only the ``-tag`` names unless ``everything``."""
    out: list[str] = []
    projects = f.projects if everything else ()
    if projects:
        known = {normal_name(n) for (n,) in cur.execute("SELECT name FROM dl_projects UNION SELECT name FROM dl_project_versions")}
        for p in projects:
            norm = normal_name(p)
            if not any(k == norm or k.startswith(norm + ".") for k in known):
                out.append(f"project {p!r}")
    tags = (*(f.tags if everything else ()), *f.not_tags)
    if tags:
        known_tags = _known_tags(cur, tags)
        out += [f"tag {t!r}" for t in tags if t.casefold() not in known_tags]
    return out


def _known_tags(cur: Any, tags: Sequence[str]) -> set[str]:
    """Which of ``tags`` (casefolded) a task has now or ever had. The current tasks are asked
    first, through a LIKE that only narrows (confirmed on the parsed lists); every version of
    every task only when that leaves a tag unfound, the rare case of a typo."""
    import json

    wanted = {t.casefold() for t in tags}
    found: set[str] = set()
    for tag in wanted:
        pattern = "%" + tag.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        lists = cur.execute("SELECT tags FROM dl_tasks WHERE LOWER(tags) LIKE ? ESCAPE '\\' LIMIT 50", (pattern,)).fetchall()
        if any(tag in {t.casefold() for t in json.loads(text)} for (text,) in lists):
            found.add(tag)
    if found != wanted:
        lists = cur.execute("SELECT DISTINCT tags FROM dl_tasks UNION SELECT DISTINCT tags FROM dl_task_versions").fetchall()
        found |= wanted & {t.casefold() for (text,) in lists for t in json.loads(text)}
    return found


def _sort_value(name: str) -> Callable[[TaskRow], Any]:
    rank = {p: n for n, p in enumerate(PRIORITIES)}
    return {
        "due": attrgetter("due"),
        "priority": lambda r: None if _priority(r) is None else rank[_priority(r)],
        "age": attrgetter("created_utc"),
        "project": lambda r: "" if r.project is None else normal_name(r.project),  # no project first
        "text": lambda r: r.text.casefold(),
    }[name]


def sort_tasks(rows: Iterable[TaskRow], keys: Sequence[SortKey]) -> list[TaskRow]:
    """Rows in the order of ``keys`` (first key first), then oldest first. ``age`` is oldest first
    (``-age`` newest first); tasks without a due date or priority come after those with one,
    either way round."""
    out = sorted(rows, key=lambda r: (r.created_utc, r.id))
    for key in reversed(keys):
        value = _sort_value(key.name)
        values = [value(r) for r in out]
        present = [(v, r) for v, r in zip(values, out, strict=True) if v is not None]
        present.sort(key=lambda pair: pair[0], reverse=key.descending)
        out = [r for _, r in present] + [r for v, r in zip(values, out, strict=True) if v is None]
    return out


class _Entry:
    """An agenda entry (a dict of its JSON) seen as a filter sees a task: appointments and
    routine occurrences have no tags, no due date and never are overdue."""

    __slots__ = ("due", "due_value", "project", "status", "tags", "text")

    def __init__(self, entry: dict[str, Any], tz: tzinfo) -> None:
        self.project: str | None = entry.get("project")
        self.tags: tuple[str, ...] = tuple(entry.get("tags") or ())
        self.text: str = entry.get("text") or entry.get("summary") or ""
        due = entry.get("due")
        self.due_value = due_from_text(due)
        self.due: datetime | None = None if self.due_value is None else due_moment(self.due_value, tz)
        self.status: str = entry.get("status", "")


def matching_entries(entries: Sequence[dict[str, Any]], f: TaskFilter, now: datetime, tz: tzinfo) -> list[dict[str, Any]]:
    """The agenda entries (JSON dicts) that pass ``f``."""
    test = matcher(f, now)
    return [e for e in entries if test(_Entry(e, tz))]
