"""Tasks as a todo.txt file: the reverse of ``engine.formats.todotxt``.

Open tasks, then done ones, each oldest first: ``(A) 2026-04-20 Email Dana +Garage @phone
due:2026-04-28`` and ``x 2026-04-24 2026-04-20 Renew library books``. A tag ``pri-A`` is the
priority (written ``pri:A`` on a done task, as todo.txt keeps it there); other tags are
``@contexts``; a project name's spaces become ``_`` (a ``+project`` is one word). Dates are the
user's days. Cancelled tasks are left out: todo.txt has no way to say a task was dropped.
"""

from __future__ import annotations

import re
from datetime import tzinfo
from typing import TYPE_CHECKING

from engine.formats.taskwarrior import PRIORITY_TAG
from projections.queries.task_exchange import ExportedTask, exported_tasks

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["todo_line", "todotxt_export"]

_ONE_LETTER = re.compile(r"[A-Z]")


def todo_line(t: ExportedTask, tz: tzinfo) -> str:
    """One task as a todo.txt line."""
    priority = next((tag[len(PRIORITY_TAG):] for tag in t.tags if tag.startswith(PRIORITY_TAG) and _ONE_LETTER.fullmatch(tag[len(PRIORITY_TAG):])), None)
    parts: list[str] = []
    if t.status == "done":
        parts.append("x")
        if t.end is not None:
            parts.append(t.end.astimezone(tz).date().isoformat())
    elif priority:
        parts.append(f"({priority})")
    parts.append(t.entry.astimezone(tz).date().isoformat())
    parts.append(t.text)
    if t.project:
        parts.append("+" + "_".join(t.project.split()))
    parts += ["@" + tag for tag in t.tags if tag != PRIORITY_TAG + (priority or "")]
    if t.due is not None:
        parts.append("due:" + t.due.astimezone(tz).date().isoformat())
    if t.status == "done" and priority:
        parts.append(f"pri:{priority}")
    return " ".join(parts)


def todotxt_export(db: Database, tz: tzinfo) -> tuple[bytes, int]:
    """Open tasks, then done ones, as a todo.txt file; and how many."""
    tasks = exported_tasks(db, statuses=("open", "done"))
    tasks.sort(key=lambda t: t.status != "open")  # stable: oldest first within each
    lines = [todo_line(t, tz) for t in tasks]
    return "".join(line + "\n" for line in lines).encode("utf-8"), len(lines)
