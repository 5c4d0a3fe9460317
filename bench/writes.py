"""CPU time of every write command next to Taskwarrior's, on the same 10,000 tasks (issue 21).

    python -m bench.writes [--tasks 10000] [--runs 11] [--dayledger PATH] [--out FILE.json]

Builds a SQLite ledger of N open tasks (``bench.commands.build_ledger``) and imports the same
tasks, under the same UUIDs, into a fresh Taskwarrior data folder (``bench.__main__.taskwarrior_data``).
Then each write and its Taskwarrior counterpart take turns, run by run (the order reversed every
other round), each run in a fresh process on a task of its own where the command takes one:

    add "Buy milk" -p Home          task add Buy milk project:Home
    done HANDLE                     task UUID done
    edit HANDLE project:Errands +x  task UUID modify project:Errands +x
    note TEXT                       task add TEXT
    appt add TEXT --when WHEN       task add TEXT
    routine done ROUTINE            task UUID done
    undo                            task undo

and ``python -c pass`` (the interpreter's floor), ``dayledger --version`` and ``dayledger --help``
take turns too, and so does importing the libraries every write needs (click, the store, pydantic),
the floor under any write: its ratio to Taskwarrior's ``task add`` is printed too. The figure is the median CPU time (user + system) of the command's process; the
answer is its ratio to Taskwarrior's median (target: at most 3, stretch 2) and, for ``--version``
and ``--help``, to ``python -c pass`` (target: at most 2). Peak memory (RSS) of every write is
reported too (target: under 60 MiB). ``--postgres URL`` times the same writes on a PostgreSQL
copy of the ledger against SQLite's (target: at most 1.5x). Use an installed (not editable)
dayledger: the script unsets PYTHONDONTWRITEBYTECODE, as a user has it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.__main__ import DEFAULT_PG, _env, sample, taskwarrior_data

TARGET_RATIO = 3.0
STARTUP_TARGET = 2.0
POSTGRES_TARGET = 1.5
MEMORY_TARGET_MIB = 60.0

LIBRARIES = "import click, sqlite3, eventsourcing.persistence; from pydantic import BaseModel"
"""What every write must import whatever it does (the command line, the store, the schema): the floor under a write."""

Argv = Callable[[int], list[str]]
"""A command's arguments for run ``n`` (each run may take a task of its own)."""


def _open_tasks(ledger: Path, count: int) -> list[str]:
    """The ids (32 hex digits) of ``count`` open tasks, oldest first."""
    conn = sqlite3.connect(ledger)
    rows = conn.execute("SELECT id FROM dl_tasks WHERE status = 'open' ORDER BY captured_at LIMIT ?", (count,)).fetchall()
    conn.close()
    return [r[0] for r in rows]


def pairs(dayledger: str, task: str, ids: list[str], runs: int) -> dict[str, tuple[Argv, Argv]]:
    """Each write command and its Taskwarrior counterpart, by name. ``done`` takes the first
    ``runs`` tasks, ``edit`` the next ``runs``, Taskwarrior's side of ``routine done`` the next;
    each routine is one of ``runs`` made beforehand."""
    tw = [task, "rc.confirmation=off"]
    done, edit, chores = ids[:runs], ids[runs : 2 * runs], ids[2 * runs : 3 * runs]
    return {
        "add": (lambda n: [dayledger, "add", "Buy milk", "-p", "Home"], lambda n: [*tw, "add", "Buy", "milk", "project:Home"]),
        "done": (lambda n: [dayledger, "done", done[n][:7]], lambda n: [*tw, str(uuid.UUID(done[n])), "done"]),
        "edit": (
            lambda n: [dayledger, "edit", edit[n][:7], "project:Errands", "+phone"],
            lambda n: [*tw, str(uuid.UUID(edit[n])), "modify", "project:Errands", "+phone"],
        ),
        "note": (lambda n: [dayledger, "note", "Talked to the plumber about the boiler"], lambda n: [*tw, "add", "Talked to the plumber about the boiler"]),
        "appt": (lambda n: [dayledger, "appt", "add", "Dentist", "--when", "tomorrow 10:00"], lambda n: [*tw, "add", "Dentist", "due:tomorrow"]),
        "routine done": (lambda n: [dayledger, "routine", "done", f"Chore {n}"], lambda n: [*tw, str(uuid.UUID(chores[n])), "done"]),
        "undo": (lambda n: [dayledger, "undo"], lambda n: [*tw, "undo"]),
    }


