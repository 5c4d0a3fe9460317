"""The event store on a real SQLite file: atomic saves, optimistic concurrency, old versions upcast."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from engine.rules.errors import WriteConflict
from engine.storage import database
from engine.storage.database import open_database
from engine.storage.event_store import EventStore
from engine.storage.location import SqliteLocation
from events import NoteRecorded, ProjectStarted, Source, TaskCaptured
from events.codec import topic_of
from tests.conftest import Dayledger

NOW = datetime(2026, 4, 24, 10, 0, tzinfo=UTC)


def _base(originator: uuid.UUID, version: int = 1) -> dict[str, object]:
    return {
        "originator_id": originator,
        "originator_version": version,
        "occurred_at": NOW,
        "recorded_at": NOW,
        "source": Source(kind="test"),
        "command_id": uuid.uuid4(),
    }


@pytest.fixture
def location(tmp_path: Path) -> SqliteLocation:
    loc = SqliteLocation(tmp_path / "ledger.sqlite")
    open_database(loc, create=True).close()
    return loc


def _count(loc: SqliteLocation) -> int:
    with sqlite3.connect(loc.path) as conn:
        return conn.execute("SELECT count(*) FROM stored_events").fetchone()[0]


def test_a_save_is_all_of_its_events_or_none(location: SqliteLocation) -> None:
    store = EventStore(location)
    task_id = uuid.uuid4()
    store.append([TaskCaptured(**_base(task_id), text="first")])
    project = ProjectStarted(**_base(uuid.uuid4()), name="New project")
    clash = TaskCaptured(**_base(task_id), text="same id and version again")
    with pytest.raises(WriteConflict):
        store.append([project, clash])
    assert _count(location) == 1  # the project event was rolled back with the clash
    assert store.history(project.originator_id) == []


def test_a_stale_version_conflicts_instead_of_overwriting(location: SqliteLocation) -> None:
    a, b = EventStore(location), EventStore(location)
    task_id = uuid.uuid4()
    a.append([TaskCaptured(**_base(task_id), text="v1")])
    a.append([NoteRecorded(**_base(uuid.uuid4()), text="unrelated")])
    from events import TaskRenamed

    b.append([TaskRenamed(**_base(task_id, 2), text="renamed by b")])
    with pytest.raises(WriteConflict):
        a.append([TaskRenamed(**_base(task_id, 2), text="renamed by a")])
    assert [e.text for e in a.history(task_id)] == ["v1", "renamed by b"]


def test_events_written_by_an_older_version_are_upcast(location: SqliteLocation) -> None:
    # A NoteRecorded exactly as version 1 of the schema stored it: 'body', no project, no class_version.
    note_id = uuid.uuid4()
    v1_state = (
        b'{"occurred_at":"2026-04-24T08:00:00Z","recorded_at":"2026-04-24T08:00:01Z",'
        b'"source":{"kind":"cli","file":null,"sha256":null,"line":null,"detail":null},'
        b'"command_id":"9b2b8c1e-7f44-4a55-9d0e-0c2f3b7a1d10","body":"Do a big ride today"}'
    )
    with sqlite3.connect(location.path) as conn:
        conn.execute(
            "INSERT INTO stored_events VALUES (?,?,?,?)", (note_id.hex, 1, topic_of(NoteRecorded), v1_state)
        )
    conn.close()
    [note] = EventStore(location).history(note_id)
    assert isinstance(note, NoteRecorded)
    assert (note.text, note.project_id, note.task_id) == ("Do a big ride today", None, None)
    # ... and the command line reads it like any other event.
    [entry] = Dayledger(str(location.path)).json("log")
    assert entry["type"] == "NoteRecorded" and entry["text"] == "Do a big ride today" and entry["class_version"] == 2


def test_new_events_are_stored_with_their_class_version(location: SqliteLocation) -> None:
    store = EventStore(location)
    note = NoteRecorded(**_base(uuid.uuid4()), text="now")
    store.append([note])
    with sqlite3.connect(location.path) as conn:
        (state,) = conn.execute("SELECT state FROM stored_events").fetchone()
    assert b'"class_version":2' in state and b'"body"' not in state
    assert store.history(note.originator_id) == [note]


def test_a_new_ledger_has_16_kib_pages_and_an_old_one_keeps_its_own(
    location: SqliteLocation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = sqlite3.connect(location.path)
    assert conn.execute("PRAGMA page_size").fetchone() == (16384,)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    conn.close()
    old = SqliteLocation(tmp_path / "old.sqlite")  # made when ledgers had SQLite's 4 KiB default
    monkeypatch.setattr(database, "PAGE_SIZE", 4096)
    open_database(old, create=True).close()
    monkeypatch.undo()
    Dayledger(str(old.path)).run("add", "on an old ledger")
    Dayledger(str(old.path)).run("rebuild")
    conn = sqlite3.connect(old.path)
    assert conn.execute("PRAGMA page_size").fetchone() == (4096,)
    conn.close()
