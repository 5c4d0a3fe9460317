"""The library's PostgreSQL application recorder, extended to write the chain (engine.chain) in the
same transaction as the events, under the library's exclusive table lock."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.utils import retry

from engine.chain import CHAIN_TABLE, extend_chain

__all__ = ["ChainedPostgresRecorder"]


class ChainedPostgresRecorder(PostgresApplicationRecorder):
    """Inserts events and their chain links in one PostgreSQL transaction: both, or neither."""

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        """The library's own steps (lock the table, notify, insert, read the new positions),
        then the chain. The library's ``insert_events`` (9.5) catches an error raised after its
        insert, lets its transaction commit, and only then raises it: a fault while linking
        would keep the events without their links. Here any error rolls everything back. No
        pipeline either: the insert is one statement, and the links may go by ``COPY``."""
        assert not self.datastore.enable_db_functions, "dayledger inserts with statements, not database functions"
        with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            self._insert_events(curs, stored_events, **kwargs)
            if not stored_events:
                return []
            self._insert_stored_events(curs, stored_events, **kwargs)
            ids = self._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
            assert ids is not None
            # The library's connection does not search the ledger's schema: name it.
            extend_chain(curs, ids, stored_events, "%s", table=f'"{self.datastore.schema}".{CHAIN_TABLE}')
            return ids
