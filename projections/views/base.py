"""What a read model is: tables, a version, and a fold that applies events to rows.

Views never write events. They see the ledger's database through ``Cursor`` objects whose SQL
uses ``?`` placeholders on both SQLite and PostgreSQL.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol
from uuid import UUID

if TYPE_CHECKING:
    from projections.views.entries import Entry

__all__ = ["Cursor", "View", "db_time", "forget_oldest", "hex_id", "no_cycle_collection"]


class Cursor(Protocol):
    """The slice of a DB-API cursor that views use."""

    def execute(self, sql: str, params: Sequence[Any] = ...) -> Any: ...
    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...
    def insert(self, table: str, rows: Sequence[Sequence[Any]], *, columns: Sequence[str] = ..., skip_existing: bool = ...) -> None: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...


class View(Protocol):
    """A read model: its tables and how events change them."""

    name: str
    version: int  # raise it when the tables or the fold change: the view is rebuilt
    tables: tuple[str, ...]
    ddl: tuple[str, ...]  # a view may also have ``dialect_ddl``: {"sqlite"|"postgres": statements}

    def apply(self, cur: Cursor, batch: Sequence[Entry]) -> None:
        """Fold a batch of entries (in ledger order) into the rows."""


def db_time(moment: datetime | None) -> str | None:
    """A time as stored in read models: UTC ISO 8601, fixed width, so text order is time order."""
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def hex_id(value: UUID | None) -> str | None:
    """An id as stored in read models."""
    return None if value is None else value.hex


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector off while many small objects are made that form no cycles (a
    fold's rows, a list of thousands of tasks): it would walk every live object again and
    again (a third of a million-event rebuild; a quarter of listing ten thousand tasks)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def forget_oldest(remembered: dict[Any, Any], limit: int) -> None:
    """Keep a fold's memory of what it wrote bounded: past ``limit`` entries, forget the older
    half (insertion order); what is forgotten is read from the tables again when needed."""
    if len(remembered) > limit:
        for old in list(remembered)[: limit // 2]:
            del remembered[old]
