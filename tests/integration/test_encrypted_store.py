"""The event store on an encrypted ledger: the library's connections are SQLCipher's, keyed, and
its exceptions still the library's, so a stale version conflicts (and is retried by commands)
exactly as on a plain file; concurrent writers lose and duplicate nothing."""

from __future__ import annotations

import subprocess
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from engine.rules.errors import LedgerError, WriteConflict
from engine.storage.database import open_database
from engine.storage.event_store import EventStore
from engine.storage.keys import LedgerKey
from engine.storage.location import SqliteLocation
from events import NoteRecorded, TaskCaptured, TaskRenamed
from tests.conftest import DAYLEDGER, Dayledger
from tests.integration.test_store import _base

KEY = LedgerKey("5e" * 32, "the test's key")


@pytest.fixture
def location(tmp_path: Path) -> SqliteLocation:
    loc = SqliteLocation(tmp_path / "ledger.sqlite", key=KEY)
    open_database(loc, create=True).close()
    return loc


def test_the_file_is_not_plain_sqlite_and_opens_only_with_its_key(location: SqliteLocation) -> None:
    EventStore(location).append([NoteRecorded(**_base(uuid.uuid4()), text="hidden words")])
    data = location.path.read_bytes()
    assert not data.startswith(b"SQLite format 3") and b"hidden words" not in data
    with pytest.raises(LedgerError, match="does not open ledger"):
        open_database(SqliteLocation(location.path, key=LedgerKey("00" * 32, "a wrong key")), create=False)


def test_a_stale_version_is_a_write_conflict_not_the_librarys_error(location: SqliteLocation) -> None:
    a, b = EventStore(location), EventStore(location)
    task_id = uuid.uuid4()
    a.append([TaskCaptured(**_base(task_id), text="v1")])
    b.append([TaskRenamed(**_base(task_id, 2), text="renamed by b")])
    with pytest.raises(WriteConflict):
        a.append([TaskRenamed(**_base(task_id, 2), text="renamed by a")])
    assert [e.text for e in a.history(task_id)] == ["v1", "renamed by b"]  # type: ignore[attr-defined]


def test_concurrent_commands_on_an_encrypted_ledger_lose_nothing(tmp_path: Path) -> None:
    key_file = tmp_path / "ledger.key"
    dl = Dayledger(str(tmp_path / "ledger.sqlite"))
    dl.env["DAYLEDGER_KEY_FILE"] = str(key_file)
    dl.run("init")
    assert DAYLEDGER is not None

    def add(n: int) -> int:
        proc = subprocess.run([DAYLEDGER, "add", f"Parallel task {n}", "-p", "Shared"], env=dl.env, capture_output=True, text=True, timeout=120, check=False)
        return proc.returncode

    with ThreadPoolExecutor(4) as pool:
        codes = list(pool.map(add, range(16)))
    assert codes == [0] * 16
    texts = sorted(e["text"] for e in dl.json("log") if e["type"] == "TaskCaptured")
    assert texts == sorted(f"Parallel task {n}" for n in range(16))
    assert "chain intact, views agree" in dl.run("verify").stdout


@pytest.mark.parametrize("key", ["four writers, one passphrase", "7a" * 32], ids=["passphrase", "raw key"])
def test_first_writes_at_once_make_one_ledger_all_can_open(tmp_path: Path, key: str) -> None:
    """Each new file gets a random salt; a writer that derived its key with its own salt before
    another made the file derives it again with the file's."""
    dl = Dayledger(str(tmp_path / "ledger.sqlite"))
    dl.env["DAYLEDGER_KEY"] = key
    assert DAYLEDGER is not None

    def add(n: int) -> subprocess.CompletedProcess[str]:
        return subprocess.run([DAYLEDGER, "add", f"First write {n}"], env=dl.env, capture_output=True, text=True, timeout=120, check=False)

    with ThreadPoolExecutor(4) as pool:
        procs = list(pool.map(add, range(4)))
    assert [p.returncode for p in procs] == [0] * 4, [p.stderr for p in procs]
    assert len(dl.json("log")) == 4
    assert not (tmp_path / "ledger.sqlite").read_bytes().startswith(b"SQLite format 3")
