"""Text no backend can store (a NUL byte, a lone surrogate) from a file a user is handed.

It is refused with the file and line before anything is recorded; and a ledger that already
holds such an event (written by an older dayledger) still opens, lists, exports and verifies on
both backends: the views are derived, and must never be able to brick the events.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from engine.storage.database import open_database
from engine.storage.event_store import EventStore
from engine.storage.location import parse_location
from events import Source, TaskCaptured
from events.codec import encode, topic_of
from tests.conftest import Dayledger, InProcess

NUL = "\x00"

FILES = {
    "taskwarrior": (
        "tasks.json",
        ('[{"uuid":"11111111-2222-3333-4444-555555555555","description":"Fix the gate",'
        '"status":"pending","entry":"20261201T100000Z"},\n'
        '{"uuid":"11111111-2222-3333-4444-666666666666","description":"bad\\u0000text",'
        '"status":"pending","entry":"20261201T100000Z"}]\n'),
        2,
    ),
    "todotxt": ("todo.txt", f"Fix the gate +Home\nCall {NUL}mom +Home\n", 2),
    "ics": (
        "cal.ics",
        ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x1\r\nDTSTART:20261210T100000Z\r\n"
        f"DTEND:20261210T110000Z\r\nSUMMARY:meet{NUL}ing\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"),
        3,  # its VEVENT's first line
    ),
    "notes": ("2026-04-24.txt", f"Tasks\n- Fix the gate\n- Call {NUL}mom\n", 3),
}


@pytest.mark.parametrize("kind", FILES)
def test_an_import_with_a_nul_byte_is_refused_with_file_and_line_and_records_nothing(dli: InProcess, tmp_path: Path, kind: str) -> None:
    name, content, line = FILES[kind]
    path = tmp_path / name
    path.write_bytes(content.encode())
    proc = Dayledger(dli.ledger).fails("import", "--from", kind, str(path))  # the exit code of a failed file
    assert proc.returncode == 2, proc.stderr
    assert f"{path}:{line}" in proc.stderr and "NUL" in proc.stderr, proc.stderr
    assert dli.json("log") == []
    dli.run("verify")


def test_a_backup_holding_a_nul_byte_is_refused_with_its_line(dli: InProcess, tmp_path: Path) -> None:
    source = InProcess(str(tmp_path / "source.sqlite"))
    source.run("add", "Fix the gate")
    source.run("add", "Call mom")
    backup = tmp_path / "backup.jsonl"
    source.run("export", "--out", str(backup))
    lines = backup.read_text().splitlines()
    record = json.loads(lines[1])
    record["state"]["text"] = "Call\x00mom"
    lines[1] = json.dumps(record)
    backup.write_text("\n".join(lines) + "\n")
    proc = dli.fails("restore", str(backup))
    assert proc.returncode == 2 and f"{backup}:2" in proc.stderr and "NUL" in proc.stderr, proc.stderr
    assert dli.json("log") == []


def test_a_ledger_already_holding_a_nul_byte_opens_lists_exports_and_verifies(ledger_url: str, tmp_path: Path) -> None:
    """As an older dayledger wrote it: the event is stored, and every command must still work."""
    dli = InProcess(ledger_url)
    dli.run("add", "Fix the gate")
    location = parse_location(ledger_url)
    open_database(location, create=True).close()
    store = EventStore(location)
    now = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    event = TaskCaptured(
        originator_id=uuid.uuid4(), originator_version=1, occurred_at=now, recorded_at=now,
        source=Source(kind="import", file="old.json", line=1), command_id=uuid.uuid4(), text="bad\x00text",
    )
    from eventsourcing.persistence import StoredEvent

    store._app.recorder.insert_events(  # as an older build did, before text was checked on the way in
        [StoredEvent(originator_id=event.originator_id, originator_version=1, topic=topic_of(TaskCaptured), state=encode(event))]
    )
    texts = [t["text"] for t in dli.json("tasks")]
    assert "Fix the gate" in texts and len(texts) == 2
    dli.run("verify")
    backup = tmp_path / "backup.jsonl"
    dli.run("export", "--out", str(backup))
    exported = [json.loads(line)["state"].get("text") for line in backup.read_text().splitlines()]
    assert "bad\x00text" in exported  # the event itself, byte-exact
    for fmt in ("taskwarrior", "todotxt", "ics"):
        dli.run("export", "--format", fmt, "--out", str(tmp_path / f"out.{fmt}"))
    dli.run("rebuild")
    dli.run("tasks")
