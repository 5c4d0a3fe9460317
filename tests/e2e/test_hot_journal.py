"""A ``dayledger compact`` killed (SIGKILL) in the middle of its VACUUM leaves a hot rollback
journal beside the ledger. The next command must let SQLite roll it back, say so in one line,
and go on: never refuse with a false "read-only" error."""

from __future__ import annotations

import json
import signal
import subprocess
from pathlib import Path

from tests.conftest import DAYLEDGER, Dayledger

JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")  # the first bytes of a rollback journal SQLite will roll back


def _hot(journal: Path) -> bool:
    try:
        return journal.read_bytes()[:8] == JOURNAL_MAGIC
    except FileNotFoundError:
        return False


def _kill_compact_mid_vacuum(d: Dayledger, journal: Path) -> bool:
    """Run compact and SIGKILL it as soon as its journal is live; whether the journal was still hot
    after the kill (on a busy machine the commit may win the race and clear it: then try again)."""
    assert DAYLEDGER is not None
    proc = subprocess.Popen([DAYLEDGER, "compact"], env=d.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while proc.poll() is None:
        if _hot(journal):
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return _hot(journal)
    return False


def test_a_compact_killed_mid_vacuum_is_rolled_back_by_the_next_command_which_says_so(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    tasks = [{"uuid": f"{i:08x}-0000-4000-8000-000000000000", "description": f"task {i}", "status": "pending", "entry": "20261201T100000Z"} for i in range(1500)]
    (tmp_path / "tasks.json").write_text(json.dumps(tasks))
    dl_sqlite.run("import", "--from", "taskwarrior", str(tmp_path / "tasks.json"))
    journal = Path(f"{dl_sqlite.ledger}-journal")
    assert any(_kill_compact_mid_vacuum(dl_sqlite, journal) for _ in range(12)), "compact always finished before its journal was seen"
    assert _hot(journal)

    proc = dl_sqlite.run("tasks", "--json")
    assert "interrupted" in proc.stderr and "rolled back" in proc.stderr and len(proc.stderr.splitlines()) == 1, proc.stderr
    assert len(json.loads(proc.stdout)) == 1500
    assert not journal.exists()
    assert dl_sqlite.json("verify")["ok"]
    again = dl_sqlite.run("tasks")
    assert again.stderr == ""  # said once, when it happened
    dl_sqlite.run("compact")
    dl_sqlite.run("add", "After the crash")
