"""Rebuild throughput and time-travel read times on a generated ledger of 1,000,000 events.

    python -m bench.projections [--events 1000000] [--runs 21] [--ledger PATH] [--keep] [--out FILE.json]

Generates eight years of a busy life (projects; tasks captured, carried, renamed, moved, given
due dates, completed or cancelled; notes; appointments moved and cancelled; one event in twenty
recorded days late, like an import), written straight through the engine's codec and the
store's recorder in batches of 10,000 (not one command per event). Then measures:

- ``rebuild``: drop every view and fold all events again (events/s);
- ``tasks --as-of T`` and ``day --as-of T`` at random moments T: median in process (the query
  functions on an open ledger) and as whole commands in fresh processes (byte-code caching on).
"""

from __future__ import annotations

import argparse
import json
import os
import random
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

FIRST = datetime(2019, 1, 1, tzinfo=UTC)
YEARS = 8


def generate(path: Path, events: int, seed: int = 4) -> int:
    """Write about ``events`` events to a new SQLite ledger at ``path``; returns how many."""
    from eventsourcing.persistence import StoredEvent

    from engine.storage.database import open_database
    from engine.storage.event_store import EventStore
    from engine.storage.location import SqliteLocation
    from events import (
        AppointmentCancelled,
        AppointmentMoved,
        AppointmentScheduled,
        NoteRecorded,
        ProjectStarted,
        Source,
        TaskCancelled,
        TaskCaptured,
        TaskCarried,
        TaskCompleted,
        TaskDueSet,
        TaskMoved,
        TaskRenamed,
    )
    from events.codec import encode, topic_of

    rng = random.Random(seed)
    span = timedelta(days=365 * YEARS).total_seconds()
    cli, imported = Source(kind="cli"), Source(kind="import", file="notes/day.txt", line=3)
    pending: list[tuple[datetime, int, Any]] = []  # (recorded_at, tiebreak, event)
    made = 0

    def emit(cls: Any, oid: uuid.UUID, version: int, occurred: datetime, recorded: datetime, **fields: Any) -> None:
        nonlocal made
        late = recorded - occurred > timedelta(days=1)
        event = cls.model_construct(
            originator_id=oid, originator_version=version, occurred_at=occurred, recorded_at=recorded,
            source=imported if late else cli, command_id=uuid.uuid4(), **fields,
        )
        pending.append((recorded, made, event))
        made += 1

    projects = [uuid.uuid4() for _ in range(30)]
    for n, pid in enumerate(projects):
        emit(ProjectStarted, pid, 1, FIRST, FIRST, name=f"Project {n}")
    while made < events:
        start = FIRST + timedelta(seconds=rng.random() * span)
        late = rng.random() < 0.05
        delay = timedelta(days=rng.uniform(2, 60)) if late else timedelta(seconds=rng.uniform(0, 30))
        roll = rng.random()
        if roll < 0.70:  # a task and its life
            tid, v, t = uuid.uuid4(), 1, start
            rec = t + delay
            emit(TaskCaptured, tid, v, t, rec, text=f"task {made} with a few words", project_id=rng.choice(projects + [None]), tags=(), due=None)
            for _ in range(rng.choice((0, 0, 1, 2, 3, 6))):
                t += timedelta(days=rng.uniform(0.5, 2))
                v += 1
                rec = max(rec, t + delay)
                emit(TaskCarried, tid, v, t, rec, day=t.date())
            if rng.random() < 0.25:
                t += timedelta(hours=rng.uniform(1, 30))
                v += 1
                rec = max(rec, t + delay)
                change = rng.choice((TaskRenamed, TaskMoved, TaskDueSet))
                fields = {TaskRenamed: {"text": f"renamed task {made}"}, TaskMoved: {"project_id": rng.choice(projects)},
                          TaskDueSet: {"due": t + timedelta(days=3)}}[change]
                emit(change, tid, v, t, rec, **fields)
            end = rng.random()
            if end < 0.88:
                t += timedelta(hours=rng.uniform(0.5, 200))
                v += 1
                rec = max(rec, t + delay)
                emit(TaskCompleted if end < 0.80 else TaskCancelled, tid, v, t, rec, **({} if end < 0.80 else {"reason": None}))
        elif roll < 0.92:
            emit(NoteRecorded, uuid.uuid4(), 1, start, start + delay, text=f"a note of {made}", project_id=rng.choice(projects + [None] * 5), task_id=None)
        else:
            aid, rec = uuid.uuid4(), start + delay
            when = start + timedelta(days=rng.uniform(1, 20))
            emit(AppointmentScheduled, aid, 1, start, rec, text=f"appointment {made}", starts_at=when, duration_minutes=60, project_id=None, task_id=None)
            if rng.random() < 0.5:
                t = start + timedelta(hours=rng.uniform(1, 48))
                emit(AppointmentMoved, aid, 2, t, max(rec, t + delay), starts_at=when + timedelta(days=1), duration_minutes=60)
                if rng.random() < 0.2:
                    emit(AppointmentCancelled, aid, 3, t + timedelta(hours=1), max(rec, t + delay + timedelta(hours=1)), reason=None)
    pending.sort(key=lambda p: (p[0], p[1]))
    location = SqliteLocation(path)
    open_database(location, create=True).close()
    store = EventStore(location)
    recorder = store._app.recorder  # the benchmark writes in bulk, as no command does
    for i in range(0, len(pending), 10_000):
        recorder.insert_events([
            StoredEvent(originator_id=e.originator_id, originator_version=e.originator_version, topic=topic_of(type(e)), state=encode(e))
            for _, _, e in pending[i : i + 10_000]
        ])
    store.close()
    return len(pending)


