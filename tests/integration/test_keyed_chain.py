"""A keyed chain (issue 25, forgery): links that need a key kept outside the ledger to be
recomputed, so that someone who can write the file but has not the key cannot rewrite history
and keep ``verify`` passing. Both backends; the forger is the real database, written directly."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from engine.storage.chain import CHAIN_TABLE, GENESIS, chain_rows
from engine.storage.database import open_database
from engine.storage.event_log import event_rows
from engine.storage.location import parse_location
from tests.conftest import InProcess


def _keyed(ledger: str, tmp_path: Path) -> tuple[InProcess, Path]:
    key = tmp_path / "chain.key"
    made = InProcess(ledger).json("init", "--chain-key-file", str(key))
    assert made["chain_key_file"] == str(key) and made["chain_key_file_created"]
    assert os.stat(key).st_mode & 0o777 == 0o600
    d = InProcess(ledger)
    d.env["DAYLEDGER_CHAIN_KEY_FILE"] = str(key)
    d.run("add", "Pay the bills", "--at", "2026-04-20 09:00")
    d.run("add", "Dishes", "-p", "Home", "--at", "2026-04-20 10:00")
    d.run("done", "bills", "--at", "2026-04-21 09:00")
    return d, key


def _forge(ledger: str, *, secret: bytes | None = None, keep_mode: bool = True) -> None:
    """What anyone who can write the ledger can do: change an event and recompute every link
    after it (unkeyed, or under a key of their own), with or without the chain's mode row."""
    db = open_database(parse_location(ledger), create=False)
    try:
        with db.write() as cur:
            rows = list(event_rows(db, cur))
            first = rows[0]
            forged = first[4].replace(b"Pay the bills", b"Nothing owed")
            assert forged != first[4]
            cur.execute(f"UPDATE {db.events_table} SET state = ? WHERE {db.position_column} = ?", (forged, first[0]))
            rows[0] = (*first[:4], forged)
            cur.execute(f"DELETE FROM {CHAIN_TABLE}" + (" WHERE position > 0" if keep_mode else ""))
            cur.insert(CHAIN_TABLE, chain_rows(GENESIS, rows, secret), columns=("position", "link"))
    finally:
        db.close()


def _verify(d: InProcess) -> tuple[int, dict[str, object]]:
    proc = d.run("verify", "--json", check=False)
    return proc.returncode, json.loads(proc.stdout)


def test_a_keyed_chain_verifies_with_its_key_and_its_links_are_not_the_unkeyed_ones(ledger_url: str, tmp_path: Path) -> None:
    d, _ = _keyed(ledger_url, tmp_path)
    code, report = _verify(d)
    assert code == 0 and report["ok"], report
    unkeyed = InProcess(ledger_url)
    unkeyed.run("add", "Later", check=False)
    db = open_database(parse_location(ledger_url), create=False)
    try:
        with db.read() as cur:
            links = dict(cur.execute(f"SELECT position, link FROM {CHAIN_TABLE}").fetchall())
            rows = list(event_rows(db, cur))
    finally:
        db.close()
    assert str(links.pop(0)).startswith("hmac-sha256 ")  # the mode, recorded in the chain itself
    assert len(rows) == report["events"] and [links[r[0]] for r in rows] != [link for _, link in chain_rows(GENESIS, rows)]


@pytest.mark.parametrize("forger", ["unkeyed", "own key", "mode removed"])
def test_a_history_rewritten_without_the_key_is_caught(ledger_url: str, tmp_path: Path, forger: str) -> None:
    d, _ = _keyed(ledger_url, tmp_path)
    _forge(ledger_url, secret=b"the forger's own key" if forger == "own key" else None, keep_mode=forger != "mode removed")
    code, report = _verify(d)
    assert code == 1 and not report["ok"], report
    [finding] = report["findings"]  # type: ignore[misc]
    assert finding["kind"] in ("altered", "forged"), finding
    if forger == "mode removed":
        assert "not keyed" in finding["message"], finding
    # and the views rebuilt from the forged events are refused too
    proc = d.fails("rebuild")
    assert proc.returncode == 5 and "rebuild refused" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert "Pay the bills" in d.run("tasks", "--status", "all").stdout


