"""Checking a ledger: the tamper-evident chain over every stored event, and every read model
against a rebuild from the events.

The chain walk names the first event that was altered, deleted, inserted or reordered, by its
position and recording time. The views are rebuilt from the events into a scratch in-memory
database and compared table by table with the ledger's own.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from engine.chain import CHAIN_TABLE, GENESIS, link
from engine.database import Cursor, Database

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


def _raw(state: Any) -> bytes:
    if isinstance(state, str):  # someone wrote text where the store keeps bytes
        return state.encode()
    return bytes(state) if isinstance(state, memoryview) else state


def _events(cur: Cursor, db: Database) -> Iterator[tuple[int, Any, int, str, bytes]]:
    """Every stored event in ledger order, read in batches within the caller's transaction."""
    col, after = db.position_column, 0
    while True:
        rows = cur.execute(
            f"SELECT {col}, originator_id, originator_version, topic, state FROM {db.events_table} WHERE {col} > ? ORDER BY {col} LIMIT ?",
            (after, BATCH),
        ).fetchall()
        if not rows:
            return
        for r in rows:
            yield int(r[0]), r[1], int(r[2]), r[3], _raw(r[4])
        after = int(rows[-1][0])


def _recorded_at(state: bytes) -> str | None:
    try:
        return str(json.loads(state).get("recorded_at"))
    except ValueError:
        return None


def verify_chain(db: Database) -> ChainReport:
    """Walk the chain over every event, in one snapshot of the ledger; the first break, if any."""
    with db.read() as cur:
        links = {int(p): v for p, v in cur.execute(f"SELECT position, link FROM {CHAIN_TABLE}").fetchall()}
        return _walk(links, _events(cur, db))


def _walk(links: dict[int, str], events: Iterator[tuple[int, Any, int, str, bytes]]) -> ChainReport:
    """One pass over events and links, both in ledger order (linear: a ten-year ledger is checked
    in seconds)."""
    linked = sorted(links)
    j, previous, count = 0, GENESIS, 0  # linked[j]: the first link no event has claimed yet
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
            what = "was moved from its place" if kind == "reordered" else "was changed after it was recorded"
            return ChainReport(count, previous, Finding(kind, position, _recorded_at(state), f"event {position} ({topic}) {what}"))
        previous = actual
        count += 1
        current = following
    if j < len(linked):
        p = linked[j]
        return ChainReport(count, previous, Finding("deleted", p, None, f"event {p} was deleted (its link is there, the event is not)"))
    return ChainReport(count, None if count == 0 else previous, None)


def verify_views(db: Database) -> list[Finding]:
    """Every view table compared with a rebuild from the events in a scratch database."""
    from engine.database import Database as ScratchDatabase
    from engine.database import _create_sqlite_schema  # the same schema, in memory
    from projections.catchup import all_views, catch_up, rebuild

    catch_up(db)
    scratch_conn = sqlite3.connect(":memory:", isolation_level=None)
    scratch_conn.execute("PRAGMA temp_store = MEMORY")  # the rebuilt views hold the ledger's text: no temp files
    _create_sqlite_schema(scratch_conn)
    # Keep each event's position: PostgreSQL's can have gaps (a transaction that never committed
    # still used up its numbers), and views record positions.
    with db.read() as cur:
        rows = [(p, uid.hex if hasattr(uid, "hex") else uid, v, t, s) for p, uid, v, t, s in _events(cur, db)]
    scratch_conn.executemany("INSERT INTO stored_events (rowid, originator_id, originator_version, topic, state) VALUES (?,?,?,?,?)", rows)
    scratch = ScratchDatabase(db.location, scratch_conn, "sqlite", exists=True)
    rebuild(scratch)
    findings = []
    for view in all_views():
        for table in view.tables:
            with db.read() as cur:
                mine = sorted(tuple(_plain(v) for v in r) for r in cur.execute(f"SELECT * FROM {table}").fetchall())
            with scratch.read() as cur:
                rebuilt = sorted(tuple(_plain(v) for v in r) for r in cur.execute(f"SELECT * FROM {table}").fetchall())
            if mine != rebuilt:
                differing = len(set(mine) ^ set(rebuilt))
                findings.append(Finding("view", None, None, f"view table {table} disagrees with the events ({differing} rows differ); run dayledger rebuild"))
    scratch.close()
    return findings


def _plain(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview) else value
