"""`dayledger compact`: an old ledger's 4 KiB pages rewritten as 16 KiB, nothing else changed;
refused in one line while another program has the ledger open, on PostgreSQL, and on nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import Dayledger


def _pragma(path: str, name: str) -> object:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def _made_before_16k_pages(dl: Dayledger) -> None:
    """The ledger as dayledger made it before it chose 16 KiB pages."""
    conn = sqlite3.connect(dl.ledger, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("PRAGMA page_size=4096")
        conn.execute("VACUUM")
        conn.execute("PRAGMA journal_mode=WAL")
    finally:
        conn.close()
    assert _pragma(dl.ledger, "page_size") == 4096


def _everything(dl: Dayledger) -> tuple[object, ...]:
    return dl.json("log"), dl.json("verify"), dl.run("tasks").stdout, dl.run("day", "2026-04-24").stdout, dl.run("tasks", "--as-of", "2026-04-24 12:00").stdout


def test_compact_gives_an_old_ledger_16k_pages_and_changes_nothing_else(tmp_path: Path) -> None:
    dl = Dayledger(str(tmp_path / "ledger.sqlite"), now="2026-04-24T18:00+02:00")
    for text in ("Pay the plumber", "Book the ferry", "Call the vet"):
        dl.run("add", text, "--at", "2026-04-24 09:00")
    dl.run("done", "ferry", "--at", "2026-04-24 15:00")
    dl.run("note", "The boiler was serviced", "--at", "2026-04-24 10:00")
    _made_before_16k_pages(dl)
    before = _everything(dl)
    done = dl.json("compact")
    assert done["page_size_before"] == 4096 and done["page_size"] == 16384
    assert done["ledger"] == dl.ledger and done["bytes_before"] > 0 and done["bytes"] > 0 and done["seconds"] >= 0
    assert _pragma(dl.ledger, "page_size") == 16384
    assert _pragma(dl.ledger, "journal_mode") == "wal"
    assert _everything(dl) == before  # same events, same chain head, same views
    dl.run("add", "Water the plants")  # and it is written to as before
    assert dl.json("verify")["ok"]
    again = dl.run("compact").stdout
    assert "pages 16 KiB -> 16 KiB" in again


def test_compact_while_another_program_has_the_ledger_open_is_one_line_and_leaves_it_whole(tmp_path: Path) -> None:
    dl = Dayledger(str(tmp_path / "ledger.sqlite"))
    dl.run("add", "Sweep the yard")
    _made_before_16k_pages(dl)
    before = dl.json("log")
    reader = sqlite3.connect(dl.ledger)
    try:
        reader.execute("SELECT count(*) FROM stored_events").fetchone()
        proc = dl.fails("compact")
    finally:
        reader.close()
    assert proc.returncode == 5 and "has it open" in proc.stderr and "run compact alone" in proc.stderr
    assert _pragma(dl.ledger, "page_size") == 4096
    assert _pragma(dl.ledger, "journal_mode") == "wal"
    assert dl.json("log") == before
    assert dl.json("verify")["ok"]


def test_compact_of_an_encrypted_ledger_keeps_its_pages_and_its_events(tmp_path: Path) -> None:
    dl = Dayledger(str(tmp_path / "ledger.sqlite"))
    dl.env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    dl.env.pop("DAYLEDGER_KEY", None)
    dl.env.pop("DAYLEDGER_KEY_FILE", None)
    dl.run("init", "--encrypt")
    dl.run("add", "Renew the passport")
    before = dl.json("log")
    done = dl.json("compact")
    assert done["page_size"] == done["page_size_before"]  # SQLCipher's page size is part of its encryption
    assert dl.json("log") == before
    assert dl.json("verify")["ok"]


def test_compact_where_there_is_no_ledger_is_one_line(tmp_path: Path) -> None:
    dl = Dayledger(str(tmp_path / "nothing.sqlite"))
    proc = dl.fails("compact")
    assert "there is no ledger at" in proc.stderr
    assert not (tmp_path / "nothing.sqlite").exists()


@pytest.mark.postgres
def test_compact_of_a_postgresql_ledger_is_one_line(postgres_url: str) -> None:
    dl = Dayledger(postgres_url)
    dl.run("add", "Sweep the yard")
    proc = dl.fails("compact")
    assert "compact is for SQLite ledgers" in proc.stderr
