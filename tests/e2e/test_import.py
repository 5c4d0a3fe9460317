"""Importing daily notes with the real command: the shared sample, the example week, re-imports,
dry runs and bad files, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import Dayledger

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "notes"
SAMPLE_CANDIDATES = (REPO.parent / "shared" / "samples" / "2026-04-24.txt", Path("/work/shared/samples/2026-04-24.txt"))
SAMPLE = next((p for p in SAMPLE_CANDIDATES if p.exists()), None)
NOW = "2026-04-26T12:00+02:00"
BIKE = "The Bicycle Escape (Ritchey wheel, and Cervelo headset, creaking)"

needs_sample = pytest.mark.skipif(
    SAMPLE is None, reason=f"the shared sample note is not here (looked at {', '.join(map(str, SAMPLE_CANDIDATES))})"
)


def by_status(tasks: list[dict], project: str | None) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for t in tasks:
        if t["project"] == project:
            out.setdefault(t["status"], set()).add(t["text"])
    return out


@needs_sample
def test_shared_sample_yields_its_tasks_appointment_reading_and_note(ledger_url: str) -> None:
    dl = Dayledger(ledger_url, now=NOW)
    summary = dl.json("import", str(SAMPLE))
    assert summary["files_imported"] == 1 and summary["errors"] == [] and summary["unclear"] == []
    tasks = dl.json("tasks", "--status", "all")
    assert by_status(tasks, None) == {
        "open": {"Continue filling out permissions spreadsheet", "Work on pancake printer post", BIKE},
        "done": {"Bills", "Chores", "Dishes", "Groceries"},
    }
    assert by_status(tasks, "SBIRs") == {
        "open": {"Re-map and cluster the original narratives", "Look at the index2vec code and see how well it will scale"}
    }
    assert all(t["created_at"] == "2026-04-24T00:00:00+02:00" for t in tasks)  # the note's local day
    [bike] = [t for t in tasks if t["text"] == BIKE]
    [appt] = dl.json("appt", "list")
    assert appt["starts_at"] == "2026-04-28T09:00:00+02:00"  # Tuesday morning after Friday 2026-04-24
    assert appt["task_id"] == bike["id"] and appt["text"] == BIKE
    log = dl.json("log")
    [reading] = [e for e in log if e["type"] == "ReadingLogged"]
    assert reading["arxiv_id"] == "2604.21691"
    assert reading["title"] == "There Will Be a Scientific Theory of Deep Learning"
    assert reading["abstract"].startswith("In this paper")
    [note] = [e for e in log if e["type"] == "NoteRecorded"]
    assert note["text"].startswith("Do a big ride today")
    assert note["source"]["kind"] == "import" and note["source"]["file"] == str(SAMPLE) and note["source"]["line"] == 3
    assert len(note["source"]["sha256"]) == 64
    counts_before = Counter(e["type"] for e in log)

    again = dl.json("import", str(SAMPLE))
    assert again["files_unchanged"] == 1 and again["tasks"] == {"new": 0, "carried": 0, "completed": 0}
    assert Counter(e["type"] for e in dl.json("log")) == counts_before


def test_example_week_follows_the_drifting_task_to_its_completion(dl_sqlite: Dayledger) -> None:
    dl = dl_sqlite
    dl.run("import", str(EXAMPLES))
    tasks = dl.json("tasks", "--status", "all")
    permissions = [t for t in tasks if "permissions spreadsheet" in t["text"]]
    assert len(permissions) == 1
    [task] = permissions
    assert task["status"] == "done" and task["carried"] == 2
    assert task["completed_at"] == "2026-04-23T00:00:00+02:00"
    history = [(e["type"], e["occurred_at"][:10], e["source"]["line"]) for e in dl.json("log") if e["originator_id"].replace("-", "") == task["id"]]
    assert history == [
        ("TaskCaptured", "2026-04-20", 7),
        ("TaskCarried", "2026-04-21", 12),  # as "Continue filling permissions spreadsheet"
        ("TaskCarried", "2026-04-22", 7),
        ("TaskCompleted", "2026-04-23", 12),
    ]
    dishes = [t for t in tasks if t["text"] == "Dishes"]
    assert len(dishes) == 5 and {t["status"] for t in dishes} == {"done"}  # a chore each day, not one task
    # A note dates its lines by the day only: the day shows them without a made-up 00:00.
    friday = dl.json("day", "2026-04-24")
    assert friday["notes"] and all(n["day_only"] for n in friday["notes"])
    assert "00:00" not in dl.run("day", "2026-04-24").stdout
    Dayledger(dl.ledger, now="2026-04-24T18:30+02:00").run("note", "Typed in the evening")
    typed = [n for n in dl.json("day", "2026-04-24")["notes"] if n["text"] == "Typed in the evening"]
    assert [n["day_only"] for n in typed] == [False]
    assert "18:30  Typed in the evening" in dl.run("day", "2026-04-24").stdout
    captured = [e for e in dl.json("history", "permissions spreadsheet") if e["type"] == "TaskCaptured"]
    assert [e["day_only"] for e in captured] == [True]
    assert "2026-04-20 00:00" not in dl.run("history", "permissions spreadsheet").stdout


def test_reimport_adds_nothing_and_dry_run_writes_nothing(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    dl = dl_sqlite
    planned = dl.json("import", "--dry-run", str(EXAMPLES))
    assert not Path(dl.ledger).exists() and not Path(dl.ledger).parent.exists()
    assert planned["dry_run"] and planned["tasks"]["new"] > 0
    done = dl.json("import", str(EXAMPLES))
    for field in ("tasks", "appointments", "readings", "notes"):
        assert done[field] == planned[field]
    count = dl.event_count()
    again = dl.json("import", str(EXAMPLES), str(EXAMPLES / "2026-04-22.txt"))
    assert again["files_unchanged"] == 5 and again["notes_read"] == 5
    assert dl.event_count() == count
    assert "nothing new to record" in dl.run("import", "--dry-run", str(EXAMPLES)).stdout


def test_edited_note_adds_only_the_difference(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    dl = dl_sqlite
    note = tmp_path / "2026-04-24.txt"
    note.write_text("Phil 4.24.2026\n\nTasks\n\n  • Call the plumber\n  • Dishes – done\n", encoding="utf-8")
    dl.run("import", str(note))
    before = dl.json("log")
    note.write_text(
        "Phil 4.24.2026\n\nA line added later\n\nTasks\n\n  • Call the plumber – done\n  • Dishes – done\n  • Buy stamps\n",
        encoding="utf-8",
    )
    summary = dl.json("import", str(note))
    assert summary["tasks"] == {"new": 1, "carried": 0, "completed": 1} and summary["notes"] == 1
    after = dl.json("log")
    assert after[: len(before)] == before  # nothing rewritten
    added = [(e["type"], e.get("text")) for e in after[len(before):]]
    assert sorted(added, key=str) == sorted([("NoteRecorded", "A line added later"), ("TaskCompleted", None), ("TaskCaptured", "Buy stamps")], key=str)
    [plumber] = [t for t in dl.json("tasks", "--status", "all") if t["text"] == "Call the plumber"]
    assert plumber["status"] == "done"


def test_bad_files_are_named_one_line_each_and_write_nothing_while_the_rest_imports(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    dl = dl_sqlite
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "2026-04-20.txt").write_text("Phil 4.20.2026\n\nTasks\n  • Fix the gate\n", encoding="utf-8")
    (folder / "no-date.txt").write_text("Just some thoughts\n\nTasks\n  • Something\n", encoding="utf-8")
    (folder / "empty.md").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"Phil 4.21.2026\n\x00\x01\x02")
    (folder / "latin1.txt").write_bytes("Phil 4.22.2026\n\nCaf\u00e9 au lait\n".encode("latin-1"))
    (folder / "future.txt").write_text("Phil 12.24.2027\n\nTasks\n  • Wrap presents\n", encoding="utf-8")
    (folder / "impossible.txt").write_text("Phil 2.30.2026\n\nA line\n", encoding="utf-8")
    proc = dl.run("import", str(folder), str(tmp_path / "missing.txt"), check=False)
    assert proc.returncode == 2
    errors = proc.stderr.strip().splitlines()
    assert len(errors) == 7 and "Traceback" not in proc.stderr
    assert all(line.startswith("dayledger: error: ") for line in errors)
    expected = {
        "no-date.txt": "no date",
        "empty.md": "empty",
        "binary.txt:2": "binary",
        "latin1.txt:3": "not UTF-8",
        "future.txt:1": "future",
        "impossible.txt:1": "impossible date",
        "missing.txt": "no such file",
    }
    for where, what in expected.items():
        assert any(where in line and what in line for line in errors), (where, errors)
    assert [t["text"] for t in dl.json("tasks")] == ["Fix the gate"]
    assert {e["source"]["file"] for e in dl.json("log")} == {str(folder / "2026-04-20.txt")}


def test_date_order_reads_ambiguous_titles(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Phil 4.5.2026\n\nA quiet day\n", encoding="utf-8")
    assert [f["day"] for f in dl_sqlite.json("import", "--dry-run", str(note))["files"]] == ["2026-04-05"]
    assert [f["day"] for f in dl_sqlite.json("import", "--dry-run", "--date-order", "DMY", str(note))["files"]] == ["2026-05-04"]


def test_explain_says_why_and_overrides_change_the_decision(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Phil 4.20.2026\n\nTasks\n  • Draft the grant budget\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Phil 4.21.2026\n\nTasks\n  • Draft grant budget\n", encoding="utf-8")
    out = dl_sqlite.run("import", "--dry-run", "--explain", str(tmp_path)).stdout
    assert "'draft grant budget' = task" in out and "similar, score 0.9" in out and "open since 2026-04-20" in out
    split = dl_sqlite.json("import", "--dry-run", "--explain", "--separate", "Draft the grant budget", "Draft grant budget", str(tmp_path))
    assert split["tasks"] == {"new": 2, "carried": 0, "completed": 0}
    [decision] = split["files"][1]["matches"]
    assert decision["rule"] == "new (--separate)" and decision["task_id"] is None
    (tmp_path / "c.txt").write_text("Phil 4.22.2026\n\nTasks\n  • Budget for the grant\n", encoding="utf-8")
    joined = dl_sqlite.json("import", "--dry-run", "--same", "draft grant budget", "Budget for the grant", str(tmp_path))
    assert joined["tasks"] == {"new": 1, "carried": 2, "completed": 0}


def test_help_names_the_options(dl_sqlite: Dayledger) -> None:
    out = dl_sqlite.run("import", "--help").stdout
    for option in ("--dry-run", "--explain", "--recheck", "--same", "--separate", "--date-order", "--match-threshold", "--day-part", "--from"):
        assert option in out


def test_two_imports_of_the_same_notes_at_once_record_them_once(dl_sqlite: Dayledger) -> None:
    from concurrent.futures import ThreadPoolExecutor

    reference = Dayledger(dl_sqlite.ledger + ".reference")
    reference.run("import", str(EXAMPLES))
    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda _: dl_sqlite.run("import", str(EXAMPLES), check=False), range(2)))
    assert [r.returncode for r in runs] == [0, 0], [r.stderr for r in runs]
    assert dl_sqlite.event_count() == reference.event_count()
    assert sorted(t["id"] for t in dl_sqlite.json("tasks", "--status", "all")) == sorted(
        t["id"] for t in reference.json("tasks", "--status", "all")
    )  # ids come from the facts' keys: the same notes give the same tasks
