"""The encryption benchmark runs (a tiny run): it proves the benchmark works, never a timing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import DAYLEDGER


def test_the_encryption_benchmark_runs_and_writes_its_json(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run(
        [sys.executable, "-m", "bench.encryption", "--days", "5", "--runs", "1", "--imports", "1", "--out", str(out), "--dayledger", str(DAYLEDGER)],
        cwd=root, capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = json.loads(out.read_text())
    for mode in ("plain", "key file", "passphrase"):
        assert results[mode]["import_s"] > 0 and results[mode]["tasks_s"] > 0 and results[mode]["ratio"]["tasks"] > 0
