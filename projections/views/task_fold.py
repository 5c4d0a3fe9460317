"""A task's row folded from its events: the one rule the current view (``dl_tasks``) and the
time-travelling view (``dl_task_versions``) both follow.

A task's state is the tuple ``TASK_FIELDS`` names, times as stored (UTC ISO text) and tags as a
JSON list. ``fold_task`` is called once per task event in both views' folds (the temporal one is
the hot loop of a rebuild): it is one if-chain over plain tuples, nothing more.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["SIGHTINGS", "TASK_FIELDS", "TaskState", "fold_task", "passed_over"]

SIGHTINGS = ("TaskCaptured", "TaskFirstSeen")  # the events that put a task on a day's list and may begin it
TASK_FIELDS = ("text", "project_id", "status", "due", "tags", "carried", "captured_at", "closed_at", "last_seen", "recorded_at", "priority")
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
        )
    if state is None:
        return None
    text, project, status, due, tags, carried, captured, closed, seen, first_recorded, priority = state
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
    else:
        return state
    return (text, project, status, due, tags, carried, captured, closed, seen, first_recorded, priority)