def _turns(commands: dict[str, tuple[Argv, dict[str, str], tuple[int, ...]]], runs: int) -> dict[str, list[tuple[float, float, float]]]:
    """``sample`` of each command once a round, the order reversed every other round."""
    names = list(commands)
    taken: dict[str, list[tuple[float, float, float]]] = {name: [] for name in names}
    for n in range(runs):
        for name in names if n % 2 == 0 else reversed(names):
            argv, env, ok = commands[name]
            taken[name].append(sample(argv(n), env, ok))
    return taken


def _summary(samples: list[tuple[float, float, float]]) -> dict[str, float]:
    return {
        "cpu_median_s": round(statistics.median(c for _, c, _ in samples), 4),
        "wall_median_s": round(statistics.median(w for w, _, _ in samples), 4),
        "peak_rss_mib": round(max(m for _, _, m in samples), 1),
        "runs": len(samples),
    }


def _routines(dayledger: str, env: dict[str, str], runs: int) -> None:
    for n in range(runs):
        subprocess.run([dayledger, "routine", "add", f"Chore {n}", "--cron", "@daily"], env=env, check=True, capture_output=True)


def compare(dayledger: str, folder: Path, tasks: int, runs: int) -> dict[str, Any]:
    """Every write against Taskwarrior's, and the start-up commands against ``python -c pass``."""
    from bench.commands import build_ledger

    ledger = folder / "writes.sqlite"
    build_ledger(ledger, tasks)
    env = _env(str(ledger))
    subprocess.run([dayledger, "tasks"], env=env, stdout=subprocess.DEVNULL, check=True)  # views level, numbers remembered
    ids = _open_tasks(ledger, 3 * runs)
    taskwarrior = taskwarrior_data(ledger, folder)  # the same open tasks, under the same UUIDs
    _routines(dayledger, env, runs)
    results: dict[str, Any] = {"tasks": tasks, "runs": runs}
    start = _turns(
        {
            "python -c pass": (lambda n: [sys.executable, "-c", "pass"], env, (0,)),
            "libraries": (lambda n: [sys.executable, "-c", LIBRARIES], env, (0,)),
            "--version": (lambda n: [dayledger, "--version"], env, (0,)),
            "--help": (lambda n: [dayledger, "--help"], env, (0,)),
        },
        runs,
    )
    floor = statistics.median(c for _, c, _ in start["python -c pass"])
    for name, taken in start.items():
        results[name] = _summary(taken)
        results[name]["ratio_to_python"] = round(results[name]["cpu_median_s"] / floor, 2)
    if taskwarrior is None:
        results["taskwarrior"] = "not installed (Debian package taskwarrior)"
        task, tw_env = "task", env
    else:
        task, tw_env = taskwarrior
        results["taskwarrior"] = subprocess.run([task, "--version"], env=tw_env, capture_output=True, text=True).stdout.strip()
    for name, (mine, theirs) in pairs(dayledger, task, ids, runs).items():
        commands = {name: (mine, env, (0,))}
        if taskwarrior is not None:
            commands[f"task ({name})"] = (theirs, tw_env, (0, 1))
        taken = _turns(commands, runs)
        results[name] = _summary(taken[name])
        if taskwarrior is not None:
            results[name]["taskwarrior"] = _summary(taken[f"task ({name})"])
            results[name]["ratio"] = round(results[name]["cpu_median_s"] / results[name]["taskwarrior"]["cpu_median_s"], 2)
    return results


