"""Tasks as JSON that ``task import`` accepts (Taskwarrior 2.6 and 3.x): the reverse of
``engine.formats.taskwarrior``.

Open tasks are ``pending``, done ones ``completed``, cancelled ones ``deleted`` (with ``end``
the time they were closed); a tag ``pri-H``/``pri-M``/``pri-L`` is the ``priority``; notes
about a task are its ``annotations``; ``modified`` is the time of its last change. A task
tagged ``recurring`` is written as a plain pending task with its tags, not as a Taskwarrior
recurrence template (Taskwarrior would make its occurrences again, beside the ones exported).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from engine.formats.taskwarrior import PRIORITY_TAG, format_time
from projections.queries.task_exchange import ExportedTask, exported_tasks

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["task_json", "taskwarrior_export"]

_STATUS = {"open": "pending", "done": "completed", "cancelled": "deleted"}
_PRIORITIES = ("H", "M", "L")


def task_json(t: ExportedTask) -> dict[str, Any]:
    """One task as a Taskwarrior task object."""
    out: dict[str, Any] = {
        "uuid": str(t.id),
        "description": t.text,
        "status": _STATUS[t.status],
        "entry": format_time(t.entry),
        "modified": format_time(t.modified),
    }
    if t.status != "open" and t.end is not None:
        out["end"] = format_time(t.end)
    if t.due is not None:
        out["due"] = format_time(t.due)
    if t.project:
        out["project"] = t.project
    tags = []
    for tag in t.tags:
        if tag.startswith(PRIORITY_TAG) and tag[len(PRIORITY_TAG):] in _PRIORITIES and "priority" not in out:
            out["priority"] = tag[len(PRIORITY_TAG):]
        else:
            tags.append(tag)
    if tags:
        out["tags"] = tags
    if t.notes:
        out["annotations"] = [{"entry": format_time(at), "description": text} for at, text in t.notes]
    return out


def taskwarrior_export(db: Database) -> tuple[bytes, int]:
    """Every task as a JSON array, one task per line (as ``task export`` writes it); and how many."""
    tasks = exported_tasks(db)
    lines = [json.dumps(task_json(t), ensure_ascii=False, separators=(",", ":")) for t in tasks]
    body = "[\n" + ",\n".join(lines) + ("\n" if lines else "") + "]\n"
    return body.encode("utf-8"), len(lines)
