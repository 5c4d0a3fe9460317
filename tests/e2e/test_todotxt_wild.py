"""todo.txt files written for other programs' test suites (tests/data/todotxt, origins in its README):
their words stay where they are, todo.txt-cli's rule says what a +project is, lines of one text
never swap tasks, case-only project names are said, and every round trip settles."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from tests.conftest import InProcess

DATA = Path(__file__).parent.parent / "data" / "todotxt"
NOW = "2026-05-02T12:00+00:00"  # the same date in Berlin and Los Angeles: lines without a creation date get it


def _at(d: InProcess, tz: str, now: str = NOW) -> InProcess:
    """The same ledger read in another zone (and at another moment)."""
    return InProcess(d.ledger, tz=tz, now=now)


def _shown(d: InProcess) -> list[tuple[Any, ...]]:
    rows = d.json("tasks", "--status", "all", "--no-routines")
    return sorted((t["text"], t["project"], tuple(sorted(t["tags"])), t["status"], t["due"]) for t in rows)


def _import(d: InProcess, path: Path) -> dict[str, Any]:
    return d.json("import", "--from", "todotxt", str(path))["files"][0]  # type: ignore[no-any-return]


def _settles(d: InProcess, original: Path, tmp_path: Path) -> Path:
    """The file imported again, the ledger's export imported back: nothing recorded either time."""
    assert _import(d, original)["events"] == 0
    out = tmp_path / f"export-of-{original.name}"
    d.run("export", "--format", "todotxt", "--out", str(out), "--force")
    before = d.event_count()
    assert _import(d, out)["events"] == 0
    assert d.event_count() == before
    return out


def test_words_of_a_line_stay_where_they_were_and_one_project_is_kept(dli: InProcess, tmp_path: Path) -> None:
    d = _at(dli, "Europe/Berlin")
    src = DATA / "todotxt-cli-t1320-project-positions.txt"
    first = _import(d, src)
    assert (first["new"], first["completed"], first["projects_started"]) == (10, 1, 2)
    assert _shown(d) == sorted([
        ("+roses +flowers", "roses", (), "open", None),
        ("+roses and only +flowers", "roses", (), "open", None),
        ("+roses prioritized +flowers", "roses", ("pri-B",), "open", None),
        ("+roses prioritized +flowers", "roses", ("pri-B",), "open", None),
        ("+roses done +flowers", "roses", (), "done", None),
        ("+roses +flowers at the front", "roses", (), "open", None),
        ("+roses +flowers at the front with leading space", "roses", (), "open", None),
        ("my +flowers are +roses in the middle", "flowers", (), "open", None),
        ("at the back pick the +roses +flowers", "roses", (), "open", None),
        ("at the back with trailing space +flowers +roses", "flowers", (), "open", None),
    ])
    out = _settles(d, src, tmp_path)
    assert "2026-05-02 my +flowers are +roses in the middle" in out.read_text().splitlines()  # written back in its order, unescaped


def test_plus_bang_and_parenthesised_words_are_not_projects_nor_contexts(dli: InProcess, tmp_path: Path) -> None:
    d = _at(dli, "America/Los_Angeles")
    src = DATA / "todotxt-cli-t1360-projects-and-contexts.txt"
    assert _import(d, src)["new"] == 9
    assert _shown(d) == sorted([
        ("prioritized @con01 context", None, ("con01", "pri-A"), "open", None),
        ("prioritized +prj02 project", "prj02", ("pri-B",), "open", None),
        ("prioritized context at EOL", None, ("con03", "pri-C"), "open", None),
        ("prioritized project at EOL", "prj04", ("pri-D",), "open", None),
        ("+prj05 non-prioritized project at BOL", "prj05", (), "open", None),
        ("@con06 non-prioritized context at BOL", None, ("con06",), "open", None),
        ("multiple @con_ @texts and +pro_ +jects", "pro_", ("con_", "texts"), "open", None),
        ("non-contexts: seti@home @ @* @(foo)", None, (), "open", None),
        ("non-projects: lost+found + +! +(bar)", None, (), "open", None),
    ])
    out = _settles(d, src, tmp_path)
    assert "2026-05-02 non-projects: lost+found + +! +(bar)" in out.read_text().splitlines()


