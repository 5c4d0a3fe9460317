"""Readers kept open between the commands one process runs (``dayledger serve``).

A command run from the terminal opens the ledger, catches its views up and closes it. A server
running command after command would pay that opening each time (a connection, the file's checks,
its page cache lost), so each of its threads keeps one reader open (``KeptReaders``) and only
catches it up before each command: a query or two when the views are level. Writes, whoever
makes them (this server, the command line, a second server on the same PostgreSQL ledger), are
seen by the next command, since each read is a fresh transaction and each command catches up.

A reader is opened afresh when the one kept can no longer see the ledger: the SQLite file was
replaced (another inode at its path) or made since (it was missing), or a read failed (a
PostgreSQL server restarted). A read-only ledger read through a private copy is never kept (the
copy would not see later writes).

``state`` is what an answer depends on besides the command's words and the clock: the ledger
(which file), its newest event, and the task numbers the last listing showed. While it is the
same, so is the answer to the same words at the same moment (``cli.web.commands`` keeps them).
"""

from __future__ import annotations

import os
import threading
from contextlib import suppress
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.storage.database import Database
    from engine.storage.location import LedgerLocation

__all__ = ["KeptReaders"]


class KeptReaders:
    """One opened reader per thread on one ledger, caught up whenever it is asked for."""

    def __init__(self, location: LedgerLocation) -> None:
        from projections.queries.as_of import keep_versions

        self.location = location
        self._local = threading.local()
        keep_versions(True)  # a process that keeps readers reads again and again: keep what it reads most too

    def reader(self) -> tuple[Database, tuple[Any, ...], bool]:
        """This thread's reader, its views caught up; the ledger's ``state`` as it was before the
        catch-up; and whether the reader is kept (False: the caller closes it)."""
        from projections.views.catchup import catch_up

        kept: Database | None = getattr(self._local, "db", None)
        file = self._file()
        if kept is not None and file != self._local.file:
            self.forget()
            kept = None
        db = kept
        if db is None:
            from engine.storage.database import open_database

            db = open_database(self.location, create=False)
        try:
            state = (file, db.newest_position(), self._numbers())
            catch_up(db)
        except BaseException:
            if db is kept:
                self.forget()
            else:
                db.close()
            raise
        keep = getattr(db, "_private", None) is None and not db.read_only
        if keep and kept is None:
            self._local.db, self._local.file = db, file
        return db, state, keep

    def forget(self) -> None:
        """Close this thread's reader (after a failure: the next command opens a fresh one)."""
        db = getattr(self._local, "db", None)
        self._local.db = self._local.file = None
        if db is not None:
            with suppress(Exception):  # a broken connection may fail to close: it is dropped either way
                db.close()

    def _file(self) -> tuple[int, int] | None:
        """Which file the SQLite ledger is (device, inode; None: none yet); None on PostgreSQL."""
        from engine.storage.location import SqliteLocation

        if not isinstance(self.location, SqliteLocation):
            return None
        try:
            found = os.stat(self.location.path)
        except OSError:
            return None
        return (found.st_dev, found.st_ino)

    def _numbers(self) -> int | None:
        """When the task numbers of the last listing were remembered (they resolve ``show 3``)."""
        from engine.storage import seen_numbers

        try:
            return os.stat(seen_numbers.numbers_file(self.location)).st_mtime_ns
        except OSError:
            return None
