"""The tamper-evident chain: every recorded event linked by a SHA-256 over its content and the
previous link, written in the same transaction as the event.

``link = sha256(previous link | position | aggregate id | version | topic | state)``; the first
event's previous link is 64 zeros. Changing, deleting, inserting or reordering any stored event
breaks the chain from that position on, and ``dayledger verify`` names the first break. A user
who keeps the head link elsewhere (``dayledger verify --head``) can later prove that nothing up
to it changed.

The recorders (``engine.storage.recorders``) are the library's own, extended only to write the chain rows
inside the transaction that inserts the events (SQLite: one writer at a time; PostgreSQL: under
the library's exclusive table lock), so a link can never be missing or out of order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any
from uuid import UUID

from engine.storage.bulk import insert_rows

if TYPE_CHECKING:
    from eventsourcing.persistence import StoredEvent

__all__ = ["CHAIN_DDL", "CHAIN_TABLE", "GENESIS", "chain_rows", "extend_chain", "link"]

CHAIN_TABLE = "dayledger_chain"
GENESIS = "0" * 64
CHAIN_DDL = f"CREATE TABLE IF NOT EXISTS {CHAIN_TABLE} (position BIGINT PRIMARY KEY, link TEXT NOT NULL)"


def link(previous: str, position: int, originator_id: UUID | str, version: int, topic: str, state: bytes | str) -> str:
    """The link of one event. A state stored as text (written into the file by something else)
    is linked as its UTF-8 bytes, as ``verify`` reads it."""
    import hashlib  # here, not at the top: reading a ledger imports this module but never hashes

    uid = originator_id.hex if isinstance(originator_id, UUID) else UUID(str(originator_id)).hex
    h = hashlib.sha256()
    h.update(f"{previous}|{position}|{uid}|{version}|{topic}|".encode())
    h.update(state.encode() if isinstance(state, str) else state)
    return h.hexdigest()


def chain_rows(previous: str, events: Iterable[tuple[int, UUID | str, int, str, bytes]]) -> list[tuple[int, str]]:
    """(position, link) for events in position order, continuing from ``previous``."""
    rows = []
    for position, originator_id, version, topic, state in events:
        previous = link(previous, position, originator_id, version, topic, state)
        rows.append((position, previous))
    return rows


def extend_chain(cursor: Any, ids: Sequence[int], stored: Sequence[StoredEvent], *, postgres: bool = False, table: str = CHAIN_TABLE) -> None:
    """Write the links of just-inserted events, within the inserting transaction."""
    cursor.execute(f"SELECT link FROM {table} ORDER BY position DESC LIMIT 1")
    row = cursor.fetchone()
    previous = GENESIS if row is None else (row["link"] if isinstance(row, dict) else row[0])
    rows = chain_rows(previous, ((i, s.originator_id, s.originator_version, s.topic, s.state) for i, s in zip(ids, stored, strict=True)))
    insert_rows(cursor, table, rows, postgres=postgres, columns=("position", "link"))
