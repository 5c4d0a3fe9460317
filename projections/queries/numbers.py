"""What task numbers are made from (``engine.rules.numbers``): the open tasks in capture order, and
what became of a task a remembered number pointed at. Call ``catch_up`` first."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from engine.rules.clock import now

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["open_before", "open_task_ids", "task_fate"]


def open_task_ids(db: Database) -> list[str]:
    """The open tasks' ids (hex) in the order numbers are given: capture order, then id (the
    order a listing shows them in within a project; the list index answers it, no sort)."""
    with db.read() as cur:
        return [r[0] for r in cur.execute("SELECT id FROM dl_tasks WHERE status = 'open' ORDER BY captured_at, id").fetchall()]


def open_before(db: Database, task_id: str) -> list[str] | None:
    """The ids of the open tasks numbered before the open task ``task_id`` (earlier in capture
    order, then by id; in no particular order), or None when it is not open: what its number is
    made from (``engine.rules.numbers.number_from``). One string from the database rather than a
    row per task: ``add`` asks it of ledgers of ten thousand open tasks."""
    joined_ids = "string_agg(id, ',')" if db.dialect == "postgres" else "group_concat(id, ',')"
    with db.read() as cur:
        row = cur.execute("SELECT captured_at FROM dl_tasks WHERE id = ? AND status = 'open'", (task_id,)).fetchone()
        if row is None:
            return None
        (joined,) = cur.execute(
            f"SELECT {joined_ids} FROM dl_tasks WHERE status = 'open' AND (captured_at < ? OR (captured_at = ? AND id < ?))",
            (row[0], row[0], task_id),
        ).fetchone()
    return joined.split(",") if joined else []  # split in C: a third of the time of cutting 32-digit pieces


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
