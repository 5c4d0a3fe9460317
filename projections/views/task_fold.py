"""A task's row folded from its events: the one rule the current view (``dl_tasks``) and the
time-travelling view (``dl_task_versions``) both follow.

A task's state is the tuple ``TASK_FIELDS`` names, times as stored (UTC ISO text) and tags as a
JSON list. ``fold_task`` is called once per task event in both views' folds (the temporal one is
the hot loop of a rebuild): it is one if-chain over plain tuples, nothing more.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

__all__ = ["DETAILS", "SIGHTINGS", "TASK_FIELDS", "TaskState", "fold_details", "fold_task", "passed_over"]

SIGHTINGS = ("TaskCaptured", "TaskFirstSeen")  # the events that put a task on a day's list and may begin it
TASK_FIELDS = (
    "text", "project_id", "status", "due", "tags", "carried", "captured_at", "closed_at", "last_seen", "recorded_at", "priority", "details",
)
TaskState = tuple[Any, ...]  # the values of TASK_FIELDS, in that order
_PASSED_OVER_WHEN_CLOSED = frozenset((*SIGHTINGS, "TaskCarried", "TaskCompleted"))


def passed_over(kind: str, occurred: str, status: str, closed: str | None) -> bool:
    """Whether a task's fact of type ``kind`` dated ``occurred`` is one ``fold_task`` passes over,
    given the task's ``status`` and ``closed_at`` at a moment after it: a sighting, carry or
    completion after the task was closed (a later list imported before an earlier day's done mark)."""
    return status != "open" and closed is not None and occurred > closed and kind in _PASSED_OVER_WHEN_CLOSED


def fold_task(
    state: TaskState | None, kind: str, occurred: str, recorded: str, d: dict[str, Any], *, seen_only_forward: bool = False
) -> TaskState | None:
    """The task after one event of type ``kind`` (its own fields ``d``, dated ``occurred``,
    recorded at ``recorded``): a new state for its capture; None for another event before it;
    ``state`` itself (the same object) for an event that changes nothing shown.

    A carry sets ``last_seen`` to its date; with ``seen_only_forward`` (a fold in recording
    order, where an older note may be imported after newer ones) only to a later one. A closed
    task's sightings, carries and completions change nothing: it was closed first."""
    if kind in SIGHTINGS and state is None:  # the task begins: captured, or first seen on an earlier list
        tags = d.get("tags")
        return (
            d["text"], d.get("project_id"), "open", d.get("due"), json.dumps(tags) if tags else "[]", 0, occurred, None, occurred, recorded,
            None,  # a priority comes with TaskPrioritized, even at capture
            None,  # and Taskwarrior's fields with their own events (DETAILS)
        )
    if state is None:
        return None
    text, project, status, due, tags, carried, captured, closed, seen, first_recorded, priority, details = state
    if status != "open" and kind in _PASSED_OVER_WHEN_CLOSED:
        # a sighting, carry or completion after the task was closed: date order never records one
        # (a done task is no later list's task); it is there because a later list was imported
        # first, and the done mark of an earlier day came after (see TaskSplit)
        return state
    if kind in SIGHTINGS:  # seen again after it began (a capture after an earlier list showed it): a carry
        carried += 1
        seen = max(seen, occurred)
    elif kind == "TaskRenamed":
        text = d["text"]
    elif kind == "TaskMoved":
        project = d.get("project_id")
    elif kind == "TaskDueSet":
        due = d.get("due")
    elif kind == "TaskPrioritized":
        priority = d.get("priority")
    elif kind == "TaskTagged":
        now = json.loads(tags)
        tags = json.dumps(now + [t for t in d["tags"] if t not in now])
    elif kind == "TaskUntagged":
        tags = json.dumps([t for t in json.loads(tags) if t not in d["tags"]])
    elif kind == "TaskCompleted":
        status, closed = "done", occurred
    elif kind == "TaskCancelled":
        status, closed = "cancelled", occurred
    elif kind == "TaskWithdrawn":  # an undone capture: no list, no status filter shows it
        status, closed = "withdrawn", occurred
    elif kind == "TaskReopened":
        status, closed = "open", None
    elif kind == "TaskCarried":
        carried += 1
        seen = max(seen, occurred) if seen_only_forward else occurred
    elif kind in DETAILS:
        details = fold_details(details, kind, occurred, d)
    else:
        return state
    return (text, project, status, due, tags, carried, captured, closed, seen, first_recorded, priority, details)


# Taskwarrior's fields (events.task_details), kept in one column, ``details``: JSON with sorted
# keys (so equal states are equal text), None when the task has none. Keys: wait, scheduled,
# until, start (times as stored), depends (ids, hex), recur, mask, parent (hex), imask, attributes.
DETAILS = (
    "TaskWaitSet", "TaskScheduledSet", "TaskUntilSet", "TaskStarted", "TaskStopped", "TaskDependsSet", "TaskRecurrenceSet", "TaskAttributeSet",
)


def fold_details(details: str | None, kind: str, occurred: str, d: dict[str, Any]) -> str | None:
    """The ``details`` column after one of the DETAILS events."""
    out: dict[str, Any] = json.loads(details) if details else {}
    if kind == "TaskWaitSet":
        out["wait"] = d.get("wait")
    elif kind == "TaskScheduledSet":
        out["scheduled"] = d.get("scheduled")
    elif kind == "TaskUntilSet":
        out["until"] = d.get("until")
    elif kind == "TaskStarted":
        out["start"] = occurred
    elif kind == "TaskStopped":
        out["start"] = None
    elif kind == "TaskDependsSet":
        out["depends"] = [UUID(str(i)).hex for i in d.get("depends") or ()] or None
    elif kind == "TaskRecurrenceSet":
        parent = d.get("parent")
        out.update(recur=d.get("recur"), mask=d.get("mask"), parent=UUID(str(parent)).hex if parent else None, imask=d.get("imask"))
    else:
        attributes = dict(out.get("attributes") or {})
        attributes.pop(d["name"], None)
        if d.get("value") is not None:
            attributes[d["name"]] = d["value"]
        out["attributes"] = attributes or None
    kept = {k: v for k, v in out.items() if v is not None}
    return json.dumps(kept, sort_keys=True, ensure_ascii=False, separators=(",", ":")) if kept else None
