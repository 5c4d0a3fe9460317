"""Importing a folder again: a note whose exact bytes were recorded for its day is not planned
again (the daily re-import of years of notes reads only what is new), with the real command."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import Dayledger, InProcess

# Nothing in this file needs a process of its own: `dl` and `dl_sqlite` run the commands in this one.
pytestmark = pytest.mark.in_process

NOW = "2026-04-26T12:00+02:00"
UNCLEAR = "---"


def _notes(folder: Path) -> Path:
    folder.mkdir()
    (folder / "2026-04-20.txt").write_text(
        "Phil 4.20.2026\n\nTasks\n\n  • Call the plumber\n  • Dishes – done\n", encoding="utf-8"
    )
    (folder / "2026-04-21.txt").write_text(
        f"Phil 4.21.2026\n\nTasks\n\n  • Call the plumber – done\n  • Dishes – done\n  {UNCLEAR}\n", encoding="utf-8"
    )
    return folder


def test_recorded_notes_are_unchanged_without_being_planned_and_explain_plans_them(ledger_url: str, tmp_path: Path) -> None:
    dl = InProcess(ledger_url, now=NOW)
    folder = _notes(tmp_path / "notes")
    first = dl.json("import", str(folder))
    assert first["files_imported"] == 2 and [u["text"] for u in first["unclear"]] == [UNCLEAR]
    count = dl.event_count()

    again = dl.json("import", str(folder))
    # not planned: the unclear line, reported when it was recorded, is not reported again
    assert again["files_unchanged"] == 2 and again["notes_read"] == 2 and again["unclear"] == []
    assert [(f["file"].rsplit("/", 1)[-1], f["day"], f["status"]) for f in again["files"]] == [
        ("2026-04-20.txt", "2026-04-20", "unchanged"), ("2026-04-21.txt", "2026-04-21", "unchanged"),
    ]
    assert dl.event_count() == count

    explained = dl.json("import", "--explain", str(folder))  # planned again, to say why
    assert explained["files_unchanged"] == 2 and [u["text"] for u in explained["unclear"]] == [UNCLEAR]
    rules = {m["rule"] for f in explained["files"] for m in f["matches"]}
    assert rules == {"recorded before"}
    assert dl.event_count() == count

    rechecked = dl.json("import", "--recheck", str(folder))  # planned again: nothing new, the unclear line listed
    assert rechecked["files_unchanged"] == 2 and [u["text"] for u in rechecked["unclear"]] == [UNCLEAR]
    assert dl.event_count() == count

    (folder / "2026-04-21.txt").write_text(
        f"Phil 4.21.2026\n\nTasks\n\n  • Call the plumber – done\n  • Dishes – done\n  {UNCLEAR}\n  • Buy stamps\n", encoding="utf-8"
    )
    edited = dl.json("import", str(folder))
    assert edited["files_imported"] == 1 and edited["files_unchanged"] == 1 and edited["tasks"]["new"] == 1
    assert [u["text"] for u in edited["unclear"]] == [UNCLEAR]  # an edited note is planned, all of it
    assert dl.json("import", str(folder))["files_unchanged"] == 2


def test_a_routine_made_later_does_not_turn_recorded_chores_into_occurrences(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    """The old notes' "Dishes – done" lines were recorded as tasks: they stay tasks."""
    dl = InProcess(dl_sqlite.ledger, now=NOW)
    folder = _notes(tmp_path / "notes")
    dl.json("import", str(folder))
    dl.run("routine", "add", "Dishes", "--cron", "0 20 * * *", "--from", "2026-04-01")
    count = dl.event_count()
    again = dl.json("import", str(folder))
    assert again["files_unchanged"] == 2 and again["routine_occurrences_done"] == 0
    assert dl.event_count() == count


def test_identical_notes_of_different_days_are_each_recorded(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    """A note without a title takes its day from its file name: the same bytes under another
    day's name are another day's note."""
    dl = InProcess(dl_sqlite.ledger, now=NOW)
    folder = tmp_path / "notes"
    folder.mkdir()
    text = "Tasks\n\n  • Water the tomatoes – done\n"
    (folder / "2026-04-20.txt").write_text(text, encoding="utf-8")
    assert dl.json("import", str(folder))["files_imported"] == 1
    shutil.copy(folder / "2026-04-20.txt", folder / "2026-04-21.txt")
    second = dl.json("import", str(folder))
    assert [f["status"] for f in second["files"]] == ["unchanged", "imported"]
    assert second["tasks"] == {"new": 1, "carried": 0, "completed": 1}
    assert dl.json("import", str(folder))["files_unchanged"] == 2


def test_rebuilt_views_still_know_the_recorded_notes(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    dl = InProcess(dl_sqlite.ledger, now=NOW)
    folder = _notes(tmp_path / "notes")
    dl.json("import", str(folder))
    dl.run("rebuild")
    again = dl.json("import", str(folder))
    assert again["files_unchanged"] == 2 and again["unclear"] == []
