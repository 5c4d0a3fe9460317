"""The one reader of the stored event log: its rows in ledger order, in batches, after a position.

Every walk over the whole log (catching the views up, the chain and its check, backups, the
event stream) reads it here, with the same SQL on both backends (``Database.events_table`` and
``Database.position_column`` name the library's table and its order). A row is
``(position, originator_id, originator_version, topic, state)`` as the driver returns it;
``event_rows`` gives them with ints and ``bytes`` state. Imports neither eventsourcing nor
pydantic: read paths use it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.storage.database import Cursor, Database

__all__ = ["BATCH", "EventRow", "event_batches", "event_rows", "state_bytes"]

BATCH = 2000  # rows per read unless the caller says otherwise
EventRow = tuple[int, Any, int, str, bytes]  # position, originator id (as stored), version, topic, state


def event_batches(db: Database, cur: Cursor | None = None, *, after: int = 0, until: int | None = None, batch: int = BATCH) -> Iterator[list[Any]]:
    """The stored rows after position ``after``, oldest first, ``batch`` rows at a time; never an
    empty batch. With ``until`` (the head the caller saw), no read starts once a batch has reached
    it: within one snapshot that is the last row; a write transaction that sees rows recorded
    meanwhile may get them in its last batch, and the caller folds them with the rest.

    With ``cur``, every batch is read within the caller's transaction; without it, each batch in a
    short read of its own, so a long walk holds no snapshot open (rows recorded meanwhile are read
    too). The rows are as the driver returns them: a state may be a memoryview (``state_bytes``)."""
    col = db.position_column
    sql = f"SELECT {col}, originator_id, originator_version, topic, state FROM {db.events_table} WHERE {col} > ? ORDER BY {col} LIMIT ?"
    while until is None or after < until:
        if cur is None:
            with db.read() as own:
                rows = own.execute(sql, (after, batch)).fetchall()
        else:
            rows = cur.execute(sql, (after, batch)).fetchall()
        if not rows:
            return
        yield rows
        after = int(rows[-1][0])


def event_rows(db: Database, cur: Cursor | None = None, *, after: int = 0, until: int | None = None, batch: int = BATCH) -> Iterator[EventRow]:
    """``event_batches`` row by row, with the position and version as ints and the state as bytes."""
    for rows in event_batches(db, cur, after=after, until=until, batch=batch):
        for r in rows:
            yield int(r[0]), r[1], int(r[2]), r[3], state_bytes(r[4])


def state_bytes(state: Any) -> bytes:
    """A stored state as bytes: drivers may return a memoryview, and text written where the store
    keeps bytes (by hand, in SQLite) comes back as str."""
    if isinstance(state, str):
        return state.encode()
    return bytes(state) if isinstance(state, memoryview) else state
