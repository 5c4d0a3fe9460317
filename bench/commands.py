"""Cold-process wall time of ``dayledger add`` and ``dayledger tasks`` on a ledger of 10,000 tasks.

    python -m bench.commands [--tasks 10000] [--runs 21] [--dayledger PATH] [--out FILE.json]

Builds a SQLite ledger of N open tasks (in batches through the engine's store, then one catch-up),
then times whole commands in fresh processes, median of the runs, next to ``python -c pass`` (the
interpreter's floor) measured in the same run. The reads take turns run by run (so a busier
stretch of the machine falls on all of them alike); ``add`` runs after them, as it adds tasks. Use an installed (not editable) dayledger with
byte-code caching on, as a user has it: the script unsets PYTHONDONTWRITEBYTECODE for the commands.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any


def build_ledger(path: Path, tasks: int) -> float:
    """A ledger of ``tasks`` open tasks in 20 projects, captured over the last ~3 years; seconds taken."""
    from engine.rules import project, task
    from engine.rules.stamp import Stamp
    from engine.storage.database import open_database
    from engine.storage.event_store import EventStore
    from engine.storage.location import SqliteLocation
    from events import Source
    from projections.views.catchup import catch_up

    started = time.perf_counter()
    location = SqliteLocation(path)
    db = open_database(location, create=True)
    store = EventStore(location)
    now = datetime.now(UTC)
    source = Source(kind="bench")
    first = Stamp(now - timedelta(days=1200), now, source, uuid.uuid4())
    project_ids = [project.project_id_for(f"Project {n}") for n in range(20)]
    store.append([e for n in range(20) for e in project.start(f"Project {n}", first)])
    batch = []
    for n in range(tasks):
        stamp = Stamp(now - timedelta(days=1200) + timedelta(minutes=170 * n), now, source, uuid.uuid4())
        pid = project_ids[n % 23] if n % 23 < 20 else None
        batch += task.capture(uuid.uuid4(), f"Task number {n} with some words", stamp, project_id=pid, tags=("bench",) if n % 5 == 0 else ())
        if len(batch) >= 1000:
            store.append(batch)
            batch = []
    if batch:
        store.append(batch)
    catch_up(db)
    store.close()
    db.close()
    return time.perf_counter() - started


def time_command(argv: list[str], env: dict[str, str], runs: int) -> dict[str, float]:
    """Median and spread of the wall time of a command run ``runs`` times in fresh processes."""
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
        samples.append(time.perf_counter() - started)
    return {"median_s": statistics.median(samples), "min_s": min(samples), "max_s": max(samples), "runs": runs}


def take_turns(commands: dict[str, list[str]], env: dict[str, str], runs: int) -> dict[str, dict[str, float]]:
    """``time_command`` of several commands, one run of each in turn (the order reversed every
    other round)."""
    names = list(commands)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for n in range(runs):
        for name in names if n % 2 == 0 else reversed(names):
            started = time.perf_counter()
            subprocess.run(commands[name], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
            samples[name].append(time.perf_counter() - started)
    return {
        name: {"median_s": statistics.median(taken), "min_s": min(taken), "max_s": max(taken), "runs": runs}
        for name, taken in samples.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--dayledger", default=shutil.which("dayledger", path=str(Path(sys.executable).parent)))
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="dayledger-bench-"))
    ledger = workdir / "ledger.sqlite"
    build_s = build_ledger(ledger, args.tasks)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(DAYLEDGER_LEDGER=str(ledger), DAYLEDGER_TZ="Europe/Berlin", DAYLEDGER_STATE_DIR=str(workdir / "state"))  # listings remember numbers there, not in your home
    # Warm the OS file cache and the byte-code caches once.
    subprocess.run([args.dayledger, "tasks"], env=env, stdout=subprocess.DEVNULL, check=True)
    subprocess.run([args.dayledger, "add", "warm-up"], env=env, stdout=subprocess.DEVNULL, check=True)

    results: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0], "platform": sys.platform},
        "tasks": args.tasks,
        "build_ledger_s": round(build_s, 2),
        **take_turns(
            {
                "python -c pass": [sys.executable, "-c", "pass"],
                "dayledger tasks": [args.dayledger, "tasks"],
                "dayledger tasks --json": [args.dayledger, "tasks", "--json"],
            },
            env,
            args.runs,
        ),
        "dayledger add": time_command([args.dayledger, "add", "Benchmark task"], env, args.runs),
    }
    floor = results["python -c pass"]["median_s"]
    print(f"ledger of {args.tasks} tasks built in {build_s:.1f} s ({workdir})")
    print(f"{'command':<26} {'median':>9} {'min':>9} {'max':>9} {'x floor':>8}")
    for name in ("python -c pass", "dayledger tasks", "dayledger tasks --json", "dayledger add"):
        r = results[name]
        print(f"{name:<26} {r['median_s']:9.3f} {r['min_s']:9.3f} {r['max_s']:9.3f} {r['median_s'] / floor:8.1f}")
    if args.out:
        args.out.write_text(json.dumps(results, indent=2))
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
