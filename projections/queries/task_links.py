"""Which tasks wait for others (Taskwarrior's ``depends``): a task is blocked while a task it
depends on is open, and blocking while an open task depends on it; now, or at T as known at K."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from projections.views.versions import KINDS

if TYPE_CHECKING:
    from projections.queries.as_of import Moment
    from projections.queries.current import TaskRow

__all__ = ["Links", "detail_marks", "hidden", "links_among", "mark_links", "open_links"]


@dataclass(frozen=True)
class Links:
    """The open tasks (ids, hex), and the ids some open task depends on."""

    open: frozenset[str]
    depended_on: frozenset[str]


def open_links(cur: Any, m: Moment | None = None, depends: Iterable[str] = ()) -> Links:
    """The links among the open tasks now (``m`` None), or at T as known at K: which of the tasks
    ``depends`` names (ids, hex) are open, and which tasks open ones depend on. Only the open
    tasks that depend on something are read, and those of ``depends``."""
    wanted = sorted(set(depends))
    now = m is None or (m.t.startswith("9999") and not m.travels)
    if now:
        linking = cur.execute("SELECT id, details FROM dl_tasks WHERE status = 'open' AND details LIKE ?", ('%"depends"%',)).fetchall()
    else:
        from projections.queries.as_of import valid_rows

        linking = valid_rows(cur, KINDS["Task"], "task_id, details", m, statuses=("open",), extra=" AND details LIKE ?", params=('%"depends"%',))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        if now:
            found.update(r[0] for r in cur.execute(f"SELECT id FROM dl_tasks WHERE status = 'open' AND id IN ({marks})", chunk).fetchall())
        else:
            found.update(r[0] for r in valid_rows(cur, KINDS["Task"], "task_id", m, statuses=("open",), extra=f" AND task_id IN ({marks})", params=chunk))
    return Links(frozenset(found), _links(linking).depended_on)


def _links(rows: Sequence[tuple[str, str | None]]) -> Links:
    depended: set[str] = set()
    for _, details in rows:
        if details and '"depends"' in details:
            depended.update(json.loads(details)["depends"])
    return Links(frozenset(r[0] for r in rows), frozenset(depended))


def links_among(rows: Sequence[TaskRow]) -> Links:
    """The links among the open tasks of ``rows``: when they hold every open task, the same as
    ``open_links`` without reading them again."""
    return _links([(r.id, r._details) for r in rows if r.status == "open"])


def mark_links(rows: Sequence[TaskRow], links: Links) -> Sequence[TaskRow]:
    """``rows`` with ``blocked`` and ``blocking`` set (in place; returned)."""
    for r in rows:
        r.blocked = r.status == "open" and any(d in links.open for d in r.depends)
        r.blocking = r.status == "open" and r.id in links.depended_on
    return rows


def hidden(status: str, details: dict[str, Any], now_text: str) -> bool:
    """Whether the default task list leaves the task out at ``now_text`` (a time as stored): it
    waits, or is scheduled, until later, or it is a recurrence template."""
    if status != "open" or not details:
        return False
    if details.get("recur") and not details.get("parent"):
        return True
    return any(details.get(k) is not None and details[k] > now_text for k in ("wait", "scheduled"))


def detail_marks(status: str, details: dict[str, Any], blocked: bool, blocking: bool, now_text: str) -> str:
    """What a task list shows of Taskwarrior's fields: ``active``, ``blocked``, ``blocking``,
    ``waiting`` (until its wait or scheduled start), ``template``; "" for none."""
    if status != "open" or not details:
        return ""
    marks = []
    if details.get("start"):
        marks.append("active")
    if blocked:
        marks.append("blocked")
    if blocking:
        marks.append("blocking")
    if any(details.get(k) is not None and details[k] > now_text for k in ("wait", "scheduled")):
        marks.append("waiting")
    if details.get("recur") and not details.get("parent"):
        marks.append("template")
    return " ".join(marks)
