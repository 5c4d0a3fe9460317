"""Connections to an encrypted ledger file (SQLCipher: every page of the database, its WAL and
journals is encrypted; temporary tables and sorts are kept in memory).

Imported only when a ledger is encrypted, so plain ledgers never load sqlcipher3. Every
connection is given its key before any other statement.
"""

from __future__ import annotations

from pathlib import Path

from sqlcipher3 import dbapi2

from engine.rules.errors import LedgerError
from engine.storage.file_head import read_head
from engine.storage.keys import SALT_BYTES, LedgerKey, new_salt

__all__ = ["connect", "dbapi2", "salt_in_use"]


def _salt_of(path: Path) -> bytes | None:
    """The salt at the start of an encrypted file; None when the file is new (missing or empty)."""
    try:
        head = read_head(path)  # once per process: see engine.storage.file_head
    except FileNotFoundError:
        return None
    return head[:SALT_BYTES] if len(head) >= SALT_BYTES else None


def salt_in_use(conn: dbapi2.Connection) -> bytes:
    """The salt of the file ``conn`` has open (and has read with its key)."""
    (salt_hex,) = conn.execute("PRAGMA cipher_salt").fetchone()
    return bytes.fromhex(salt_hex)


def connect(
    path: Path,
    key: LedgerKey,
    *,
    timeout: float,
    read_only: bool = False,
    immutable: bool = False,
    check_same_thread: bool = True,
) -> dbapi2.Connection:
    """An autocommit connection to the encrypted ledger at ``path``, its key checked.

    Raises LedgerError when the key does not open the file (nothing is written then).
    ``immutable``: read-only, and the file promised not to change (a read-only disk, where
    SQLite can make no shared-memory file to coordinate with writers).
    """
    for attempt in range(2):
        salt = _salt_of(path)
        conn = _keyed(
            path, key, salt or new_salt(), read_only=read_only, immutable=immutable, timeout=timeout, check_same_thread=check_same_thread
        )
        if conn is not None:
            return conn
        if salt is not None or key.is_raw:
            break
        # The file was new when we read it, and another process has just made it with its own
        # salt: a passphrase must be derived with that salt. Once more.
    raise LedgerError(f"the key ({key.origin}) does not open ledger {path} (or it is not a dayledger ledger); it was left untouched")


def _keyed(
    path: Path, key: LedgerKey, salt: bytes, *, read_only: bool, immutable: bool, timeout: float, check_same_thread: bool
) -> dbapi2.Connection | None:
    """A connection with the key set and checked; None when the key does not open the file."""
    uri = read_only or immutable
    target = f"file:{path}?immutable=1" if immutable else f"file:{path}?mode=ro" if read_only else str(path)
    conn = dbapi2.connect(target, uri=uri, isolation_level=None, timeout=timeout, check_same_thread=check_same_thread)
    try:
        conn.execute(key.pragma(salt))
        conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our one-line error, not a log on stderr
        conn.execute("PRAGMA temp_store = MEMORY")  # no plaintext temporary files
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except dbapi2.DatabaseError as e:
        conn.close()
        if "not a database" in str(e):
            return None
        raise
    return conn
