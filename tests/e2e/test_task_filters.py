"""Filters and sorting of ``dayledger tasks``: options and Taskwarrior words give the same answer,
on SQLite and PostgreSQL; unknown names and malformed words are one-line errors; overdue marks,
done times and time travel."""

from __future__ import annotations

import os
import pty
import subprocess

import pytest

from tests.conftest import DAYLEDGER, Dayledger, InProcess

NOW = "2026-12-07T10:00+01:00"  # a Monday


@pytest.fixture
def ledger(ledger_url: str) -> InProcess:
    """Six open tasks over projects, sub-projects, a look-alike project, tags and due dates."""
    dli = InProcess(ledger_url, now=NOW)
    dli.run("add", "Pay the electricity bill", "-p", "Home", "-t", "bills", "--due", "2026-12-01", "--at", "2026-11-20 09:00")
    dli.run("add", "Fix the GARAGE door", "-p", "Home.Garage", "--due", "2026-12-20", "--at", "2026-11-21 09:00")
    dli.run("add", "Buy workbench", "-p", "Homework", "-t", "bills", "--at", "2026-11-22 09:00")
    dli.run("add", "Grant report", "-p", "Work.Grants", "-t", "phone", "--due", "2026-12-09 17:00", "--at", "2026-11-23 09:00")
    dli.run("add", "Call the garage", "-t", "Phone", "-t", "bills", "--due", "2026-12-07 08:00", "--at", "2026-11-24 09:00")
    dli.run("add", "Water plants", "--at", "2026-11-25 09:00")
    return dli


def _texts(dli: Dayledger, *args: str) -> list[str]:
    return [t["text"] for t in dli.json("tasks", *args) if t["kind"] == "task"]


@pytest.mark.parametrize(
    ("options", "words", "expected"),
    [
        (["-p", "home"], ["project:Home"], {"Pay the electricity bill", "Fix the GARAGE door"}),  # not Homework
        (["--project", "WORK"], ["pro:work"], {"Grant report"}),  # sub-project, case ignored, abbreviation
        (["-t", "bills"], ["+bills"], {"Pay the electricity bill", "Buy workbench", "Call the garage"}),
        (["-t", "bills", "-t", "phone"], ["+bills", "+PHONE"], {"Call the garage"}),  # all of them; tag case ignored
        (["--not-tag", "bills"], ["-bills"], {"Fix the GARAGE door", "Grant report", "Water plants"}),
        (["--search", "garage"], ["/Garage/"], {"Fix the GARAGE door", "Call the garage"}),
        (["--search", "garage"], ["garage"], {"Fix the GARAGE door", "Call the garage"}),  # a bare word is text
        (["--due-before", "2026-12-09"], ["due.before:2026-12-09"], {"Pay the electricity bill", "Call the garage"}),
        (["--due-after", "2026-12-09"], ["due.after:2026-12-09"], {"Fix the GARAGE door"}),  # after a day: from the next
        (["--due-after", "2026-12-09 12:00"], ["due.after:2026-12-09T12:00"], {"Fix the GARAGE door", "Grant report"}),
        (["--overdue"], ["+OVERDUE"], {"Pay the electricity bill", "Call the garage"}),
        (["-p", "Home", "-t", "bills", "--due-before", "fri"], ["project:Home", "+bills", "due.before:fri"], {"Pay the electricity bill"}),
    ],
)
def test_options_and_words_give_the_same_tasks(ledger: InProcess, options: list[str], words: list[str], expected: set[str]) -> None:
    by_options, by_words = _texts(ledger, *options), _texts(ledger, *words)
    assert by_options == by_words
    assert set(by_words) == expected
    assert all(t["overdue"] in (True, False) for t in ledger.json("tasks", *words))


