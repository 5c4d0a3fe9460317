"""Capture as people type: unquoted words are the text, Taskwarrior-style words among them are
attributes; and every write says what it understood (stderr when stdout is not a terminal)."""

from __future__ import annotations

import json
import os
import pty
import subprocess

import pytest

from tests.conftest import DAYLEDGER, Dayledger, InProcess

NOW = "2026-12-07T10:00+01:00"  # a Monday


@pytest.fixture
def d(ledger_url: str) -> InProcess:
    return InProcess(ledger_url, now=NOW)


def test_unquoted_words_with_attribute_words(d: InProcess) -> None:
    task = d.json("add", "Call", "mom", "about", "the", "garage", "project:Home", "+family", "due:fri", "--at", "09:00")
    assert (task["text"], task["project"], task["tags"]) == ("Call mom about the garage", "Home", ["family"])
    assert task["due"] == "2026-12-11T00:00:00+01:00"
    assert (task["number"], task["new_project"], task["new_tags"]) == (1, True, ["family"])
    again = d.json("add", "Fix", "the", "fence", "pro:home", "+family", "+garden", "-t", "outside")
    assert (again["project"], again["tags"], again["number"]) == ("Home", ["outside", "family", "garden"], 2)
    assert (again["new_project"], again["new_tags"]) == (False, ["outside", "garden"])


@pytest.mark.parametrize(
    ("words", "text"),
    [
        (("Standup", "at", "10:30", "see", "http://x.org/a:b"), "Standup at 10:30 see http://x.org/a:b"),
        (("Re:", "invoice", "Note:x"), "Re: invoice Note:x"),
        (("Quoted project:Home text",), "Quoted project:Home text"),  # one quoted word is text as today
        (("Keep", "--", "project:Home", "+tag", "-p"), "Keep project:Home +tag -p"),  # after --, all text
    ],
)
def test_words_that_stay_text(d: InProcess, words: tuple[str, ...], text: str) -> None:
    task = json.loads(d.run("add", "--json", *words).stdout)
    assert (task["text"], task["project"], task["tags"]) == (text, None, [])


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("Fix", "bike", "projet:Home"), "'projet:Home'"),
        (("Fix", "bike", "priorty:H"), "'priorty:H'"),
        (("Fix", "bike", "wait:mon"), "'wait:mon'"),
        (("Fix", "bike", "-p", "A", "project:B"), "--project A and project:B"),
        (("Fix", "bike", "project:A", "pro:B"), "'pro:B'"),
        (("Fix", "bike", "due:notaday"), "notaday"),
    ],
)
def test_bad_attribute_words_are_one_line_errors_and_record_nothing(d: InProcess, args: tuple[str, ...], named: str) -> None:
    proc = d.fails("add", *args)
    assert named in proc.stderr
    assert d.event_count() == 0


def test_note_and_appt_read_their_attribute_words(d: InProcess) -> None:
    note = d.json("note", "Talked", "to", "the", "plumber", "at", "10:30", "project:Home")
    assert (note["text"], note["project"], note["new_project"]) == ("Talked to the plumber at 10:30", "Home", True)
    assert "'projet:Home'" in d.fails("note", "x", "projet:Home").stderr
    appt = d.json("appt", "Dentist", "when:fri 09:30", "dur:45m", "pro:Health")
    assert (appt["text"], appt["starts_at"], appt["duration_minutes"], appt["project"]) == ("Dentist", "2026-12-11T09:30:00+01:00", 45, "Health")
    assert "when" in d.fails("appt", "Dentist", "dur:45m").stderr
    assert d.json("appt", "Old", "style", "--when", "sat 09:00")["text"] == "Old style"


def test_writes_echo_what_they_understood_on_stderr_and_keep_stdout(d: InProcess) -> None:
    proc = d.run("add", "Call", "mom", "project:Home", "+family", "due:fri", "--at", "09:00")
    handle = proc.stdout.strip()
    assert len(handle) == 7  # h=$(dayledger add ...) still gets the bare handle
    assert proc.stderr.strip() == f'added {handle} "Call mom" [Home] (new project) +family (new tag) due Fri 2026-12-11 (in 4 days), number 1'
    second = d.run("add", "Buy milk", "-p", "Home", "--due", "2026-12-07 18:00")
    assert second.stderr.strip().endswith('"Buy milk" [Home] due Mon 2026-12-07 18:00 (today), number 2')
    edited = d.run("edit", handle, "-p", "Family", "--due", "sat", "-t", "urgent", "--untag", "family")
    assert edited.stdout.strip() == f"edited {handle}  Call mom"
    assert edited.stderr.strip() == f"edited {handle}: project Home -> Family (new project), due Fri 2026-12-11 -> Sat 2026-12-12, +urgent (new tag), -family"
    noted = d.run("note", "Plumber", "came", "pro:Home")
    assert noted.stdout.startswith("noted ") and noted.stderr.strip().endswith('"Plumber came" [Home]')
    appt = d.run("appt", "Dentist", "when:fri 09:30", "dur:45m", "project:Health")
    assert appt.stderr.strip() == f'scheduled {appt.stdout.strip()} "Dentist" Fri 2026-12-11 09:30 (in 4 days) for 45m [Health] (new project)'


def test_on_a_terminal_the_echo_line_is_the_answer(sqlite_url: str) -> None:
    d = Dayledger(sqlite_url, now=NOW)
    leader, follower = pty.openpty()
    try:
        subprocess.run([DAYLEDGER or "dayledger", "add", "Call", "mom", "+family"], env=d.env, stdout=follower, stderr=subprocess.PIPE, check=True, timeout=60)
        os.close(follower)
        follower = -1
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
        if follower != -1:
            os.close(follower)
    text = shown.decode()
    assert "added " in text and '"Call mom" +family (new tag), number 1' in text


def test_edit_reads_attribute_words_as_changes(d: InProcess) -> None:
    d.run("add", "Fix fence", "--at", "09:00")
    d.run("add", "Paint shed", "--at", "09:30")
    edited = d.json("edit", "1", "2", "project:Garden", "+weekend", "due:sat")
    assert [(t["project"], t["tags"], t["due"]) for t in edited] == [("Garden", ["weekend"], "2026-12-12T00:00:00+01:00")] * 2
    before = d.event_count()
    assert "--project Home and project:Garden" in d.fails("edit", "1", "project:Garden", "-p", "Home").stderr
    assert "'projet:Home'" in d.fails("edit", "1", "projet:Home").stderr
    assert "needs a TASK" in d.fails("edit", "+weekend").stderr
    assert d.event_count() == before
