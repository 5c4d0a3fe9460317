"""The library's application recorders, extended to write the tamper-evident chain (engine.storage.chain)
in the same transaction as the events. Named in the store's settings by topic."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder

from engine.storage.chain import extend_chain

__all__ = ["ChainedSQLiteRecorder"]


class ChainedSQLiteRecorder(SQLiteApplicationRecorder):
    """Inserts events and their chain links in one SQLite transaction."""

    def _insert_events(self, c: Any, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        ids = super()._insert_events(c, stored_events, **kwargs)
        assert ids is not None
        extend_chain(c, ids, stored_events)
        return ids
