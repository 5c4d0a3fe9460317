"""Backup and restore through the real command: the whole stream out, and back in, exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Dayledger, InProcess

# Nothing in this file needs a process of its own: `dl` and `dl_sqlite` run the commands in this one.
pytestmark = pytest.mark.in_process


def _history(d: Dayledger) -> None:
    d.run("add", "Continue filling out permissions spreadsheet", "--at", "2026-04-20 09:00")
    d.run("add", "Re-map narratives", "-p", "SBIRs", "--tag", "research", "--at", "2026-04-20 10:00")
    d.run("done", "spreadsheet", "--at", "2026-04-23 17:00")
    d.run("note", "Do a big ride today", "--at", "2026-04-24 08:00")
    d.run("appt", "Bike shop", "--when", "2027-04-28 09:00")
    d.run("routine", "add", "Dishes", "--cron", "@daily", "--from", "2026-04-01")
    d.run("routine", "done", "dishes")


def _views(d: Dayledger) -> list[object]:
    return [d.json("log"), d.json("tasks", "--status", "all"), d.json("appt", "list", "--all"), d.json("routine", "list", "--all")]


def test_backup_round_trip_reproduces_every_event_and_view(ledger_url: str, tmp_path: Path) -> None:
    source = InProcess(str(tmp_path / "source.sqlite"))
    _history(source)
    backup = tmp_path / "backup.jsonl"
    source.run("export", "--format", "jsonl", "--out", str(backup))
    lines = backup.read_text().splitlines()
    assert len(lines) == len(source.json("log"))
    first = json.loads(lines[0])
    assert {"position", "id", "version", "topic", "type", "state"} <= first.keys()
    assert {"occurred_at", "recorded_at", "source", "command_id"} <= first["state"].keys()

    target = InProcess(ledger_url)  # SQLite -> SQLite, and SQLite -> PostgreSQL
    summary = target.json("restore", str(backup))
    assert summary == {"events_in_file": len(lines), "restored": len(lines), "already_present": 0}
    strip = lambda log: [{k: v for k, v in e.items() if k != "position"} for e in log]
    before, after = _views(source), _views(target)
    assert strip(after[0]) == strip(before[0])  # same events, same times, same sources, same order
    assert after[1:] == before[1:]


def test_restore_into_a_non_empty_ledger_needs_merge_and_never_duplicates(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    _history(dl_sqlite)
    backup = tmp_path / "b.jsonl"
    dl_sqlite.run("export", "--out", str(backup))
    count = dl_sqlite.event_count()
    proc = dl_sqlite.fails("restore", str(backup))
    assert proc.returncode == 5 and "--merge" in proc.stderr
    assert dl_sqlite.json("restore", str(backup), "--merge") == {"events_in_file": count, "restored": 0, "already_present": count}
    assert dl_sqlite.event_count() == count
    # A ledger with part of the history takes the rest.
    partial = tmp_path / "part.jsonl"
    partial.write_text("".join(backup.read_text().splitlines(keepends=True)[:3]))
    other = InProcess(str(tmp_path / "other.sqlite"))
    other.run("restore", str(partial))
    other.run("restore", str(backup), "--merge")
    assert other.json("tasks", "--status", "all") == dl_sqlite.json("tasks", "--status", "all")


def test_a_bad_backup_writes_nothing_and_names_the_line(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    _history(dl_sqlite)
    good = tmp_path / "good.jsonl"
    dl_sqlite.run("export", "--out", str(good))
    lines = good.read_text().splitlines(keepends=True)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join(lines[:2]) + "{not json\n" + "".join(lines[2:]))
    fresh = InProcess(str(tmp_path / "fresh.sqlite"))
    proc = fresh.fails("restore", str(bad))
    assert proc.returncode == 2 and f"{bad}:3:" in proc.stderr
    assert fresh.json("log") == []
    unknown = tmp_path / "unknown.jsonl"
    record = json.loads(lines[0])
    record["topic"] = "events.future:Teleported"
    unknown.write_text(json.dumps(record) + "\n")
    assert "unknown event type" in fresh.fails("restore", str(unknown)).stderr
    for version in (0, 2**63):  # beyond what a ledger can store
        out_of_range = tmp_path / f"version-{version}.jsonl"
        out_of_range.write_text(json.dumps({**json.loads(lines[0]), "version": version}) + "\n")
        proc = fresh.fails("restore", str(out_of_range))
        assert proc.returncode == 2 and f"{out_of_range}:1: version must be from 1 to" in proc.stderr
    assert fresh.json("log") == []


def test_a_divergent_merge_is_refused(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    dl_sqlite.run("add", "Original")
    backup = tmp_path / "b.jsonl"
    dl_sqlite.run("export", "--out", str(backup))
    record = json.loads(backup.read_text())
    record["state"]["text"] = "Rewritten history"
    del record["link"]  # as a backup made before backups carried links (a linked one is refused sooner: its chain breaks)
    backup.write_text(json.dumps(record) + "\n")
    proc = dl_sqlite.fails("restore", str(backup), "--merge")
    assert "differs" in proc.stderr
    assert [t["text"] for t in dl_sqlite.json("tasks")] == ["Original"]


def test_a_huge_line_is_refused_in_bounded_memory(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    huge = tmp_path / "huge.jsonl"
    with huge.open("w") as f:
        f.write('{"id": "' + "x" * (17 * 1024 * 1024) + '"}\n')
    proc = dl_sqlite.fails("restore", str(huge))
    assert "longer than 16 MiB" in proc.stderr


def _many(template: str, n: int) -> list[str]:
    """``n`` backup lines of new tasks made from one exported TaskCaptured line."""
    import uuid

    out = []
    for i in range(n):
        record = json.loads(template)
        record.pop("link", None)  # made by hand: no chain of its own
        record["id"] = str(uuid.uuid4())
        record["state"]["text"] = f"Task number {i}"
        out.append(json.dumps(record) + "\n")
    return out


def test_a_bad_line_after_many_written_events_leaves_nothing_written(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    """Lines are checked as they are written: events of earlier lines were already inserted
    (more than one batch of them) when the bad line is met, and all of them are rolled back."""
    dl_sqlite.run("add", "Original")
    backup = tmp_path / "b.jsonl"
    dl_sqlite.run("export", "--out", str(backup))
    lines = _many(backup.read_text().splitlines()[0], 2500)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join(lines) + "{not json\n")
    fresh = InProcess(str(tmp_path / "fresh.sqlite"))
    proc = fresh.fails("restore", str(bad))
    assert f"{bad}:2501:" in proc.stderr
    assert fresh.json("log") == [] and fresh.json("verify")["events"] == 0
    # merging: the same, into a ledger with events of its own
    proc = dl_sqlite.fails("restore", str(bad), "--merge")
    assert f"{bad}:2501:" in proc.stderr
    assert [t["text"] for t in dl_sqlite.json("tasks")] == ["Original"] and dl_sqlite.json("verify")["ok"]
    good = tmp_path / "good.jsonl"
    good.write_text("".join(lines[:1500]))
    assert "restored 1500 events" in dl_sqlite.run("restore", str(good), "--merge").stdout
    assert len(dl_sqlite.json("tasks")) == 1501 and dl_sqlite.json("verify")["ok"]


@pytest.mark.parametrize(
    ("topic", "change", "said"),
    [
        ("events.task:TaskCaptured", {"occurred_at": 12345}, "occurred_at is 12345, which dayledger does not write"),
        ("events.routine:RoutineDefined", {"cron": "99 99 * * *"}, "cron expression '99 99 * * *' is not valid"),
        ("events.routine:RoutineDefined", {"zone": "Mars/Olympus"}, "zone 'Mars/Olympus' is not a time zone"),
    ],
)
def test_a_backup_line_that_validates_but_would_break_the_ledger_is_refused(
    dl_sqlite: Dayledger, tmp_path: Path, topic: str, change: dict[str, object], said: str
) -> None:
    # Each of these was restored, and then every command failed (or crashed) on the ledger.
    _history(dl_sqlite)
    good = tmp_path / "good.jsonl"
    dl_sqlite.run("export", "--out", str(good))
    records = [json.loads(line) for line in good.read_text().splitlines()]
    target = next(i for i, r in enumerate(records) if r["topic"] == topic)
    records[target]["state"].update(change)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join(json.dumps(r) + "\n" for r in records))
    fresh = InProcess(str(tmp_path / "fresh.sqlite"))
    proc = fresh.fails("restore", str(bad))
    assert proc.returncode == 2 and f"{bad}:{target + 1}: {said}" in proc.stderr
    assert fresh.json("log") == [] and fresh.json("tasks") == []


def test_a_backup_carries_the_chain_and_restore_refuses_one_changed_since(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    _history(dl_sqlite)
    backup = tmp_path / "b.jsonl"
    dl_sqlite.run("export", "--out", str(backup))
    lines = [json.loads(line) for line in backup.read_text().splitlines()]
    assert all(len(r["link"]) == 64 for r in lines)
    assert lines[-1]["link"] == dl_sqlite.json("verify", "--head")["head"]  # the backup's head is the ledger's

    changed = [dict(r) for r in lines]
    at = next(i for i, r in enumerate(lines) if i > 0 and r["type"] == "TaskCaptured")
    changed[at] = {**changed[at], "state": {**changed[at]["state"], "text": "Re-map everything"}}
    edited = tmp_path / "edited.jsonl"
    edited.write_text("".join(json.dumps(r) + "\n" for r in changed))
    target = InProcess(str(tmp_path / "target.sqlite"))
    proc = target.fails("restore", str(edited))
    assert proc.returncode == 2 and f"{edited}:{at + 1}:" in proc.stderr and "chain" in proc.stderr, proc.stderr
    assert not Path(target.ledger).exists() or target.event_count() == 0

    old = tmp_path / "old.jsonl"  # a backup made before backups carried links restores as before
    old.write_text("".join(json.dumps({k: v for k, v in r.items() if k != "link"}) + "\n" for r in lines))
    assert target.json("restore", str(old))["restored"] == len(lines)