def test_priority_words_and_options_agree(ledger: InProcess) -> None:
    assert _texts(ledger, "priority:H") == _texts(ledger, "--priority", "h") == []
    ledger.run("edit", "grant report", "--priority", "H")
    ledger.run("edit", "water plants", "--priority", "L")
    ledger.run("edit", "workbench", "--priority", "h", "--at", "2026-12-01 09:00")
    assert _texts(ledger, "priority:H") == _texts(ledger, "--priority", "h") == ["Buy workbench", "Grant report"]
    unprioritized = {"Pay the electricity bill", "Fix the GARAGE door", "Call the garage"}
    assert set(_texts(ledger, "priority:")) == set(_texts(ledger, "--priority", "-")) == unprioritized
    # The back-dated change counts from its date; the others from today.
    assert _texts(ledger, "priority:H", "--as-of", "2026-12-02") == ["Buy workbench"]
    assert _texts(ledger, "priority:H", "--as-of", "2026-11-30") == []
    assert ledger.fails("tasks", "--priority", "X").returncode == 2


def test_sorting_by_priority_puts_high_first_and_none_last(ledger: InProcess) -> None:
    ledger.run("edit", "water plants", "--priority", "L")
    ledger.run("edit", "grant report", "--priority", "M")
    ledger.run("edit", "pay the electricity", "--priority", "H")
    got = _texts(ledger, "--sort", "priority,text")
    assert got[:3] == ["Pay the electricity bill", "Grant report", "Water plants"]
    assert got[3:] == ["Buy workbench", "Call the garage", "Fix the GARAGE door"]
    assert _texts(ledger, "--sort", "-priority")[:3] == ["Water plants", "Grant report", "Pay the electricity bill"]
    assert "!H Pay the electricity bill" in ledger.run("tasks", "--sort", "priority").stdout


def test_an_option_and_a_word_together_must_both_hold(ledger: InProcess) -> None:
    assert _texts(ledger, "-p", "Home", "-bills") == ["Fix the GARAGE door"]
    assert _texts(ledger, "-t", "bills", "-Phone") == ["Pay the electricity bill", "Buy workbench"]
    after_dashes = ledger.run("tasks", "-t", "bills", "--", "-Phone").stdout
    assert "Buy workbench" in after_dashes and "Call the garage" not in after_dashes


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["project:Nowhere"], "project 'Nowhere'"),
        (["-p", "Hom"], "project 'Hom'"),  # a start of a name is not a name
        (["+nosuchtag"], "tag 'nosuchtag'"),
        (["-nosuchtag"], "tag 'nosuchtag'"),  # would silently let everything through
        (["--tag", "bills", "--not-tag", "bils"], "tag 'bils'"),
    ],
)
def test_a_name_the_ledger_never_had_is_not_found(ledger: InProcess, args: list[str], named: str) -> None:
    proc = ledger.fails("tasks", *args)
    assert proc.returncode == 3 and named in proc.stderr and proc.stdout == ""


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["foo:bar"], "'foo:bar'"),
        (["pr:Home"], "'pr:Home'"),  # project or priority: ambiguous
        (["due.before:notadate"], "'due.before:notadate'"),
        (["project.is:Home"], "'project.is:Home'"),
        (["priority:X"], "'priority:X'"),
        (["--due-before", "notadate"], "--due-before"),
        (["--sort", "due,size"], "'size'"),
        (["--", "--bills"], "'--bills'"),
    ],
)
def test_a_malformed_filter_is_one_line_naming_it(ledger: InProcess, args: list[str], named: str) -> None:
    before = ledger.event_count()
    proc = ledger.fails("tasks", *args)
    assert proc.returncode == 2 and named in proc.stderr and proc.stdout == ""
    assert ledger.event_count() == before


def test_a_filter_of_known_names_that_matches_nothing_says_so(ledger: InProcess) -> None:
    proc = ledger.run("tasks", "project:Work", "+bills")
    assert proc.stdout.strip() == "no open tasks match project:Work +bills"
    assert ledger.json("tasks", "-p", "work", "-t", "bills") == []


