"""Concurrent writers lose nothing: separate processes writing into one ledger at the same time."""

from __future__ import annotations

import multiprocessing as mp
from datetime import UTC
from pathlib import Path

import pytest

from bench.writers_stress import start_together
from engine.rules.errors import LedgerError, RuleViolationError
from engine.storage.chain import CHAIN_DDL
from engine.storage.location import parse_location
from projections import reads
from tests.conftest import Dayledger


def _add_many(ledger: str, prefix: str, count: int, start: mp.synchronize.Event, results: mp.Queue) -> None:  # type: ignore[name-defined]

    from engine.commands.ledger import Ledger

    try:
        ledger_obj = Ledger(parse_location(ledger), tz=UTC, views=reads)
        start.wait()
        ids = [ledger_obj.add_task(f"{prefix} {i}", project="Shared" if i % 10 == 0 else None) for i in range(count)]
        ledger_obj.close()
        results.put(ids)
    except BaseException as e:  # report, so the test fails at once with the reason
        results.put(f"{prefix} failed: {e!r}")
        raise


def _run_writers(ledger: str, count: int, writers: int = 2) -> list[str]:
    batches, exit_codes = start_together(_add_many, [(ledger, f"w{n}", count) for n in range(writers)], timeout=120)
    failures = [b for b in batches if isinstance(b, str)]
    assert not failures, failures
    assert exit_codes == [0] * writers
    return [i for batch in batches for i in batch]


def test_two_processes_adding_500_tasks_each_end_with_exactly_1000(tmp_path: Path) -> None:
    ledger = str(tmp_path / "shared.sqlite")
    Dayledger(ledger).run("note", "created first so both writers open an existing ledger")
    ids = _run_writers(ledger, 500)
    assert len(set(ids)) == 1000
    tasks = Dayledger(ledger).json("tasks")
    assert len(tasks) == 1000 and {t["id"] for t in tasks} == set(ids)
    events = Dayledger(ledger).json("log")
    # One project, started once although both writers raced to start it.
    assert sum(e["type"] == "ProjectStarted" for e in events) == 1
    assert sum(e["type"] == "TaskCaptured" for e in events) == 1000


def test_two_processes_on_postgres_lose_nothing(postgres_url: str) -> None:
    ids = _run_writers(postgres_url, 60)
    assert len(Dayledger(postgres_url).json("tasks")) == 120 == len(set(ids))


def _complete(ledger: str, task_id: str, start: mp.synchronize.Event, results: mp.Queue) -> None:  # type: ignore[name-defined]

    from engine.commands.ledger import Ledger

    ledger_obj = Ledger(parse_location(ledger), tz=UTC, views=reads)
    start.wait()
    try:
        ledger_obj.complete_task(task_id)
        results.put("done")
    except RuleViolationError as e:
        results.put(f"refused: {e}")
    except BaseException as e:
        results.put(f"failed: {e!r}")
        raise


@pytest.mark.parametrize("rounds", [5])
def test_racing_completions_record_exactly_one(tmp_path: Path, rounds: int) -> None:
    ledger = str(tmp_path / "race.sqlite")
    dl = Dayledger(ledger)
    for n in range(rounds):
        handle = dl.run("add", f"race {n}").stdout.strip()
        reports, _ = start_together(_complete, [(ledger, handle)] * 2, timeout=60)
        outcomes = sorted(reports)
        # the loser is refused as already done: as of its moment, or (its clock read just before
        # the winner's) because the winner's completion came less than a minute after it
        assert outcomes[0] == "done" and outcomes[1].startswith("refused")
        assert "already done" in outcomes[1], outcomes[1]
    completions = [e for e in dl.json("log") if e["type"] == "TaskCompleted"]
    assert len(completions) == rounds


def test_a_postgres_ledger_being_made_by_another_process_is_waited_for_not_called_foreign(postgres_url: str) -> None:
    """Another process is making the ledger: its chain table is committed, its meta not yet. Opening
    the ledger then must wait for the maker (its advisory lock), not take the half-made schema for
    another application's (fresh CI saw two first writers refused that way)."""
    import threading
    import time

    from engine.storage.database import _META_DDL, _write_meta, open_database
    from engine.storage.event_store import create_postgres_event_tables
    from tests.conftest import _pg_connect

    location = parse_location(postgres_url)
    schema = location.schema  # type: ignore[union-attr]
    maker = _pg_connect()
    maker.execute("SELECT pg_advisory_lock(hashtext(%s))", (f"dayledger:{schema}",))
    maker.execute(f'CREATE SCHEMA "{schema}"')
    maker.execute(f'SET search_path TO "{schema}"')
    maker.execute(CHAIN_DDL)
    outcome: list[object] = []

    def open_it() -> None:
        try:
            open_database(location, create=True).close()
            outcome.append("opened")
        except LedgerError as e:  # what the opener was told, for the assertion below
            outcome.append(e)

    opener = threading.Thread(target=open_it)
    opener.start()
    time.sleep(0.5)
    assert outcome == [], f"the opener did not wait for the maker: {outcome}"
    maker.execute(_META_DDL)
    _write_meta(maker, "%s")
    create_postgres_event_tables(location)
    maker.execute("SELECT pg_advisory_unlock(hashtext(%s))", (f"dayledger:{schema}",))
    maker.close()
    opener.join(timeout=30)
    assert outcome == ["opened"]
