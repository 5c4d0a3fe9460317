"""The Taskwarrior benchmark runs (at a small size), in one run of it: the import part, and, where
Taskwarrior's ``task`` is installed, the list comparison with both tools listing the same tasks.
It proves the benchmark works, never a timing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import DAYLEDGER

HAS_TASK = shutil.which("task") is not None


def test_the_taskwarrior_benchmark_runs_and_both_tools_list_the_same_tasks(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    root = Path(__file__).resolve().parents[1]
    list_runs = "1" if HAS_TASK else "0"
    proc = subprocess.run(
        [sys.executable, "-m", "bench.taskwarrior", "--tasks", "400", "--list-runs", list_runs, "--out", str(out), "--dayledger", str(DAYLEDGER)],
        cwd=root, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = json.loads(out.read_text())
    assert results["tasks"] == 400 and results["events"] >= 400 and results["import_s"] > 0
    if HAS_TASK:  # .ci/run installs it, so CI always checks the list comparison
        lists = results["list"]
        assert lists["dayledger_s"] > 0 and lists["taskwarrior_s"] > 0 and lists["ratio"] > 0
        assert lists["tasks_listed"]["dayledger"] == lists["tasks_listed"]["taskwarrior"] > 0
