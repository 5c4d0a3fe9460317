"""Time to list the agenda for 30 days with 50 routines and 5 years of history.

    python -m bench.agenda [--routines 50] [--years 5] [--runs 11] [--dayledger PATH]

Builds a SQLite ledger of ``routines`` routines (daily, weekday, weekly, monthly) defined
``years`` ago, with about 70% of their past occurrences marked done and 10% skipped, plus a few
hundred tasks and appointments; then times ``dayledger agenda --days 30`` in fresh processes
(median) and the agenda query in process, beside ``python -c pass``.
"""

from __future__ import annotations

import argparse
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

CRONS = ["@daily", "0 9 * * mon-fri", "0 18 * * sun", "0 8 1 * *", "30 7 * * *"]


def build(path: Path, routines: int, years: int, now: datetime) -> int:
    """The ledger; returns the number of events written."""
    from zoneinfo import ZoneInfo

    from engine.rules import appointment, task
    from engine.rules import routine as rules
    from engine.rules.cron import occurrences
    from engine.rules.stamp import Stamp
    from engine.storage.database import open_database
    from engine.storage.event_store import EventStore
    from engine.storage.location import SqliteLocation
    from events import OccurrenceDone, OccurrenceSkipped, Source
    from projections.views.catchup import catch_up

    tz = ZoneInfo("Europe/Berlin")
    rnd = random.Random(7)
    location = SqliteLocation(path)
    db = open_database(location, create=True)
    store = EventStore(location)
    source = Source(kind="bench")
    start = now - timedelta(days=365 * years)
    written = 0
    for n in range(routines):
        rid = uuid.uuid4()
        stamp = Stamp(start, start, source, uuid.uuid4())
        events = rules.define(rid, f"Routine {n}", CRONS[n % len(CRONS)], start, "Europe/Berlin", stamp)
        r = rules.routine_from(events)
        assert r is not None
        for occ in occurrences(r.schedule, start, now - timedelta(days=1), tz):
            roll = rnd.random()
            if roll < 0.8:
                s = Stamp(occ + timedelta(hours=1), occ + timedelta(hours=1), source, uuid.uuid4())
                kind = OccurrenceDone if roll < 0.7 else OccurrenceSkipped
                events.append(kind(**s.fields(rid, len(events) + 1), occurrence_at=occ))
        for i in range(0, len(events), 2000):
            store.append(events[i : i + 2000])
        written += len(events)
    batch = []
    for n in range(300):
        at = start + timedelta(days=rnd.randrange(365 * years))
        s = Stamp(at, at, source, uuid.uuid4())
        batch += task.capture(uuid.uuid4(), f"Task {n}", s, due=now + timedelta(days=rnd.randrange(-10, 40)))
        batch += appointment.schedule(uuid.uuid4(), f"Appointment {n}", now + timedelta(days=rnd.randrange(-300, 60), hours=9), s)
    store.append(batch)
    written += len(batch)
    catch_up(db)
    store.close()
    db.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--routines", type=int, default=50)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--dayledger", default=shutil.which("dayledger", path=str(Path(sys.executable).parent)))
    args = parser.parse_args()
    now = datetime.now(UTC)
    workdir = Path(tempfile.mkdtemp(prefix="dayledger-agenda-"))
    ledger = workdir / "ledger.sqlite"
    t0 = time.perf_counter()
    events = build(ledger, args.routines, args.years, now)
    print(f"ledger: {args.routines} routines, {args.years} years, {events} events, built in {time.perf_counter() - t0:.1f} s")

    from zoneinfo import ZoneInfo

    from engine.storage.database import open_database
    from engine.storage.location import SqliteLocation
    from projections.queries.agenda import agenda

    db = open_database(SqliteLocation(ledger), create=False)
    tz = ZoneInfo("Europe/Berlin")
    in_process = []
    for _ in range(args.runs):
        t = time.perf_counter()
        agenda(db, tz, start=now.astimezone(tz).date(), days=30, now=now)
        in_process.append(time.perf_counter() - t)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(DAYLEDGER_LEDGER=str(ledger), DAYLEDGER_TZ="Europe/Berlin", DAYLEDGER_STATE_DIR=str(ledger.parent / "state"))  # listings remember numbers there, not in your home
    subprocess.run([args.dayledger, "agenda", "--days", "30"], env=env, stdout=subprocess.DEVNULL, check=True)

    def cold(argv: list[str]) -> float:
        samples = []
        for _ in range(args.runs):
            t = time.perf_counter()
            subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)
            samples.append(time.perf_counter() - t)
        return statistics.median(samples)

    floor = cold([sys.executable, "-c", "pass"])
    command = cold([args.dayledger, "agenda", "--days", "30"])
    print(f"agenda --days 30 in process: median {statistics.median(in_process) * 1000:.0f} ms")
    print(f"dayledger agenda --days 30 (cold command): median {command:.3f} s; python -c pass {floor:.3f} s ({command / floor:.1f}x)")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