def test_writes_and_checks_without_the_key_or_with_another_are_refused(ledger_url: str, tmp_path: Path) -> None:
    d, _ = _keyed(ledger_url, tmp_path)
    before = d.event_count()
    plain = InProcess(ledger_url)
    proc = plain.fails("add", "Without the key")
    assert proc.returncode == 5 and "chain is keyed" in proc.stderr and "DAYLEDGER_CHAIN_KEY" in proc.stderr, proc.stderr
    proc = plain.fails("verify")
    assert proc.returncode == 2 and "chain is keyed" in proc.stderr, proc.stderr
    other = InProcess(ledger_url)
    other.env["DAYLEDGER_CHAIN_KEY"] = "another key entirely"
    proc = other.fails("add", "With another key")
    assert proc.returncode == 5 and "not the one" in proc.stderr, proc.stderr
    code, report = _verify(other)
    assert code == 1 and report["findings"][0]["kind"] == "forged", report  # type: ignore[index]
    assert d.event_count() == before
    assert "Without the key" not in d.run("log").stdout


def test_an_unkeyed_ledger_stays_valid_and_refuses_a_key_it_was_not_made_with(ledger_url: str, tmp_path: Path) -> None:
    plain = InProcess(ledger_url)
    plain.run("add", "Made unkeyed")
    assert _verify(plain)[0] == 0
    keyed = InProcess(ledger_url)
    keyed.env["DAYLEDGER_CHAIN_KEY"] = "a key given later"
    proc = keyed.fails("add", "Keyed now?")
    assert proc.returncode == 5 and "not keyed" in proc.stderr, proc.stderr
    code, report = _verify(keyed)  # a downgraded ledger looks like this to its keeper: refused
    assert code == 1 and "not keyed" in report["findings"][0]["message"], report  # type: ignore[index]
    assert plain.event_count() == 1


def test_a_first_write_with_a_chain_key_makes_a_keyed_chain_and_a_backup_restores_into_one(ledger_url: str, tmp_path: Path) -> None:
    old = InProcess(str(tmp_path / "old.sqlite"))
    old.run("add", "Pay the bills", "--at", "2026-04-20 09:00")
    old.run("note", "A ride", "--at", "2026-04-20 10:00")
    backup = tmp_path / "backup.jsonl"
    old.run("export", "--format", "jsonl", "--out", str(backup))
    d = InProcess(ledger_url)
    d.env["DAYLEDGER_CHAIN_KEY"] = "a passphrase for the chain"
    d.run("restore", str(backup))  # keying an old ledger's history: its backup into a new keyed ledger
    d.run("add", "After the restore")
    assert _verify(d)[0] == 0
    _forge(ledger_url)
    assert _verify(d)[0] == 1
    proc = InProcess(ledger_url).fails("verify")
    assert proc.returncode == 2, proc.stderr


def test_a_chain_key_file_others_may_read_is_refused(sqlite_url: str, tmp_path: Path) -> None:
    key = tmp_path / "chain.key"
    key.write_text("0" * 64 + "\n")
    key.chmod(0o644)
    d = InProcess(sqlite_url)
    d.env["DAYLEDGER_CHAIN_KEY_FILE"] = str(key)
    proc = d.fails("add", "Anything")
    assert proc.returncode == 5 and "chmod 600" in proc.stderr, proc.stderr
    proc = d.fails("init", "--chain-key-file", str(key))
    assert proc.returncode == 5 and "chmod 600" in proc.stderr and not Path(sqlite_url).exists(), proc.stderr


def test_an_encrypted_ledger_with_a_keyed_chain(tmp_path: Path) -> None:
    ledger = str(tmp_path / "both.sqlite")
    InProcess(ledger).run("init", "--key-file", str(tmp_path / "db.key"), "--chain-key-file", str(tmp_path / "chain.key"))
    d = InProcess(ledger)
    d.env.update({"DAYLEDGER_KEY_FILE": str(tmp_path / "db.key"), "DAYLEDGER_CHAIN_KEY_FILE": str(tmp_path / "chain.key")})
    d.run("add", "Secret and sealed")
    assert _verify(d)[0] == 0
    only_db = InProcess(ledger)
    only_db.env["DAYLEDGER_KEY_FILE"] = str(tmp_path / "db.key")
    assert only_db.fails("add", "No chain key").returncode == 5
