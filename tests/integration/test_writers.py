"""Four writer processes for a bounded time, adding, completing and noting at once: the ledger
ends with exactly the events they say they recorded, none lost, none twice. The writers are
those `python -m bench.writers_stress` runs again and again."""

from __future__ import annotations

import pytest

from bench.writers_stress import run_writers
from tests.conftest import Dayledger

SECONDS = 4.0


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_four_writers_lose_and_duplicate_nothing(backend: str, request: pytest.FixtureRequest) -> None:
    ledger = request.getfixturevalue(f"{backend}_url")
    d = Dayledger(ledger)
    d.run("note", "the ledger exists before the writers start")
    reports = run_writers(ledger, SECONDS)
    failures = [r for r in reports if isinstance(r[1], str)]
    assert not failures, failures
    claimed = sum(int(r[1]) for r in reports)
    log = d.json("log")
    # One ProjectStarted for "Shared" comes with the first task that names it: count it apart.
    started = sum(e["type"] == "ProjectStarted" for e in log)
    assert started == 1
    assert len(log) == 1 + claimed + started
    keys = {(e["originator_id"], e["originator_version"]) for e in log}
    assert len(keys) == len(log)
    report = d.json("verify")
    assert report["ok"]
