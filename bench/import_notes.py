"""Time and peak memory of ``dayledger import`` on ten years of generated daily notes.

    python -m bench.import_notes [--days 3650] [--seed 7] [--dayledger PATH] [--keep DIR] [--out FILE.json]

Writes DAYS daily notes (one file per day, in the style of examples/notes: a title, a free line
or two, sometimes a paper with its abstract, a Tasks section and project sections) from a fixed
seed, then runs the whole command ``dayledger import FOLDER`` in a fresh process into a fresh
SQLite ledger, and reports its wall time and the child's peak resident memory (getrusage). Then
it runs the same import again (everything is recorded already: nothing must be added).

What the notes hold, like real ones: tasks carried for days with their words drifting a little
and then done (some dropped without a word), chores done every few days, appointments written
into tasks, links under tasks, papers, four projects. Byte-code caching is left on for the
command (PYTHONDONTWRITEBYTECODE is unset), as a user has it.
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
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

START = date(2016, 1, 4)
VERBS = ["Fix", "Email", "Call", "Draft", "Review", "Order", "Plan", "Write up", "Look at", "Finish", "Clean", "Book"]
OBJECTS = [
    "the garage door quote", "the permissions spreadsheet", "the pancake printer post", "the tax receipts",
    "the bike headset", "the grant budget", "the clustering notes", "the index2vec scaling test", "the gutters",
    "the data management plan", "the conference travel", "the kitchen tap", "the quarterly report", "the insurance form",
    "the library books", "the tomato beds", "the slides for Thursday", "the reviewer comments", "the backup drive",
]
NAMES = ["Dana", "Karen", "Sam", "Priya", "the landlord", "the bank", "Mom"]
CHORES = ["Bills", "Dishes", "Groceries", "Laundry", "Chores", "Vacuum"]
MARKS = ["– done", "– done", "– done", "- done", "— done", "0 done", "done!"]
PROJECTS = ["SBIRs", "Garden", "Grant", "House"]
PLACES = ["Dentist", "Bike shop", "Doctor", "Haircut", "Car service"]
WHEN = ["Tuesday morning", "Thursday afternoon", "Friday 3pm", "Monday 10:00", "Saturday morning", "next wed 9am"]
FREE = [
    "Big ride planned if the rain holds off", "Slow day, inbox first", "Good tempo ride before work",
    "Rain all day, trainer ride in the garage", "Short day at the desk", "Read on the porch after dinner",
]
WORDS = ["learning", "model", "theory", "data", "network", "training", "scaling", "attention", "loss", "landscape", "retrieval", "heads", "study"]


@dataclass
class Open:
    text: str
    days_left: int
    abandon: bool
    project: str | None


def _drift(text: str, rng: random.Random) -> str:
    """The same task written a little differently (a word dropped or added), sometimes."""
    roll = rng.random()
    words = text.split()
    if roll < 0.1 and len(words) > 3:
        del words[rng.randrange(1, len(words))]
    elif roll < 0.15:
        words.insert(rng.randrange(1, len(words) + 1), rng.choice(["out", "quickly", "again", "properly"]))
    return " ".join(words)


def _new_task(rng: random.Random, serial: int, project: str | None) -> Open:
    verb, obj = rng.choice(VERBS), rng.choice(OBJECTS)
    text = f"{verb} {rng.choice(NAMES)} about {obj}" if verb in ("Email", "Call") else f"{verb} {obj}"
    text += f" ({serial})" if rng.random() < 0.5 else ""  # real lists repeat themselves with small differences
    return Open(text, rng.randint(0, 12), rng.random() < 0.06, project)


def generate(folder: Path, days: int, seed: int) -> int:
    """Write ``days`` notes into ``folder``; returns the bytes written."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    pool: list[Open] = []
    serial = 0
    total = 0
    for offset in range(days):
        day = START + timedelta(days=offset)
        lines = [f"Phil {day.month}.{day.day}.{day.year}", "", rng.choice(FREE)]
        if rng.random() < 0.3:
            lines += ["", f"{rng.choice(FREE)} ({offset})"]
        if rng.random() < 0.3:
            paper = f"{day:%y%m}.{rng.randrange(10000, 99999)}"
            title = " ".join(rng.choice(WORDS).capitalize() for _ in range(rng.randint(4, 9)))
            abstract = " ".join(rng.choice(WORDS) for _ in range(rng.randint(60, 160)))
            lines += ["", f"[{paper}] {title}", "", f"  • {abstract}.", f"    {abstract[:200]}."]
        for _ in range(rng.choice([0, 1, 1, 2])):
            serial += 1
            pool.append(_new_task(rng, serial, rng.choice([None, None, *PROJECTS])))
        sections: dict[str | None, list[str]] = {None: []}
        still: list[Open] = []
        for task in pool:
            if task.abandon and task.days_left <= 0:
                continue  # dropped from the list without a word
            bullet = f"  • {_drift(task.text, rng)}"
            if task.days_left <= 0:
                bullet += f" {rng.choice(MARKS)}"
            else:
                still.append(task)
                task.days_left -= 1
            sections.setdefault(task.project, []).append(bullet)
            if rng.random() < 0.05:
                sections[task.project].append(f"      ◦ https://example.com/{serial}/{rng.randrange(1000)}")
        pool = still
        for chore in CHORES:
            if rng.random() < 0.3:
                sections[None].append(f"  • {chore} {rng.choice(MARKS)}")
        if rng.random() < 0.06:
            sections[None].append(f"  • {rng.choice(PLACES)} – Appointment for {rng.choice(WHEN)}")
        lines += ["", "Tasks", ""] + sections.pop(None)
        for project, bullets in sections.items():
            if bullets:
                lines += ["", str(project), ""] + bullets
        text = "\n".join(lines) + "\n"
        (folder / f"{day.isoformat()}.txt").write_text(text, encoding="utf-8")
        total += len(text.encode())
    return total


