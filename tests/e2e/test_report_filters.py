"""Filtered reports (``report week/range`` with task filters), on SQLite and PostgreSQL: options and
Taskwarrior words give the same report; a project includes its sub-projects whatever the case;
a tag filter and its opposite add up to the whole report, section by section; the filter is
stated in every format; unknown names exit 3, malformed words 2; --known-at still holds."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import InProcess

NOW = "2026-12-07T10:00+01:00"  # the Monday after W49 (Mon 2026-11-30 to Sun 2026-12-06)
LATER = "2026-12-09T10:00+01:00"


@pytest.fixture
def ledger(ledger_url: str) -> InProcess:
    """A week of work over Home (bills), Work and Work.Grants, a look-alike Workshop and no
    project; a task that gets the bills tag mid-week; notes and appointments in projects."""
    dli = InProcess(ledger_url, now=NOW)
    dli.run("add", "Pay rent", "-p", "Home", "-t", "bills", "--at", "2026-11-24 09:00")
    dli.run("add", "Grant draft", "-p", "Work.Grants", "-t", "writing", "--at", "2026-11-25 09:00")
    dli.run("add", "Old errand", "--at", "2026-11-26 09:00")
    dli.run("add", "Email Dana", "-p", "Work", "--at", "2026-12-01 09:00")
    dli.run("add", "Water bill", "-p", "Home", "-t", "bills", "--at", "2026-12-01 10:00")
    dli.run("add", "Sharpen tools", "-p", "Workshop", "--at", "2026-12-01 11:00")
    dli.run("done", "Pay rent", "--at", "2026-12-02 10:00")
    dli.run("done", "Grant draft", "--at", "2026-12-03 10:00")
    dli.run("edit", "Email Dana", "-t", "bills", "--at", "2026-12-03 12:00")  # open, untagged, then tagged
    dli.run("cancel", "Old errand", "--at", "2026-12-04 10:00")
    dli.run("note", "Work note", "-p", "Work", "--at", "2026-12-02 15:00")
    dli.run("note", "Home note", "-p", "Home", "--at", "2026-12-02 16:00")
    dli.env["DAYLEDGER_NOW"] = "2026-11-28T10:00+01:00"  # booked ahead (appointments take no --at)
    dli.run("appt", "add", "Team review", "--when", "2026-12-03 10:00", "-p", "Work.Grants")
    dli.run("appt", "add", "Plumber", "--when", "2026-12-09 10:00", "-p", "Home")
    dli.env["DAYLEDGER_NOW"] = NOW
    return dli


def _report(dli: InProcess, *args: str) -> dict[str, Any]:
    return json.loads(dli.run("report", *args, "--format", "json").stdout)


def _texts(r: dict[str, Any], section: str) -> set[str]:
    return {t["text"] for t in r[section]}


def _whole(r: dict[str, Any]) -> dict[str, Any]:
    """The report without the statement of its filter."""
    return {k: v for k, v in r.items() if k != "filter"}


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["-p", "Work"], ["project:Work"]),
        (["-t", "bills", "--not-tag", "writing"], ["+bills", "-writing"]),
        (["--search", "GRANT"], ["/GRANT/"]),
    ],
)
def test_options_and_words_give_the_same_report(ledger: InProcess, options: list[str], words: list[str]) -> None:
    by_words = _report(ledger, "week", "last", *words)
    assert _report(ledger, "week", "last", *options) == by_words
    assert by_words["filter"] == " ".join(words)
    assert _report(ledger, "week", *words) == by_words  # WEEK may be left out, or come after the words
    assert _report(ledger, "week", *words, "last") == by_words
    by_range = _report(ledger, "range", "--from", "2026-11-30", "--to", "2026-12-06", *words)
    assert _report(ledger, "range", "--from", "2026-11-30", "--to", "2026-12-06", *options) == by_range
    assert by_range["completed"] == by_words["completed"] and by_range["days"] == by_words["days"]


def test_a_project_report_holds_its_sub_projects_whatever_the_case(ledger: InProcess) -> None:
    work = _report(ledger, "week", "last", "project:work")
    assert _whole(_report(ledger, "week", "last", "-p", "WORK")) == _whole(work)
    assert _texts(work, "completed") == {"Grant draft"}  # Work.Grants is in Work; Workshop is not
    assert _texts(work, "captured") == _texts(work, "still_open") == {"Email Dana"}
    assert {p["project"] for p in work["projects"]} == {"Work", "Work.Grants"}
    assert [n["text"] for n in work["notes"]] == ["Work note"]
    assert [a["text"] for a in work["appointments"]["held"]] == ["Team review"]
    assert work["appointments"]["next"] == [] and work["cancelled"] == []
    assert work["totals"]["open_at_start"] == 1  # the grant draft; Home's rent and the errand are not counted
    assert [d["open_at_end"] for d in work["days"]] == [1, 2, 2, 1, 1, 1, 1]
    assert work["comparison"]["previous"]["captured"] == 1
    assert _texts(_report(ledger, "week", "last", "project:Work.Grants"), "completed") == {"Grant draft"}


def test_a_tag_report_and_its_opposite_add_up_to_the_whole(ledger: InProcess) -> None:
    whole = _report(ledger, "week", "last")
    tagged, untagged = _report(ledger, "week", "last", "+bills"), _report(ledger, "week", "last", "-bills")
    assert "filter" not in whole
    for section in ("completed", "captured", "cancelled", "still_open"):
        assert not _texts(tagged, section) & _texts(untagged, section)
        assert _texts(tagged, section) | _texts(untagged, section) == _texts(whole, section), section
    assert _texts(tagged, "completed") == {"Pay rent"}
    assert _texts(tagged, "still_open") == {"Email Dana", "Water bill"}  # tagged on Thursday: as it is at the end
    for key in ("completed", "captured", "cancelled", "open_at_end"):
        assert [a[key] + b[key] for a, b in zip(tagged["days"], untagged["days"], strict=True)] == [d[key] for d in whole["days"]]
    # Email Dana counts among the tagged open tasks from Thursday, when it got the tag, not before.
    assert [d["open_at_end"] for d in tagged["days"]] == [1, 2, 1, 2, 2, 2, 2]
    assert tagged["totals"]["open_at_start"] + untagged["totals"]["open_at_start"] == whole["totals"]["open_at_start"]
    for which in ("this", "previous"):
        for key in ("completed", "captured", "cancelled"):
            assert tagged["comparison"][which][key] + untagged["comparison"][which][key] == whole["comparison"][which][key]
    # Notes and appointments have no tags: a tag filter leaves them out, either way round.
    for r in (tagged, untagged):
        assert r["notes"] == [] and r["appointments"] == {"held": [], "next": []} and r["comparison"]["this"]["notes"] == 0


def test_the_filter_is_stated_in_every_format(ledger: InProcess) -> None:
    md = ledger.run("report", "week", "last", "-p", "Work", "+bills").stdout
    assert md.splitlines()[0] == "# Weekly report 2026-W49, only project:Work +bills"
    html = ledger.run("report", "week", "last", "-p", "Work", "+bills", "--format", "html").stdout
    assert "<h1>Weekly report 2026-W49, only project:Work +bills</h1>" in html
    assert ledger.run("report", "week", "last").stdout.splitlines()[0] == "# Weekly report 2026-W49"
    assert ledger.run("report", "range", "--from", "2026-12-01", "--to", "2026-12-02", "/rent/").stdout.splitlines()[0] == (
        "# Report 2026-12-01 to 2026-12-02, only /rent/"
    )


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["week", "last", "project:Nowhere"], 3, "project 'Nowhere'"),
        (["week", "last", "-t", "nosuchtag"], 3, "tag 'nosuchtag'"),
        (["range", "--from", "2026-11-30", "--to", "2026-12-06", "-nosuchtag"], 3, "tag 'nosuchtag'"),
        (["week", "last", "proj:"], 2, "proj:"),
        (["week", "last", "foo:bar"], 2, "foo:bar"),
        (["week", "last", "+OVERDUE"], 2, "+OVERDUE"),
    ],
)
def test_unknown_names_and_malformed_words_are_one_line_errors(ledger: InProcess, args: list[str], code: int, says: str) -> None:
    failed = ledger.fails("report", *args)
    assert failed.returncode == code and says in failed.stderr


def test_a_filtered_report_keeps_its_knowledge_time(ledger: InProcess) -> None:
    stated = _report(ledger, "week", "2026-W49", "-p", "Work")["known_at"]
    ledger.env["DAYLEDGER_NOW"] = LATER
    ledger.run("add", "Forgotten grant form", "-p", "Work.Grants", "--at", "2026-12-04 09:00")
    ledger.run("add", "Forgotten home chore", "-p", "Home", "--at", "2026-12-04 09:00")
    now = _report(ledger, "week", "2026-W49", "project:Work")
    assert _texts(now, "captured") == {"Email Dana", "Forgotten grant form"}
    before = _report(ledger, "week", "2026-W49", "project:Work", "--known-at", stated)
    assert _texts(before, "captured") == {"Email Dana"} and before["days"] == _report(ledger, "week", "2026-W49", "-p", "Work", "--known-at", stated)["days"]
