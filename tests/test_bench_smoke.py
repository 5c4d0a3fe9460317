"""The benchmark runs (a smoke run of its small size): it proves the benchmark works, never a timing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import DAYLEDGER


def test_the_small_benchmark_runs_and_writes_its_json(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--size", "small", "--out", str(out), "--dayledger", str(DAYLEDGER), "--postgres", ""],
        cwd=root, capture_output=True, text=True, timeout=600, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = json.loads(out.read_text())
    assert results["write"]["events"] > 0 and results["write"]["raw_insert_events_per_s"] > 0
    assert results["rebuild"]["events"] > 0 and results["rebuild"]["raw_select_decode_events_per_s"] > 0
    # The floor (SQLite alone writing the same rows) is below what dayledger took to write them.
    assert 0 < results["write"]["sqlite_floor_s"] < results["write"]["seconds"]
    assert 0 < results["rebuild"]["sqlite_floor_s"] < results["rebuild"]["seconds"]
    assert "median_s" in results["reads"]["notes ledger: tasks"]
    assert "median_s" in results["reads"]["with 6 routines: report week --format md"]
    assert "write" in proc.stdout and "rebuild" in proc.stdout
    # Each bulk command over its floor, the ratios issue 21's targets are set in.
    assert results["write"]["floor_ratio"] > 1 and results["rebuild"]["floor_ratio"] > 1
    assert "import / floor" in proc.stdout and "rebuild / floor" in proc.stdout
