"""A ``dayledger compact`` killed (SIGKILL) in the middle of its VACUUM leaves a hot rollback
journal beside the ledger. The next command must let SQLite roll it back, say so in one line,
and go on: never refuse with a false "read-only" error."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
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


MAKING_MARK = "-dayledger-making"  # beside a ledger whose first write is under way: the maker's process id


def _kill_first_write_before_sqlite_wrote(ledger: Path, env: dict[str, str]) -> bool:
    """Run a ledger's first write and SIGKILL it while the file it made is still empty; whether
    it was caught there (SQLite writes its first bytes a millisecond later: else try again)."""
    assert DAYLEDGER is not None
    proc = subprocess.Popen([DAYLEDGER, "add", "First"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while proc.poll() is None:
        try:
            size = ledger.stat().st_size
        except FileNotFoundError:
            continue
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return size == 0 and ledger.stat().st_size == 0
    return False


def test_a_first_write_killed_before_sqlite_wrote_anything_is_taken_up_by_the_next_command(tmp_path: Path) -> None:
    for attempt in range(60):
        d = Dayledger(str(tmp_path / str(attempt) / "ledger.sqlite"))
        ledger = Path(d.ledger)
        if _kill_first_write_before_sqlite_wrote(ledger, d.env):
            break
    else:
        raise AssertionError("the first write always wrote before it was killed")
    assert ledger.stat().st_size == 0 and Path(f"{ledger}{MAKING_MARK}").exists()

    proc = d.run("tasks", "--json")  # a read: empty, and says why the file is empty
    assert json.loads(proc.stdout) == [] and "interrupted" in proc.stderr and len(proc.stderr.splitlines()) == 1, proc.stderr
    d.run("add", "After the kill")
    assert [t["text"] for t in d.json("tasks")] == ["After the kill"]
    assert d.json("verify")["ok"] and not Path(f"{ledger}{MAKING_MARK}").exists()
    assert d.run("tasks").stderr == ""


def test_an_empty_file_is_ours_only_if_a_maker_that_is_gone_marked_it(tmp_path: Path) -> None:
    dead = subprocess.Popen(["true"])  # a process id nobody runs any more
    dead.wait()
    for marker, taken in ((None, False), (os.getpid(), False), (dead.pid, True)):
        ledger = tmp_path / f"{marker}" / "ledger.sqlite"
        ledger.parent.mkdir()
        ledger.write_bytes(b"")
        old = time.time() - 60
        os.utime(ledger, (old, old))  # not a ledger being made right now (that waits a moment)
        if marker is not None:
            Path(f"{ledger}{MAKING_MARK}").write_text(str(marker))
        d = Dayledger(str(ledger))
        proc = d.run("add", "Take it", check=False)
        if taken:
            assert proc.returncode == 0 and "interrupted" in proc.stderr, proc.stderr
            assert d.json("verify")["ok"]
        else:  # another's empty file, or one a live process is making: never taken over
            assert proc.returncode == 5 and "not a dayledger ledger" in proc.stderr, proc.stderr
            assert ledger.read_bytes() == b""
