"""Crash safety on an encrypted ledger: `dayledger import` killed (SIGKILL) at random moments
leaves a ledger that opens with its key, whose chain is intact and whose views equal a rebuild
(SQLCipher's WAL recovers like SQLite's); running the import again completes it, once."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import time
from pathlib import Path

from bench.import_notes import generate
from tests.conftest import DAYLEDGER, Dayledger

KILLS = 10


def _verify(d: Dayledger) -> int:
    proc = d.run("verify", "--json", check=False)
    report = json.loads(proc.stdout)
    assert report["ok"], report["findings"]
    return int(report["events"])


def test_an_encrypted_import_killed_at_random_moments_stays_whole_and_completes(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    generate(folder, days=300, seed=5)
    reference = Dayledger(str(tmp_path / "reference.sqlite"))
    reference.run("import", str(folder), timeout=300)
    expected = _verify(reference)

    d = Dayledger(str(tmp_path / "encrypted" / "ledger.sqlite"))
    d.env["DAYLEDGER_KEY_FILE"] = str(tmp_path / "ledger.key")
    d.run("init")
    rng = random.Random(20261129)
    assert DAYLEDGER
    for _ in range(KILLS):
        proc = subprocess.Popen([DAYLEDGER, "import", str(folder)], env=d.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.1, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert _verify(d) <= expected
    d.run("import", str(folder), timeout=300)
    assert _verify(d) == expected
    assert b"SQLite format 3" not in (tmp_path / "encrypted" / "ledger.sqlite").read_bytes()[:16]
