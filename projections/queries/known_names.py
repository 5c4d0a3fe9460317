"""Whether a project or tag is already known, so a write can say it starts a new one (a typo in
``project:Hoem`` shows up at once as "(new project)"). Call ``catch_up`` first."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from engine.rules.text import normal_name

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["all_tags", "known_project", "known_tags"]


def known_project(db: Database, name: str) -> bool:
    """Whether a project of that name (spacing and case ignored) exists."""
    with db.read() as cur:
        return cur.execute("SELECT 1 FROM dl_projects WHERE norm_name = ? LIMIT 1", (normal_name(name),)).fetchone() is not None


def all_tags(db: Database) -> set[str]:
    """Every tag some task carries (or carried: a closed task's tags count)."""
    seen: set[str] = set()
    with db.read() as cur:
        for (listed,) in cur.execute("SELECT DISTINCT tags FROM dl_tasks WHERE tags <> '[]'").fetchall():
            seen.update(json.loads(listed))
    return seen


def known_tags(db: Database, tags: Sequence[str]) -> set[str]:
    """Those of ``tags`` some task carries (or carried: a closed task's tags count)."""
    if not tags:
        return set()
    seen = all_tags(db)
    return {t for t in tags if t in seen}
