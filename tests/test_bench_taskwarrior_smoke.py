"""The Taskwarrior import benchmark runs (at a small size): it proves the benchmark works, never a timing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import DAYLEDGER


def test_the_taskwarrior_benchmark_runs_and_writes_its_json(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run(
        [sys.executable, "-m", "bench.taskwarrior", "--tasks", "50", "--list-runs", "0", "--out", str(out), "--dayledger", str(DAYLEDGER)],
        cwd=root, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = json.loads(out.read_text())
    assert results["tasks"] == 50 and results["events"] >= 50 and results["import_s"] > 0
