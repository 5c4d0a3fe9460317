"""Events and their chain links are written all or nothing, on a real SQLite file and the real
PostgreSQL server."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

import engine.storage.chain
from engine.commands.verify import verify_chain
from engine.rules.errors import WriteConflict
from engine.storage.bulk import COPY_FROM
from engine.storage.database import Database, open_database
from engine.storage.event_store import EventStore
from engine.storage.location import parse_location
from events import NoteRecorded, Source

NOW = datetime(2026, 11, 29, 18, 0, tzinfo=UTC)
AWKWARD = ["plain", "tab\there", "new\nline", "back\\slash \\N", "", "ünïcødé – dash", "quote ' and \" both", "\\.", "semi;colon,comma"]


def _notes(n: int) -> list[NoteRecorded]:
    return [
        NoteRecorded(originator_id=uuid.uuid4(), originator_version=1, occurred_at=NOW, recorded_at=NOW, source=Source(kind="test"),
                     command_id=uuid.uuid4(), text=AWKWARD[i % len(AWKWARD)] + f" {i}")
        for i in range(n)
    ]


def _count(db: Database) -> tuple[int, int]:
    with db.read() as cur:
        (events,) = cur.execute(f"SELECT count(*) FROM {db.events_table}").fetchone()
        (links,) = cur.execute("SELECT count(*) FROM dayledger_chain").fetchone()
    return int(events), int(links)


def test_a_fault_while_linking_keeps_neither_the_events_nor_their_links(ledger_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    location = parse_location(ledger_url)
    db = open_database(location, create=True)
    store = EventStore(location)
    try:
        store.append(_notes(1))

        def fault(*_: Any) -> list[tuple[int, str]]:
            raise RuntimeError("the disk hiccupped while linking")

        monkeypatch.setattr(engine.storage.chain, "chain_rows", fault)
        with pytest.raises(RuntimeError, match="hiccupped"):
            store.append(_notes(3))
        assert _count(db) == (1, 1)  # eventsourcing 9.5's own PostgreSQL recorder committed the 3 events unlinked

        monkeypatch.undo()
        store.append(_notes(COPY_FROM * 3))  # enough for the links to go by COPY on PostgreSQL
        assert _count(db) == (1 + COPY_FROM * 3, 1 + COPY_FROM * 3)
        report = verify_chain(db)
        assert report.finding is None and report.events == 1 + COPY_FROM * 3
    finally:
        store.close()
        db.close()


@pytest.mark.parametrize("size", [3, COPY_FROM * 2])
def test_a_conflict_anywhere_in_a_save_writes_none_of_it(ledger_url: str, size: int) -> None:
    location = parse_location(ledger_url)
    db = open_database(location, create=True)
    store = EventStore(location)
    try:
        (first,) = _notes(1)
        store.append([first])
        clash = first.model_copy(update={"text": "the same aggregate and version, written again"})
        with pytest.raises(WriteConflict):
            store.append([*_notes(size), clash])
        assert _count(db) == (1, 1)
        store.append(_notes(size))
        assert verify_chain(db).finding is None and _count(db) == (1 + size, 1 + size)
    finally:
        store.close()
        db.close()
