"""What encryption at rest costs: the same work on a plain and on an encrypted ledger.

    python -m bench.encryption [--days 365] [--runs 11] [--imports 3] [--dayledger PATH] [--out FILE.json]

Generates DAYS daily notes (bench.import_notes), then for a plain ledger, an encrypted one with
a generated key file (a raw 256-bit key, as ``dayledger init --encrypt`` makes) and an encrypted
one with a passphrase in DAYLEDGER_KEY (SQLCipher's key derivation, once per command): runs
``dayledger import`` of the notes into fresh ledgers (median of IMPORTS), then times
``dayledger tasks`` and ``dayledger day`` cold, each in a fresh process (median of RUNS), the
modes taking turns, and reports each time as a ratio of the plain one.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.__main__ import _env, measure
from bench.import_notes import generate

MODES = ("plain", "key file", "passphrase")


def _ledger_env(folder: Path, mode: str, n: int) -> dict[str, str]:
    env = _env(str(folder / f"{mode.replace(' ', '-')}-{n}.sqlite"))
    env["XDG_CONFIG_HOME"] = str(folder / "config")
    for name in ("DAYLEDGER_KEY", "DAYLEDGER_KEY_FILE"):
        env.pop(name, None)
    if mode == "passphrase":
        env["DAYLEDGER_KEY"] = "a long passphrase for the benchmark"
    return env


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 4)


def bench(dayledger: str, folder: Path, days: int, runs: int, imports: int) -> dict[str, Any]:
    """Each round measures every mode once, so load from other work falls on all of them alike."""
    notes = folder / "notes"
    generate(notes, days, seed=7)
    imported: dict[str, list[float]] = {m: [] for m in MODES}
    for n in range(imports):
        for mode in MODES:
            env = _ledger_env(folder, mode, n)
            measure([dayledger, "init", *(["--encrypt"] if mode == "key file" else [])], env)
            imported[mode].append(measure([dayledger, "import", str(notes)], env)[0])
    reads: dict[str, dict[str, list[float]]] = {m: {"tasks": [], "day": []} for m in MODES}
    for _ in range(runs):
        for mode in MODES:
            env = _ledger_env(folder, mode, 0)
            reads[mode]["tasks"].append(measure([dayledger, "tasks"], env)[0])
            reads[mode]["day"].append(measure([dayledger, "day", "2016-06-01"], env)[0])
    results: dict[str, Any] = {"days": days, "runs": runs, "imports": imports}
    for mode in MODES:
        results[mode] = {
            "import_s": _median(imported[mode]),
            "tasks_s": _median(reads[mode]["tasks"]),
            "day_s": _median(reads[mode]["day"]),
        }
    plain = results["plain"]
    for mode in MODES:
        results[mode]["ratio"] = {k: round(results[mode][f"{k}_s"] / plain[f"{k}_s"], 2) for k in ("import", "tasks", "day")}
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--imports", type=int, default=3)
    parser.add_argument("--dayledger", default=shutil.which("dayledger", path=str(Path(sys.executable).parent)) or "dayledger")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dayledger-bench-encryption-") as tmp:
        results = bench(args.dayledger, Path(tmp), args.days, args.runs, args.imports)
    text = json.dumps(results, indent=2)
    if args.out:
        args.out.write_text(text + "\n")
    print(text)
    print("\nmode         import s   tasks s   day s    (ratio to plain)", file=sys.stderr)
    for mode in MODES:
        r = results[mode]
        ratio = r["ratio"]
        print(
            f"{mode:<12} {r['import_s']:>7.2f}   {r['tasks_s']:>7.3f}   {r['day_s']:>6.3f}   "
            f"({ratio['import']}x / {ratio['tasks']}x / {ratio['day']}x)",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main()
