"""``dayledger demo``: the packaged example week is examples/notes, and the demo writes only its own ledger."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import InProcess

ROOT = Path(__file__).resolve().parents[2]


def test_the_packaged_example_week_is_the_examples_notes() -> None:
    packaged = {p.name: p.read_bytes() for p in (ROOT / "cli" / "example_week").glob("*.txt")}
    examples = {p.name: p.read_bytes() for p in (ROOT / "examples" / "notes").glob("*.txt")}
    assert packaged == examples and len(packaged) == 5


def test_demo_writes_its_own_ledger_only_and_fresh_starts_it_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    demo = tmp_path / "data" / "dayledger" / "demo.sqlite"
    other = tmp_path / "mine.sqlite"
    run = InProcess(str(other), now="2026-12-07T10:00+01:00")
    made = run.json("demo")
    assert made["ledger"] == str(demo) and made["import"]["files_imported"] == 5
    assert not other.exists()  # DAYLEDGER_LEDGER names the user's ledger: the demo never writes it
    assert run.run("demo", "--where").stdout.strip() == str(demo)
    refused = run.fails("--ledger", str(other), "demo")
    assert "leave out --ledger" in refused.stderr and not other.exists()
    handle = InProcess(str(demo), now="2026-12-07T10:00+01:00").run("add", "a task of the tour").stdout.strip()
    assert handle in InProcess(str(demo)).run("tasks").stdout
    run.run("demo", "--fresh")
    assert handle not in InProcess(str(demo)).run("tasks").stdout