def run_import(dayledger: str, folder: Path, ledger: Path) -> dict[str, Any]:
    """One whole ``dayledger import`` in a fresh process: wall time, the child's peak RSS, its answer."""
    env = {**os.environ, "DAYLEDGER_LEDGER": str(ledger), "DAYLEDGER_TZ": "Europe/Berlin"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("DAYLEDGER_NOW", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    proc = subprocess.run([dayledger, "import", "--json", str(folder)], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode != 0:
        raise SystemExit(f"dayledger import failed ({proc.returncode}): {proc.stderr.strip()}")
    answer = json.loads(proc.stdout)
    answer.pop("files")
    return {
        "seconds": round(seconds, 2),
        "peak_rss_mib": round(peak_kib / 1024, 1),
        "peak_rss_note": "max over the children so far" if before else "this child",
        "summary": answer,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=3650)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dayledger", default=shutil.which("dayledger", path=str(Path(sys.executable).parent)) or "dayledger")
    parser.add_argument("--keep", type=Path, help="Write notes and ledger here and keep them.")
    parser.add_argument("--out", type=Path, help="Also write the figures as JSON here.")
    args = parser.parse_args(argv)

    work = args.keep or Path(tempfile.mkdtemp(prefix="dl-bench-import-"))
    try:
        notes, ledger = work / "notes", work / "ledger.sqlite"
        if ledger.exists():
            raise SystemExit(f"{ledger} exists; give an empty --keep folder")
        size = generate(notes, args.days, args.seed)
        first = run_import(args.dayledger, notes, ledger)
        again = run_import(args.dayledger, notes, ledger)
        result = {
            "days": args.days,
            "seed": args.seed,
            "notes_mib": round(size / 2**20, 1),
            "ledger_mib": round(ledger.stat().st_size / 2**20, 1),
            "import": first,
            "reimport": again,
            "python": sys.version.split()[0],
        }
        t = first["summary"]
        print(f"{args.days} notes ({result['notes_mib']} MiB) -> {result['ledger_mib']} MiB SQLite ledger")
        print(
            f"import:   {first['seconds']:.2f} s, peak RSS {first['peak_rss_mib']} MiB; tasks {t['tasks']}, "
            f"{t['appointments']} appointments, {t['readings']} readings, {t['notes']} notes"
        )
        print(f"reimport: {again['seconds']:.2f} s, files unchanged {again['summary']['files_unchanged']}, "
              f"tasks {again['summary']['tasks']}")
        if args.out:
            args.out.write_text(json.dumps(result, indent=2) + "\n")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
