"""A ``--ledger`` that is not a dayledger ledger is refused and never taken over or touched: a FIFO
or a device node before SQLite opens it (no ``-journal`` beside it), and a 0-byte file, an
SQLite file with no tables, another program's WAL-mode database (no ``-wal``/``-shm`` left
behind) and a PostgreSQL schema holding another application's tables as "not a dayledger ledger"."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Dayledger, _pg_connect

COMMANDS = [("tasks",), ("add", "Take it over"), ("init",)]


def _beside(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()} - {path.name}


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _device(path: Path) -> None:
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a null device of our own, never /dev/null
    except PermissionError:
        pytest.skip("making a device node needs root (CAP_MKNOD)")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("make", [_fifo, _device], ids=["fifo", "device"])
def test_a_fifo_or_device_is_refused_before_sqlite_opens_it(tmp_path: Path, make: Callable[[Path], None], command: tuple[str, ...]) -> None:
    path = tmp_path / "ledger.sqlite"
    make(path)
    before = path.lstat()
    proc = Dayledger(str(path)).run(*command, check=False, timeout=20)  # the unfixed build blocked on the FIFO
    assert proc.returncode == 5 and len(proc.stderr.splitlines()) == 1 and "not a regular file" in proc.stderr, proc.stderr
    assert _beside(path) == set()  # no ledger.sqlite-journal, -wal or -shm
    after = path.lstat()
    assert (after.st_mode, after.st_ino, after.st_rdev) == (before.st_mode, before.st_ino, before.st_rdev)


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _no_tables(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 7")  # a database file, with a header and nothing in it


def _wal_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE photos (name TEXT)")
    conn.execute("INSERT INTO photos VALUES ('cat.jpg')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("make", [_empty, _no_tables, _wal_database], ids=["empty", "no-tables", "wal-database"])
def test_a_file_that_is_not_a_ledger_is_refused_and_left_as_it_was(tmp_path: Path, make: Callable[[Path], None], command: tuple[str, ...]) -> None:
    path = tmp_path / "ledger.sqlite"
    make(path)
    before = path.read_bytes()
    proc = Dayledger(str(path)).fails(*command)
    said = "exists already" if command == ("init",) else "not a dayledger ledger"
    assert proc.returncode in (2, 5) and said in proc.stderr, proc.stderr
    assert path.read_bytes() == before
    assert _beside(path) == set()  # no -wal or -shm left behind


def test_a_new_ledger_is_still_made_where_there_is_nothing(tmp_path: Path) -> None:
    d = Dayledger(str(tmp_path / "new" / "ledger.sqlite"))
    d.run("add", "First")
    assert [t["text"] for t in d.json("tasks")] == ["First"]
    assert d.json("verify")["ok"]


def test_a_postgresql_schema_of_another_application_is_refused(postgres_url: str) -> None:
    schema = postgres_url.rsplit("schema=", 1)[1]
    with _pg_connect() as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
        conn.execute(f'CREATE TABLE "{schema}".invoices (id int)')
    d = Dayledger(postgres_url)
    for command in COMMANDS:
        proc = d.fails(*command)
        assert proc.returncode in (2, 5) and "not a dayledger ledger" in proc.stderr and "newer" not in proc.stderr, proc.stderr
    with _pg_connect() as conn:
        tables = [r[0] for r in conn.execute("SELECT table_name FROM information_schema.tables WHERE table_schema=%s", (schema,))]
    assert tables == ["invoices"]


def test_a_postgresql_schema_with_a_foreign_meta_table_is_not_blamed_on_a_newer_dayledger(postgres_url: str) -> None:
    schema = postgres_url.rsplit("schema=", 1)[1]
    with _pg_connect() as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
        conn.execute(f'CREATE TABLE "{schema}".dayledger_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)')
    proc = Dayledger(postgres_url).fails("tasks")
    assert "not a dayledger ledger" in proc.stderr and "newer" not in proc.stderr, proc.stderr
