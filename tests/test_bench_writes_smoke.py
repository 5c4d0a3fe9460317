"""The write benchmark runs (at a small size, one run of each command): every write and, where
Taskwarrior's ``task`` is installed, its counterpart answer on the same tasks. It proves the
benchmark works, never a timing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from bench.writes import pairs
from tests.conftest import DAYLEDGER

HAS_TASK = shutil.which("task") is not None


def test_the_write_benchmark_runs_every_write_and_its_counterpart(tmp_path: Path) -> None:
    out = tmp_path / "writes.json"
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run(
        [sys.executable, "-m", "bench.writes", "--tasks", "200", "--runs", "1", "--out", str(out), "--dayledger", str(DAYLEDGER)],
        cwd=root, capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = json.loads(out.read_text())
    for name in ("python -c pass", "--version", "--help", *pairs("", "", [""] * 3, 1)):
        assert results[name]["cpu_median_s"] > 0 and results[name]["peak_rss_mib"] > 0, name
        assert name in proc.stdout or name == "python -c pass"
    assert results["--help"]["ratio_to_python"] > 0
    if HAS_TASK:  # .ci/run installs it, so CI always checks the comparison
        for name in pairs("", "", [""] * 3, 1):
            assert results[name]["taskwarrior"]["cpu_median_s"] > 0 and results[name]["ratio"] > 0, name
