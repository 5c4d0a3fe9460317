"""The calendar import benchmark runs (at a small size): it proves the benchmark works, never a timing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import DAYLEDGER


def test_the_ics_benchmark_runs_and_writes_its_json(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run(
        [sys.executable, "-m", "bench.ics_import", "--events", "100", "--out", str(out), "--dayledger", str(DAYLEDGER)],
        cwd=root, capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = json.loads(out.read_text())
    assert results["vevents"] == 100 and results["recurring"] == 10 and results["events"] > 100 and results["import_s"] > 0
