"""What the shell completes: handles of tasks, appointments and routines (with their texts, so a
piece of the text completes to the handle), project names and tags."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["Kind", "candidates"]

Kind = Literal["task", "thing", "appointment", "routine", "project", "tag"]


def candidates(db: Database, kind: Kind, typed: str) -> list[tuple[str, str]]:
    """(value, what it is) of each ``kind`` whose handle, text or name holds what was ``typed``
    (case ignored): handles for things, names for projects and tags."""
    from projections.queries.current import task_refs
    from projections.queries.routines import routine_refs
    from projections.queries.task_list import project_names

    found: list[tuple[str, str, str]] = []  # (value, text, what)
    if kind in ("task", "thing"):
        statuses = ("open",) if kind == "task" else ("open", "done", "cancelled")
        found += [(handle, text, text) for _, handle, text, _ in task_refs(db, statuses)]
    if kind in ("appointment", "thing"):
        with db.read() as cur:
            found += [(h, t, t) for h, t in cur.execute("SELECT handle, text FROM dl_appointments WHERE status = 'scheduled' ORDER BY starts_at").fetchall()]
    if kind == "routine":
        found += [(handle, text, text) for _, handle, text, _ in routine_refs(db)]
    if kind == "project":
        with db.read() as cur:
            found += sorted((name, name, "project") for name in project_names(cur).values() if name)
    if kind == "tag":
        from projections.queries.known_names import all_tags

        found += sorted((tag, tag, "tag") for tag in all_tags(db))
    needle = typed.casefold()
    return [(value, what) for value, text, what in found if needle in value.casefold() or needle in text.casefold()]
