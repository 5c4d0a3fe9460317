"""A chore done and listed again, its notes imported out of order (04-23, 04-20, 04-21, then the
04-22 done mark): the 04-21 line first joins the 04-23 task; the done mark parts them again
(TaskSplit). Every command then tells the history of date order: two tasks, the first done on
04-22, the second captured and done on 04-23; ``history`` and ``show`` say what was parted,
``verify`` and ``rebuild`` agree, ``--explain`` says why."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import InProcess

LINES = {
    "2026-04-20": None,
    "2026-04-21": "Rewrite opening of chapter 7",
    "2026-04-22": "Rewrite the opening of chapter 7 – done",
    "2026-04-23": "Rewrite the opening of chapter 7 – done",
}


def _notes(folder: Path) -> dict[str, str]:
    folder.mkdir()
    paths = {}
    for day, line in LINES.items():
        path = folder / f"{day}.txt"
        path.write_text("Slow morning\n" + (f"\nGarden\n\n  • {line}\n" if line else ""), encoding="utf-8")
        paths[day] = str(path)
    return paths


def _tasks(d: InProcess) -> list[tuple[str, str, str, str]]:
    return sorted((t["text"], t["status"], t["created_at"][:10], (t["completed_at"] or "")[:10]) for t in d.json("tasks", "--status", "all"))


WANT = [
    ("Rewrite opening of chapter 7", "done", "2026-04-21", "2026-04-22"),
    ("Rewrite the opening of chapter 7", "done", "2026-04-23", "2026-04-23"),
]


def test_a_done_mark_arriving_last_parts_the_later_lists_into_a_new_task(ledger_url: str, tmp_path: Path) -> None:
    d = InProcess(ledger_url, now="2026-05-01T12:00:00+02:00")
    paths = _notes(tmp_path / "notes")
    for day in ("2026-04-23", "2026-04-20", "2026-04-21"):
        d.run("import", paths[day])
    assert len(_tasks(d)) == 1  # the 04-21 line joined the 04-23 task
    explained = d.run("import", "--explain", paths["2026-04-22"]).stdout
    assert "1 parted from a task done on an earlier day" in explained
    assert "its lists from 2026-04-23 on are a new task" in explained
    assert _tasks(d) == WANT

    handle = next(t["handle"] for t in d.json("tasks", "--status", "all") if t["text"] == WANT[0][0])
    history = d.run("history", handle).stdout
    split = next(line for line in history.splitlines() if "TaskSplit" in line)
    assert "from 2026-04-23 on: task" in split
    parted = [line for line in history.splitlines() if "after it was closed" in line]
    assert [line.split()[5] for line in parted] == ["TaskCaptured", "TaskCompleted"], history
    assert "done Wed 2026-04-22" in d.run("show", handle).stdout

    day = d.json("day", "2026-04-23")
    assert [t["text"] for t in day["tasks"]["captured"]] == [WANT[1][0]]
    assert [t["text"] for t in day["tasks"]["completed"]] == [WANT[1][0]]
    assert [t["text"] for t in d.json("day", "2026-04-22")["tasks"]["completed"]] == [WANT[0][0]]

    out = tmp_path / "out"
    d.run("export", "--format", "notes", "--out", str(out))
    assert (out / "2026-04-23.txt").read_text(encoding="utf-8").count("•") == 1
    assert "Rewrite opening of chapter 7 – done" in (out / "2026-04-22.txt").read_text(encoding="utf-8")

    timeline = d.run("timeline", "Garden").stdout
    assert sum("TaskCompleted" in line for line in timeline.splitlines()) == 2, timeline  # one each, on 04-22 and 04-23

    changes = d.json("diff", "2026-04-20", "2026-04-25")
    done = sorted((c["text"], c["at"][:10]) for c in changes if c["kind"] == "completed")
    assert done == [(WANT[0][0], "2026-04-22"), (WANT[1][0], "2026-04-23")], changes

    assert d.run("verify").returncode == 0
    before = d.run("import", *paths.values()).stdout
    assert "4 unchanged" in before
    d.run("rebuild")
    assert _tasks(d) == WANT
    assert d.run("verify").returncode == 0


def test_a_parted_task_is_reopened_done_and_undone_like_any_other(dli_sqlite: InProcess, tmp_path: Path) -> None:
    """Commands and undo on both halves: the split and the passed-over facts stay out of the way."""
    d = InProcess(dli_sqlite.ledger, now="2026-05-01T12:00:00+02:00")
    paths = _notes(tmp_path / "notes")
    for day in ("2026-04-23", "2026-04-20", "2026-04-21", "2026-04-22"):
        d.run("import", paths[day])
    handles = {t["text"]: t["handle"] for t in d.json("tasks", "--status", "all")}
    first, second = handles[WANT[0][0]], handles[WANT[1][0]]
    d.run("reopen", first, "--at", "2026-04-29 10:00")
    d.run("done", first, "--at", "2026-04-30 10:00")
    assert d.run("done", first, check=False).returncode != 0  # done already
    d.run("undo")
    d.run("undo")
    assert _tasks(d) == WANT
    d.run("reopen", second, "--at", "2026-04-24 09:00")
    assert ("Rewrite the opening of chapter 7", "open", "2026-04-23", "") in _tasks(d)
    d.run("undo")
    assert _tasks(d) == WANT
    assert d.run("verify").returncode == 0
