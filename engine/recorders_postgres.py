"""The library's PostgreSQL application recorder, extended to write the chain (engine.chain) in the
same transaction as the events, under the library's exclusive table lock."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder

from engine.chain import CHAIN_TABLE, extend_chain

__all__ = ["ChainedPostgresRecorder"]


class ChainedPostgresRecorder(PostgresApplicationRecorder):
    """Inserts events and their chain links in one PostgreSQL transaction."""

    def _fetch_ids_after_insert_events(self, curs: Any, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        ids = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        assert ids is not None
        # The library's connection does not search the ledger's schema: name it.
        extend_chain(curs, ids, stored_events, "%s", table=f'"{self.datastore.schema}".{CHAIN_TABLE}')
        return ids
