"""What every command shares: where the ledger is, the user's zone, and how to answer.

The composition root: the one place that hands the engine's commands and importers the views
they read through (``projections.reads``, for ``engine.commands.ports``), and the read session,
which with the unit of work is the only caller of catch-up.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from engine.rules.clock import now, user_zone
from engine.storage.location import LedgerLocation, parse_location

if TYPE_CHECKING:
    from cli.config import Config
    from cli.kept import KeptReaders
    from engine.commands.ledger import Ledger
    from engine.commands.ports import Views
    from engine.commands.unit_of_work import UnitOfWork
    from engine.rules.when import When
    from engine.storage.database import Database

__all__ = ["MISSING_LEDGERS", "Session"]

MISSING_LEDGERS: list[str] = []
"""Ledgers a read of this run found missing; ``cli.main`` says so once the answer is out."""

_KEY_VARIABLES = frozenset(("DAYLEDGER_KEY", "DAYLEDGER_KEY_FILE", "DAYLEDGER_CHAIN_KEY", "DAYLEDGER_CHAIN_KEY_FILE"))


@dataclass
class Session:
    """The global options of one ``dayledger`` invocation."""

    ledger_option: str | None = None
    tz_option: str | None = None
    json: bool = False
    key_file_option: str | None = None
    date_order_option: str | None = None
    source: str = "cli"
    """Where this session's writes come from (``Source.kind``): ``cli``, or ``web`` for ``dayledger serve``."""
    chain_key_file_option: str | None = None
    _opened: list[object] = field(default_factory=list)
    kept: KeptReaders | None = None
    """Readers kept open between commands (``dayledger serve``): ``reader`` takes this thread's."""
    _read: tuple[Database, tuple[object, ...]] | None = field(default=None, init=False, repr=False)

    @cached_property
    def config(self) -> Config:
        """The user's config file (below flags and environment variables)."""
        from cli.config import read_config

        return read_config()

    @cached_property
    def location(self) -> LedgerLocation:
        """Where the ledger is, with the key the user gave for an encrypted one."""
        location = parse_location(self.ledger_option or os.environ.get("DAYLEDGER_LEDGER") or self.config.ledger)
        if self.key_file_option is None and self.chain_key_file_option is None and not _KEY_VARIABLES & os.environ.keys():
            return location  # the plain path imports nothing more
        from engine.storage.keys import given_chain_key, given_key, with_chain_key, with_key

        return with_chain_key(with_key(location, given_key(self.key_file_option)), given_chain_key(self.chain_key_file_option))

    @cached_property
    def tz(self) -> tzinfo:
        return user_zone(self.tz_option or os.environ.get("DAYLEDGER_TZ") or self.config.zone)

    def now(self) -> datetime:
        return now().astimezone(self.tz)

    def when(self, text: str, *, direction: Literal["past", "future"]) -> datetime:
        """A WHEN the user typed, as an aware moment in the user's zone."""
        return self.read_when(text, direction=direction).moment

    def read_when(self, text: str, *, direction: Literal["past", "future"]) -> When:
        """A WHEN the user typed, read in the user's zone, date order and week start."""
        from engine.rules.when import parse_when

        return parse_when(
            text, now=self.now(), tz=self.tz, direction=direction, date_order=self.date_order, week_start=self.week_start
        )

    @property
    def date_order(self) -> str:
        """How ``12/24`` is read: ``--date-order``, else ``$DAYLEDGER_DATE_ORDER``, else the config file, else MDY."""
        return self.date_order_option or os.environ.get("DAYLEDGER_DATE_ORDER") or self.config.date_order or "MDY"

    @property
    def week_start(self) -> str:
        """The first day of the user's weeks: ``$DAYLEDGER_WEEK_START``, else the config file, else mon
        (commands with a ``--week-start`` flag put it first)."""
        return os.environ.get("DAYLEDGER_WEEK_START") or self.config.week_start or "mon"

    def views(self) -> Views:
        """The views as the engine reads them (``engine.commands.ports.Views``)."""
        import projections.reads

        return projections.reads  # type: ignore[return-value]  # a module whose functions match the protocol

    def ledger(self) -> Ledger:
        """The ledger opened for recording (created on first write)."""
        from engine.commands.ledger import Ledger
        from events.base import Source

        ledger = Ledger(self.location, tz=self.tz, views=self.views(), source=Source(kind=self.source))
        self._opened.append(ledger)
        return ledger

    def work(self, *, create: bool = True) -> UnitOfWork:
        """A unit of work on the ledger, for a write that is not one of the ledger's commands (restore)."""
        from engine.commands.unit_of_work import UnitOfWork

        work = UnitOfWork(self.location, self.views(), create=create)
        self._opened.append(work)
        return work

    def missing_ledger(self) -> str | None:
        """The path of a SQLite ledger that does not exist yet (None when it exists, or is on PostgreSQL)."""
        from engine.storage.location import SqliteLocation

        location = self.location
        if isinstance(location, SqliteLocation) and not location.path.exists():
            return str(location.path)
        return None

    def reader(self) -> Database:
        """The ledger opened for reading, its views caught up; a missing ledger reads as empty
        (and the command says so when it ends: a mistyped --ledger must not look like an empty ledger)."""
        from engine.storage.database import open_database

        if (missing := self.missing_ledger()) is not None and missing not in MISSING_LEDGERS:
            MISSING_LEDGERS.append(missing)
        if self.kept is not None:
            return self._kept_reader()[0]

        db = open_database(self.location, create=False)
        self._opened.append(db)
        self.level(db)
        return db

    def _kept_reader(self) -> tuple[Database, tuple[object, ...]]:
        """This thread's kept reader, caught up once per session, and the ledger's state then."""
        assert self.kept is not None
        if self._read is None:
            db, state, kept = self.kept.reader()
            if not kept:
                self._opened.append(db)
            self._read = (db, state)
        return self._read

    def ledger_state(self) -> tuple[object, ...]:
        """What a read's answer depends on besides its words and the clock (``cli.kept``); only
        with kept readers."""
        self.reader()
        return self._kept_reader()[1]

    def level(self, db: Database) -> None:
        """Fold what the ledger recorded since into the views of ``db`` (the read session's catch-up)."""
        from projections.views.catchup import catch_up

        catch_up(db)

    def close(self) -> None:
        for thing in self._opened:
            thing.close()  # type: ignore[attr-defined]
        self._opened.clear()
        self._read = None
