"""The tamper-evident chain: every recorded event linked by a SHA-256 over its content and the
previous link, written in the same transaction as the event.

``link = sha256(previous link | position | aggregate id | version | topic | state)``; the first
event's previous link is 64 zeros. Changing, deleting, inserting or reordering any stored event
breaks the chain from that position on, and ``dayledger verify`` names the first break. A user
who keeps the head link elsewhere (``dayledger verify --head``) can later prove that nothing up
to it changed.

A keyed chain (``dayledger init --chain-key-file FILE``, or a first write with a chain key
given) links with HMAC-SHA256 under a key kept outside the ledger instead: ``link = HMAC(key,
same message)``. Recomputing its links needs the key, so someone who can write the file but has
not the key cannot rewrite history and keep ``verify`` passing. The mode is the chain's row at
position 0 (events start at 1): ``hmac-sha256 KEY-ID``, the key's id being an HMAC of a fixed
text, which names the key without giving it away. A ledger without that row is unkeyed, as every
ledger made before; a write, a restore or a ``verify`` given a key that does not fit the ledger's
mode is refused.

The recorders (``engine.storage.recorders``) are the library's own, extended only to write the chain rows
inside the transaction that inserts the events (SQLite: one writer at a time; PostgreSQL: under
the library's exclusive table lock), so a link can never be missing or out of order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any
from uuid import UUID

from engine.rules.errors import LedgerError
from engine.storage.bulk import insert_rows

if TYPE_CHECKING:
    from eventsourcing.persistence import StoredEvent

    from engine.storage.keys import LedgerKey

__all__ = ["CHAIN_DDL", "CHAIN_TABLE", "GENESIS", "KEYED", "ChainMode", "chain_key_id", "chain_rows", "chain_start", "extend_chain", "link", "linking_key", "mode_of", "mode_row"]

CHAIN_TABLE = "dayledger_chain"
GENESIS = "0" * 64
CHAIN_DDL = f"CREATE TABLE IF NOT EXISTS {CHAIN_TABLE} (position BIGINT PRIMARY KEY, link TEXT NOT NULL)"


KEYED = "hmac-sha256"
MODE_POSITION = 0  # the chain's own row: events' positions start at 1 on both backends
KEY_SOURCES = "--chain-key-file, DAYLEDGER_CHAIN_KEY_FILE or DAYLEDGER_CHAIN_KEY"


def link(previous: str, position: int, originator_id: UUID | str, version: int, topic: str, state: bytes | str, key: bytes | None = None) -> str:
    """The link of one event (keyed with ``key``, the secret of a keyed chain). A state stored as
    text (written into the file by something else) is linked as its UTF-8 bytes, as ``verify``
    reads it."""
    import hashlib  # here, not at the top: reading a ledger imports this module but never hashes

    if isinstance(originator_id, UUID):
        uid = originator_id.hex
    else:  # as the store keeps it: its hex already (SQLite), or the canonical form less its dashes (a walk's hot path)
        text = str(originator_id)
        uid = text if _HEX.fullmatch(text) else text.replace("-", "") if _CANONICAL.fullmatch(text) else UUID(text).hex
    data = state.encode() if isinstance(state, str) else state
    message = b"%s|%d|%s|%d|%s|%s" % (previous.encode(), position, uid.encode(), version, topic.encode(), data)
    if key is None:
        return hashlib.sha256(message).hexdigest()
    import hmac

    return hmac.new(key, message, hashlib.sha256).hexdigest()


_HEX = re.compile(r"[0-9a-f]{32}")
_CANONICAL = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def chain_rows(previous: str, events: Iterable[tuple[int, UUID | str, int, str, bytes]], key: bytes | None = None) -> list[tuple[int, str]]:
    """(position, link) for events in position order, continuing from ``previous``."""
    rows = []
    for position, originator_id, version, topic, state in events:
        previous = link(previous, position, originator_id, version, topic, state, key)
        rows.append((position, previous))
    return rows


def chain_key_id(key: LedgerKey) -> str:
    """What the chain's mode row says of its key: an HMAC of a fixed text under it (16 hex digits)."""
    import hashlib
    import hmac

    return hmac.new(key.secret.encode("utf-8"), b"dayledger chain key id", hashlib.sha256).hexdigest()[:16]


