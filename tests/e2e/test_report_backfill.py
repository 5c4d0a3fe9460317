"""Back-filled data in the week's report (issue 20): a routine defined after the fact, a mark made
late for an occurrence of that week and an appointment typed in afterwards for a day of it show in
the week's report as ``routine stats`` and ``day`` show them; the report's knowledge horizon moves
to when they were recorded, and ``--known-at`` the earlier horizon gives the earlier report back
byte for byte. What is about later times leaves the past week's report as it was.

The week is 2026-W49 (Mon 11-30 to Sun 12-06, Berlin); the back-fills are typed in on Monday 12-07.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import InProcess

WEEK, MONDAY, SUNDAY = "2026-W49", "2026-11-30", "2026-12-06"
SUNDAY_EVENING = "2026-12-06T20:00+01:00"  # the last thing recorded during the week
LATER = "2026-12-07T10:00+01:00"  # when the back-fills are typed in
LAST = "2026-12-07T13:00+01:00"  # a later clock, for reports asked after several back-fills
DISHES = ("routine", "add", "Dishes", "--cron", "0 21 * * *")


def at(dl: InProcess, now: str, *args: str) -> str:
    """Run one command with the clock at ``now`` (what it records is recorded then)."""
    dl.env["DAYLEDGER_NOW"] = now
    return dl.run(*args).stdout


def week(dl: InProcess) -> None:
    """What was recorded during the week: a task on Tuesday, a note on Sunday evening."""
    at(dl, "2026-12-01T09:00+01:00", "add", "Write the letter")
    at(dl, SUNDAY_EVENING, "note", "Quiet week")


def report(dl: InProcess, *args: str, now: str = LATER) -> tuple[str, dict[str, Any]]:
    """The week's report as Markdown and as JSON, with the clock at ``now``."""
    dl.env["DAYLEDGER_NOW"] = now
    md = dl.run("report", "week", WEEK, *args).stdout
    return md, json.loads(dl.run("report", "week", WEEK, "--format", "json", *args).stdout)


def stats(dl: InProcess) -> dict[str, Any]:
    dl.env["DAYLEDGER_NOW"] = LATER
    [row] = dl.json("routine", "stats", "dishes", "--from", MONDAY, "--to", SUNDAY)
    return dict(row)


def day_appointments(dl: InProcess, day: str) -> list[tuple[str, str, str]]:
    dl.env["DAYLEDGER_NOW"] = LATER
    return [(a["id"], a["text"], a["starts_at"]) for a in dl.json("day", day)["appointments"]]


ROUTINE_FIELDS = ("due", "done", "skipped", "missed", "pending", "rate", "current_streak", "longest_streak")

# name -> (what is recorded before the week ends, what is typed in on Monday)
BACKFILLS: dict[str, tuple[list[tuple[str, ...]], list[tuple[str, ...]]]] = {
    "routine defined after the fact": ([], [(*DISHES, "--from", "2026-11-23"), ("routine", "done", "dishes", "--occurrence", "2026-12-04 21:00")]),
    "mark back-dated with --at": ([(*DISHES, "--from", MONDAY)], [("routine", "done", "dishes", "--at", "2026-12-02 21:30")]),
    "mark for a past occurrence": ([(*DISHES, "--from", MONDAY)], [("routine", "skip", "dishes", "--occurrence", "2026-12-03 21:00")]),
    "appointment entered today for last Tuesday": ([], [("appt", "add", "Bike shop", "--when", "last tue 10:00", "--duration", "1h")]),
    "appointment with --at": ([], [("appt", "add", "Bike shop", "--when", "last tue 10:00", "--at", "last tue 9:00")]),
    "recurring appointment from last Monday on": ([], [("appt", "add", "Standup", "--when", "2026-11-30 09:00", "--cron", "0 9 * * mon-fri")]),
}
DAYS = [f"2026-11-{d}" for d in (30,)] + [f"2026-12-0{d}" for d in range(1, 7)]


@pytest.mark.parametrize("case", list(BACKFILLS))
def test_backfilled_facts_show_in_the_weeks_report_as_in_stats_and_day(ledger_url: str, case: str) -> None:
    dl = InProcess(ledger_url)
    before_end, typed_later = BACKFILLS[case]
    for args in before_end:
        at(dl, "2026-11-30T08:00+01:00", *args)
    week(dl)
    md0, js0 = report(dl)
    assert js0["known_at"] == "2026-12-06T20:00:00+01:00"
    assert "recorded by 2026-12-06 20:00:00." in md0

    for args in typed_later:
        at(dl, LATER, *args)
    md, js = report(dl)

    assert js["known_at"] == "2026-12-07T10:00:00+01:00"  # the horizon moved to include what was typed in
    assert "recorded by 2026-12-07 10:00:00." in md
    assert md != md0
    if "appointment" in case:
        held = [(a["id"], a["text"], a["starts_at"]) for a in js["appointments"]["held"]]
        assert held == [a for day in DAYS for a in day_appointments(dl, day)]
        assert len(held) == (5 if case.startswith("recurring") else 1)
        assert held[0][2] == ("2026-11-30T09:00:00+01:00" if case.startswith("recurring") else "2026-12-01T10:00:00+01:00")
        assert ("| Fri 12-04 09:00 | Standup | no project |" if case.startswith("recurring") else "| Tue 12-01 10:00 | Bike shop | no project |") in md
        assert js["totals"]["appointments_held"] == len(held)
    else:
        [row] = js["routines"]
        expected = stats(dl)
        assert {k: row[k] for k in ROUTINE_FIELDS} == {k: expected[k] for k in ROUTINE_FIELDS}
        assert row["done"] + row["skipped"] == 1  # the one mark typed in on Monday
        rate = "-" if row["rate"] is None else f"{row['rate']:.0%}"
        cells = [row["due"], row["done"], row["skipped"], row["missed"], rate, row["current_streak"], row["longest_streak"]]
        assert "| Dishes | daily at 21:00 (0 21 \\* \\* \\*) | " + " | ".join(map(str, cells)) + " |" in md

    # Asked as the ledger stood before the back-fill, the report is the one it gave then.
    md_then, js_then = report(dl, "--known-at", "2026-12-06 20:00")
    assert md_then == md0
    assert js_then == js0
    # ... and says in one line on stderr that it left out what was learnt later.
    said = dl.run("report", "week", WEEK, "--known-at", "2026-12-06 20:00").stderr
    assert said == (
        "dayledger: left out what was recorded about this period after 2026-12-06 20:00:00, up to 2026-12-07 10:00:00 "
        "(leave out --known-at to see it)\n"
    )
    assert dl.run("report", "week", WEEK, "--known-at", "2026-12-07 10:00").stderr == ""


