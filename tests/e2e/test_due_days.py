"""A date stays a date: a due date without a time (todo.txt's ``due:2026-05-04``) is stored as that
day, shows as the same day in every zone, is overdue once the user's day has ended, and goes back
out as a day; a round trip through another zone records nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import InProcess

TODO = """\
2026-04-20 Renew passport +Admin due:2026-05-04
2026-04-20 Call the bank due:2026-05-05
"""
BERLIN, LA = "Europe/Berlin", "America/Los_Angeles"
NOW = "2026-05-02T12:00+00:00"


def _ledger(dli: InProcess, tmp_path: Path) -> InProcess:
    d = InProcess(dli.ledger, tz=BERLIN, now=NOW)
    todo = tmp_path / "todo.txt"
    todo.write_text(TODO)
    d.run("import", "--from", "todotxt", str(todo))
    d.run("add", "Pay rent", "--due", "2026-05-04 17:00", "--at", "2026-04-20 09:00")  # a moment, for contrast
    return d


def _due(d: InProcess, *words: str) -> dict[str, Any]:
    return {t["text"]: t["due"] for t in d.json("tasks", "--no-routines", *words)}


def _texts(d: InProcess, *words: str) -> list[str]:
    return [t["text"] for t in d.json("tasks", "--no-routines", *words)]


def test_a_due_day_is_the_same_day_in_every_zone(dli: InProcess, tmp_path: Path) -> None:
    _ledger(dli, tmp_path)
    berlin, la = InProcess(dli.ledger, tz=BERLIN, now=NOW), InProcess(dli.ledger, tz=LA, now=NOW)
    assert _due(berlin) == {"Renew passport": "2026-05-04", "Call the bank": "2026-05-05", "Pay rent": "2026-05-04T17:00:00+02:00"}
    assert _due(la) == {"Renew passport": "2026-05-04", "Call the bank": "2026-05-05", "Pay rent": "2026-05-04T08:00:00-07:00"}
    for d in (berlin, la):
        listing = d.run("tasks", "--no-routines").stdout
        assert "due Mon 2026-05-04" in next(line for line in listing.splitlines() if "Renew passport" in line)
        assert "due Tue 2026-05-05" in next(line for line in listing.splitlines() if "Call the bank" in line)
        assert d.json("show", "passport")["due"] == "2026-05-04"
        assert "Mon 2026-05-04" in d.run("show", "passport").stdout
        # filters and sorting place a day at its start in the zone read
        assert sorted(_texts(d, "due:2026-05-04")) == ["Pay rent", "Renew passport"]
        assert _texts(d, "due.before:2026-05-05") == ["Pay rent", "Renew passport"]
        assert _texts(d, "due.after:2026-05-04") == ["Call the bank"]
        assert _texts(d, "--sort", "due") == ["Renew passport", "Pay rent", "Call the bank"]
        days = {day["date"]: [t["text"] for t in day["tasks"]] for day in d.json("agenda", "--from", "2026-05-04", "--days", "2")}
        assert days == {"2026-05-04": ["Renew passport", "Pay rent"], "2026-05-05": ["Call the bank"]}


def test_a_due_day_is_overdue_once_the_users_day_has_ended(dli: InProcess, tmp_path: Path) -> None:
    _ledger(dli, tmp_path)
    late_evening = InProcess(dli.ledger, tz=BERLIN, now="2026-05-04T23:30+02:00")
    assert _texts(late_evening, "--overdue") == ["Pay rent"]
    assert {t["text"]: t["overdue"] for t in late_evening.json("tasks", "--no-routines")}["Renew passport"] is False
    after_midnight = "2026-05-05T00:30+02:00"
    assert _texts(InProcess(dli.ledger, tz=BERLIN, now=after_midnight), "--overdue") == ["Pay rent", "Renew passport"]
    la = InProcess(dli.ledger, tz=LA, now=after_midnight)  # 15:30 on the 4th there: the day has not ended
    assert _texts(la, "--overdue") == ["Pay rent"]
    assert la.json("show", "passport")["overdue"] is False
    assert "overdue" not in next(line for line in la.run("tasks", "--no-routines").stdout.splitlines() if "passport" in line)
    assert InProcess(dli.ledger, tz=BERLIN, now=after_midnight).json("show", "passport")["overdue"] is True


def test_a_round_trip_through_another_zone_records_nothing(dli: InProcess, tmp_path: Path) -> None:
    berlin = _ledger(dli, tmp_path)
    out = tmp_path / "berlin.txt"
    berlin.run("export", "--format", "todotxt", "--out", str(out))
    assert "2026-04-20 Renew passport +Admin due:2026-05-04" in out.read_text().splitlines()
    before = berlin.event_count()
    la = InProcess(dli.ledger, tz=LA, now="2026-05-03T12:00+00:00")
    for path in (out, tmp_path / "todo.txt"):
        assert la.json("import", "--from", "todotxt", str(path))["files"][0]["events"] == 0
    assert la.event_count() == before

    # into a new ledger in Los Angeles, and out again: the same days
    other = InProcess(str(tmp_path / "la.sqlite"), tz=LA, now=NOW)
    other.run("import", "--from", "todotxt", str(out))
    again = tmp_path / "la.txt"
    other.run("export", "--format", "todotxt", "--out", str(again))
    assert sorted(again.read_text().splitlines()) == sorted(out.read_text().splitlines())  # the same lines (the same day, captured at its start)
    assert other.json("import", "--from", "todotxt", str(out))["files"][0]["events"] == 0


def test_exports_write_a_due_day_as_a_day(dli: InProcess, tmp_path: Path) -> None:
    berlin = _ledger(dli, tmp_path)
    ics = tmp_path / "tasks.ics"
    berlin.run("export", "--format", "ics", "--tasks", "--out", str(ics))
    text = ics.read_text().replace("\r\n ", "")
    assert "DUE;VALUE=DATE:20260504" in text and "DUE;VALUE=DATE:20260505" in text
    tw = tmp_path / "tasks.json"
    berlin.run("export", "--format", "taskwarrior", "--out", str(tw))
    dues = {t["description"]: t.get("due") for t in json.loads(tw.read_text())}
    # Taskwarrior has no day without a time: the start of the day where it is written, as `task` writes due:2026-05-04
    assert dues == {"Renew passport": "20260503T220000Z", "Call the bank": "20260504T220000Z", "Pay rent": "20260504T150000Z"}
