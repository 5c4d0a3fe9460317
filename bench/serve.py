"""``dayledger serve`` under load: each page and API read, and the slider, on big ledgers.

    python -m bench.serve [--tasks 10000] [--notes-days 3650] [--clients 20] [--seconds 60]
                          [--steps 200] [--slider-only] [--dayledger PATH] [--out FILE.json]

Builds a SQLite ledger of N open tasks (``bench.commands.build_ledger``) and, unless
``--notes-days 0``, a ledger of that many days of generated daily notes (``bench.import_notes``,
imported by the real command), starts a real ``dayledger serve`` on a free loopback port for
each, and for every read (the pages and the API) runs ``--clients`` concurrent clients for
``--seconds``, each asking again as soon as it is answered. Reported per read: requests, errors
(any status but 200), and the median and 99th percentile of the server's own time (its
``Server-Timing`` header: from the request's arrival to the response) and of the round trip
seen by the client. The slider: one client steps a view through ``--steps`` moments (a day at a
time back from now, as the slider's keys do), asking only for the view as htmx does; median and
99th percentile of the round trip, the figure the issue bounds at 100 ms. ``--slider-only``:
the slider alone, without the reads under load.
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
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

READS = {
    "page: today": "/",
    "page: tasks": "/tasks",
    "page: tasks, filtered and sorted": "/tasks?filter=/1/&sort=-age&status=all",
    "page: tasks as of 30 days ago": "/tasks?as_of=30%20days%20ago",
    "page: day": "/day?when=yesterday",
    "page: task": "/task/{handle}",
    "api: tasks": "/api/tasks",
    "api: tasks as of 30 days ago, known 10 days ago": "/api/tasks?as_of=30%20days%20ago&known_at=10%20days%20ago",
    "api: task": "/api/tasks/{handle}",
    "api: agenda": "/api/agenda",
    "api: day": "/api/day?when=yesterday",
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def start(dayledger: str, ledger: Path) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "DAYLEDGER_LEDGER": str(ledger), "DAYLEDGER_TZ": "Europe/Berlin"}
    env.pop("DAYLEDGER_NOW", None)
    proc = subprocess.Popen([dayledger, "serve", "--port", "0"], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    url = proc.stdout.readline().strip().rstrip("/")
    if not url.startswith("http://"):
        proc.kill()
        raise SystemExit("dayledger serve did not start")
    return proc, url


def load(url: str, path: str, clients: int, seconds: float) -> dict[str, Any]:
    """``clients`` clients asking for ``path`` over and over for ``seconds``."""
    server_ms: list[float] = []
    round_ms: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    until = time.perf_counter() + seconds

    def client() -> None:
        with httpx.Client(base_url=url, timeout=60) as http:
            while time.perf_counter() < until:
                began = time.perf_counter()
                try:
                    response = http.get(path)
                except httpx.HTTPError as e:
                    with lock:
                        errors.append(type(e).__name__)
                    continue
                took = (time.perf_counter() - began) * 1000
                timing = response.headers.get("server-timing", "app;dur=nan").split("dur=")[-1]
                with lock:
                    if response.status_code != 200:
                        errors.append(str(response.status_code))
                    round_ms.append(took)
                    server_ms.append(float(timing))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {
        "requests": len(round_ms),
        "errors": len(errors),
        "server_p50_ms": round(statistics.median(server_ms), 1) if server_ms else None,
        "server_p99_ms": round(percentile(server_ms, 0.99), 1),
        "round_trip_p50_ms": round(statistics.median(round_ms), 1) if round_ms else None,
        "round_trip_p99_ms": round(percentile(round_ms, 0.99), 1),
        "per_second": round(len(round_ms) / seconds, 1),
    }


def slider(url: str, path: str, steps: int) -> dict[str, Any]:
    """One client stepping ``path``'s view back a day at a time, as htmx asks for it."""
    took: list[float] = []
    server: list[float] = []
    today = date.today()
    with httpx.Client(base_url=url, timeout=60, headers={"HX-Request": "true"}) as http:
        for n in range(steps):
            sep = "&" if "?" in path else "?"
            began = time.perf_counter()
            response = http.get(f"{path}{sep}as_of={today - timedelta(days=n + 1)}")
            took.append((time.perf_counter() - began) * 1000)
            server.append(float(response.headers.get("server-timing", "app;dur=nan").split("dur=")[-1]))
            if response.status_code != 200:
                raise SystemExit(f"slider step {n} answered {response.status_code}: {response.text[:200]}")
    return {
        "steps": steps,
        "round_trip_p50_ms": round(statistics.median(took), 1),
        "round_trip_p99_ms": round(percentile(took, 0.99), 1),
        "server_p99_ms": round(percentile(server, 0.99), 1),
    }


def measure(dayledger: str, ledger: Path, args: argparse.Namespace) -> dict[str, Any]:
    proc, url = start(dayledger, ledger)
    try:
        handle = httpx.get(url + "/api/tasks?sort=-age", timeout=60).json()[0]["handle"]
        out: dict[str, Any] = {"reads": {}, "slider": {}}
        for name, path in () if args.slider_only else READS.items():
            out["reads"][name] = found = load(url, path.format(handle=handle), args.clients, args.seconds)
            print(f"  {name}: {found}", flush=True)
        for name, path in (("tasks page", "/tasks"), ("today page", "/")):
            out["slider"][name] = found = slider(url, path, args.steps)
            print(f"  slider, {name}: {found}", flush=True)
        return out
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--notes-days", type=int, default=3650)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--slider-only", action="store_true", help="measure the slider alone, not the reads under load")
    parser.add_argument("--dayledger", default=shutil.which("dayledger", path=str(Path(sys.executable).parent)) or "dayledger")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    from bench.commands import build_ledger

    results: dict[str, Any] = {"clients": args.clients, "seconds": args.seconds, "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        tasks_ledger = root / "tasks.sqlite"
        build_ledger(tasks_ledger, args.tasks)
        print(f"{args.tasks:,} tasks:", flush=True)
        results[f"{args.tasks} tasks"] = measure(args.dayledger, tasks_ledger, args)
        if args.notes_days:
            from bench.import_notes import generate, run_import

            generate(root / "notes", args.notes_days, seed=7)
            notes_ledger = root / "notes.sqlite"
            run_import(args.dayledger, root / "notes", notes_ledger)
            print(f"{args.notes_days:,} days of notes:", flush=True)
            results[f"{args.notes_days} days of notes"] = measure(args.dayledger, notes_ledger, args)
    text = json.dumps(results, indent=2)
    if args.out:
        args.out.write_text(text + "\n")
    else:
        print(text)


if __name__ == "__main__":
    main()
