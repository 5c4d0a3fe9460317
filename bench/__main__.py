"""dayledger's benchmark, side by side with the limits of this machine.

    python -m bench [--size small|full] [--out FILE.json] [--dayledger PATH] [--postgres URL]
    python -m bench --size full --only write,rebuild   # the bulk paths and their floors alone

Each figure is measured in the same run as its reference, and reported as a ratio to it:

- write: ``dayledger import`` of N years of generated daily notes (bench.import_notes), events/s,
  against raw ``sqlite3`` inserting the same stored rows in one transaction (the machine's limit);
- rebuild: ``dayledger rebuild`` of a generated ledger (bench.projections, 1,000,000 events at
  full size), events/s, against raw ``sqlite3`` select + ``json.loads`` of the same rows;
- for both, the floor under them: SQLite alone writing the rows they wrote (the events, their
  chain and the views; the views) with no Python per row, and so the highest ratio reachable;
  and each command's time over its floor ("import / floor", "rebuild / floor");
- reads, as whole commands in fresh processes (median of repeated runs, byte-code caching on):
  ``tasks``, ``day``, ``history``, ``tasks --as-of``, ``report week --format md`` on the notes
  ledger, and ``tasks`` on a 10,000-task ledger; against ``python -c pass`` (the interpreter's
  floor) and, when the ``task`` command is installed, Taskwarrior on the same 10,000 tasks
  (``tasks`` and ``task list`` take turns run by run, so both meet the same machine), and
  ``tasks`` with three filters and a sort against ``task`` with the same filters on the same
  generated Taskwarrior tasks (``bench.taskwarrior.compare_lists``);
- writes, as whole commands in fresh processes: ``add``, ``done``, ``edit``, ``note``, ``appt``,
  ``routine done`` and ``undo`` on the 10,000-task ledger, each taking turns run by run with its
  Taskwarrior counterpart on the same tasks, CPU time medians and their ratios, and ``--version``
  and ``--help`` against ``python -c pass`` (``bench.writes``);
- ``dayledger import`` of a generated calendar of 1,000 VEVENTs (bench.ics_import), seconds;
- peak memory (RSS) of every command;
- write and rebuild on PostgreSQL too, when ``--postgres URL`` (or the local test server) answers.

``small`` proves the benchmark works in a minute or two; ``full`` is the measurement.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

SIZES = {
    "small": {"days": 150, "events": 30_000, "tasks": 1_000, "runs": 3},
    "full": {"days": 3650, "events": 1_000_000, "tasks": 10_000, "runs": 11},
}
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"

_MEASURE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "s = time.perf_counter() - t\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(s, u.ru_maxrss, p.returncode, u.ru_utime + u.ru_stime)\n"
    "sys.stderr.write(p.stderr.decode(errors='replace')[-400:])\n"
)


def sample(argv: list[str], env: dict[str, str], ok: tuple[int, ...] = (0,)) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MiB) of one command, run alone in a fresh process."""
    proc = subprocess.run([sys.executable, "-c", _MEASURE, *argv], env=env, capture_output=True, text=True, check=False)
    seconds, kib, rc, cpu = proc.stdout.split()
    if int(rc) not in ok:
        raise RuntimeError(f"{' '.join(argv)} failed: {proc.stderr.strip()}")
    return float(seconds), float(cpu), int(kib) / 1024


