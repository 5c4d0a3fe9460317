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
import re
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.rules.errors import InvalidInputError
from engine.rules.text import json_holds_nul
from engine.storage.chain import CHAIN_TABLE, GENESIS, KEY_SOURCES, MODE_POSITION, ChainMode, chain_key_id, link, mode_of
from engine.storage.database import Database
from engine.storage.event_log import EventRow, event_rows
from engine.storage.location import remove_sqlite_files

if TYPE_CHECKING:
    from engine.commands.ports import VerifiableViews
    from engine.storage.keys import LedgerKey

__all__ = ["ChainReport", "Finding", "Pin", "parse_pin", "read_pins", "verify_chain", "verify_views"]

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
    position: int | None = None  # the head's position in the ledger

    @property
    def pin(self) -> str | None:
        """The head as ``verify --expect`` takes it: ``HEAD@POSITION``."""
        return None if self.head is None else f"{self.head}@{self.position}"


@dataclass(frozen=True)
class Pin:
    """A head kept outside the ledger: the link at ``position`` (anywhere in the chain, if None)."""

    head: str
    position: int | None = None


_PIN = re.compile(r"([0-9a-f]{64})(?:@(\d+))?")


def parse_pin(text: str) -> Pin:
    """``HEAD`` or ``HEAD@POSITION``, as ``verify --head`` printed it."""
    found = _PIN.fullmatch(text.strip().lower())
    if found is None:
        raise InvalidInputError(f"{text!r} is not a head: give the 64 hex digits verify --head printed, optionally @POSITION")
    return Pin(found.group(1), int(found.group(2)) if found.group(2) else None)


def read_pins(path: Path) -> list[Pin]:
    """The heads in a file of pinned heads: one a line; blank lines and ``#`` comments skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise InvalidInputError(f"cannot read the pinned heads {path}: {getattr(e, 'strerror', None) or e}") from None
    pins = []
    for number, line in enumerate(lines, 1):
        text = line.split("#", 1)[0].strip()
        if text:
            try:
                pins.append(parse_pin(text))
            except InvalidInputError as e:
                raise InvalidInputError(f"{path}:{number}: {e}") from None
    return pins


def _recorded_at(state: bytes) -> str | None:
    try:
        return str(json.loads(state).get("recorded_at"))
    except ValueError:
        return None


def verify_chain(db: Database, pins: Sequence[Pin] = ()) -> ChainReport:
    """Walk the chain over every event, in one snapshot of the ledger; the first break, if any.

    The links are recomputed from the events, so anyone who can write the file can rewrite an
    event and every link after it, and this walk alone passes. ``pins``, heads kept outside the
    file before, catch that: each must be a link of the recomputed chain (at its position). So
    does a keyed chain, checked with the chain key the ledger's location carries: its links
    cannot be recomputed without it."""
    with db.read() as cur:
        mode = mode_of(cur)
        secret, refused = _chain_secret(mode, db.location.chain_key)
        if refused is not None:
            return ChainReport(0, None, refused)
        links = {int(p): v for p, v in cur.execute(f"SELECT position, link FROM {CHAIN_TABLE} WHERE position > {MODE_POSITION}").fetchall()}
        report = _walk(links, event_rows(db, cur, batch=BATCH), pins, secret)
    return report


def _chain_secret(mode: ChainMode, key: LedgerKey | None) -> tuple[bytes | None, Finding | None]:
    """The secret to check the chain with, or what is wrong with the key given for its mode."""
    if not mode.keyed:
        if key is None:
            return None, None
        return None, Finding(
            "forged", MODE_POSITION, None,
            f"a chain key was given ({key.origin}) but the ledger's chain is not keyed: it never was, or its mode was removed and every link recomputed",
        )
    if mode.key_id is None:
        return None, Finding("forged", MODE_POSITION, None, f"the chain's mode {mode.text!r} is not one dayledger writes: the chain was tampered with")
    if key is None:
        raise InvalidInputError(f"the ledger's chain is keyed: give its chain key ({KEY_SOURCES}) to check it")
    if mode.key_id != chain_key_id(key):
        return None, Finding(
            "forged", MODE_POSITION, None,
            f"the chain is keyed with another key than the one given ({key.origin}): a wrong key, or the chain was rewritten under a key of someone else's",
        )
    return key.secret.encode("utf-8"), None


def _walk(links: dict[int, str], events: Iterator[EventRow], pins: Sequence[Pin] = (), secret: bytes | None = None) -> ChainReport:
    """One pass over events and links, both in ledger order (linear: a ten-year ledger is checked
    in seconds)."""
    seen: dict[Pin, int] = {}
    report = _walk_links(links, events, pins, seen, secret)
    if report.finding is not None:
        return report
    for pin in pins:
        if pin not in seen:
            where = f" at event {pin.position}" if pin.position is not None else ""
            return replace(report, finding=Finding(
                "forged", pin.position, None,
                f"the pinned head {pin.head[:12]}...{where} is not in the chain: the history up to it was rewritten (or the pin is of another ledger)",
            ))
    return report


def _walk_links(links: dict[int, str], events: Iterator[EventRow], pins: Sequence[Pin], seen: dict[Pin, int], secret: bytes | None) -> ChainReport:
    by_link = {p.head: p for p in pins if p.position is None}
    by_position = {p.position: p for p in pins if p.position is not None}
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
        actual = link(previous, position, uid, version, topic, state, secret)
        if actual != expected:
            kind = "altered"
            if following is not None and link(previous, position, *following[1:], secret) == expected:
                kind = "reordered"
            elif position > before + 1:  # a gap, and the link does not follow the event before it
                return ChainReport(count, previous, _deleted_before(before, position))
            what = "was moved from its place" if kind == "reordered" else "was changed after it was recorded"
            return ChainReport(count, previous, Finding(kind, position, _recorded_at(state), f"event {position} ({topic}) {what}"))
        previous, before = actual, position
        if pins:
            pin = by_link.get(actual) or by_position.get(position)
            if pin is not None and pin.head == actual:
                seen[pin] = position
        count += 1
        current = following
    if j < len(linked):
        p = linked[j]
        return ChainReport(count, previous, Finding("deleted", p, None, f"event {p} was deleted (its link is there, the event is not)"))
    return ChainReport(count, None if count == 0 else previous, None, before or None)


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
