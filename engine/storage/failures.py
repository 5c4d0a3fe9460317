"""Plain words for the storage failures a user can do something about: a full disk and a
read-only ledger. Both leave what was recorded before intact: a transaction that cannot be
written is rolled back whole."""

from __future__ import annotations

import errno
import os
import sqlite3
import sys
from pathlib import Path

from engine.storage.location import LedgerLocation, SqliteLocation

__all__ = ["DISK_FULL", "READ_ONLY", "first_line", "say", "storage_errors", "storage_failure"]

DISK_FULL = "disk full: there is no room to write the ledger; what it recorded before is kept (free some space and run the command again)"
READ_ONLY = "read-only: the ledger's file, folder or disk cannot be written; what it recorded before is kept, and can still be read"

_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
_READ_ONLY_ERRNOS = {errno.EROFS}  # EACCES/EPERM may be about any file: not named here


def say(text: str) -> None:
    """Tell the user, in one line on stderr, of something storage did on its own that they should
    know of (a crashed write rolled back); the answer on stdout is unchanged."""
    sys.stderr.write(f"dayledger: note: {text}\n")
    sys.stderr.flush()


def storage_errors() -> tuple[type[BaseException], ...]:
    """The database drivers' error classes loaded in this process (SQLCipher's only when used)."""
    found: list[type[BaseException]] = [sqlite3.Error]
    cipher = sys.modules.get("sqlcipher3.dbapi2")
    if cipher is not None:
        found.append(cipher.Error)
    persistence = sys.modules.get("eventsourcing.persistence")
    if persistence is not None:
        found.append(persistence.PersistenceError)
    postgres = sys.modules.get("psycopg")
    if postgres is not None:  # the views' own statements on PostgreSQL: the server, not our SQL
        errors = postgres.errors
        found += [postgres.OperationalError, errors.InsufficientPrivilege, errors.ReadOnlySqlTransaction]
    return tuple(found)


def first_line(error: BaseException) -> str:
    """What an error says, on one line (PostgreSQL's errors add the statement on more)."""
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def storage_failure(error: BaseException, location: LedgerLocation | None = None) -> str | None:
    """DISK_FULL or READ_ONLY when ``error`` is one of them, else None."""
    if isinstance(error, OSError) and error.errno is not None:
        if error.errno in _FULL_ERRNOS:
            return DISK_FULL
        if error.errno in _READ_ONLY_ERRNOS:
            return READ_ONLY
    if type(error).__module__.startswith("psycopg"):
        return None  # the server's own words: the hints below are SQLite's
    text = str(error).lower()
    if "database or disk is full" in text:
        return DISK_FULL
    if "readonly" in text or "read-only" in text:
        return READ_ONLY
    if isinstance(location, SqliteLocation) and ("unable to open" in text or "disk i/o error" in text):
        return _diagnose(location.path)
    return None


def _diagnose(path: Path) -> str | None:
    """Why SQLite could not open or write a file it did not explain: a read-only or full disk."""
    folder = path.parent
    try:
        stats = os.statvfs(folder)
    except OSError:
        return None
    if stats.f_flag & os.ST_RDONLY:
        return READ_ONLY
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return READ_ONLY
    if stats.f_bavail == 0:
        return DISK_FULL
    return None
