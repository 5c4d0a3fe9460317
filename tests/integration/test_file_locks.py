"""A process that has the ledger open never drops SQLite's locks on it (engine.storage.file_head).

Closing any descriptor of a file drops every POSIX lock the process holds on it. Reading the
ledger's header with a plain open/close while a connection was open did that, and another
process closing its last connection then deleted the WAL under the first: its next commit went
to the deleted file and was lost. Real files, real processes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

import pytest

from engine.rules.stamp import Stamp
from engine.storage.database import open_database, sqlite_key
from engine.storage.event_store import EventStore
from engine.storage.location import SqliteLocation, parse_location
from events import NoteRecorded, Source
from tests.conftest import Dayledger


def _note(text: str) -> NoteRecorded:
    now = datetime.now(UTC)
    return NoteRecorded(**Stamp(now, now, Source(kind="cli"), uuid4()).fields(uuid4(), 1), text=text, project_id=None)


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_a_commit_after_another_process_came_and_went_reaches_every_process(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encrypted: bool
) -> None:
    dl = Dayledger(sqlite_url)
    for name in ("DAYLEDGER_KEY", "DAYLEDGER_KEY_FILE"):
        dl.env.pop(name, None)
        monkeypatch.delenv(name, raising=False)
    dl.env["XDG_CONFIG_HOME"] = str(tmp_path / "config")  # where an encrypted ledger's key file goes
    monkeypatch.setenv("XDG_CONFIG_HOME", dl.env["XDG_CONFIG_HOME"])
    dl.run("init", *(["--encrypt"] if encrypted else []))
    dl.run("note", "the ledger exists")
    location = parse_location(sqlite_url)
    assert isinstance(location, SqliteLocation)
    db = open_database(location, create=False)
    try:
        with db.read() as cur:
            cur.execute("SELECT count(*) FROM stored_events").fetchone()
        store = EventStore(location)  # reads the ledger's head (plain or encrypted?)
        sqlite_key(location)  # and so does this, again
        store.append([_note("one, before another process came and went")])
        dl.run("tasks")  # another process opens the ledger, reads and closes: the last to, if this one had lost its locks
        assert Path(f"{location.path}-wal").exists(), "another process deleted the WAL this one has open"
        store.append([_note("two, after it")])
        seen = [e.get("text") for e in dl.json("log")]  # by a third process, while this one is still open
        assert seen[-1] == "two, after it", "a commit went to a WAL no other process can see"
        dl.run("note", "three, from the third process")
        store.close()
    finally:
        db.close()
    texts = [e.get("text") for e in dl.json("log")]
    assert texts[1:] == ["one, before another process came and went", "two, after it", "three, from the third process"]
    assert dl.json("verify")["ok"]
