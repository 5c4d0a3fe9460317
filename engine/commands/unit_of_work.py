"""The unit of work: the one owner of a write, from planning to keeping the views level after it.

Every writer (the ledger's commands, every importer) records through one of these:
- it opens the ledger once (``db`` for planning reads, the event store when first appended to);
- ``retry(attempt)`` runs an attempt on views caught up with the ledger, and when the attempt's
  append loses to another writer (``WriteConflict``: a stale version, or SQLite's write lock
  held too long) runs it again from fresh state after a short jittered pause, a bounded number
  of times, then gives up with ``ConflictError``: a command is never half-recorded or lost;
- after its last append it folds the new events into the views (``close``, or ``level``).

Catching up is this class's and the read session's (``cli.session``) job, nobody else's. The
views themselves are ``projections``' and reach the engine only through ``ports``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Self, TypeVar

from engine.rules.errors import ConflictError, WriteConflict
from engine.storage.database import Database, open_database

if TYPE_CHECKING:
    from engine.commands.ports import KeepsViewsLevel
    from engine.storage.event_store import EventStore
    from engine.storage.location import LedgerLocation
    from events import LedgerEvent

__all__ = ["MAX_ATTEMPTS", "UnitOfWork", "pause"]

T = TypeVar("T")
MAX_ATTEMPTS = 12


def pause(attempt: int) -> None:
    """A short jittered wait before attempt ``attempt + 1``, longer each time."""
    time.sleep(random.uniform(0.005, 0.02) * (attempt + 1))


class UnitOfWork:
    """One writer's hold on a ledger: planning reads, atomic appends, conflicts retried."""

    def __init__(self, location: LedgerLocation, views: KeepsViewsLevel, *, create: bool = True) -> None:
        self.location = location
        self.views = views
        self.db: Database = open_database(location, create=create)
        self._store: EventStore | None = None
        self.appended = False

    @property
    def store(self) -> EventStore:
        """The event store, opened on first use (a dry run or a failed plan never opens it)."""
        if self._store is None:
            from engine.storage.event_store import EventStore

            self._store = EventStore(self.location)
        return self._store

    def level(self) -> None:
        """Fold what the ledger recorded since (by anyone) into the views."""
        self.views.catch_up(self.db)

    def append(self, events: Sequence[LedgerEvent]) -> None:
        """Record all of ``events`` in one transaction or none; WriteConflict when another writer got there first."""
        self.store.append(events)
        self.appended = True

    def retry(self, attempt: Callable[[], T], *, attempts: int = MAX_ATTEMPTS, where: str = "", what: str = "things") -> T:
        """``attempt()`` on level views, again from fresh state while it loses to another writer."""
        for n in range(attempts):
            if n:
                pause(n - 1)
            self.level()
            try:
                return attempt()
            except WriteConflict:
                continue
        raise ConflictError(f"{where}gave up after {attempts} attempts: other writers kept changing the same {what}")

    def close(self) -> None:
        """Level the views with what this unit appended, and let go of the ledger."""
        try:
            if self.appended:
                self.level()
        finally:
            if self._store is not None:
                self._store.close()
                self._store = None
            self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
