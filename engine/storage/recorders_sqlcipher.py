"""The library's SQLite storage, on an encrypted ledger file (engine.storage.encrypted_sqlite).

eventsourcing 9.5 opens its SQLite connections in ``SQLiteConnectionPool._create_connection``
with the standard ``sqlite3`` module; this factory gives the datastore a pool that opens them
with SQLCipher and the ledger's key instead, and translates SQLCipher's exceptions (its own
classes, not ``sqlite3``'s) into the library's, so conflicts are still retried. Named in the
store's settings by topic, for encrypted ledgers only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from eventsourcing import persistence
from eventsourcing.sqlite import (
    SQLiteConnection,
    SQLiteConnectionPool,
    SQLiteCursor,
    SQLiteDatastore,
    SQLiteFactory,
)
from eventsourcing.utils import Environment, EnvType

from engine.storage.encrypted_sqlite import connect, dbapi2
from engine.storage.keys import LedgerKey

__all__ = ["EncryptedSQLiteFactory"]

KEY = "SQLCIPHER_KEY"
KEY_ORIGIN = "SQLCIPHER_KEY_ORIGIN"


def _translated(error: dbapi2.Error) -> persistence.PersistenceError:
    for cls in type(error).__mro__:
        ours = getattr(persistence, cls.__name__, None)
        if isinstance(ours, type) and issubclass(ours, persistence.PersistenceError):
            return ours(error)
    return persistence.PersistenceError(error)


class EncryptedConnection(SQLiteConnection):
    """The library's connection, raising the library's exceptions for SQLCipher's."""

    @contextmanager
    def transaction(self, *, commit: bool) -> Iterator[SQLiteCursor]:
        try:
            with super().transaction(commit=commit) as curs:
                yield curs
        except dbapi2.Error as e:
            raise _translated(e) from e


class EncryptedConnectionPool(SQLiteConnectionPool):
    """Opens every connection with SQLCipher, the key first."""

    def __init__(self, *, key: LedgerKey, db_name: str, lock_timeout: int | None) -> None:
        self.key = key
        super().__init__(db_name=db_name, lock_timeout=lock_timeout)

    def _create_connection(self) -> SQLiteConnection:
        try:
            c = connect(Path(self.db_name), self.key, timeout=self.lock_timeout or 5, check_same_thread=False)
        except dbapi2.Error as e:
            raise persistence.InterfaceError(e) from e
        if not self.is_journal_mode_wal:  # as the library does
            (mode,) = c.execute("PRAGMA journal_mode").fetchone()
            if mode.lower() != "wal":
                c.execute("PRAGMA journal_mode=WAL")
                self.journal_mode_was_changed_to_wal = True
            self.is_journal_mode_wal = True
        c.row_factory = dbapi2.Row
        return EncryptedConnection(sqlite_conn=c, max_age=self.max_age)  # type: ignore[arg-type]


class EncryptedDatastore(SQLiteDatastore):
    """The library's SQLite datastore with a pool of SQLCipher connections."""

    def __init__(self, plain: SQLiteDatastore, key: LedgerKey) -> None:
        pool = plain.pool
        super().__init__(
            pool.db_name,
            lock_timeout=pool.lock_timeout,
            single_row_tracking=plain.single_row_tracking,
            originator_id_type=plain.originator_id_type,
        )
        self.pool.close()  # the plain pools opened no connection yet
        plain.close()
        self.pool = EncryptedConnectionPool(key=key, db_name=pool.db_name, lock_timeout=pool.lock_timeout)


class EncryptedSQLiteFactory(SQLiteFactory):
    """The library's SQLite factory whose datastore connects with the ledger's key."""

    def __init__(self, env: Environment | EnvType | None) -> None:
        super().__init__(env)
        key = LedgerKey(self.env.get(KEY) or "", self.env.get(KEY_ORIGIN) or "the key")
        self.datastore = EncryptedDatastore(self.datastore, key)
