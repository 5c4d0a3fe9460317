"""The raw event stream, in ledger order (the order things were recorded)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.storage.database import Database
    from events import LedgerEvent

__all__ = ["iter_stream", "project_names", "read_stream"]

BATCH = 2000  # rows read and decoded at a time by iter_stream


def read_stream(db: Database, *, limit: int | None = None, after: int = 0) -> list[tuple[int, LedgerEvent]]:
    """(position, event) pairs after ``after``, oldest first; with ``limit``, only the newest ``limit``."""
    return list(iter_stream(db, limit=limit, after=after))


def iter_stream(db: Database, *, limit: int | None = None, after: int = 0, batch: int = BATCH) -> Iterator[tuple[int, LedgerEvent]]:
    """``read_stream``, ``batch`` events at a time, so that a ledger's whole history (millions of
    events) is never in memory at once. The events are those recorded when it starts, read in
    one snapshot; close the iterator (or read it to the end) to end the read."""
    from engine.storage.event_log import event_rows
    from events.codec import decode

    col, table = db.position_column, db.events_table
    with db.read() as cur:
        (head,) = cur.execute(f"SELECT MAX({col}) FROM {table}").fetchone()
        if head is None:
            return
        if limit is not None:
            first = cur.execute(
                f"SELECT {col} FROM {table} WHERE {col} > ? ORDER BY {col} DESC LIMIT 1 OFFSET ?", (after, limit - 1)
            ).fetchone()
            if first is not None:
                after = int(first[0]) - 1
        for position, originator_id, version, topic, state in event_rows(db, cur, after=after, until=int(head), batch=batch):
            yield position, decode(topic, state, originator_id, version)


def project_names(db: Database) -> dict[str | None, str | None]:
    """Project id (hex) -> its name now: one read that names the projects a whole stream's events
    hold (``log --json``), however many there are."""
    from projections.queries.task_list import project_names as names_in

    with db.read() as cur:
        return names_in(cur)
