"""The list comparison with Taskwarrior runs (at a small size): it proves the benchmark works and
that both list the same tasks, never a timing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DAYLEDGER


@pytest.mark.skipif(shutil.which("task") is None, reason="Taskwarrior's task is not installed")
def test_the_list_comparison_runs_and_both_list_the_same_tasks(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run(
        [sys.executable, "-m", "bench.taskwarrior", "--tasks", "400", "--list-runs", "1", "--out", str(out), "--dayledger", str(DAYLEDGER)],
        cwd=root, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    lists = json.loads(out.read_text())["list"]
    assert lists["dayledger_s"] > 0 and lists["taskwarrior_s"] > 0 and lists["ratio"] > 0
    assert lists["tasks_listed"]["dayledger"] == lists["tasks_listed"]["taskwarrior"] > 0