@pytest.mark.parametrize(
    "later",
    [
        (*DISHES,),  # a routine set up today counts from today
        ("appt", "add", "Dentist", "--when", "2026-12-08 10:00"),  # next week's, booked after the week
        ("routine", "done", "dishes"),  # today's occurrence, not the week's (routine set up during the week)
    ],
    ids=["routine from today", "appointment for later", "mark for today"],
)
def test_what_is_about_later_leaves_the_past_week_as_it_was(ledger_url: str, later: tuple[str, ...]) -> None:
    dl = InProcess(ledger_url)
    if later[:2] == ("routine", "done"):
        at(dl, "2026-11-30T08:00+01:00", *DISHES, "--from", MONDAY)
    week(dl)
    md0, js0 = report(dl)
    at(dl, "2026-12-07T21:30+01:00" if later[:2] == ("routine", "done") else LATER, *later)
    dl.env["DAYLEDGER_NOW"] = "2026-12-07T21:40+01:00"
    assert dl.run("report", "week", WEEK).stdout == md0
    assert json.loads(dl.run("report", "week", WEEK, "--format", "json").stdout) == js0


def test_back_fills_typed_in_one_after_another_each_move_the_horizon(dli: InProcess) -> None:
    """Three back-fills at three moments: each report states the latest, and --known-at each
    earlier horizon gives that earlier report back."""
    week(dli)
    steps = [
        ("2026-12-07T10:00+01:00", (*DISHES, "--from", "2026-11-23")),
        ("2026-12-07T11:00+01:00", ("routine", "done", "dishes", "--occurrence", "2026-12-05 21:00")),
        ("2026-12-07T12:00+01:00", ("appt", "add", "Bike shop", "--when", "last tue 10:00")),
    ]
    seen = [("2026-12-06T20:00:00+01:00", report(dli, now=LAST))]
    for now, args in steps:
        at(dli, now, *args)
        horizon = now.replace("+01:00", ":00+01:00")
        md, js = report(dli, now=LAST)
        assert js["known_at"] == horizon
        seen.append((horizon, (md, js)))
    assert [len(js["routines"]) for _, (_, js) in seen] == [0, 1, 1, 1]
    assert [js["routines"][0]["done"] for _, (_, js) in seen[1:]] == [0, 1, 1]
    assert [js["totals"]["appointments_held"] for _, (_, js) in seen] == [0, 0, 0, 1]
    for horizon, earlier in seen:
        assert report(dli, "--known-at", horizon, now=LAST) == earlier


def test_the_report_says_routine_schedules_in_words_beside_the_cron(dli: InProcess) -> None:
    """Markdown, HTML and JSON say the schedule as ``routine list`` does; a schedule with no short
    saying shows its cron text alone."""
    at(dli, "2026-11-30T08:00+01:00", *DISHES, "--from", MONDAY)
    at(dli, "2026-11-30T08:00+01:00", "routine", "add", "Plants", "--cron", "0 9 */3 * *", "--from", MONDAY)
    at(dli, "2026-11-30T08:00+01:00", "routine", "add", "Review", "--cron", "30 17 * * fri", "--from", MONDAY)
    listed = {r["text"]: r["schedule_words"] for r in dli.json("routine", "list")}
    assert listed == {"Dishes": "daily at 21:00", "Plants": None, "Review": "weekly on Fri at 17:30"}
    md, js = report(dli)
    assert {r["text"]: (r["schedule"], r["schedule_words"]) for r in js["routines"]} == {
        "Dishes": ("0 21 * * *", listed["Dishes"]), "Plants": ("0 9 */3 * *", None), "Review": ("30 17 * * fri", listed["Review"]),
    }
    assert "| Dishes | daily at 21:00 (0 21 \\* \\* \\*) |" in md
    assert "| Plants | 0 9 \\*/3 \\* \\* |" in md
    assert "| Review | weekly on Fri at 17:30 (30 17 \\* \\* fri) |" in md
    html = dli.run("report", "week", WEEK, "--format", "html").stdout
    assert "<td>daily at 21:00 (0 21 * * *)</td>" in html
    assert "<td>weekly on Fri at 17:30 (30 17 * * fri)</td>" in html
