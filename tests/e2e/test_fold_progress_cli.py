"""A long fold shows its progress on a terminal's stderr, redrawn on one line and cleared at the
end; through a pipe, stderr stays empty (scripts see nothing of it)."""

from __future__ import annotations

import os
import pty
import subprocess
from pathlib import Path

from bench.projections import generate
from tests.conftest import DAYLEDGER, Dayledger


def _stderr_on_a_terminal(argv: list[str], env: dict[str, str]) -> str:
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=follower, stdin=subprocess.DEVNULL, timeout=300, check=True)
        os.close(follower)
        follower = -1
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal is closed once everything was read
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert proc.stdout.startswith(b"rebuilt the views from")
        return b"".join(chunks).decode()
    finally:
        os.close(leader)
        if follower != -1:
            os.close(follower)


def test_rebuild_shows_its_progress_on_a_terminal_only(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite"
    events = generate(path, 60_000)
    d = Dayledger(str(path))
    piped = d.run("rebuild")  # through a pipe (also brings the views level)
    assert piped.stderr == ""
    assert DAYLEDGER
    shown = _stderr_on_a_terminal([DAYLEDGER, "rebuild"], d.env)
    assert "dayledger: bringing the views up to date: " in shown and f"of {events:,} events (" in shown
    assert shown.endswith("\r\x1b[K")  # cleared: what follows starts on a clean line
