"""The raw event stream, in ledger order (the order things were recorded)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.database import Database
    from events import LedgerEvent

__all__ = ["read_stream"]


def read_stream(db: Database, *, limit: int | None = None, after: int = 0) -> list[tuple[int, LedgerEvent]]:
    """(position, event) pairs after ``after``, oldest first; with ``limit``, only the newest ``limit``."""
    from events.codec import decode

    col, table = db.position_column, db.events_table
    with db.read() as cur:
        if limit is not None:
            sql = (
                f"SELECT * FROM (SELECT {col} AS pos, originator_id, originator_version, topic, state FROM {table} "
                f"WHERE {col} > ? ORDER BY {col} DESC LIMIT ?) AS newest ORDER BY pos"
            )
            rows = cur.execute(sql, (after, limit)).fetchall()
        else:
            sql = f"SELECT {col}, originator_id, originator_version, topic, state FROM {table} WHERE {col} > ? ORDER BY {col}"
            rows = cur.execute(sql, (after,)).fetchall()
    return [(int(r[0]), decode(r[3], _bytes(r[4]), r[1], r[2])) for r in rows]


def _bytes(state: Any) -> bytes:
    return bytes(state) if isinstance(state, memoryview) else state
