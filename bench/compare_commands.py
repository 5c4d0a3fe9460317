"""``dayledger tasks`` and ``add`` of two builds, taking turns, on copies of one 10,000-task ledger.

    python -m bench.compare_commands --before /path/to/main/.venv/bin/dayledger [--after PATH] [--rounds 9]

``bench.commands`` times one build; on a busy machine two of its runs, minutes apart, differ
more than the builds do. Here the two builds run the same command one after the other, round by
round (who goes first alternates), each on its own copy of the same ledger (``bench.commands``'
``build_ledger``), so a busy stretch falls on both alike; the medians and their ratio are printed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.commands import build_ledger


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="the dayledger command of the build to compare with")
    parser.add_argument("--after", default=shutil.which("dayledger", path=str(Path(sys.executable).parent)))
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    builds = {"before": args.before, "after": args.after}
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory(prefix="dayledger-compare-") as tmp:
        base = Path(tmp) / "base.sqlite"
        build_ledger(base, args.tasks)
        ledgers = {name: shutil.copy(base, Path(tmp) / f"{name}.sqlite") for name in builds}

        def run(name: str, *command: str) -> float:
            started = time.perf_counter()
            subprocess.run(
                [builds[name], *command], env={**env, "DAYLEDGER_LEDGER": str(ledgers[name]), "DAYLEDGER_TZ": "UTC"},
                check=True, capture_output=True, stdin=subprocess.DEVNULL,
            )
            return time.perf_counter() - started

        for name in builds:  # each build's views caught up with its own versions first
            run(name, "add", "warm-up")
            run(name, "tasks")
        times: dict[tuple[str, str], list[float]] = {(n, c): [] for n in builds for c in ("tasks", "add")}
        for i in range(args.rounds):
            order = ("before", "after") if i % 2 == 0 else ("after", "before")
            for command in ("tasks", "add"):
                for name in order:
                    times[(name, command)].append(run(name, "tasks") if command == "tasks" else run(name, "add", f"bench {i}"))
    for command in ("tasks", "add"):
        before, after = statistics.median(times[("before", command)]), statistics.median(times[("after", command)])
        print(f"dayledger {command:<6} before {before:.3f} s  after {after:.3f} s  after/before {after / before:.2f}")


if __name__ == "__main__":
    main()
