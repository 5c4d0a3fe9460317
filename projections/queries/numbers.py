"""What task numbers are made from (``engine.rules.numbers``): the open tasks in capture order, and
what became of a task a remembered number pointed at. Call ``catch_up`` first."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from engine.rules.clock import now

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["open_task_ids", "task_fate"]


def open_task_ids(db: Database) -> list[str]:
    """The open tasks' ids (hex) in the order numbers are given: capture order, then id (the
    order a listing shows them in within a project; the list index answers it, no sort)."""
    with db.read() as cur:
        return [r[0] for r in cur.execute("SELECT id FROM dl_tasks WHERE status = 'open' ORDER BY captured_at, id").fetchall()]


def task_fate(db: Database, task_id: str, tz: tzinfo) -> str:
    """A task as a refused number describes it: its text, and how and when it stopped being open
    (``"Buy milk", done since 10:02``)."""
    with db.read() as cur:
        row = cur.execute("SELECT text, status, closed_at FROM dl_tasks WHERE id = ?", (task_id,)).fetchone()
    if row is None:
        return "a task no longer in the ledger"
    text, status, closed = row
    if closed is None:
        return f"\"{text}\", {status} now"
    at = datetime.fromisoformat(closed).astimezone(tz)
    today = now().astimezone(tz).date()
    when = at.strftime("%H:%M") if at.date() == today else at.strftime("%Y-%m-%d %H:%M")
    return f"\"{text}\", {status} since {when}"
