"""A rebuild alone on an SQLite ledger writes through the rollback journal instead of the WAL
(each new page once); with another connection open it stays in WAL mode; killed at any moment,
it leaves a ledger that opens in WAL mode, with its events whole and its views as a rebuild
makes them."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from bench.projections import generate
from engine.database import open_database
from engine.location import SqliteLocation
from projections.catchup import catch_up, rebuild
from tests.conftest import DAYLEDGER, Dayledger


def _journal(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        conn.close()


def _ledger(tmp_path: Path, events: int) -> Path:
    path = tmp_path / "ledger.sqlite"
    generate(path, events)
    db = open_database(SqliteLocation(path), create=False)
    catch_up(db)
    db.close()
    return path


def _versions(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT * FROM dl_task_versions ORDER BY task_id, valid_from, known_from").fetchall()
    finally:
        conn.close()


def test_a_rebuild_alone_uses_the_rollback_journal_and_puts_the_wal_back(tmp_path: Path) -> None:
    path = _ledger(tmp_path, 3000)
    before = _versions(path)
    db = open_database(SqliteLocation(path), create=False)
    try:
        with db.rewriting(), db.read() as cur:
            assert cur.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert rebuild(db) > 3000
    finally:
        db.close()
    assert _journal(path) == "wal"
    assert _versions(path) == before


def test_a_rebuild_beside_another_connection_stays_in_wal_mode(tmp_path: Path) -> None:
    path = _ledger(tmp_path, 3000)
    before = _versions(path)
    other = sqlite3.connect(path)
    other.execute("SELECT count(*) FROM stored_events").fetchone()  # the file is open here too
    db = open_database(SqliteLocation(path), create=False)
    try:
        with db.rewriting(), db.read() as cur:
            assert cur.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert rebuild(db) > 3000
    finally:
        db.close()
        other.close()
    assert _journal(path) == "wal"
    assert _versions(path) == before


def test_a_ledger_left_with_its_rollback_journal_gets_the_wal_back_when_opened(tmp_path: Path) -> None:
    path = _ledger(tmp_path, 500)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0] == "delete"
    conn.close()
    open_database(SqliteLocation(path), create=False).close()
    assert _journal(path) == "wal"


def test_a_rebuild_killed_at_random_moments_leaves_a_whole_ledger(tmp_path: Path) -> None:
    path = _ledger(tmp_path, 20_000)
    d = Dayledger(str(path), now="2027-01-10T09:00:00+00:00")
    before = d.run("tasks", "--no-routines").stdout
    rng = random.Random(20261129)
    assert DAYLEDGER
    for _ in range(4):
        proc = subprocess.Popen([DAYLEDGER, "rebuild"], env=d.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.2, 1.5))  # a rebuild of these takes about 1.5 s
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert _journal(path) in ("wal", "delete")  # a dead rebuild may leave either
        report = json.loads(d.run("verify", "--json", check=False, timeout=300).stdout)
        assert report["ok"], report["findings"]
        assert _journal(path) == "wal"
        assert d.run("tasks", "--no-routines").stdout == before
    d.run("rebuild", timeout=300)
    assert _journal(path) == "wal"
    assert d.run("tasks", "--no-routines").stdout == before