def test_sorting_by_several_keys(ledger: InProcess) -> None:
    ledger.run("edit", "Water plants", "--due", "2026-12-20")  # the same due date as the garage door
    by_due_then_newest = _texts(ledger, "--sort", "due,-age")
    assert by_due_then_newest == [
        "Pay the electricity bill", "Call the garage", "Grant report", "Water plants", "Fix the GARAGE door", "Buy workbench",
    ]
    assert _texts(ledger, "--sort", "-due", "--sort", "text")[-1] == "Buy workbench"  # no due date last, either way
    assert _texts(ledger, "--sort", "-due")[:2] == ["Fix the GARAGE door", "Water plants"]  # ties: oldest first
    by_project = _texts(ledger, "--sort", "project,-text")
    assert by_project == ["Water plants", "Call the garage", "Pay the electricity bill", "Fix the GARAGE door", "Buy workbench", "Grant report"]
    assert _texts(ledger, "+bills", "--sort", "text") == ["Buy workbench", "Call the garage", "Pay the electricity bill"]
    flat = ledger.run("tasks", "--sort", "due").stdout
    assert "Home.Garage\n" not in flat and "Fix the GARAGE door  [Home.Garage]" in flat  # one list, projects per task


def test_overdue_tasks_are_marked_in_text_and_json(ledger: InProcess) -> None:
    overdue = {t["text"] for t in ledger.json("tasks") if t["overdue"]}
    assert overdue == {"Pay the electricity bill", "Call the garage"}
    lines = [line for line in ledger.run("tasks").stdout.splitlines() if line.startswith("  ")]
    assert len(lines) == 6
    for line in lines:
        assert (" overdue " in line) == any(text in line for text in overdue), line


def test_done_tasks_show_when_they_were_done(ledger: InProcess) -> None:
    ledger.run("done", "Water plants", "--at", "2026-12-01 17:00")
    text = ledger.run("tasks", "--status", "done").stdout
    assert "done Tue 2026-12-01 17:00" in text and "Water plants" in text
    [row] = ledger.json("tasks", "--status", "done")
    assert row["completed_at"] == "2026-12-01T17:00:00+01:00" and row["overdue"] is False


def test_filters_with_time_travel_use_the_names_of_then(ledger: InProcess) -> None:
    ledger.run("edit", "Buy workbench", "--project", "Work", "--tag", "later", "--at", "2026-12-02 09:00")
    assert _texts(ledger, "project:Homework", "--as-of", "2026-12-01") == ["Buy workbench"]
    assert _texts(ledger, "-p", "Homework", "--as-of", "2026-12-01") == ["Buy workbench"]
    assert ledger.json("tasks", "project:Homework") == []  # known name, nothing in it now: an honest empty answer
    assert _texts(ledger, "project:work") == ["Buy workbench", "Grant report"]
    assert _texts(ledger, "+later", "--as-of", "2026-12-03") == ["Buy workbench"]
    assert ledger.run("tasks", "+later", "--as-of", "2026-12-01").stdout.strip() == "no open tasks match +later"
    assert ledger.fails("tasks", "+neverseen", "--as-of", "2026-12-01").returncode == 3
    known = _texts(ledger, "project:Home", "--known-at", "2026-12-07")
    assert known == ["Pay the electricity bill", "Fix the GARAGE door"]


def test_completed_takes_the_same_filters(ledger: InProcess) -> None:
    ledger.run("edit", "workbench", "--priority", "M")
    for text in ("electricity", "GARAGE door", "workbench", "Water plants"):
        ledger.run("done", text, "--at", "2026-12-06 12:00")

    def done(*args: str) -> list[str]:
        return [r["text"] for r in ledger.json("completed", *args)]

    assert done("project:home") == done("-p", "HOME") == ["Pay the electricity bill", "Fix the GARAGE door"]
    assert done("+bills", "-p", "home") == done("-t", "bills", "project:Home") == ["Pay the electricity bill"]
    assert done("-bills", "/A/") == done("--not-tag", "bills", "--search", "a") == ["Fix the GARAGE door", "Water plants"]
    assert ledger.run("completed", "project:Work").stdout.strip() == "nothing completed then matches project:Work"
    assert done("priority:M") == done("--priority", "m") == ["Buy workbench"]
    assert ledger.json("completed", "priority:M")[0]["priority"] == "M"
    assert ledger.fails("completed", "+nope").returncode == 3
    assert ledger.fails("completed", "due.before:nope").returncode == 2


