"""The event store: an eventsourcing Application whose events are dayledger's pydantic models.

Saving is the library's: all events of one ``save`` are one transaction, and a stale version
is refused (optimistic concurrency), raised here as our WriteConflict: no exception of the
library leaves this module's ``append``. Our mapper stores the codec's JSON and upcasts
older event versions when reading.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, Mapper, OperationalError, PersistenceError, StoredEvent

from engine.rules.errors import InvalidInputError, LedgerError, WriteConflict
from engine.rules.text import json_holds_nul
from engine.storage.database import sqlite_key
from engine.storage.failures import storage_failure
from engine.storage.file_head import hold
from engine.storage.location import LedgerLocation, PostgresLocation, SqliteLocation
from events import LedgerEvent
from events.codec import decode, encode, topic_of

__all__ = ["EventStore", "create_postgres_event_tables"]


class PydanticMapper(Mapper[UUID]):
    """Maps ledger events to stored events with the schema's own codec."""

    _topics: ClassVar[dict[type[Any], str]] = {}

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        cls = type(domain_event)
        topic = self._topics.get(cls)
        if topic is None:
            topic = self._topics[cls] = topic_of(cls)
        return StoredEvent(
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            topic=topic,
            state=encode(domain_event),
        )

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        return decode(
            stored_event.topic,
            stored_event.state,
            stored_event.originator_id,
            stored_event.originator_version,
        )


class LedgerApplication(Application[UUID]):
    """The ledger's event store. The name is pinned: it prefixes settings and names tracking.

    Events are written through its recorder (``EventStore.append``), not ``save``: it takes no
    snapshots, caches no aggregates and acts on no notification, which is all ``save`` adds.
    """

    name = "dayledger"

    def construct_mapper(self) -> Mapper[UUID]:
        return PydanticMapper(transcoder=self.factory.transcoder())


def _environment(location: LedgerLocation, *, create_tables: bool = False) -> dict[str, str]:
    # Tables are made once, when the ledger is created (engine.storage.database, under a lock): the
    # library's own CREATE ... IF NOT EXISTS / CREATE OR REPLACE FUNCTION on every start collide
    # between concurrent processes on PostgreSQL ("tuple concurrently updated").
    create = "true" if create_tables else "false"
    if isinstance(location, SqliteLocation):
        env = {
            "CREATE_TABLE": create,
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "APPLICATION_RECORDER_TOPIC": "engine.storage.recorders:ChainedSQLiteRecorder",
            "SQLITE_DBNAME": str(location.path),
            "SQLITE_LOCK_TIMEOUT": "30",
        }
        key = sqlite_key(location)
        if key is not None:  # an encrypted ledger: the library's connections are SQLCipher's, keyed
            env["PERSISTENCE_MODULE"] = "engine.storage.recorders_sqlcipher:EncryptedSQLiteFactory"
            env["SQLCIPHER_KEY"] = key.secret
            env["SQLCIPHER_KEY_ORIGIN"] = key.origin
        return env
    assert isinstance(location, PostgresLocation)
    return {
        "CREATE_TABLE": create,
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "APPLICATION_RECORDER_TOPIC": "engine.storage.recorders_postgres:ChainedPostgresRecorder",
        "POSTGRES_DBNAME": location.dbname,
        "POSTGRES_HOST": location.host,
        "POSTGRES_PORT": str(location.port),
        "POSTGRES_USER": location.user,
        "POSTGRES_PASSWORD": location.password,
        "POSTGRES_SCHEMA": location.schema,
        "POSTGRES_CONNECT_TIMEOUT": "3",
        "POSTGRES_LOCK_TIMEOUT": "15",
        "POSTGRES_POOL_SIZE": "1",
        "POSTGRES_MAX_OVERFLOW": "2",
    }


def _refuse_unstorable_text(events: Sequence[LedgerEvent], stored: Sequence[StoredEvent]) -> None:
    """The last guard, whatever path text came by (an importer, a restore, a web page): an event
    holding a NUL character is refused before anything is written, naming where it came from.
    PostgreSQL's text cannot hold one, and the views of such a ledger could not be built."""
    for event, record in zip(events, stored, strict=True):
        if json_holds_nul(record.state):
            src = event.source
            where = f"{src.file}:{src.line}: " if src.file and src.line else f"{src.file}: " if src.file else ""
            raise InvalidInputError(f"{where}a text holds a NUL character (binary data), which no ledger can store as text; nothing was recorded")


class EventStore:
    """Appends events atomically and reads one aggregate's events back."""

    def __init__(self, location: LedgerLocation) -> None:
        self._location = location
        # Held before the library's first connection and while it may have any (engine.storage.file_head).
        self._held = hold(location.path) if isinstance(location, SqliteLocation) else None
        if self._held is not None:
            self._held.tie(self)
        try:
            self._app = LedgerApplication(env=_environment(location))
            self._app.recorder.chain_key = location.chain_key  # type: ignore[attr-defined]  # our recorders' (engine.storage.recorders)
            self._app.recorder.where = location.describe()  # type: ignore[attr-defined]
        except BaseException:
            self._release()
            raise

    def append(self, events: Sequence[LedgerEvent]) -> None:
        """Record all of ``events`` in one transaction, or none of them.

        Raises WriteConflict when another writer got there first (a stale version, or SQLite's
        write lock held past its timeout), and LedgerError, in plain words, when the ledger
        cannot take the write (the disk full, the ledger read-only, any other storage fault):
        never the library's own exceptions.
        """
        # What Application.save does for events, less its per-event protocol checks and
        # bookkeeping (a third of the time on a large import): map them, then one
        # insert_events, the recorder's own transaction, which writes the chain too.
        app = self._app
        stored = list(map(app.mapper.to_stored_event, events))
        _refuse_unstorable_text(events, stored)
        try:
            app.recorder.insert_events(stored)
        except PersistenceError as e:
            failure = storage_failure(e, self._location)
            if failure is not None:
                raise LedgerError(f"{self._location.describe()}: {failure}") from e
            if isinstance(e, IntegrityError) or (isinstance(e, OperationalError) and "locked" in str(e).lower()):
                raise WriteConflict(f"{self._location.describe()}: another writer got there first") from e
            raise LedgerError(f"{self._location.describe()}: {e}") from e

    def history(self, aggregate_id: UUID) -> list[LedgerEvent]:
        """Every event of one aggregate, oldest first."""
        return list(self._app.events.get(aggregate_id))

    def _release(self) -> None:
        if self._held is not None:
            self._held.release()
            self._held = None

    def close(self) -> None:
        self._app.close()
        self._release()


def create_postgres_event_tables(location: PostgresLocation) -> None:
    """Let the library create its tables, indexes and functions in the ledger's schema."""
    LedgerApplication(env=_environment(location, create_tables=True)).close()
