"""Checking a ledger: the tamper-evident chain over every stored event, and every read model
against a rebuild from the events.

The chain walk names the first event that was altered, deleted, inserted or reordered, by its
position and recording time. The views are rebuilt from the events into a scratch database
and compared table by table with the ledger's own.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.rules.text import json_holds_nul
from engine.storage.chain import CHAIN_TABLE, GENESIS, link
from engine.storage.database import Database
from engine.storage.event_log import EventRow, event_rows
from engine.storage.location import remove_sqlite_files

if TYPE_CHECKING:
    from engine.commands.ports import VerifiableViews

__all__ = ["ChainReport", "Finding", "verify_chain", "verify_views"]

BATCH = 2000


@dataclass(frozen=True)
class Finding:
    """One thing wrong: what, where (position), and when the event was recorded, if known."""

    kind: str  # altered | deleted | inserted | reordered | view
    position: int | None
    recorded_at: str | None
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "position": self.position, "recorded_at": self.recorded_at, "message": self.message}


@dataclass(frozen=True)
class ChainReport:
    events: int
    head: str | None  # the last link: keep it elsewhere to prove later that nothing before it changed
    finding: Finding | None


def _recorded_at(state: bytes) -> str | None:
    try:
        return str(json.loads(state).get("recorded_at"))
    except ValueError:
        return None


def verify_chain(db: Database) -> ChainReport:
    """Walk the chain over every event, in one snapshot of the ledger; the first break, if any."""
    with db.read() as cur:
        links = {int(p): v for p, v in cur.execute(f"SELECT position, link FROM {CHAIN_TABLE}").fetchall()}
        return _walk(links, event_rows(db, cur, batch=BATCH))


def _walk(links: dict[int, str], events: Iterator[EventRow]) -> ChainReport:
    """One pass over events and links, both in ledger order (linear: a ten-year ledger is checked
    in seconds)."""
    linked = sorted(links)
    j, previous, count = 0, GENESIS, 0  # linked[j]: the first link no event has claimed yet
    before = 0  # the position of the last event whose link held
    current = next(events, None)
    while current is not None:
        following = next(events, None)
        position, uid, version, topic, state = current
        if j < len(linked) and linked[j] < position:  # a link before this event, and no event of its own
            p = linked[j]
            return ChainReport(count, previous, Finding("deleted", p, None, f"event {p} was deleted (its link is there, the event is not)"))
        expected = links.get(position)
        if expected is None:
            return ChainReport(count, previous, Finding("inserted", position, _recorded_at(state), f"event {position} ({topic}) has no link: it was inserted outside dayledger"))
        j += 1  # linked[j] was this event's position
        actual = link(previous, position, uid, version, topic, state)
        if actual != expected:
            kind = "altered"
            if following is not None and link(previous, position, *following[1:]) == expected:
                kind = "reordered"
            elif position > before + 1:  # a gap, and the link does not follow the event before it
                return ChainReport(count, previous, _deleted_before(before, position))
            what = "was moved from its place" if kind == "reordered" else "was changed after it was recorded"
            return ChainReport(count, previous, Finding(kind, position, _recorded_at(state), f"event {position} ({topic}) {what}"))
        previous, before = actual, position
        count += 1
        current = following
    if j < len(linked):
        p = linked[j]
        return ChainReport(count, previous, Finding("deleted", p, None, f"event {p} was deleted (its link is there, the event is not)"))
    return ChainReport(count, None if count == 0 else previous, None)


def _deleted_before(before: int, position: int) -> Finding:
    """What a link that does not follow its predecessor across a gap of positions says: the
    events in the gap were deleted together with their links (the event after it may be intact;
    PostgreSQL's positions can have gaps of their own, so it may also have been changed)."""
    first, last = before + 1, position - 1
    which = f"event {first} was" if first == last else f"events {first} to {last} were"
    return Finding("deleted", first, None, f"{which} deleted, links and all (or event {position} was changed): the chain breaks between {before} and {position}")


def verify_views(db: Database, views: VerifiableViews) -> list[Finding]:
    """Every view table (caught up first: the read session's job) compared with a rebuild from
    the events in a scratch database.

    The scratch database is a temporary file of the user's own (deleted at the end), or memory
    for an encrypted ledger, whose contents never go to disk in plaintext. Tables are compared
    by a digest of their rows, read as they come; only a table that differs is read whole, to
    say by how many rows."""
    with _scratch(in_memory=db.dialect == "sqlite" and db.driver is not sqlite3) as scratch:
        return _compare_views(db, scratch, views)


@contextmanager
def _scratch(*, in_memory: bool) -> Iterator[sqlite3.Connection]:
    """A new, empty SQLite database for a rebuild, gone afterwards."""
    if in_memory:
        conn = sqlite3.connect(":memory:", isolation_level=None)
        conn.execute("PRAGMA temp_store = MEMORY")  # the rebuilt views hold the ledger's text: no temp files
        try:
            yield conn
        finally:
            conn.close()
        return
    try:
        fd, name = tempfile.mkstemp(prefix="dayledger-verify-", suffix=".sqlite")  # mode 0600
    except OSError:  # no writable temporary folder: memory it is
        with _scratch(in_memory=True) as conn:
            yield conn
        return
    os.close(fd)
    conn = sqlite3.connect(name, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = OFF")  # a scratch copy: nothing to recover after a crash
        conn.execute("PRAGMA synchronous = OFF")
        yield conn
    finally:
        conn.close()
        remove_sqlite_files(Path(name))


def _compare_views(db: Database, scratch_conn: sqlite3.Connection, views: VerifiableViews) -> list[Finding]:
    from engine.storage.database import Database as ScratchDatabase
    from engine.storage.database import _create_sqlite_schema  # the same schema

    _create_sqlite_schema(scratch_conn)
    # Keep each event's position: PostgreSQL's can have gaps (a transaction that never committed
    # still used up its numbers), and views record positions.
    nul = False  # an event holding a NUL character, which PostgreSQL's views show as U+FFFD

    def copied(rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
        nonlocal nul
        for p, uid, v, t, s in rows:
            nul = nul or (db.dialect == "postgres" and json_holds_nul(s))
            yield p, uid.hex if hasattr(uid, "hex") else uid, v, t, s

    with db.read() as cur:
        scratch_conn.execute("BEGIN")
        scratch_conn.executemany(
            "INSERT INTO stored_events (rowid, originator_id, originator_version, topic, state) VALUES (?,?,?,?,?)",
            copied(event_rows(db, cur, batch=BATCH)),
        )
        scratch_conn.execute("COMMIT")
    scratch = ScratchDatabase(db.location, scratch_conn, "sqlite", exists=True)
    with scratch.replacing_nul() if nul else nullcontext():
        views.rebuild(scratch)
    findings = []
    for view in views.all_views():
        for table in view.tables:
            if _digest(db, table) == _digest(scratch, table):
                continue
            mine, rebuilt = _rows(db, table), _rows(scratch, table)
            if mine != rebuilt:  # (a digest differs for equal rows only if the backends type a value differently)
                differing = len(set(mine) ^ set(rebuilt))
                findings.append(Finding("view", None, None, f"view table {table} disagrees with the events ({differing} rows differ); run dayledger rebuild"))
    return findings


def _digest(db: Database, table: str) -> tuple[int, int]:
    """How many rows ``table`` has and the sum of their hashes: the same for the same rows in any order."""
    count = total = 0
    for row in db.rows(f"SELECT * FROM {table}"):
        digest = hashlib.blake2b(repr(tuple(_plain(v) for v in row)).encode(), digest_size=16).digest()
        total += int.from_bytes(digest, "big")
        count += 1
    return count, total % (1 << 128)


def _rows(db: Database, table: str) -> list[tuple[Any, ...]]:
    with db.read() as cur:
        return sorted(tuple(_plain(v) for v in r) for r in cur.execute(f"SELECT * FROM {table}").fetchall())


def _plain(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview) else value
