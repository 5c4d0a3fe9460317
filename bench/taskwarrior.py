"""Time of ``dayledger import --from taskwarrior`` on a generated ``task export`` of 10,000 tasks,
and of a filtered, sorted task list next to Taskwarrior's on the same tasks.

    python -m bench.taskwarrior [--tasks 10000] [--seed 7] [--dayledger PATH] [--list-runs 21] [--out FILE.json]

Writes a Taskwarrior 2.6-style export (a JSON array, one task per line) from a fixed seed: four
years of tasks, about a third pending, half completed, the rest deleted, a quarter in one of a
dozen projects, tags, due dates and annotations on some. Then runs the whole command in a fresh
process into a fresh SQLite ledger and reports its wall time (target: under 5 s for 10,000
tasks) and the child's peak memory, then the same import again (nothing new: it must record
nothing). Byte-code caching is left on for the command (PYTHONDONTWRITEBYTECODE is unset).

Then, when Taskwarrior's ``task`` is installed (2.6), the same export goes into a fresh Taskwarrior
data folder (``task import``) and the two lists take turns, run by run (``bench.commands.take_turns``):
``dayledger tasks`` with three filters and a sort (LIST_FILTER, ``--sort due``) and ``task
LIST_FILTER list`` (the same three filters; Taskwarrior's list sorts by its own keys). The answer is
the ratio of their medians, measured in the one run (target: at or under 1).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

TARGET_S = 5.0
WORDS = ["Fix", "Email", "Call", "Draft", "Review", "Order", "Plan", "Write up", "Look at", "Finish", "Book"]
THINGS = ["the garage door quote", "the grant budget", "the bike headset", "the tax receipts", "the slides",
          "the reviewer comments", "the backup drive", "the gutters", "the insurance form", "the tomato beds"]
PROJECTS = ["Work", "Work.Reports", "Home", "Home.Garden", "Grant", "Bike", "Taxes", "Kitchen", "Travel", "Books", "Car", "Health"]
TAGS = ["next", "errand", "phone", "office", "someday", "waiting"]
LIST_FILTER = ["project:Work", "+next", "-someday"]
LIST_TARGET_RATIO = 1.0


def _tw(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def generate(count: int, seed: int) -> list[dict[str, Any]]:
    """A ``task export`` of ``count`` tasks, the same for the same seed."""
    rng = random.Random(seed)
    start = datetime(2022, 1, 3, 8, tzinfo=UTC)
    tasks = []
    for n in range(count):
        entry = start + timedelta(minutes=rng.randrange(4 * 365 * 24 * 60))
        status = rng.choices(["pending", "completed", "deleted", "waiting"], [30, 50, 15, 5])[0]
        task: dict[str, Any] = {
            "id": n + 1 if status in ("pending", "waiting") else 0,
            "description": f"{rng.choice(WORDS)} {rng.choice(THINGS)} #{n}",
            "entry": _tw(entry),
            "status": status,
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "urgency": round(rng.random() * 10, 4),
        }
        modified = entry
        if status in ("completed", "deleted"):
            modified = entry + timedelta(hours=rng.randrange(1, 24 * 60))
            task["end"] = _tw(modified)
        task["modified"] = _tw(modified)
        if rng.random() < 0.25:
            task["project"] = rng.choice(PROJECTS)
        if rng.random() < 0.4:
            task["tags"] = rng.sample(TAGS, rng.randrange(1, 3))
        if rng.random() < 0.2:
            task["due"] = _tw(entry + timedelta(days=rng.randrange(1, 30)))
        if rng.random() < 0.1:
            task["priority"] = rng.choice("HML")
        if rng.random() < 0.15:
            task["annotations"] = [{"entry": _tw(entry + timedelta(minutes=5)), "description": f"see ticket {n}"}]
        tasks.append(task)
    return tasks


def _run(dayledger: str, ledger: Path, export: Path) -> tuple[float, int, dict[str, Any]]:
    env = {**os.environ, "DAYLEDGER_LEDGER": str(ledger), "DAYLEDGER_TZ": "Europe/Berlin", "DAYLEDGER_STATE_DIR": str(ledger.parent / "state")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run(
        [dayledger, "--json", "import", "--from", "taskwarrior", str(export)], env=env, capture_output=True, text=True, timeout=600
    )
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"dayledger import failed: {proc.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before), json.loads(proc.stdout)


def _out(argv: list[str], env: dict[str, str]) -> str:
    return subprocess.run(argv, env=env, capture_output=True, text=True, check=True, timeout=60).stdout


def compare_lists(dayledger: str, ledger: Path, export: Path, folder: Path, runs: int) -> dict[str, Any] | None:
    """Median wall times of dayledger's and Taskwarrior's filtered lists of the same tasks, taking
    turns; None when Taskwarrior is not installed."""
    from bench.commands import take_turns

    task = shutil.which("task")
    if task is None:
        return None
    data = folder / "taskwarrior"
    data.mkdir()
    rc = folder / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\nhooks=off\n")
    env = {**os.environ, "DAYLEDGER_LEDGER": str(ledger), "DAYLEDGER_TZ": "Europe/Berlin", "TASKRC": str(rc), "TASKDATA": str(data)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([task, "import", str(export)], env=env, capture_output=True, check=True, timeout=600)
    commands = {
        "dayledger": [dayledger, "tasks", *LIST_FILTER, "--sort", "due"],
        "taskwarrior": [task, *LIST_FILTER, "list"],
    }
    for argv in commands.values():  # warm the file cache and the byte-code caches; prove both answer
        subprocess.run(argv, env=env, capture_output=True, check=True, timeout=60)
    listed = {  # the same tasks, counted by each
        "dayledger": sum(r["kind"] == "task" for r in json.loads(_out([*commands["dayledger"], "--json"], env))),
        "taskwarrior": int(_out([task, *LIST_FILTER, "+PENDING", "count"], env)),
    }
    times = take_turns(commands, env, runs)
    return {
        "filter": " ".join(LIST_FILTER),
        "dayledger_s": round(times["dayledger"]["median_s"], 4),
        "taskwarrior_s": round(times["taskwarrior"]["median_s"], 4),
        "ratio": round(times["dayledger"]["median_s"] / times["taskwarrior"]["median_s"], 3),
        "target_ratio": LIST_TARGET_RATIO,
        "runs": runs,
        "tasks_listed": listed,
        "taskwarrior": subprocess.run([task, "--version"], env=env, capture_output=True, text=True).stdout.strip(),
    }


def filtered_lists(dayledger: str, folder: Path, tasks: int, runs: int, seed: int = 7) -> dict[str, Any] | None:
    """``compare_lists`` on ``tasks`` generated tasks imported into a fresh ledger in ``folder``
    (for ``python -m bench``); None when Taskwarrior is not installed."""
    if shutil.which("task") is None:
        return None
    export = folder / "tw-list-export.json"
    export.write_text("[\n" + ",\n".join(json.dumps(t) for t in generate(tasks, seed)) + "\n]\n")
    ledger = folder / "tw-list.sqlite"
    _run(dayledger, ledger, export)
    work = folder / "tw-list"
    work.mkdir()
    return compare_lists(dayledger, ledger, export, work, runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.taskwarrior", description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dayledger", default=shutil.which("dayledger", path=str(Path(sys.executable).parent)) or "dayledger")
    parser.add_argument("--list-runs", type=int, default=21, help="runs of each list in the comparison (0: leave it out)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dl-bench-tw-") as tmp:
        export = Path(tmp) / "export.json"
        export.write_text("[\n" + ",\n".join(json.dumps(t) for t in generate(args.tasks, args.seed)) + "\n]\n")
        ledger = Path(tmp) / "ledger.sqlite"
        first_s, peak_kib, first = _run(args.dayledger, ledger, export)
        again_s, _, again = _run(args.dayledger, ledger, export)
        lists = compare_lists(args.dayledger, ledger, export, Path(tmp), args.list_runs) if args.list_runs > 0 else None
    summary = first["files"][0]
    if again["files"][0]["events"] != 0:
        raise SystemExit("the second import recorded events: it must record nothing")
    results = {
        "tasks": args.tasks,
        "events": summary["events"],
        "import_s": round(first_s, 3),
        "target_s": TARGET_S,
        "peak_rss_mib": round(peak_kib / 1024, 1),
        "reimport_s": round(again_s, 3),
    }
    print(
        f"import of {args.tasks} Taskwarrior tasks ({summary['events']} events): {first_s:.2f} s "
        f"(target < {TARGET_S:.0f} s), peak {results['peak_rss_mib']} MiB; again (nothing new): {again_s:.2f} s"
    )
    if lists is not None:
        results["list"] = lists
        print(
            f"dayledger tasks {lists['filter']} --sort due: {lists['dayledger_s']:.3f} s, task {lists['filter']} list: "
            f"{lists['taskwarrior_s']:.3f} s (medians of {lists['runs']}, taking turns): ratio {lists['ratio']:.2f} "
            f"(target <= {LIST_TARGET_RATIO:.0f})"
        )
    elif args.list_runs > 0:
        print("Taskwarrior's task is not installed: the list comparison is left out")
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
