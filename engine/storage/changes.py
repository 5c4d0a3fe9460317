"""How a watcher learns that the ledger changed: the position of its newest event, and on
PostgreSQL the notice every write sends. The library's recorder runs ``NOTIFY`` on its events
table's channel inside each writing transaction (``eventsourcing.postgres``), so the notice
arrives once the write is committed, whoever wrote it: a command line, a server, an import."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from engine.storage.database import Database, open_database
from engine.storage.location import LedgerLocation, PostgresLocation

__all__ = ["newest_event", "notices", "watched"]


def watched(location: LedgerLocation) -> Database:
    """The ledger opened to watch (not made: a ledger not there yet reads as having no events)."""
    return open_database(location, create=False)


def newest_event(db: Database) -> int:
    """The position of the ledger's newest event (0 for none, or no ledger yet)."""
    if not db.exists:
        return 0
    return db.newest_position()


@contextmanager
def notices(location: PostgresLocation, events_table: str) -> Iterator[Callable[[float], bool]]:
    """A connection of its own listening for the ledger's writes; yields ``wait(seconds)``: True
    as soon as a write was committed (any since the last wait), False when none came in time.
    The channel is the database's (the library names it after the events table, not the schema),
    so a write to another ledger in the same database wakes it too: read ``newest_event`` to know."""
    from engine.storage.database import _connect_postgres

    conn = _connect_postgres(location, autocommit=True)
    try:
        conn.execute(f'LISTEN "{events_table.replace(".", "_")}"')

        def wait(seconds: float) -> bool:
            came = False
            for _ in conn.notifies(timeout=seconds, stop_after=1):
                came = True
            return came

        yield wait
    finally:
        conn.close()