def test_agenda_takes_the_same_filters(ledger: InProcess) -> None:
    ledger.run("appt", "Garage inspection", "--when", "2026-12-08 10:00", "-p", "Home")

    def shown(*args: str) -> set[str]:
        return {e["text"] for d in ledger.json("agenda", "-d", "3", *args) for kind in ("appointments", "tasks") for e in d[kind]}

    assert shown() == {"Pay the electricity bill", "Call the garage", "Grant report", "Garage inspection"}
    assert shown("project:work") == shown("-p", "Work") == {"Grant report"}
    assert shown("pro:home") == {"Pay the electricity bill", "Garage inspection"}
    assert shown("+bills") == shown("--tag", "BILLS") == {"Pay the electricity bill", "Call the garage"}  # an appointment has no tags
    assert shown("/garage/") == shown("--search", "Garage") == {"Call the garage", "Garage inspection"}
    assert shown("+OVERDUE", "-bills") == set()
    assert "Garage inspection" in ledger.run("agenda", "-d", "3", "-p", "home").stdout
    assert ledger.fails("agenda", "project:nowhere").returncode == 3


def test_the_real_command_takes_dash_words_as_filters(dl_sqlite: Dayledger) -> None:
    dl_sqlite.run("add", "Pay rent", "-t", "bills")
    dl_sqlite.run("add", "Take out the trash", "-t", "home")
    without_bills = dl_sqlite.run("tasks", "-bills").stdout
    assert "Take out the trash" in without_bills and "Pay rent" not in without_bills
    without_home = dl_sqlite.run("tasks", "-home").stdout  # not -h (help)
    assert "Pay rent" in without_home and "Take out" not in without_home
    proc = dl_sqlite.fails("tasks", "-tbills")  # the tag 'tbills', not -t with the value 'bills'
    assert proc.returncode == 3 and "'tbills'" in proc.stderr


def test_overdue_is_red_on_a_terminal_and_plain_with_no_color(sqlite_url: str) -> None:
    dl = Dayledger(sqlite_url, now=NOW)
    dl.run("add", "Pay the bill", "--due", "2026-12-01")

    def on_terminal(extra: dict[str, str]) -> str:
        leader, follower = pty.openpty()
        env = {k: v for k, v in dl.env.items() if k != "NO_COLOR"} | {"PAGER": "cat"} | extra  # less would add its own keypad codes
        proc = subprocess.run([str(DAYLEDGER), "tasks"], env=env, stdout=follower, stderr=subprocess.PIPE, timeout=60)
        os.close(follower)
        out = b""
        try:
            while chunk := os.read(leader, 65536):
                out += chunk
        except OSError:
            pass
        os.close(leader)
        assert proc.returncode == 0, proc.stderr
        return out.decode()

    coloured = on_terminal({})
    assert "\x1b[31m" in coloured and "overdue" in coloured
    plain = on_terminal({"NO_COLOR": "1"})
    assert "\x1b[" not in plain and "overdue" in plain


def test_limit_keeps_the_first_tasks_of_the_list_in_its_order(ledger: InProcess) -> None:
    everything = [t["handle"] for t in ledger.json("tasks", "--sort", "text")]
    assert len(everything) > 2
    assert [t["handle"] for t in ledger.json("tasks", "--sort", "text", "--limit", "2")] == everything[:2]
    assert [t["handle"] for t in ledger.json("tasks", "--limit", "1")] == [t["handle"] for t in ledger.json("tasks")][:1]
    text = ledger.run("tasks", "--limit", "1").stdout
    assert everything[0] in ledger.run("tasks", "--sort", "text", "--limit", "1").stdout and text.count("\n") == 2  # its project, its task
    assert "at least 1" in ledger.run("tasks", "--limit", "0", check=False).stderr
