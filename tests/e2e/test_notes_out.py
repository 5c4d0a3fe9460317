"""Notes out: ``export --format notes --out DIR`` writes daily notes that import back to the same ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import Dayledger

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "notes"
DAYS = ["2026-04-20", "2026-04-21", "2026-04-22", "2026-04-23", "2026-04-24"]
NOW = "2026-04-25T12:00+02:00"


def _tasks(d: Dayledger) -> list[tuple[Any, ...]]:
    return sorted((t["text"], t["status"], t["project"]) for t in d.json("tasks", "--status", "all", "--no-routines"))


def _day(d: Dayledger, day: str) -> dict[str, Any]:
    got = d.json("day", day)
    return {
        "notes": sorted(n["text"] for n in got["notes"]),
        "readings": sorted(r["title"] for r in got["readings"]),
        "tasks": {k: sorted(t["text"] for t in v) for k, v in got["tasks"].items()},
        "appointments": sorted((a["text"], a["starts_at"]) for a in got["appointments"]),
    }


def test_notes_round_trip_gives_the_same_task_lists_days_and_timelines(tmp_path: Path) -> None:
    original = Dayledger(str(tmp_path / "original.sqlite"), now=NOW)
    original.run("import", str(EXAMPLES))
    out = tmp_path / "notes"
    assert original.json("export", "--format", "notes", "--out", str(out)) == {"format": "notes", "days": 5, "out": str(out)}
    assert sorted(p.name for p in out.glob("*.txt")) == [f"{d}.txt" for d in DAYS]  # and the hidden list of what it wrote
    text = (out / "2026-04-21.txt").read_text()
    assert text.startswith("Notes 4.21.2026\n")
    assert "  • Draft the data management plan section – done\n" in text and "\nSBIRs\n" in text

    copy = Dayledger(str(tmp_path / "copy.sqlite"), now=NOW)
    summary = copy.json("import", str(out))
    assert summary["files_imported"] == 5 and summary["unclear"] == []
    assert _tasks(copy) == _tasks(original)
    for day in DAYS:
        assert _day(copy, day) == _day(original, day), day
        assert copy.json("day", day, "--as-of", f"{day} 12:00")["tasks"].keys() == original.json("day", day)["tasks"].keys()
    # the notes exported from the copy are the same notes again
    again = tmp_path / "again"
    copy.run("export", "--format", "notes", "--out", str(again))
    assert {p.name: p.read_text() for p in again.iterdir()} == {p.name: p.read_text() for p in out.iterdir()}


def test_notes_need_a_folder(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    dl_sqlite.run("add", "Something")
    assert "--out DIR" in dl_sqlite.fails("export", "--format", "notes").stderr
    file = tmp_path / "a.txt"
    file.write_text("x")
    assert "not a folder" in dl_sqlite.fails("export", "--format", "notes", "--out", str(file)).stderr
