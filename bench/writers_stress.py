"""Four writer processes on one SQLite ledger, again and again: a lost or unreadable event fails.

    python -m bench.writers_stress [--runs 100] [--seconds 4]

Each run: a fresh ledger, four spawned processes adding tasks (some in a shared project),
completing their own tasks and recording notes for ``--seconds``; then the ledger must hold
exactly the events the writers say they recorded and verify. When a writer cannot find a
task its own ``add_task`` returned, the run prints what the ledger holds for it. This loop
found the lost writes that engine/storage/file_head.py prevents (2 runs in 137 failed before it,
none in 235 after); tests/integration/test_writers.py runs these writers once in the suite, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from projections import reads


def _what_the_ledger_holds(path: str, task_id: str) -> dict[str, Any]:
    conn = sqlite3.connect(path)
    try:
        return {
            "views": conn.execute("SELECT name, version, position FROM dl_views").fetchall(),
            "head": conn.execute("SELECT MAX(rowid) FROM stored_events").fetchone()[0],
            "events": conn.execute("SELECT rowid, originator_version, topic FROM stored_events WHERE originator_id = ?", (task_id,)).fetchall(),
            "row": conn.execute("SELECT id, status FROM dl_tasks WHERE id = ?", (task_id,)).fetchall(),
        }
    finally:
        conn.close()


def _write(ledger: str, name: str, seconds: float, start: Any, results: Any) -> None:
    from datetime import UTC

    from engine.commands.ledger import Ledger
    from engine.rules.errors import ConflictError, NotFoundError, RuleViolationError
    from engine.storage.location import parse_location

    try:
        book = Ledger(parse_location(ledger), tz=UTC, views=reads)
        start.wait()
        recorded, mine, n = 0, [], 0
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            n += 1
            try:
                if n % 3 == 1:
                    mine.append(book.add_task(f"{name} task {n}", project="Shared" if n % 2 else None))
                    recorded += 1
                elif n % 3 == 2 and mine:
                    task_id = mine.pop(0)
                    try:
                        book.complete_task(task_id)
                    except NotFoundError:
                        held = "" if ledger.startswith("postgresql:") else f": {_what_the_ledger_holds(ledger, task_id)}"
                        results.put((name, f"its own task {task_id} is gone{held}"))
                        return
                    recorded += 1
                else:
                    recorded += len(book.record_note(f"{name} note {n}"))
            except (RuleViolationError, ConflictError):
                pass
        book.close()
        results.put((name, recorded))
    except BaseException as e:  # noqa: BLE001 - reported to the parent, which fails the run
        results.put((name, f"failed: {e!r}"))


def start_together(target: Callable[..., None], argses: Sequence[tuple[Any, ...]], timeout: float) -> tuple[list[Any], list[int | None]]:
    """Run ``target(*args, start, results)`` in a spawned process for each of ``argses``, all
    released by ``start`` at the same moment: what each put on ``results`` (in the order they
    came, waiting at most ``timeout`` seconds for each) and the processes' exit codes."""
    ctx = mp.get_context("spawn")
    start, results = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=target, args=(*args, start, results)) for args in argses]
    for p in procs:
        p.start()
    start.set()
    reports = [results.get(timeout=timeout) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    return reports, [p.exitcode for p in procs]


def run_writers(ledger: str, seconds: float, writers: int = 4) -> list[tuple[str, int | str]]:
    """Start ``writers`` processes on the ledger (a path or a postgresql:// URL) at once, for
    ``seconds``; each reports (name, events it recorded) or (name, what went wrong)."""
    reports, _ = start_together(_write, [(ledger, f"w{i}", seconds) for i in range(writers)], timeout=300)
    return reports


def one_run(dayledger: str, seconds: float) -> str | None:
    """None when the run lost nothing; else what went wrong."""
    import json
    import os

    ledger = str(Path(tempfile.mkdtemp(prefix="dayledger-writers-")) / "ledger.sqlite")
    env = {**os.environ, "DAYLEDGER_LEDGER": ledger, "DAYLEDGER_TZ": "UTC"}
    subprocess.run([dayledger, "note", "the ledger exists"], env=env, check=True, capture_output=True)
    reports = run_writers(ledger, seconds)
    bad = [f"{name}: {what}" for name, what in reports if isinstance(what, str)]
    if bad:
        return "; ".join(bad)
    log = json.loads(subprocess.run([dayledger, "log", "--json"], env=env, check=True, capture_output=True, text=True).stdout)
    started = sum(e["type"] == "ProjectStarted" for e in log)
    claimed = sum(int(what) for _, what in reports)
    if len(log) != 1 + claimed + started:
        return f"the ledger holds {len(log)} events, the writers recorded {1 + claimed + started}"
    verify = subprocess.run([dayledger, "verify"], env=env, capture_output=True, text=True, check=False)
    return None if verify.returncode == 0 else f"verify: {verify.stdout.strip() or verify.stderr.strip()}"


def main(argv: list[str] | None = None) -> None:
    import shutil

    parser = argparse.ArgumentParser(prog="python -m bench.writers_stress", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--dayledger", default=shutil.which("dayledger", path=str(Path(sys.executable).parent)) or "dayledger")
    args = parser.parse_args(argv)
    failed = 0
    for run in range(1, args.runs + 1):
        problem = one_run(args.dayledger, args.seconds)
        failed += problem is not None
        print(f"run {run}: {'ok' if problem is None else 'FAILED: ' + problem}", flush=True)
    print(f"{failed} of {args.runs} runs failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
