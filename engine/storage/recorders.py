"""The library's application recorders, extended to write the tamper-evident chain (engine.storage.chain)
in the same transaction as the events. Named in the store's settings by topic."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder

from engine.storage.chain import extend_chain
from engine.storage.keys import LedgerKey

__all__ = ["ChainedSQLiteRecorder"]


class ChainedSQLiteRecorder(SQLiteApplicationRecorder):
    """Inserts events and their chain links in one SQLite transaction. ``chain_key`` (set by
    ``EventStore``) links a keyed chain."""

    chain_key: LedgerKey | None = None
    where: str = "the ledger"

    def _insert_events(self, c: Any, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        ids = super()._insert_events(c, stored_events, **kwargs)
        assert ids is not None
        extend_chain(c, ids, stored_events, key=self.chain_key, where=self.where)
        return ids
