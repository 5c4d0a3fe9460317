"""Tamper evidence: alter the SQLite file directly and expect `dayledger verify` to name what changed."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import Dayledger


def _ledger(tmp_path: Path) -> tuple[Dayledger, Path]:
    path = tmp_path / "ledger.sqlite"
    d = Dayledger(str(path))
    d.run("add", "Bills", "--at", "2026-04-20 09:00")
    d.run("add", "Dishes", "-p", "Home", "--at", "2026-04-20 10:00")
    d.run("done", "bills", "--at", "2026-04-21 09:00")
    d.run("note", "Do a big ride today", "--at", "2026-04-22 08:00")
    d.run("appt", "Bike shop", "--when", "2027-04-28 09:00")
    return d, path


def _sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    with conn:
        for statement in statements:
            conn.execute(statement)
    conn.close()


def _verify(d: Dayledger) -> dict[str, object]:
    import json

    proc = d.run("verify", "--json", check=False)
    report = json.loads(proc.stdout)
    assert proc.returncode == (0 if report["ok"] else 1)
    return report


def test_an_intact_ledger_verifies_and_its_head_is_stable(tmp_path: Path) -> None:
    d, _ = _ledger(tmp_path)
    report = _verify(d)
    assert report["ok"] and report["events"] == 6 and report["findings"] == []
    head = d.run("verify", "--head").stdout.strip()
    assert head == report["head"] and len(head) == 64
    d.run("add", "More")
    assert d.run("verify", "--head").stdout.strip() != head


def test_a_changed_byte_in_one_event_is_named(tmp_path: Path) -> None:
    d, path = _ledger(tmp_path)
    _sql(path, "UPDATE stored_events SET state = CAST(REPLACE(CAST(state AS TEXT), 'Dishes', 'Dishez') AS BLOB) WHERE rowid = 3")
    [finding] = _verify(d)["findings"]
    assert finding["kind"] == "altered" and finding["position"] == 3 and finding["recorded_at"]


def test_a_deleted_event_is_named(tmp_path: Path) -> None:
    d, path = _ledger(tmp_path)
    _sql(path, "DELETE FROM stored_events WHERE rowid = 4")
    [finding] = _verify(d)["findings"]
    assert finding["kind"] == "deleted" and finding["position"] == 4


def test_a_middle_event_deleted_with_its_link_is_named_not_blamed_on_the_next(tmp_path: Path) -> None:
    d, path = _ledger(tmp_path)
    _sql(path, "DELETE FROM stored_events WHERE rowid = 3", "DELETE FROM dayledger_chain WHERE position = 3")
    [finding] = _verify(d)["findings"]
    assert finding["kind"] == "deleted" and finding["position"] == 3, finding
    assert "event 3" in str(finding["message"]) and "event 4 (" not in str(finding["message"])


def test_the_last_event_deleted_is_named(tmp_path: Path) -> None:
    d, path = _ledger(tmp_path)
    _sql(path, "DELETE FROM stored_events WHERE rowid = 6")
    [finding] = _verify(d)["findings"]
    assert finding["kind"] == "deleted" and finding["position"] == 6


def test_two_swapped_events_are_named_as_reordered(tmp_path: Path) -> None:
    d, path = _ledger(tmp_path)
    conn = sqlite3.connect(path)
    rows = {r[0]: r[1:] for r in conn.execute("SELECT rowid, originator_id, originator_version, topic, state FROM stored_events WHERE rowid IN (4, 5)")}
    with conn:
        conn.execute("DELETE FROM stored_events WHERE rowid IN (4, 5)")
        conn.execute("INSERT INTO stored_events (rowid, originator_id, originator_version, topic, state) VALUES (4, ?, ?, ?, ?)", rows[5])
        conn.execute("INSERT INTO stored_events (rowid, originator_id, originator_version, topic, state) VALUES (5, ?, ?, ?, ?)", rows[4])
    conn.close()
    [finding] = _verify(d)["findings"]
    assert finding["kind"] == "reordered" and finding["position"] == 4


def test_an_event_inserted_outside_dayledger_is_named(tmp_path: Path) -> None:
    d, path = _ledger(tmp_path)
    conn = sqlite3.connect(path)
    (uid, version, topic, state) = conn.execute("SELECT originator_id, originator_version, topic, state FROM stored_events WHERE rowid = 2").fetchone()
    with conn:
        conn.execute("INSERT INTO stored_events VALUES (?, ?, ?, ?)", (uid, version + 5, topic, state))
    conn.close()
    [finding] = _verify(d)["findings"]
    assert finding["kind"] == "inserted" and finding["position"] == 7


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE dl_tasks SET text = 'Tampered' WHERE text = 'Dishes'",
        "DELETE FROM dl_appointments",
        # the same values, in other rows: a comparison of the table's values alone would miss it
        "UPDATE dl_tasks SET text = CASE text WHEN 'Dishes' THEN 'Bills' ELSE 'Dishes' END",
    ],
)
def test_a_view_that_disagrees_with_the_events_is_named(tmp_path: Path, statement: str) -> None:
    d, path = _ledger(tmp_path)
    _sql(path, statement)
    findings = _verify(d)["findings"]
    assert [f["kind"] for f in findings] == ["view"]
    assert "dl_tasks" in findings[0]["message"] or "dl_appointments" in findings[0]["message"]


def test_the_chain_is_written_on_both_backends_by_every_kind_of_write(dl: Dayledger, tmp_path: Path) -> None:
    dl.run("add", "Bills", "-p", "Home")
    dl.run("done", "bills")
    dl.run("routine", "add", "Dishes", "--cron", "@daily")
    backup = tmp_path / "b.jsonl"
    dl.run("export", "--out", str(backup))
    report = _verify(dl)
    assert report["ok"] and report["events"] == 4
    restored = Dayledger(str(tmp_path / "restored.sqlite"))
    restored.run("restore", str(backup))
    again = _verify(restored)
    assert again["ok"] and again["head"] == report["head"]  # same events, same positions, same chain


def test_verify_rebuilds_in_a_temporary_file_it_removes(tmp_path: Path) -> None:
    d, _path = _ledger(tmp_path)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    d.env["TMPDIR"] = str(scratch)
    assert _verify(d)["ok"]
    assert list(scratch.iterdir()) == []


def test_a_state_rewritten_as_text_with_the_chain_dropped_is_reported_not_a_crash(tmp_path: Path) -> None:
    # The chain is linked anew over what a ledger holds when its table is missing (ledgers made
    # before the chain); a state stored as TEXT crashed that linking. The views still tell.
    d, path = _ledger(tmp_path)
    _sql(path, "UPDATE stored_events SET state = replace(CAST(state AS TEXT), 'Bills', 'Bolls') WHERE rowid = 1", "DROP TABLE dayledger_chain")
    proc = d.run("verify", check=False)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "view table dl_tasks disagrees with the events" in proc.stdout
    assert "views not compared (--no-views)" in d.run("verify", "--no-views").stdout


def _forge(path: Path) -> None:
    """What anyone who can write the file can do: change an event, and recompute every link after it."""
    from engine.storage.chain import GENESIS, chain_rows

    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE stored_events SET state = CAST(REPLACE(CAST(state AS TEXT), 'Bills', 'Nothing owed') AS BLOB) WHERE rowid = 1")
        rows = conn.execute("SELECT rowid, originator_id, originator_version, topic, state FROM stored_events ORDER BY rowid").fetchall()
        conn.execute("DELETE FROM dayledger_chain")
        conn.executemany("INSERT INTO dayledger_chain (position, link) VALUES (?, ?)", chain_rows(GENESIS, rows))
    conn.close()


@pytest.mark.parametrize("form", ["bare", "at"])
def test_a_head_pinned_before_later_writes_detects_a_rewritten_history(tmp_path: Path, form: str) -> None:
    d, path = _ledger(tmp_path)
    pinned = d.json("verify", "--head")
    pin = pinned["head"] if form == "bare" else pinned["expect"]
    assert pin == pinned["head"] or pin == f"{pinned['head']}@{pinned['position']}"
    d.run("add", "Written after the pin")
    assert _verify(d)["ok"]
    assert d.run("verify", "--no-views", "--expect", pin).returncode == 0  # the history up to the pin is intact
    pins = tmp_path / "pins.txt"
    pins.write_text(f"# heads kept outside the ledger\n{pin}\n")

    _forge(path)
    d.run("rebuild")  # the forger makes the views agree too
    assert _verify(d)["ok"]  # the unkeyed chain alone cannot tell: it was recomputed
    for args in (("--expect", pin), ("--expect-file", str(pins))):
        proc = d.run("verify", "--json", *args, check=False)
        report = json.loads(proc.stdout)
        assert proc.returncode == 1 and not report["ok"], proc.stdout
        [finding] = report["findings"]
        assert finding["kind"] == "forged" and pinned["head"][:12] in finding["message"], finding


def test_rebuild_refuses_a_broken_chain(tmp_path: Path) -> None:
    d, path = _ledger(tmp_path)
    _sql(path, "UPDATE stored_events SET state = CAST(REPLACE(CAST(state AS TEXT), 'Dishes', 'Dishez') AS BLOB) WHERE rowid = 3")
    proc = d.fails("rebuild")
    assert proc.returncode == 5 and "verify" in proc.stderr and "event 3" in proc.stderr, proc.stderr
    assert "Dishes" in d.run("tasks").stdout  # the views still show what the chain vouches for
