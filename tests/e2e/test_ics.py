"""iCalendar export, read back by the icalendar library."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from engine.formats.ics import cron_to_rrule
from tests.conftest import Dayledger, InProcess

# Nothing in this file needs a process of its own: `dl` and `dl_sqlite` run the commands in this one.
pytestmark = pytest.mark.in_process

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("cron", "rule"),
    [
        ("@daily", {"freq": "daily"}),
        ("30 9 * * mon-fri", {"freq": "weekly", "byday": ["MO", "TU", "WE", "TH", "FR"]}),
        ("0 18 * * 0,3", {"freq": "weekly", "byday": ["SU", "WE"]}),
        ("0 9 31 * *", {"freq": "monthly", "bymonthday": [31]}),
        ("0 9 24 12 *", {"freq": "yearly", "bymonth": [12], "bymonthday": [24]}),
        ("*/15 9 * * mon", None),
        ("0 9,17 * * *", None),
    ],
)
def test_cron_maps_to_rrule_only_where_it_can(cron: str, rule: dict[str, object] | None) -> None:
    assert cron_to_rrule(cron) == rule


def _read(path: Path) -> list[icalendar.cal.Component]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return [c for c in cal.walk() if c.name in ("VEVENT", "VTODO")]


def test_ics_export_keeps_uids_sequences_cancellations_and_recurrences(dl: Dayledger, tmp_path: Path) -> None:
    d = InProcess(dl.ledger, now="2026-04-06T08:00+02:00")
    dentist = d.json("appt", "Dentist", "--when", "2026-04-20 10:00", "--duration", "45m")
    d.run("appt", "move", "dentist", "--when", "2026-04-21 11:00")
    haircut = d.json("appt", "Haircut", "--when", "2026-04-22 15:00")
    d.run("appt", "cancel", "haircut")
    standup = d.json("appt", "Standup", "--when", "2026-04-06 09:30", "--cron", "30 9 * * mon-fri", "--until", "2026-05-01", "-p", "Work")
    d.run("appt", "move", "standup", "--occurrence", "2026-04-08 09:30", "--when", "2026-04-08 11:00")
    d.run("appt", "cancel", "standup", "--occurrence", "2026-04-09 09:30")
    d.run("appt", "Pomodoro", "--when", "2026-04-06 09:00", "--cron", "*/30 9 * * mon", "--until", "2026-04-14")
    d.run("add", "Buy milk", "--due", "2026-04-07 18:00")
    out = tmp_path / "cal.ics"
    d.run("export", "--format", "ics", "--tasks", "--out", str(out))
    components = _read(out)
    by_uid: dict[str, list[icalendar.cal.Component]] = {}
    for c in components:
        by_uid.setdefault(str(c["UID"]), []).append(c)

    [moved] = by_uid[f"{dentist['id']}@dayledger"]
    assert moved.decoded("DTSTART") == datetime(2026, 4, 21, 11, 0, tzinfo=BERLIN) and int(moved["SEQUENCE"]) == 1
    [cancelled] = by_uid[f"{haircut['id']}@dayledger"]
    assert str(cancelled["STATUS"]) == "CANCELLED" and int(cancelled["SEQUENCE"]) == 1

    master, exception = sorted(by_uid[f"{standup['id']}@dayledger"], key=lambda c: "RECURRENCE-ID" in c)
    rrule = master["RRULE"]
    assert rrule["FREQ"] == ["WEEKLY"] and rrule["BYDAY"] == ["MO", "TU", "WE", "TH", "FR"] and "UNTIL" in rrule
    assert master.decoded("DTSTART") == datetime(2026, 4, 6, 9, 30, tzinfo=BERLIN)
    assert [d.dt for d in master["EXDATE"].dts] == [datetime(2026, 4, 9, 9, 30, tzinfo=BERLIN)]
    assert exception.decoded("RECURRENCE-ID") == datetime(2026, 4, 8, 9, 30, tzinfo=BERLIN)
    assert exception.decoded("DTSTART") == datetime(2026, 4, 8, 11, 0, tzinfo=BERLIN)

    pomodoros = [c for uid, cs in by_uid.items() if "-2026" in uid for c in cs]
    assert len(pomodoros) == 4  # */30 during the 9 o'clock hour on Mondays 6 and 13 April: expanded
    [todo] = [c for c in components if c.name == "VTODO"]
    assert str(todo["SUMMARY"]) == "Buy milk" and todo.decoded("DUE") == datetime(2026, 4, 7, 18, 0, tzinfo=BERLIN)

    again = tmp_path / "again.ics"
    d.run("export", "--format", "ics", "--tasks", "--out", str(again))
    assert again.read_bytes() == out.read_bytes()  # stable: the same ledger gives the same file


def test_ics_window(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    d = InProcess(dl_sqlite.ledger, now="2026-04-06T08:00+02:00")
    d.run("appt", "April", "--when", "2026-04-20 10:00")
    d.run("appt", "May", "--when", "2026-05-20 10:00")
    out = tmp_path / "w.ics"
    d.run("export", "--format", "ics", "--from", "2026-05-01", "--to", "2026-05-31", "--out", str(out))
    assert [str(c["SUMMARY"]) for c in _read(out)] == ["May"]