def test_tasks_that_differ_only_in_project_context_or_priority_are_never_swapped(dli: InProcess, tmp_path: Path) -> None:
    d = _at(dli, "Europe/Berlin")
    todo = tmp_path / "todo.txt"
    lines = ["Call mom +Home", "Call mom +Work", "(A) Call mom @phone", "Call mom"]
    todo.write_text("\n".join(lines) + "\n")
    assert _import(d, todo)["new"] == 4
    handles = {(t["project"], tuple(t["tags"])): t["handle"] for t in d.json("tasks", "--no-routines")}
    assert set(handles) == {("Home", ()), ("Work", ()), (None, ("pri-A", "phone")), (None, ())}

    todo.write_text("\n".join(reversed(lines)) + "\n")  # the same lines, another order: nothing changes
    assert _import(d, todo)["events"] == 0
    todo.write_text("Call mom +Work\nCall mom @phone\nCall mom +Garden\nCall mom\n")
    d = _at(dli, "Europe/Berlin", now="2026-05-03T12:00+00:00")  # a day later (a file is news when newer than the ledger's)
    again = _import(d, todo)
    assert (again["new"], again["changed"]) == (0, 2)  # Home moved to Garden, the @phone one lost its priority
    after = {t["handle"]: (t["project"], tuple(t["tags"])) for t in d.json("tasks", "--no-routines")}
    assert after[handles[("Home", ())]] == ("Garden", ())
    assert after[handles[("Work", ())]] == ("Work", ())
    assert after[handles[(None, ("pri-A", "phone"))]] == (None, ("phone",))
    assert after[handles[(None, ())]] == (None, ())
    _settles(d, todo, tmp_path)


def test_projects_differing_only_in_case_are_one_project_and_the_import_says_so(dli: InProcess, tmp_path: Path) -> None:
    d = _at(dli, "Europe/Berlin")
    src = DATA / "topydo-FilterTest1.txt"
    proc = d.run("import", "--from", "todotxt", str(src))
    assert proc.stderr.splitlines() == [
        f"{src}:4: project 'project' is taken as 'Project' (line 1): project names that differ only in case are one project"
    ]
    assert _shown(d) == sorted([
        ("This is part of some", "Project", ("pri-C",), "open", None),
        ("Just an arbitrary task", None, ("pri-D",), "open", None),
        ("Another mildly important task for the", "Project", ("pri-C",), "open", None),
        ("And here's one with a lowercase", "Project", ("pri-C",), "open", None),
    ])
    report = d.json("import", "--from", "todotxt", str(src), "--dry-run")["files"][0]
    assert report["events"] == 0 and report["warnings"] == [proc.stderr.strip()]
    _settles(d, src, tmp_path)


def test_real_files_round_trip_through_the_ledgers_export(dli: InProcess, tmp_path: Path) -> None:
    d = _at(dli, "Europe/Berlin")
    for name in ("topydo-TodoListTest.txt", "topydo-SorterTest13.txt", "qtodotxt-todo_valid.txt"):
        src = tmp_path / name
        shutil.copy(DATA / name, src)
        _import(d, src)
        _settles(d, src, tmp_path)
    rows = {t["text"]: t for t in d.json("tasks", "--no-routines")}
    assert (rows["Foo @Context2 Not@Context +Project1 Not+Project"]["project"], rows["Foo @Context2 Not@Context +Project1 Not+Project"]["tags"]) == (
        "Project1", ["pri-C", "Context2"],
    )
    assert (rows["Drink beer @ home"]["tags"], rows["13 + 29 = 42"]["project"]) == (["pri-C"], None)
    assert rows["Baz @Context1 +Project1 key:value"]["tags"] == ["pri-C", "Context1"]
    assert rows["Report to Admiral Adama about FTL"]["due"] == "2013-05-24"
