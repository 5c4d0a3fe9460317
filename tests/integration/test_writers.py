"""Four writer processes for a bounded time, adding, completing and noting at once: the ledger
ends with exactly the events they say they recorded, none lost, none twice."""

from __future__ import annotations

import multiprocessing as mp
import time
from datetime import UTC

import pytest

from engine.location import parse_location
from tests.conftest import Dayledger

SECONDS = 4.0


def _write(ledger: str, name: str, start: mp.synchronize.Event, results: mp.Queue) -> None:  # type: ignore[name-defined]

    from engine.errors import ConflictError, RuleViolationError
    from engine.ledger import Ledger

    try:
        book = Ledger(parse_location(ledger), tz=UTC)
        start.wait()
        recorded = refused = 0
        mine: list[str] = []
        deadline = time.monotonic() + SECONDS
        n = 0
        while time.monotonic() < deadline:
            n += 1
            try:
                if n % 3 == 1:
                    mine.append(book.add_task(f"{name} task {n}", project="Shared" if n % 2 else None))
                    recorded += 1
                elif n % 3 == 2 and mine:
                    book.complete_task(mine.pop(0))
                    recorded += 1
                else:
                    recorded += len(book.record_note(f"{name} note {n}"))
            except (RuleViolationError, ConflictError):
                refused += 1
        book.close()
        results.put((name, recorded, refused))
    except BaseException as e:  # report at once
        results.put((name, f"failed: {e!r}", 0))
        raise


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_four_writers_lose_and_duplicate_nothing(backend: str, request: pytest.FixtureRequest) -> None:
    ledger = request.getfixturevalue(f"{backend}_url")
    d = Dayledger(ledger)
    d.run("note", "the ledger exists before the writers start")
    ctx = mp.get_context("spawn")
    start, results = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_write, args=(ledger, f"w{i}", start, results)) for i in range(4)]
    for p in procs:
        p.start()
    start.set()
    reports = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
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
