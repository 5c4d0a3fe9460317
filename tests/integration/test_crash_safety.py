"""Crash safety: `dayledger import` killed (SIGKILL) at random moments leaves a ledger that opens,
whose chain is intact and whose views equal a rebuild; running the import again completes it
without duplicates."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from bench.import_notes import generate
from tests.conftest import DAYLEDGER, Dayledger


def _verify(d: Dayledger) -> dict[str, object]:
    proc = d.run("verify", "--json", check=False)
    report = json.loads(proc.stdout)
    assert report["ok"], report["findings"]
    return report


@pytest.mark.parametrize("backend, kills", [("sqlite", 30), ("postgres", 12)])
def test_an_import_killed_at_random_moments_stays_whole_and_completes(
    backend: str, kills: int, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    folder = tmp_path / "notes"
    generate(folder, days=500, seed=3)
    reference = Dayledger(str(tmp_path / "reference.sqlite"))
    reference.run("import", str(folder), timeout=300)
    expected = _verify(reference)["events"]

    d = Dayledger(request.getfixturevalue(f"{backend}_url"))
    rng = random.Random(20261129)
    assert DAYLEDGER
    for _ in range(kills):
        proc = subprocess.Popen([DAYLEDGER, "import", str(folder)], env=d.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        report = _verify(d)  # opens, chain intact, views agree with a rebuild
        assert int(report["events"]) <= int(expected)
    d.run("import", str(folder), timeout=300)
    assert _verify(d)["events"] == expected  # completed, nothing twice
    d.run("import", str(folder), timeout=300)
    assert _verify(d)["events"] == expected
