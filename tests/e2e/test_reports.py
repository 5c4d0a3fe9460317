"""Weekly reports through the real command: exact numbers on a three-week history, the same bytes
when regenerated after later weeks were recorded, Markdown that parses, HTML that Chromium draws."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import IN_CI, Dayledger, InProcess

# Nothing in this file needs a process of its own: `dl` and `dl_sqlite` run the commands in this one.
pytestmark = pytest.mark.in_process


ROOT = Path(__file__).resolve().parents[2]
NOTES = ROOT / "tests" / "data" / "report_notes"
EXAMPLES = ROOT / "examples" / "notes"
LATER = "2026-05-06T12:00+02:00"


def at(now: str, dl: Dayledger, *args: str) -> str:
    """Run one command with the clock at ``now`` (what it records is recorded then)."""
    dl.env["DAYLEDGER_NOW"] = now
    return dl.run(*args).stdout


def history(dl: Dayledger, tmp: Path) -> None:
    """Three weeks, each recorded on its own Sunday evening: W15 and W16 from tests/data/report_notes,
    W17 the examples; a daily Dishes routine from Monday of W15; a task cancelled in W16; an
    appointment booked for W18."""
    for name in ("w15", "w16"):
        (tmp / name).mkdir()
    for f in NOTES.iterdir():
        shutil.copy(f, tmp / ("w15" if f.name < "2026-04-13" else "w16") / f.name)
    at("2026-04-06T08:00+02:00", dl, "routine", "add", "Dishes", "--cron", "0 20 * * *", "--from", "2026-04-06")
    at("2026-04-12T21:00+02:00", dl, "import", str(tmp / "w15"))
    at("2026-04-19T21:00+02:00", dl, "import", str(tmp / "w16"))
    at("2026-04-19T21:00+02:00", dl, "cancel", "Book the car service", "--at", "2026-04-17 10:00")
    at("2026-04-26T21:00+02:00", dl, "import", str(EXAMPLES))
    at("2026-04-26T21:00+02:00", dl, "appt", "add", "Team review", "--when", "2026-04-29 10:00", "--duration", "1h", "-p", "SBIRs")


def later_weeks(dl: Dayledger) -> None:
    """What happens after W17 was over: W18 work, and a W17 task written down only in May."""
    later_work(dl)
    written_late(dl)


def later_work(dl: Dayledger) -> None:
    """W18 work and a May note: nothing about W17."""
    at("2026-04-29T09:00+02:00", dl, "add", "Plan the garden beds", "-p", "Garden")
    at("2026-04-30T18:00+02:00", dl, "done", "Email Dana")
    at("2026-05-02T10:00+02:00", dl, "note", "A note from May")


def written_late(dl: Dayledger) -> None:
    """A W17 task written down only in May."""
    at("2026-05-02T10:00+02:00", dl, "add", "Forgotten errand", "--at", "2026-04-22 15:00")


def report(dl: Dayledger, *args: str) -> str:
    return at(LATER, dl, "report", "week", *args)


def test_the_weekly_report_numbers_exactly(ledger_url: str, tmp_path: Path) -> None:
    dl = InProcess(ledger_url)
    history(dl, tmp_path)
    r: dict[str, Any] = json.loads(at("2026-04-28T10:00+02:00", dl, "report", "week", "--format", "json"))
    assert (r["label"], r["first_day"], r["last_day"]) == ("2026-W17", "2026-04-20", "2026-04-26")
    assert r["as_of"] == "2026-04-26T23:59:59.999999+02:00"
    assert r["known_at"] == "2026-04-26T21:00:00+02:00"  # the last recording about the week, not the clock
    assert r["totals"] == {
        "completed": 13, "captured": 21, "cancelled": 0, "still_open": 8, "open_at_start": 0, "notes": 9, "readings": 2,
        "appointments_held": 2, "appointments_next": 2,
    }
    by_project = {p["project"]: (p["completed"], p["captured"], p["cancelled"], p["open_at_end"]) for p in r["projects"]}
    assert by_project == {"SBIRs": (3, 6, 0, 3), "Garden": (1, 2, 0, 1), None: (9, 13, 0, 4)}
    carried = {t["text"]: (t["open_days"], t["carried"]) for t in r["completed"] if t["carried"]}
    assert carried == {
        "Continue filling out permissions spreadsheet": (3.0, 2),
        "Work on pancake printer post": (3.0, 2),
        "Look at the index2vec code and see how well it will scale": (2.0, 1),
    }
    assert [t["text"] for t in r["still_open"][:2]] == ["Re-map and cluster the original narratives", "Email Dana about the garage door quote"]
    assert [(d["completed"], d["captured"], d["open_at_end"]) for d in r["days"]] == [
        (2, 6, 4), (2, 4, 6), (2, 4, 8), (4, 2, 6), (3, 5, 8), (0, 0, 8), (0, 0, 8)
    ]
    assert [(a["text"], a["starts_at"]) for a in r["appointments"]["held"]] == [
        ("Dentist", "2026-04-23T14:00:00+02:00"), ("Call the bike shop about the creaking headset", "2026-04-25T09:00:00+02:00")
    ]
    assert [(a["text"], a["duration_minutes"], a["project"]) for a in r["appointments"]["next"]] == [("Take the bike in", None, None), ("Team review", 60, "SBIRs")]
    assert [x["arxiv_id"] for x in r["readings"]] == ["2604.18342", "2604.20117"]
    [dishes] = r["routines"]
    assert {k: dishes[k] for k in ("due", "done", "skipped", "missed", "pending", "rate", "current_streak", "longest_streak")} == {
        "due": 7, "done": 5, "skipped": 0, "missed": 1, "pending": 1, "rate": 0.8333, "current_streak": 0, "longest_streak": 5
    }
    assert r["comparison"] == {
        "this": {"completed": 13, "captured": 21, "cancelled": 0, "notes": 9, "readings": 2},
        "previous": {"label": "2026-W16", "completed": 1, "captured": 2, "cancelled": 1, "notes": 0, "readings": 0},
        "average": {"periods": 2, "completed": 1.5, "captured": 2.0, "cancelled": 0.5, "notes": 0.5, "readings": 0.0},
    }
    w16 = json.loads(at("2026-04-28T10:00+02:00", dl, "report", "week", "2026-04-15", "--format", "json"))
    assert [t["text"] for t in w16["cancelled"]] == ["Book the car service"]
    assert (w16["cancelled"][0]["carried"], w16["cancelled"][0]["open_days"]) == (1, 3.42)


def test_a_past_week_regenerated_later_is_byte_identical(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    history(dl_sqlite, tmp_path)
    first = {fmt: at("2026-04-27T08:00+02:00", dl_sqlite, "report", "week", "--format", fmt) for fmt in ("md", "json", "html")}
    stated = json.loads(first["json"])["known_at"]
    later_work(dl_sqlite)  # events about later weeks only: the past week's report does not move
    for fmt, text in first.items():
        assert report(dl_sqlite, "2026-W17", "--format", fmt) == text, fmt
    out = tmp_path / "w17.html"
    at(LATER, dl_sqlite, "report", "week", "2026-W17", "--format", "html", "--out", str(out))
    assert out.read_bytes() == first["html"].encode()
    written_late(dl_sqlite)  # something about W17 learnt in May: shown, and the report says when it knew
    updated = json.loads(report(dl_sqlite, "2026-W17", "--format", "json"))
    assert updated["known_at"] == "2026-05-02T10:00:00+02:00" and updated["totals"]["captured"] == 22
    for fmt, text in first.items():  # the earlier report, byte for byte, by its stated knowledge time
        assert report(dl_sqlite, "2026-W17", "--format", fmt, "--known-at", stated) == text, fmt
    known_later = json.loads(report(dl_sqlite, "2026-W17", "--format", "json", "--known-at", "2026-05-03"))
    assert known_later["known_at"] == "2026-05-03T23:59:59.999999+02:00"
    assert known_later["totals"]["captured"] == 22 and known_later["totals"]["still_open"] == 9
    w18 = json.loads(report(dl_sqlite, "--format", "json"))  # default: the last complete week, W18
    assert (w18["label"], w18["totals"]["completed"], w18["totals"]["captured"]) == ("2026-W18", 1, 1)
    assert w18["comparison"]["previous"]["completed"] == 13


def test_weeks_can_start_on_sunday_and_any_range_is_reported(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    history(dl_sqlite, tmp_path)
    dl_sqlite.env["DAYLEDGER_WEEK_START"] = "sun"
    sunday = json.loads(report(dl_sqlite, "2026-W17", "--format", "json"))
    assert (sunday["label"], sunday["first_day"], sunday["last_day"]) == ("week of 2026-04-19", "2026-04-19", "2026-04-25")
    monday = json.loads(report(dl_sqlite, "2026-04-22", "--week-start", "mon", "--format", "json"))
    assert monday["first_day"] == "2026-04-20"
    span = json.loads(at(LATER, dl_sqlite, "report", "range", "--from", "2026-04-06", "--to", "2026-04-19", "--format", "json"))
    assert (span["totals"]["completed"], span["totals"]["captured"], span["totals"]["cancelled"], span["totals"]["notes"]) == (3, 4, 1, 1)
    assert len(span["days"]) == 14
    dl_sqlite.fails("report", "week", "2026-W54")


def test_the_markdown_parses_into_headings_and_tables(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    history(dl_sqlite, tmp_path)
    text = report(dl_sqlite, "2026-W17")
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    assert headings[:3] == ["At a glance", "Completed (13)", "Captured (21)"]
    assert "Routines (1)" in headings and "Readings (2)" in headings
    assert sum(1 for t in tokens if t.type == "table_open") == 13
    cells = [t.content for t in tokens if t.type == "inline"]
    assert "2604.20117" in cells and "Small Models, Long Contexts: A Practical Study of Retrieval Heads" in cells
    assert "As of 2026-04-26 23:59:59 (Europe/Berlin)" in text


CHROMIUM = "/usr/bin/chromium"


def test_the_html_is_one_file_that_chromium_draws(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    history(dl_sqlite, tmp_path)
    page = tmp_path / "w17.html"
    at(LATER, dl_sqlite, "report", "week", "2026-W17", "--format", "html", "--out", str(page))
    html = page.read_text()
    assert html.count("<svg") == 3 and "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert "Tasks completed per day" in html and "Open tasks over the period" in html and "Per project" in html
    if not os.path.exists(CHROMIUM):
        if IN_CI:
            pytest.fail("CI must draw the report in Chromium: .ci/run installs it")
        pytest.skip(f"{CHROMIUM} is not installed: the HTML report is not drawn (install Debian's chromium to run this)")
    from tests.e2e.png import nonblank_pixels

    shot = tmp_path / "w17.png"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}",
         "--window-size=1200,1600", page.as_uri()],
        check=True, capture_output=True, timeout=120, stdin=subprocess.DEVNULL,
    )
    assert shot.exists() and shot.stat().st_size > 10_000
    assert nonblank_pixels(shot) > 0.02


def test_recurring_appointments_are_held_and_coming_in_the_report(dl_sqlite: Dayledger) -> None:
    """A weekday standup (one occurrence moved, one cancelled, the series ended later) and a one-off
    appointment, in the report of the week held and of the week coming."""
    dl = dl_sqlite
    at("2026-04-06T08:00+02:00", dl, "appt", "Standup", "--when", "2026-04-06 09:30", "--cron", "30 9 * * mon-fri", "--duration", "15m", "-p", "Work")
    at("2026-04-06T08:00+02:00", dl, "appt", "add", "Dentist", "--when", "2026-04-08 14:00")
    at("2026-04-07T12:00+02:00", dl, "appt", "move", "standup", "--occurrence", "2026-04-08 09:30", "--when", "2026-04-08 11:00")
    at("2026-04-07T12:00+02:00", dl, "appt", "cancel", "standup", "--occurrence", "2026-04-09 09:30")
    at("2026-04-15T12:00+02:00", dl, "appt", "cancel", "standup")  # ends the series from the 15th on (after W15's report)
    r: dict[str, Any] = json.loads(at(LATER, dl, "report", "week", "2026-W15", "--format", "json"))
    held = [(a["text"], a["starts_at"][:16], a["recurring"]) for a in r["appointments"]["held"]]
    assert held == [
        ("Standup", "2026-04-06T09:30", True),
        ("Standup", "2026-04-07T09:30", True),
        ("Standup", "2026-04-08T11:00", True),  # moved
        ("Dentist", "2026-04-08T14:00", False),
        ("Standup", "2026-04-10T09:30", True),  # the 9th was cancelled
    ]
    assert {a["duration_minutes"] for a in r["appointments"]["held"] if a["recurring"]} == {15}
    # As planned at the end of W15: all five of W16's standups are coming.
    assert [a["starts_at"][:10] for a in r["appointments"]["next"]] == [f"2026-04-{d}" for d in range(13, 18)]
    assert r["totals"]["appointments_held"] == 5 and r["totals"]["appointments_next"] == 5
    w16 = json.loads(at(LATER, dl, "report", "week", "2026-W16", "--format", "json"))
    assert [a["starts_at"][:10] for a in w16["appointments"]["held"]] == ["2026-04-13", "2026-04-14", "2026-04-15"]  # ended the 15th at noon
    md = at(LATER, dl, "report", "week", "2026-W15")
    assert md.count("Standup") == 4 + 5
