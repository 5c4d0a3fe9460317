"""todo.txt in and out through the real command: ``import --from todotxt``, ``export --format todotxt``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Dayledger, InProcess

# Nothing in this file needs a process of its own: `dl` and `dl_sqlite` run the commands in this one.
pytestmark = pytest.mark.in_process

TODO = """\
(A) 2026-04-20 Email Dana about the quote +Garage @phone due:2026-04-28
x 2026-04-24 2026-04-20 Renew library books pri:B

2026-04-21 Fix the gutters +Home_Repairs @weekend
x 2026-04-22 Buy milk
Call mom @phone
"""


def _tasks(d: Dayledger, *extra: str) -> dict[str, dict[str, Any]]:
    return {t["text"]: t for t in d.json("tasks", "--status", "all", "--no-routines", *extra)}


def test_import_reads_dates_priorities_projects_contexts_and_is_idempotent(dl: Dayledger, tmp_path: Path) -> None:
    todo = tmp_path / "todo.txt"
    todo.write_text(TODO)
    assert dl.json("import", "--from", "todotxt", str(todo), "--dry-run")["files"][0]["new"] == 5
    assert dl.event_count() == 0
    first = dl.json("import", "--from", "todotxt", str(todo))["files"][0]
    assert (first["new"], first["completed"], first["projects_started"]) == (5, 2, 2)
    assert dl.json("import", "--from", "todotxt", str(todo))["files"][0]["events"] == 0

    tasks = _tasks(dl)
    dana = tasks["Email Dana about the quote"]
    assert (dana["project"], set(dana["tags"]), dana["priority"], dana["status"]) == ("Garage", {"phone"}, "H", "open")
    assert dana["due"] == "2026-04-28" and dana["created_at"].startswith("2026-04-20T00:00")
    books = tasks["Renew library books"]
    assert books["status"] == "done" and books["completed_at"].startswith("2026-04-24") and (books["tags"], books["priority"]) == ([], "M")
    assert tasks["Fix the gutters"]["project"] == "Home_Repairs"
    assert _tasks(dl, "--as-of", "2026-04-23")["Renew library books"]["status"] == "open"

    # the same list later: the quote emailed, the gutters given a priority
    todo.write_text(TODO.replace("(A) 2026-04-20 Email", "x 2026-04-25 2026-04-20 Email").replace("2026-04-21 Fix", "(B) 2026-04-21 Fix"))
    later = dl.json("import", "--from", "todotxt", str(todo))["files"][0]
    assert (later["new"], later["completed"], later["changed"]) == (0, 1, 2)  # (A) dropped from the quote, (B) given to the gutters
    assert _tasks(dl)["Email Dana about the quote"]["status"] == "done"


def test_export_then_import_gives_the_same_lists(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    source = InProcess(str(tmp_path / "source.sqlite"))
    source.run("add", "Email Dana", "-p", "Garage Door", "--tag", "phone", "--due", "2026-04-28", "--at", "2026-04-20 09:00")
    source.run("add", "Renew library books", "--tag", "pri-B", "--at", "2026-04-20 10:00")
    source.run("add", "Dropped idea", "--at", "2026-04-20 11:00")
    source.run("done", "library", "--at", "2026-04-24 17:00")
    source.run("cancel", "Dropped")
    out = tmp_path / "todo.txt"
    source.run("export", "--format", "todotxt", "--out", str(out))
    lines = out.read_text().splitlines()
    assert lines == [
        "2026-04-20 Email Dana +Garage_Door @phone due:2026-04-28",
        "x 2026-04-24 2026-04-20 Renew library books pri:B",
    ]
    dl_sqlite.run("import", "--from", "todotxt", str(out))
    got = {(t["text"], t["status"], t["created_at"][:10], t["completed_at"] and t["completed_at"][:10]) for t in _tasks(dl_sqlite).values()}
    assert got == {("Email Dana", "open", "2026-04-20", None), ("Renew library books", "done", "2026-04-20", "2026-04-24")}


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Fine task\nx 2026-13-01 Bad month\n", "todo.txt:2: the completion date '2026-13-01' is not a date"),
        ("Fine task\n\n+OnlyProject @ctx\n", "todo.txt:3: the task has no text"),
        ("Fine task uuid:nope\n", "todo.txt:1: 'uuid:nope' is not a UUID"),
    ],
)
def test_bad_lines_are_one_line_errors_and_write_nothing(dl_sqlite: Dayledger, tmp_path: Path, text: str, said: str) -> None:
    todo = tmp_path / "todo.txt"
    todo.write_text(text)
    proc = dl_sqlite.fails("import", "--from", "todotxt", str(todo))
    assert said.replace("todo.txt", str(todo)) in proc.stderr
    assert dl_sqlite.event_count() == 0


def test_a_ledgers_own_export_imported_back_changes_its_tasks_instead_of_copying_them(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    d = InProcess(dl_sqlite.ledger, now="2026-04-25T09:00+02:00")
    d.run("add", "Email Dana", "-p", "Garage Door", "--tag", "phone", "--tag", "pri-A", "--due", "2026-04-28 17:00", "--at", "2026-04-20 09:00")
    d.run("add", "Dishes", "--at", "2026-04-20 10:00")
    d.run("add", "Dishes", "--at", "2026-04-22 10:00")  # the same words on another day: another task
    d.run("add", "Renew library books", "--at", "2026-04-21 10:00")
    d.run("done", "library", "--at", "2026-04-24 17:00")
    before = d.event_count()
    out = tmp_path / "todo.txt"
    d.run("export", "--format", "todotxt", "--out", str(out))

    again = d.json("import", "--from", "todotxt", str(out))["files"][0]
    assert (again["new"], again["events"]) == (0, 0) and d.event_count() == before

    lines = out.read_text().splitlines()
    out.write_text("\n".join("x 2026-04-25 " + line if line.startswith("2026-04-22 Dishes") else line for line in lines) + "\n")
    done = d.json("import", "--from", "todotxt", str(out))["files"][0]
    assert (done["new"], done["completed"], done["changed"]) == (0, 1, 0)
    tasks = d.json("tasks", "--status", "all", "--no-routines")
    assert sorted((t["text"], t["status"], t["created_at"][:10]) for t in tasks) == [
        ("Dishes", "done", "2026-04-22"), ("Dishes", "open", "2026-04-20"),
        ("Email Dana", "open", "2026-04-20"), ("Renew library books", "done", "2026-04-21"),
    ]


def test_a_tasks_own_words_that_look_like_todotxt_fields_come_back_as_its_text(tmp_path: Path) -> None:
    """Words of a task's text such as +project, @context, due:, uuid: or pri: are escaped on
    export, so importing it back (into an empty ledger, or the same one) reads them as text."""
    from tests.conftest import InProcess

    texts = [
        "Buy +milk and @eggs",
        "Set due:2027-01-01 in the form",
        "Paste uuid:11111111-2222-3333-4444-555555555555 here",
        "Ask pri:A people about \\\\server and \\+ escapes",
        "Fix it @home +Garage",
    ]
    source = InProcess(str(tmp_path / "source.sqlite"), now="2026-04-25T09:00+02:00")
    for text in texts:
        source.run("add", text, "--at", "2026-04-20 09:00")
    source.run("add", "A real one", "-p", "Garage", "--tag", "home", "--due", "2026-04-28", "--at", "2026-04-20 09:00")
    out = tmp_path / "todo.txt"
    source.run("export", "--format", "todotxt", "--out", str(out))
    before = source.event_count()
    assert source.json("import", "--from", "todotxt", str(out))["files"][0]["events"] == 0
    assert source.event_count() == before

    target = InProcess(str(tmp_path / "target.sqlite"), now="2026-04-25T09:00+02:00")
    target.run("import", "--from", "todotxt", str(out))
    shown = lambda d: sorted((t["text"], t["project"], tuple(t["tags"]), t["due"] and t["due"][:10]) for t in d.json("tasks", "--status", "all", "--no-routines"))
    assert shown(target) == shown(source)
    # todo.txt says a day: the new ledger has the day itself (the source its own midnight)
    assert [t["due"] for t in target.json("tasks", "--no-routines") if t["due"]] == ["2026-04-28"]


def test_a_todotxt_date_shows_as_that_date_in_every_zone(sqlite_url: str, tmp_path: Path) -> None:
    """Imported in Los Angeles, the creation and completion dates are the file's dates in
    `show` and in `log`'s day, wherever the ledger is read (not LA's midnight in that zone)."""
    todo = tmp_path / "todo.txt"
    todo.write_text("2026-04-20 Buy milk +Home\nx 2026-04-22 2026-04-19 Call mom\n", encoding="utf-8")
    InProcess(sqlite_url, tz="America/Los_Angeles", now="2026-05-01T12:00-07:00").run("import", str(todo), "--from", "todotxt")
    for zone in ("Europe/Berlin", "America/Los_Angeles", "Asia/Tokyo"):
        dl = InProcess(sqlite_url, tz=zone, now="2026-05-01T12:00-07:00")
        milk = dl.run("show", "milk").stdout
        assert "created   Mon 2026-04-20 (" in milk, (zone, milk)
        mom = dl.run("show", "call mom").stdout
        assert "status    done Wed 2026-04-22 (" in mom and "created   Sun 2026-04-19 (" in mom, (zone, mom)
        assert "Wed 2026-04-22        rec" in mom  # the history's completion, without a made-up hour
