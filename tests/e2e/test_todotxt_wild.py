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
    return sorted((t["text"], t["project"], tuple(sorted(t["tags"])), t["priority"], t["status"], t["due"]) for t in rows)


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
        ("+roses +flowers", "roses", (), None, "open", None),
        ("+roses and only +flowers", "roses", (), None, "open", None),
        ("+roses prioritized +flowers", "roses", (), "M", "open", None),
        ("+roses prioritized +flowers", "roses", (), "M", "open", None),
        ("+roses done +flowers", "roses", (), None, "done", None),
        ("+roses +flowers at the front", "roses", (), None, "open", None),
        ("+roses +flowers at the front with leading space", "roses", (), None, "open", None),
        ("my +flowers are +roses in the middle", "flowers", (), None, "open", None),
        ("at the back pick the +roses +flowers", "roses", (), None, "open", None),
        ("at the back with trailing space +flowers +roses", "flowers", (), None, "open", None),
    ])
    out = _settles(d, src, tmp_path)
    assert "2026-05-02 my +flowers are +roses in the middle" in out.read_text().splitlines()  # written back in its order, unescaped


def test_plus_bang_and_parenthesised_words_are_not_projects_nor_contexts(dli: InProcess, tmp_path: Path) -> None:
    d = _at(dli, "America/Los_Angeles")
    src = DATA / "todotxt-cli-t1360-projects-and-contexts.txt"
    assert _import(d, src)["new"] == 9
    assert _shown(d) == sorted([
        ("prioritized @con01 context", None, ("con01",), "H", "open", None),
        ("prioritized +prj02 project", "prj02", (), "M", "open", None),
        ("prioritized context at EOL", None, ("con03",), "L", "open", None),
        ("prioritized project at EOL", "prj04", ("pri-D",), None, "open", None),
        ("+prj05 non-prioritized project at BOL", "prj05", (), None, "open", None),
        ("@con06 non-prioritized context at BOL", None, ("con06",), None, "open", None),
        ("multiple @con_ @texts and +pro_ +jects", "pro_", ("con_", "texts"), None, "open", None),
        ("non-contexts: seti@home @ @* @(foo)", None, (), None, "open", None),
        ("non-projects: lost+found + +! +(bar)", None, (), None, "open", None),
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
    assert set(handles) == {("Home", ()), ("Work", ()), (None, ("phone",)), (None, ())}
    assert {t["handle"]: t["priority"] for t in d.json("tasks", "--no-routines")}[handles[(None, ("phone",))]] == "H"  # (A)

    todo.write_text("\n".join(reversed(lines)) + "\n")  # the same lines, another order: nothing changes
    assert _import(d, todo)["events"] == 0
    todo.write_text("Call mom +Work\nCall mom @phone\nCall mom +Garden\nCall mom\n")
    d = _at(dli, "Europe/Berlin", now="2026-05-03T12:00+00:00")  # a day later (a file is news when newer than the ledger's)
    again = _import(d, todo)
    assert (again["new"], again["changed"]) == (0, 2)  # Home moved to Garden, the @phone one lost its priority
    after = {t["handle"]: (t["project"], tuple(t["tags"]), t["priority"]) for t in d.json("tasks", "--no-routines")}
    assert after[handles[("Home", ())]] == ("Garden", (), None)
    assert after[handles[("Work", ())]] == ("Work", (), None)
    assert after[handles[(None, ("phone",))]] == (None, ("phone",), None)
    assert after[handles[(None, ())]] == (None, (), None)
    _settles(d, todo, tmp_path)


def test_projects_differing_only_in_case_are_one_project_and_the_import_says_so(dli: InProcess, tmp_path: Path) -> None:
    d = _at(dli, "Europe/Berlin")
    src = DATA / "topydo-FilterTest1.txt"
    proc = d.run("import", "--from", "todotxt", str(src))
    assert proc.stderr.splitlines() == [
        f"{src}:4: project 'project' is taken as 'Project' (line 1): project names that differ only in case are one project"
    ]
    assert _shown(d) == sorted([
        ("This is part of some", "Project", (), "L", "open", None),
        ("Just an arbitrary task", None, ("pri-D",), None, "open", None),
        ("Another mildly important task for the", "Project", (), "L", "open", None),
        ("And here's one with a lowercase", "Project", (), "L", "open", None),
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
        "Project1", ["Context2"],
    )
    assert (rows["Drink beer @ home"]["tags"], rows["Drink beer @ home"]["priority"], rows["13 + 29 = 42"]["project"]) == ([], "L", None)
    assert (rows["Baz @Context1 +Project1 key:value"]["tags"], rows["Baz @Context1 +Project1 key:value"]["priority"]) == (["Context1"], "L")
    assert rows["Report to Admiral Adama about FTL"]["due"] == "2013-05-24"


def test_priorities_are_written_as_a_b_c_and_read_back_as_h_m_l_in_either_zone(tmp_path: Path) -> None:
    """(A), (B), (C) are the priorities H, M, L both ways: qtodotxt's file imported, a priority set
    with ``edit``, exported and imported into a ledger in another zone: the same priorities; the
    export imported back into its own ledger records nothing."""
    berlin = InProcess(str(tmp_path / "berlin.sqlite"), tz="Europe/Berlin", now=NOW)
    _import(berlin, DATA / "qtodotxt-todo_valid.txt")
    berlin.run("edit", "Check for DRADIS", "--priority", "L")
    priorities = {t["text"]: t["priority"] for t in berlin.json("tasks", "--no-routines") if t["priority"]}
    assert priorities == {
        "Make peace between Cylons and humans": "H", "Report to Admiral Adama about FTL": "M",
        "Seal ship's cracks with biomatter": "M", "Upgrade jump drives with Cylon technology": "L", "Check for DRADIS contact": "L",
    }
    out = tmp_path / "todo.txt"
    berlin.run("export", "--format", "todotxt", "--out", str(out))
    lines = out.read_text().splitlines()
    assert "(A) 2026-05-02 Make peace between Cylons and humans +PeaceProject" in lines
    assert "(C) 2026-05-02 Check for DRADIS contact @CIC" in lines
    assert not any("pri-" in line for line in lines)
    before = berlin.event_count()
    assert _import(berlin, out)["events"] == 0 and berlin.event_count() == before
    la = InProcess(str(tmp_path / "la.sqlite"), tz="America/Los_Angeles", now=NOW)
    _import(la, out)
    assert {t["text"]: t["priority"] for t in la.json("tasks", "--no-routines") if t["priority"]} == priorities
    _settles(la, out, tmp_path)


def test_creation_and_completion_dates_are_days_written_back_the_same_in_any_zone(tmp_path: Path) -> None:
    """qtodotxt's file imported in Berlin: its creation and completion dates are days (recorded with
    the captures and completions), so the export written in Los Angeles has the file's own dates,
    not the Berlin day starts seen from there (the day before); imported in Los Angeles and exported
    in Berlin, the same lines again; the export imported into its own ledger records nothing."""
    src = DATA / "qtodotxt-examples-todo.txt"
    berlin = InProcess(str(tmp_path / "berlin.sqlite"), tz="Europe/Berlin", now=NOW)
    _import(berlin, src)
    la_view = InProcess(berlin.ledger, tz="America/Los_Angeles", now=NOW)
    out = tmp_path / "la.txt"
    la_view.run("export", "--format", "todotxt", "--out", str(out))
    lines = out.read_text().splitlines()
    assert "(C) 2016-12-08 Feed Schrodinger's Cat rec:+1d due:2014-02-23" in lines
    assert "2016-12-12 +GalacticaRepairs Check hull integrity rec:+7b due:2016-12-12" in lines
    assert "x 2016-02-21 2016-02-21 (B) Seal ship's cracks with biomatter +GalacticaRepairs" in lines
    before = berlin.event_count()
    assert _import(la_view, out)["events"] == 0 and berlin.event_count() == before
    la = InProcess(str(tmp_path / "la.sqlite"), tz="America/Los_Angeles", now=NOW)
    _import(la, out)
    back = tmp_path / "berlin.txt"
    InProcess(la.ledger, tz="Europe/Berlin", now=NOW).run("export", "--format", "todotxt", "--out", str(back))
    assert sorted(back.read_text().splitlines()) == sorted(lines)
    assert _import(InProcess(la.ledger, tz="Europe/Berlin", now=NOW), back)["events"] == 0