def on_postgres(dayledger: str, url: str, folder: Path, tasks: int, runs: int) -> dict[str, Any]:
    """``tasks`` and each write on a PostgreSQL ledger of the same tasks against the same on SQLite,
    taking turns (a schema of its own, dropped after)."""
    try:
        import psycopg

        psycopg.connect(url, connect_timeout=3).close()
    except Exception as e:  # noqa: BLE001
        return {"postgres": f"unreachable: {e}"}
    from bench.commands import build_ledger

    sqlite_ledger = folder / "pg-twin.sqlite"
    build_ledger(sqlite_ledger, tasks)
    schema = f"dl_bench_{uuid.uuid4().hex[:8]}"
    pg_ledger = f"{url}?schema={schema}"
    backup = folder / "twin.jsonl"
    lite, pg = _env(str(sqlite_ledger)), _env(pg_ledger)
    try:
        subprocess.run([dayledger, "export", "--format", "jsonl", "--out", str(backup)], env=lite, check=True, capture_output=True)
        subprocess.run([dayledger, "restore", str(backup)], env=pg, check=True, capture_output=True)
        for env in (lite, pg):
            subprocess.run([dayledger, "tasks"], env=env, stdout=subprocess.DEVNULL, check=True)
        ids = _open_tasks(sqlite_ledger, 3 * runs)
        for env in (lite, pg):
            _routines(dayledger, env, runs)
        out: dict[str, Any] = {}
        chosen = {"tasks": lambda n: [dayledger, "tasks"], **{k: v[0] for k, v in pairs(dayledger, "task", ids, runs).items()}}
        for name, argv in chosen.items():
            taken = _turns({"sqlite": (argv, lite, (0,)), "postgres": (argv, pg, (0,))}, runs)
            out[name] = {"sqlite": _summary(taken["sqlite"]), "postgres": _summary(taken["postgres"])}
            out[name]["ratio"] = round(out[name]["postgres"]["cpu_median_s"] / out[name]["sqlite"]["cpu_median_s"], 2)
        return out
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def report(results: dict[str, Any]) -> list[str]:
    """The lines ``python -m bench.writes`` prints."""
    lines = [f"{'command (CPU, median)':<26} {'dayledger':>10} {'taskwarrior':>12} {'ratio':>7} {'target':>7} {'peak MiB':>9}"]
    for name in ("--version", "--help"):
        r = results[name]
        lines.append(f"{name:<26} {r['cpu_median_s']:10.4f} {results['python -c pass']['cpu_median_s']:12.4f} {r['ratio_to_python']:7.2f} "
                     f"{STARTUP_TARGET:7.1f} {r['peak_rss_mib']:9.1f}   (against python -c pass)")
    if "add" in results and "taskwarrior" in results["add"]:
        r, theirs = results["libraries"], results["add"]["taskwarrior"]["cpu_median_s"]
        lines.append(f"{'(importing the libraries)':<26} {r['cpu_median_s']:10.4f} {theirs:12.4f} {r['cpu_median_s'] / theirs:7.2f} "
                     f"{'':>7} {r['peak_rss_mib']:9.1f}   (against task add: the floor under any write)")
    for name in pairs("", "", [""] * 3, 1):
        r = results[name]
        theirs = r.get("taskwarrior", {}).get("cpu_median_s", float("nan"))
        lines.append(f"{name:<26} {r['cpu_median_s']:10.4f} {theirs:12.4f} {r.get('ratio', float('nan')):7.2f} {TARGET_RATIO:7.1f} {r['peak_rss_mib']:9.1f}")
    for name, r in results.get("postgres", {}).items():
        if isinstance(r, str):
            lines.append(f"postgres: {r}")
        else:
            lines.append(f"postgres {name:<17} {r['postgres']['cpu_median_s']:10.4f} {r['sqlite']['cpu_median_s']:12.4f} {r['ratio']:7.2f} "
                         f"{POSTGRES_TARGET:7.1f} {r['postgres']['peak_rss_mib']:9.1f}   (against SQLite)")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.writes", description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--dayledger", default=shutil.which("dayledger", path=str(Path(sys.executable).parent)) or "dayledger")
    parser.add_argument("--postgres", default="", help=f"a PostgreSQL URL (e.g. {DEFAULT_PG}) to time the writes there too")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dl-bench-writes-") as tmp:
        results = compare(args.dayledger, Path(tmp), args.tasks, args.runs)
        if args.postgres:
            results["postgres"] = on_postgres(args.dayledger, args.postgres, Path(tmp), args.tasks, args.runs)
    print("\n".join(report(results)))
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