def _moments(rng: random.Random, n: int) -> list[datetime]:
    span = timedelta(days=365 * YEARS).total_seconds()
    return [FIRST + timedelta(seconds=rng.random() * span) for _ in range(n)]


def in_process(path: Path, runs: int, tz: Any) -> dict[str, Any]:
    """Median times of tasks --as-of and day --as-of, on an open ledger, in seconds."""
    from engine.storage.database import open_database
    from engine.storage.location import SqliteLocation
    from projections.queries.as_of import moment, tasks_as_of
    from projections.queries.day import daily_summary
    from projections.views.catchup import catch_up

    db = open_database(SqliteLocation(path), create=False)
    rng = random.Random(7)
    tasks_s, day_s, sizes = [], [], []
    for t in _moments(rng, runs):
        started = time.perf_counter()
        catch_up(db)
        rows = tasks_as_of(db, tz, moment(t, None))
        tasks_s.append(time.perf_counter() - started)
        sizes.append(len(rows))
        started = time.perf_counter()
        catch_up(db)
        daily_summary(db, tz, t.astimezone(tz).date(), moment(t, None))
        day_s.append(time.perf_counter() - started)
    db.close()
    return {
        "tasks --as-of": {"median_s": statistics.median(tasks_s), "max_s": max(tasks_s), "median_open_tasks": statistics.median(sizes)},
        "day --as-of": {"median_s": statistics.median(day_s), "max_s": max(day_s)},
    }


def as_commands(path: Path, runs: int, dayledger: str) -> dict[str, Any]:
    """Median wall time of the whole commands in fresh processes, in seconds."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "DAYLEDGER_NOW")}
    env.update(DAYLEDGER_LEDGER=str(path), DAYLEDGER_TZ="Europe/Berlin", DAYLEDGER_STATE_DIR=str(path.parent / "state"))  # listings remember numbers there, not in your home
    subprocess.run([dayledger, "tasks", "--as-of", "2022-01-01"], env=env, stdout=subprocess.DEVNULL, check=True)  # warm caches
    rng = random.Random(11)
    out: dict[str, Any] = {}
    for name, argv in (
        ("python -c pass", lambda t: [sys.executable, "-c", "pass"]),
        ("dayledger tasks --as-of", lambda t: [dayledger, "tasks", "--as-of", t.isoformat(timespec="minutes")]),
        ("dayledger day --as-of", lambda t: [dayledger, "day", t.date().isoformat(), "--as-of", t.isoformat(timespec="minutes")]),
    ):
        samples = []
        for t in _moments(rng, runs):
            started = time.perf_counter()
            subprocess.run(argv(t), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
            samples.append(time.perf_counter() - started)
        out[name] = {"median_s": statistics.median(samples), "max_s": max(samples)}
    return out


def main() -> None:
    from zoneinfo import ZoneInfo

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--ledger", type=Path, help="Use (or create, then keep) this ledger file.")
    parser.add_argument("--keep", action="store_true", help="Keep the generated ledger.")
    parser.add_argument("--dayledger", default=shutil.which("dayledger", path=str(Path(sys.executable).parent)))
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    from engine.storage.database import open_database
    from engine.storage.location import SqliteLocation
    from projections.views.catchup import rebuild

    workdir = Path(tempfile.mkdtemp(prefix="dayledger-bench-"))
    path = args.ledger or workdir / "ledger.sqlite"
    results: dict[str, Any] = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}}
    if not path.exists():
        started = time.perf_counter()
        results["events"] = generate(path, args.events)
        results["generate_s"] = round(time.perf_counter() - started, 1)
        print(f"generated {results['events']:,} events in {results['generate_s']} s ({path})", flush=True)
    db = open_database(SqliteLocation(path), create=False)
    started = time.perf_counter()
    folded = rebuild(db)
    seconds = time.perf_counter() - started
    db.close()
    results["rebuild"] = {"events": folded, "seconds": round(seconds, 1), "events_per_second": round(folded / seconds)}
    print(f"rebuild: {folded:,} events in {seconds:.1f} s = {folded / seconds:,.0f} events/s", flush=True)
    results["in_process"] = in_process(path, args.runs, ZoneInfo("Europe/Berlin"))
    results["command"] = as_commands(path, args.runs, args.dayledger)
    for where in ("in_process", "command"):
        for name, r in results[where].items():
            print(f"{where:<11} {name:<26} median {r['median_s'] * 1000:8.1f} ms   max {r['max_s'] * 1000:8.1f} ms")
    if args.out:
        args.out.write_text(json.dumps(results, indent=2))
    if not (args.keep or args.ledger):
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