def measure(argv: list[str], env: dict[str, str], ok: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one command, run alone in a fresh process."""
    seconds, _, mib = sample(argv, env, ok)
    return seconds, mib


def repeated(argv: list[str], env: dict[str, str], runs: int, ok: tuple[int, ...] = (0,)) -> dict[str, float]:
    samples = [measure(argv, env, ok) for _ in range(runs)]
    return {
        "median_s": round(statistics.median(s for s, _ in samples), 4),
        "min_s": round(min(s for s, _ in samples), 4),
        "peak_rss_mib": round(max(m for _, m in samples), 1),
        "runs": runs,
    }


def _env(ledger: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "DAYLEDGER_NOW")}
    env.update(DAYLEDGER_LEDGER=ledger, DAYLEDGER_TZ="Europe/Berlin")
    if "://" not in ledger:  # listings remember their task numbers beside the ledger, not in your home
        env["DAYLEDGER_STATE_DIR"] = str(Path(ledger).parent / "state")
    return env


def _stored_rows(path: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT originator_id, originator_version, topic, state FROM stored_events ORDER BY rowid").fetchall()
    conn.close()
    return rows


def raw_insert_rate(rows: list[tuple[Any, ...]], folder: Path) -> float:
    """Events/s of raw sqlite3 inserting these rows in one transaction into a fresh file."""
    path = folder / f"raw-{uuid.uuid4().hex}.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE stored_events (originator_id TEXT, originator_version INTEGER, topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))")
    started = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO stored_events VALUES (?,?,?,?)", rows)
    conn.execute("COMMIT")
    seconds = time.perf_counter() - started
    conn.close()
    return len(rows) / seconds


def raw_read_rate(path: Path) -> float:
    """Events/s of raw sqlite3 select + json.loads of every stored event."""
    conn = sqlite3.connect(path)
    started = time.perf_counter()
    count = 0
    for (state,) in conn.execute("SELECT state FROM stored_events ORDER BY rowid"):
        json.loads(state)
        count += 1
    seconds = time.perf_counter() - started
    conn.close()
    return count / seconds


def sqlite_floor(path: Path, folder: Path, tables: str) -> float:
    """Seconds SQLite alone takes to write what a command wrote: the same rows of the tables
    whose names match the LIKE pattern ``tables``, with the same schema and indexes, copied by
    ``INSERT ... SELECT`` (no Python per row) in one transaction into a fresh file in WAL mode
    with the ledger's page cache, indexes built after the rows, WAL checkpoint included. No
    program that writes these rows on this machine can be quicker; it is the ceiling of the
    write and rebuild targets, which are set against reading or inserting the events alone.
    ``tables`` is a LIKE pattern with ``\\`` as its escape."""
    target = folder / f"floor-{uuid.uuid4().hex}.sqlite"
    conn = sqlite3.connect(target, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA cache_size=-65536")
        conn.execute("ATTACH DATABASE ? AS src", (str(path),))
        schema = conn.execute(
            "SELECT type, name, sql FROM src.sqlite_master WHERE tbl_name LIKE ? ESCAPE '\\' AND tbl_name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
            " AND sql IS NOT NULL",
            (tables,),
        ).fetchall()
        started = time.perf_counter()
        conn.execute("BEGIN")
        for kind, name, sql in schema:
            if kind == "table":
                conn.execute(sql)
                conn.execute(f"INSERT INTO main.{name} SELECT * FROM src.{name}")
        for kind, _, sql in schema:
            if kind == "index":
                conn.execute(sql)
        conn.execute("COMMIT")
        seconds = time.perf_counter() - started
    finally:
        conn.close()
        for extra in ("", "-wal", "-shm"):
            Path(f"{target}{extra}").unlink(missing_ok=True)
    return seconds


def _count(path: Path) -> int:
    conn = sqlite3.connect(path)
    (n,) = conn.execute("SELECT count(*) FROM stored_events").fetchone()
    conn.close()
    return int(n)


def bench_write(dayledger: str, folder: Path, days: int, *, daily: bool = True) -> dict[str, Any]:
    from bench.import_notes import generate

    notes = folder / "notes"
    generate(notes, days=days, seed=7)
    ledger = folder / "notes.sqlite"
    seconds, peak = measure([dayledger, "import", str(notes)], _env(str(ledger)))
    events = _count(ledger)
    raw = raw_insert_rate(_stored_rows(ledger), folder)
    floor = sqlite_floor(ledger, folder, "%")  # the events, their chain and the views of them
    rate = events / seconds
    return {"notes": days, "events": events, "seconds": round(seconds, 2), "events_per_s": round(rate), "peak_rss_mib": round(peak, 1),
            "raw_insert_events_per_s": round(raw), "ratio": round(rate / raw, 3),
            "sqlite_floor_s": round(floor, 2), "ceiling_ratio": round(events / floor / raw, 3), "floor_ratio": round(seconds / floor, 2),
            "daily": daily_reimport(dayledger, notes, ledger, folder, days) if daily else None,
            "ledger": str(ledger), "notes_folder": str(notes)}


def daily_reimport(dayledger: str, notes: Path, ledger: Path, folder: Path, days: int, runs: int = 5) -> dict[str, Any]:
    """The import a user runs every day: the whole folder again, with the next day's note added
    (once), then with nothing new (median of ``runs``)."""
    from bench.import_notes import generate

    more = folder / "notes-plus-one"
    generate(more, days=days + 1, seed=7)  # the same notes (a fixed seed), and one day more
    newest = max(more.iterdir())
    shutil.copy(newest, notes / newest.name)
    shutil.rmtree(more)
    one_new, peak = measure([dayledger, "import", str(notes)], _env(str(ledger)))
    nothing_new = repeated([dayledger, "import", str(notes)], _env(str(ledger)), runs)
    return {"one_new_note_s": round(one_new, 3), "one_new_note_peak_rss_mib": round(peak, 1), "nothing_new": nothing_new}


def bench_rebuild(dayledger: str, folder: Path, events: int, *, keep: bool = False) -> dict[str, Any]:
    from bench.projections import generate

    ledger = folder / "events.sqlite"
    made = generate(ledger, events)
    subprocess.run([dayledger, "tasks"], env=_env(str(ledger)), stdout=subprocess.DEVNULL, check=True)  # views level first
    seconds, peak = measure([dayledger, "rebuild"], _env(str(ledger)))
    raw = raw_read_rate(ledger)
    floor = sqlite_floor(ledger, folder, "dl\\_%")  # the views
    rate = made / seconds
    if not keep:  # gigabytes: gone, and on disk, before the reads are timed (writeback slowed them)
        for path in folder.glob("events.sqlite*"):
            path.unlink()
    os.sync()
    return {"events": made, "seconds": round(seconds, 2), "events_per_s": round(rate), "peak_rss_mib": round(peak, 1),
            "raw_select_decode_events_per_s": round(raw), "ratio": round(rate / raw, 3),
            "sqlite_floor_s": round(floor, 2), "ceiling_ratio": round(made / floor / raw, 3), "floor_ratio": round(seconds / floor, 2),
            "ledger": str(ledger)}


def alternated(commands: dict[str, tuple[list[str], dict[str, str], tuple[int, ...]]], runs: int) -> dict[str, dict[str, float]]:
    """``repeated`` for commands that are compared: they take turns run by run (the order reversed
    every other round), so a slower or busier stretch of the machine falls on all of them alike."""
    names = list(commands)
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    for n in range(runs):
        for name in names if n % 2 == 0 else reversed(names):
            argv, env, ok = commands[name]
            samples[name].append(measure(argv, env, ok))
    return {
        name: {
            "median_s": round(statistics.median(s for s, _ in taken), 4),
            "min_s": round(min(s for s, _ in taken), 4),
            "peak_rss_mib": round(max(m for _, m in taken), 1),
            "runs": runs,
            "alternated": True,
        }
        for name, taken in samples.items()
    }


def bench_reads(dayledger: str, notes_ledger: Path, folder: Path, tasks: int, runs: int) -> dict[str, Any]:
    from bench.commands import build_ledger

    env = _env(str(notes_ledger))
    subprocess.run([dayledger, "tasks"], env=env, stdout=subprocess.DEVNULL, check=True)
    some = json.loads(subprocess.run([dayledger, "tasks", "--json", "--no-routines"], env=env, capture_output=True, text=True, check=True).stdout)
    handle = some[len(some) // 2]["handle"] if some else "x"
    last_day = some[-1]["created_at"][:10] if some else "2026-01-01"
    reads: dict[str, Any] = {"python -c pass": repeated([sys.executable, "-c", "pass"], env, runs)}
    commands = {
        "tasks": ["tasks"],
        "day": ["day", last_day],
        "history": ["history", handle],
        "tasks --as-of": ["tasks", "--as-of", last_day],
        "report week --format md": ["report", "week", last_day, "--format", "md"],
        "verify --no-views": ["verify", "--no-views"],  # the chain walk over every event
    }
    reads.update(_each(dayledger, commands, env, runs, "notes ledger"))
    reads.update(_with_routines(dayledger, notes_ledger, folder, last_day, runs))
    ten_k = folder / "tasks.sqlite"
    build_ledger(ten_k, tasks)
    mine = f"{tasks} tasks: tasks"
    compared: dict[str, tuple[list[str], dict[str, str], tuple[int, ...]]] = {mine: ([dayledger, "tasks"], _env(str(ten_k)), (0,))}
    taskwarrior = taskwarrior_data(ten_k, folder)
    if taskwarrior is None:
        reads["taskwarrior"] = "not installed (Debian package taskwarrior)"
    else:
        task, tw_env = taskwarrior
        compared["taskwarrior: task list"] = ([task, "rc.confirmation=off", "list"], tw_env, (0, 1))
    for argv, cmd_env, _ in compared.values():  # warm the file and byte-code caches of each alike
        subprocess.run(argv, env=cmd_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    reads.update(alternated(compared, runs))
    if taskwarrior is not None:
        ratio = reads[mine]["median_s"] / reads["taskwarrior: task list"]["median_s"]
        reads[f"{tasks} tasks: tasks / task list"] = {"ratio_of_medians": round(ratio, 3), "runs": runs, "alternated": True}
        task, tw_env = taskwarrior
        for name in ("completed", "history.weekly"):
            # Taskwarrior exits 1 for "No matches" (an empty completed list): still a valid timing.
            reads[f"taskwarrior: task {name}"] = repeated([task, "rc.confirmation=off", name], tw_env, runs, ok=(0, 1))
        from bench.taskwarrior import filtered_lists

        lists = filtered_lists(dayledger, folder, tasks, runs)
        if lists is not None:  # three filters and a sort against Taskwarrior's filtered list (bench.taskwarrior)
            reads[f"{tasks} tasks: filtered tasks --sort / task list"] = {
                "ratio_of_medians": lists["ratio"], "runs": runs, "alternated": True, **lists,
            }
    return reads


def _with_routines(dayledger: str, notes_ledger: Path, folder: Path, last_day: str, runs: int) -> dict[str, Any]:
    """The notes ledger with its chores kept as daily routines from its first day on (added
    then: the clock set back), so every chore done in the notes is an occurrence done and a
    report's streaks run over ten years of each routine's marks. The weekly report's target
    holds here too."""
    from bench.import_notes import CHORES, START

    ledger = folder / "routines.sqlite"
    shutil.copy(notes_ledger, ledger)
    env = _env(str(ledger))
    then = {**env, "DAYLEDGER_NOW": f"{START.isoformat()}T08:00+01:00"}  # a January morning in Berlin
    for chore in CHORES:
        subprocess.run([dayledger, "routine", "add", chore, "--cron", "@daily"], env=then, check=True, capture_output=True)
    commands = {"report week --format md": ["report", "week", last_day, "--format", "md"], "routine list": ["routine", "list"], "agenda": ["agenda"]}
    return _each(dayledger, commands, env, runs, f"with {len(CHORES)} routines")


def _each(dayledger: str, commands: dict[str, list[str]], env: dict[str, str], runs: int, label: str) -> dict[str, Any]:
    """Each command timed as a whole (``repeated``), keyed "label: name"; a failing one gives its error."""
    out: dict[str, Any] = {}
    for name, args in commands.items():
        try:
            out[f"{label}: {name}"] = repeated([dayledger, *args], env, runs)
        except RuntimeError as e:
            out[f"{label}: {name}"] = {"error": str(e)[:300]}
    return out


def taskwarrior_data(ledger: Path, folder: Path) -> tuple[str, dict[str, str]] | None:
    """The ledger's open tasks imported into Taskwarrior: the ``task`` command and its environment
    (None when Taskwarrior is not installed)."""
    task = shutil.which("task")
    if task is None:
        return None
    conn = sqlite3.connect(ledger)
    rows = conn.execute("SELECT id, text, captured_at FROM dl_tasks WHERE status = 'open'").fetchall()
    conn.close()
    data = folder / "taskdata"
    data.mkdir(exist_ok=True)
    rc = folder / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\nnews.version=99\n")
    env = {**os.environ, "TASKRC": str(rc), "TASKDATA": str(data)}
    export = [{"uuid": str(uuid.UUID(i)), "description": t, "status": "pending", "entry": c[:19].replace("-", "").replace(":", "") + "Z"} for i, t, c in rows]
    source = folder / "tw.json"
    source.write_text(json.dumps(export))
    subprocess.run([task, "import", str(source)], env=env, capture_output=True, check=True)
    return task, env


def bench_postgres(dayledger: str, url: str, notes: Path, folder: Path, events: int) -> dict[str, Any]:
    """Write and rebuild on PostgreSQL, each in a schema of its own (dropped after)."""
    import psycopg

    schema = f"dl_bench_{uuid.uuid4().hex[:8]}"
    ledger = f"{url}?schema={schema}"
    try:
        psycopg.connect(url.replace("postgresql://", "postgresql://", 1), connect_timeout=3).close()
    except Exception as e:  # noqa: BLE001
        return {"postgres": f"unreachable: {e}"}
    try:
        seconds, peak = measure([dayledger, "import", str(notes)], _env(ledger))
        with psycopg.connect(url) as conn:
            (n,) = conn.execute(f'SELECT count(*) FROM "{schema}".dayledger_events').fetchone()
        write = {"events": n, "seconds": round(seconds, 2), "events_per_s": round(n / seconds), "peak_rss_mib": round(peak, 1)}
        seconds, peak = measure([dayledger, "rebuild"], _env(ledger))
        rebuild = {"events": n, "seconds": round(seconds, 2), "events_per_s": round(n / seconds), "peak_rss_mib": round(peak, 1)}
        return {"postgres write (import notes)": write, "postgres rebuild (of the notes ledger)": rebuild}
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def _print(results: dict[str, Any]) -> None:
    w, r = results.get("write"), results.get("rebuild")
    if w:
        print(f"write   import {w['notes']} notes: {w['events']} events in {w['seconds']} s = {w['events_per_s']:,}/s; "
              f"raw sqlite3 insert {w['raw_insert_events_per_s']:,}/s; ratio {w['ratio']:.0%}; peak {w['peak_rss_mib']} MiB")
    if r:
        print(f"rebuild {r['events']} events in {r['seconds']} s = {r['events_per_s']:,}/s; "
              f"raw select+json.loads {r['raw_select_decode_events_per_s']:,}/s; ratio {r['ratio']:.0%}; peak {r['peak_rss_mib']} MiB")
    d = w and w["daily"]
    if d:
        print(f"daily   import the {w['notes'] + 1} notes again, one of them new: {d['one_new_note_s']} s; "
              f"none new: {d['nothing_new']['median_s']} s (median of {d['nothing_new']['runs']})")
    for name, m in (("write", w), ("rebuild", r)):
        if m:
            print(f"{name:<7} floor: SQLite alone writes the same rows in {m['sqlite_floor_s']} s; "
                  f"the highest ratio any program writing them could reach: {m['ceiling_ratio']:.0%}")
    for name, m in (("import", w), ("rebuild", r)):
        if m:
            print(f"{name} / floor: {m['floor_ratio']:.2f}x ({m['seconds']} s against {m['sqlite_floor_s']} s)")
    if "reads" not in results:
        return
    floor = results["reads"]["python -c pass"]["median_s"]
    print(f"{'read (whole command)':<44} {'median':>8} {'min':>8} {'x floor':>8} {'peak MiB':>9}")
    for name, m in results["reads"].items():
        if isinstance(m, dict) and "median_s" in m:
            print(f"{name:<44} {m['median_s']:8.3f} {m['min_s']:8.3f} {m['median_s'] / floor:8.1f} {m['peak_rss_mib']:9.1f}")
        elif isinstance(m, dict) and "ratio_of_medians" in m:
            print(f"{name:<44} {m['ratio_of_medians']:8.2f}x (the two took turns, {m['runs']} runs each)")
        else:
            print(f"{name:<44} {m if isinstance(m, str) else m.get('error')}")
    if "writes" in results:
        from bench.writes import report

        print("\n".join(report(results["writes"])))
    if "ics_import" in results:
        c = results["ics_import"]
        print(f"import a calendar of {c['vevents']} VEVENTs ({c['events']} events): {c['import_s']} s, peak {c['peak_rss_mib']} MiB; "
              f"again {c['reimport_s']} s")
    for name, m in results.get("postgres", {}).items():
        line = m if isinstance(m, str) else "{:,} events/s, {} s, peak {} MiB".format(m["events_per_s"], m["seconds"], m["peak_rss_mib"])
        print(f"{name:<44} {line}")


def _done(results: dict[str, Any], started: float, out: Path | None) -> None:
    results["seconds"] = round(time.perf_counter() - started, 1)
    _print(results)
    if out:
        out.write_text(json.dumps(results, indent=2))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--dayledger", default=shutil.which("dayledger", path=str(Path(sys.executable).parent)) or "dayledger")
    parser.add_argument("--postgres", default=os.environ.get("DAYLEDGER_BENCH_POSTGRES", DEFAULT_PG), help="'' to skip PostgreSQL")
    parser.add_argument("--keep", action="store_true", help="Keep the generated ledgers (their folder is printed).")
    parser.add_argument("--only", choices=("write", "rebuild", "write,rebuild"), help="Measure only these (and their floors): a quick look at the bulk paths.")
    parser.add_argument("--days", type=int, help="Notes to import (instead of the size's).")
    parser.add_argument("--events", type=int, help="Events to rebuild (instead of the size's).")
    args = parser.parse_args(argv)
    size = {**SIZES[args.size], **{k: v for k, v in (("days", args.days), ("events", args.events)) if v}}
    only = set(args.only.split(",")) if args.only else None
    folder = Path(tempfile.mkdtemp(prefix="dayledger-bench-"))
    started = time.perf_counter()
    try:
        results: dict[str, Any] = {
            "size": args.size,
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.platform(), "load": os.getloadavg()},
        }
        if only is None or "write" in only:
            results["write"] = bench_write(args.dayledger, folder, size["days"], daily=only is None)
        if only is None or "rebuild" in only:
            results["rebuild"] = bench_rebuild(args.dayledger, folder, size["events"], keep=args.keep)
        if only is not None:
            _done(results, started, args.out)
            return
        results["reads"] = bench_reads(args.dayledger, Path(results["write"]["ledger"]), folder, size["tasks"], size["runs"])
        from bench import ics_import, writes

        results["writes"] = writes.compare(args.dayledger, folder, size["tasks"], size["runs"])
        if args.postgres:
            results["writes"]["postgres"] = writes.on_postgres(args.dayledger, args.postgres, folder, size["tasks"], size["runs"])

        results["ics_import"] = ics_import.run(args.dayledger, folder, 1000)
        if args.postgres:
            results["postgres"] = bench_postgres(args.dayledger, args.postgres, Path(results["write"]["notes_folder"]), folder, size["events"])
        _done(results, started, args.out)
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
