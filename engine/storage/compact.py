"""Compacting a SQLite ledger in place: its pages rewritten at the size new ledgers get, and the
free pages left by dropped views given back to the disk.

Nothing of the ledger changes but its layout: the same events, chain and views, row for row.
SQLite's own VACUUM does the work in a rollback-journal transaction, so an interruption (or a
full disk) leaves the ledger as it was. A page size can only change outside WAL mode, which
needs the ledger to itself: with another dayledger command running, compact refuses in one line.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from engine.rules.errors import LedgerError
from engine.storage.database import PAGE_SIZE, open_database
from engine.storage.failures import storage_failure
from engine.storage.location import LedgerLocation, SqliteLocation

__all__ = ["Compacted", "compact"]


@dataclass(frozen=True)
class Compacted:
    """A ledger file before and after compacting."""

    path: Path
    page_size_before: int
    page_size: int
    bytes_before: int
    bytes: int
    seconds: float


def _size(path: Path) -> int:
    """The ledger's bytes on disk, its WAL included."""
    wal = Path(f"{path}-wal")
    return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def compact(location: LedgerLocation) -> Compacted:
    """Rewrite the SQLite ledger at ``location`` compactly (LedgerError when it cannot be now)."""
    if not isinstance(location, SqliteLocation):
        raise LedgerError(f"compact is for SQLite ledgers; {location.describe()} is kept compact by its PostgreSQL server (VACUUM)")
    path = location.path
    db = open_database(location, create=False)
    try:
        if not db.exists:
            raise LedgerError(f"there is no ledger at {path} to compact")
        if db.read_only:
            raise LedgerError(f"cannot compact ledger {path}: its file, folder or disk is read-only")
        encrypted = db.driver is not sqlite3  # SQLCipher: the page size is part of how the file is encrypted
        run = db.run_alone
        before = int(run("PRAGMA page_size")[0][0])
        bytes_before = _size(path)
        started = time.perf_counter()
        run("PRAGMA wal_checkpoint(TRUNCATE)")
        try:
            mode = run("PRAGMA journal_mode=DELETE")[0][0]
        except db.driver.OperationalError as e:
            raise LedgerError(f"cannot compact ledger {path} now: another program (a dayledger command?) has it open ({e}); run compact alone") from e
        if str(mode).lower() != "delete":
            raise LedgerError(f"cannot compact ledger {path} now: another program (a dayledger command?) has it open; run compact alone")
        try:
            if not encrypted:
                run(f"PRAGMA page_size={PAGE_SIZE}")
            run("VACUUM")
        except db.driver.Error as e:
            raise LedgerError(f"cannot compact ledger {path}: {storage_failure(e, location) or e}; it was left as it was") from e
        finally:
            run("PRAGMA journal_mode=WAL")
        after = int(run("PRAGMA page_size")[0][0])
        seconds = time.perf_counter() - started
    finally:
        db.close()
    return Compacted(path, before, after, bytes_before, _size(path), seconds)
