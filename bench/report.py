"""Time of a weekly report as a whole command on ten years of daily notes.

    python -m bench.report [--days 3650] [--seed 7] [--runs 5] [--dense CRON] [--filter WORDS] [--keep DIR] [--out FILE.json]

Writes DAYS daily notes with the generator of bench/import_notes.py, imports them into a fresh
SQLite ledger (recorded the morning after the last note), adds a daily Dishes routine reaching back
to the first note (so streaks run over ten years of marks), then times ``dayledger report week``
(the last complete week) with ``--format md`` and ``--format json``, each in a fresh process,
RUNS times after one untimed warm-up, with the peak memory of the largest run. Byte-code caching is
left on (PYTHONDONTWRITEBYTECODE unset). With ``--dense "*/5 * * * *"`` the ledger also keeps a
Feeds routine on that schedule from the first note on, done once in the last week: a dense routine
kept for years, whose streaks must not cost a step per occurrence (a million in ten years).
With ``--filter "project:Grant"`` it also times ``--format md`` with those filter words (as
``md_filtered``): a filtered report must cost no more than the whole one.
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
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.import_notes import START, generate

TARGET_S = 1.0


def _env(ledger: Path, now: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(DAYLEDGER_LEDGER=str(ledger), DAYLEDGER_TZ="Europe/Berlin", DAYLEDGER_NOW=now)
    return env


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of the command, waited for alone (``wait4``: its own usage)."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    errors = proc.stderr.read() if proc.stderr is not None else ""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({code}): {errors.strip()}")
    return seconds, usage.ru_maxrss / 1024


def prepare(dayledger: str, folder: Path, days: int, seed: int, dense: str | None = None) -> tuple[Path, str]:
    """Notes and a ledger holding them; returns the ledger and the moment to report from."""
    notes, ledger = folder / "notes", folder / "ledger.sqlite"
    generate(notes, days, seed)
    last = START + timedelta(days=days - 1)
    recorded = f"{last + timedelta(days=1)}T08:00+01:00"
    env = _env(ledger, recorded)
    _run([dayledger, "routine", "add", "Dishes", "--cron", "0 21 * * *", "--from", START.isoformat()], env)
    _run([dayledger, "import", str(notes)], env)
    if dense is not None:
        _run([dayledger, "routine", "add", "Feeds", "--cron", dense, "--from", START.isoformat()], env)
        _run([dayledger, "routine", "done", "Feeds", "--at", f"{last}T21:00+01:00"], env)
    return ledger, f"{last + timedelta(days=8)}T09:00+01:00"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=3650)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dense", metavar="CRON", help='Also a routine on this schedule from the first note on (e.g. "*/5 * * * *").')
    parser.add_argument("--filter", metavar="WORDS", help='Also time the Markdown report with these filter words (e.g. "project:Grant").')
    parser.add_argument("--dayledger", default=shutil.which("dayledger", path=str(Path(sys.executable).parent)) or "dayledger")
    parser.add_argument("--keep", type=Path, help="Write notes and ledger here and keep them (reused when present).")
    parser.add_argument("--out", type=Path, help="Also write the figures as JSON here.")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="dayledger-bench-report-"))
    try:
        ledger = folder / "ledger.sqlite"
        if ledger.exists():
            now = f"{START + timedelta(days=args.days + 7)}T09:00+01:00"
        else:
            folder.mkdir(parents=True, exist_ok=True)
            ledger, now = prepare(args.dayledger, folder, args.days, args.seed, args.dense)
        env = _env(ledger, now)
        results: dict[str, Any] = {"days": args.days, "dense": args.dense, "ledger_mib": round(ledger.stat().st_size / 2**20, 1), "now": now}
        runs = {fmt: [args.dayledger, "report", "week", "--format", fmt] for fmt in ("md", "json", "html")}
        if args.filter:
            runs["md_filtered"] = [*runs["md"], *args.filter.split()]
            results["filter"] = args.filter
        for fmt, command in runs.items():
            _run(command, env)  # warm-up: the read models catch up, byte code is written
            samples = [_run(command, env) for _ in range(args.runs)]
            seconds = [s for s, _ in samples]
            results[fmt] = {
                "median_s": round(statistics.median(seconds), 3), "max_s": round(max(seconds), 3),
                "peak_rss_mib": round(max(m for _, m in samples), 1), "runs": args.runs,
            }
        results["target_s"] = TARGET_S
        results["met"] = all(results[f]["median_s"] < TARGET_S for f in ("md", "json"))
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(results, indent=2))
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
