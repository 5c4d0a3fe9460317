"""The library's PostgreSQL application recorder, extended to write the chain (engine.storage.chain) in the
same transaction as the events, under the library's exclusive table lock."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.utils import retry

from engine.storage.bulk import COPY_FROM, insert_rows
from engine.storage.chain import CHAIN_TABLE, extend_chain
from engine.storage.keys import LedgerKey

__all__ = ["ChainedPostgresRecorder"]


class ChainedPostgresRecorder(PostgresApplicationRecorder):
    """Inserts events and their chain links in one PostgreSQL transaction: both, or neither.
    ``chain_key`` (set by ``EventStore``) links a keyed chain."""

    chain_key: LedgerKey | None = None
    where: str = "the ledger"

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        """The library's own steps (lock the table, notify, insert, read the new positions),
        then the chain. The library's ``insert_events`` (9.5) catches an error raised after its
        insert, lets its transaction commit, and only then raises it: a fault while linking
        would keep the events without their links. Here any error rolls everything back. No
        pipeline either: ``COPY`` cannot run in one, and it carries many events and links."""
        assert not self.datastore.enable_db_functions, "dayledger inserts with statements, not database functions"
        with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            self._insert_events(curs, stored_events, **kwargs)
            if not stored_events:
                return []
            if len(stored_events) < COPY_FROM:
                self._insert_stored_events(curs, stored_events, **kwargs)
                ids = self._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
                assert ids is not None
            else:
                ids = self._copy_stored_events(curs, stored_events)
            # The library's connection does not search the ledger's schema: name it.
            extend_chain(curs, ids, stored_events, postgres=True, table=f'"{self.datastore.schema}".{CHAIN_TABLE}',
                         key=self.chain_key, where=self.where)
            return ids

    def _copy_stored_events(self, curs: Any, stored_events: Sequence[StoredEvent]) -> list[int]:
        """Many events by ``COPY``, under the library's lock: its one ``INSERT ... SELECT FROM
        unnest(array of composites)`` dumps every event through psycopg's Python composite
        dumper (a quarter of a PostgreSQL import). While the lock is held no one else inserts,
        so the positions after the highest one before are this batch's, in ``COPY`` order."""
        self._lock_table(curs)
        self._notify_channel(curs)
        table = f'"{self.datastore.schema}"."{self.events_table_name}"'
        curs.execute(f"SELECT COALESCE(MAX(notification_id), 0) AS before FROM {table}")
        before = curs.fetchone()["before"]
        insert_rows(
            curs,
            table,
            [(e.originator_id, e.originator_version, e.topic, e.state) for e in stored_events],
            postgres=True,
            columns=("originator_id", "originator_version", "topic", "state"),
        )
        curs.execute(f"SELECT notification_id FROM {table} WHERE notification_id > %s ORDER BY notification_id", (before,))
        ids = [row["notification_id"] for row in curs.fetchall()]
        assert len(ids) == len(stored_events), f"{len(ids)} positions for {len(stored_events)} events"
        return ids