class ChainMode:
    """A chain's mode as its row at position 0 says: unkeyed (no row), or keyed by the key whose id it holds."""

    def __init__(self, row_text: str | None) -> None:
        self.text = row_text
        self.keyed = row_text is not None
        self.key_id = row_text.partition(" ")[2] if row_text is not None and row_text.startswith(KEYED + " ") else None

    def describe(self) -> str:
        return f"keyed ({KEYED})" if self.keyed else "unkeyed (sha256)"


def mode_of(cursor: Any, table: str = CHAIN_TABLE) -> ChainMode:
    """The mode of the chain in ``table``, read through ``cursor`` (either backend's, or ours)."""
    cursor.execute(f"SELECT link FROM {table} WHERE position = {MODE_POSITION}")
    row = cursor.fetchone()
    return ChainMode(None if row is None else (row["link"] if isinstance(row, dict) else row[0]))


def linking_key(mode: ChainMode, key: LedgerKey | None, *, where: str) -> bytes | None:
    """The secret to link with under ``mode``, given ``key``; a key that does not fit is refused."""
    if not mode.keyed:
        if key is not None:
            raise LedgerError(
                f"{where}: a chain key was given ({key.origin}) but the ledger's chain is not keyed; "
                "nothing was recorded (to key a ledger's chain: export --format jsonl, then restore into a new ledger with the key)"
            )
        return None
    if key is None:
        raise LedgerError(f"{where}: the ledger's chain is keyed: give its chain key ({KEY_SOURCES}); nothing was recorded")
    if mode.key_id != chain_key_id(key):
        raise LedgerError(f"{where}: the chain key given ({key.origin}) is not the one this ledger's chain is keyed with; nothing was recorded")
    return key.secret.encode("utf-8")


def mode_row(key: LedgerKey) -> tuple[int, str]:
    """The chain's row that says it is keyed, and by which key."""
    return MODE_POSITION, f"{KEYED} {chain_key_id(key)}"


def chain_start(cursor: Any, key: LedgerKey | None, *, where: str, table: str = CHAIN_TABLE) -> tuple[str, bytes | None, list[tuple[int, str]]]:
    """Where the chain goes on from (its last link), the secret to link with, and the rows to
    write before the links: a chain still empty takes the mode of the key given, and keyed, its
    mode row is written with the first links."""
    cursor.execute(f"SELECT link FROM {table} WHERE position > {MODE_POSITION} ORDER BY position DESC LIMIT 1")
    row = cursor.fetchone()
    mode = mode_of(cursor, table)
    first: list[tuple[int, str]] = []
    if row is None and not mode.keyed and key is not None:
        first = [mode_row(key)]
        mode = ChainMode(first[0][1])
    previous = GENESIS if row is None else (row["link"] if isinstance(row, dict) else row[0])
    return previous, linking_key(mode, key, where=where), first


def extend_chain(
    cursor: Any, ids: Sequence[int], stored: Sequence[StoredEvent], *, postgres: bool = False, table: str = CHAIN_TABLE,
    key: LedgerKey | None = None, where: str = "the ledger",
) -> None:
    """Write the links of just-inserted events, within the inserting transaction."""
    if not ids:
        return
    previous, secret, rows = chain_start(cursor, key, where=where, table=table)
    rows += chain_rows(previous, ((i, s.originator_id, s.originator_version, s.topic, s.state) for i, s in zip(ids, stored, strict=True)), secret)
    insert_rows(cursor, table, rows, postgres=postgres, columns=("position", "link"))
