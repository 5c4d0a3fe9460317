"""All-day appointments: a date stays a date. Made with a WHEN that names a day without a time,
or imported from a calendar's ``VALUE=DATE`` event, an appointment is stored as its date and shows
as the same day in every zone; exported, it is ``VALUE=DATE`` again, and a round trip through
another zone records nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import InProcess

DATA = Path(__file__).parent.parent / "data" / "ics"
BERLIN_NOW = "2026-12-07T10:00:00+01:00"
LA_NOW = "2026-12-07T01:00:00-08:00"  # the same moment


def _at(d: InProcess, tz: str, now: str) -> InProcess:
    return InProcess(d.ledger, tz=tz, now=now)


def _agenda(d: InProcess, first: str, days: int) -> dict[str, list[str]]:
    return {day["date"]: [a["text"] for a in day["appointments"]] for day in d.json("agenda", "--from", first, "--days", str(days))}


def _listed(d: InProcess, text: str) -> dict[str, Any]:
    [row] = [a for a in d.json("appt", "list", "--all") if a["text"] == text]
    return row


def test_a_day_without_a_time_is_an_all_day_appointment_on_that_day_in_every_zone(dli: InProcess) -> None:
    berlin, la = _at(dli, "Europe/Berlin", BERLIN_NOW), _at(dli, "America/Los_Angeles", LA_NOW)
    berlin.run("appt", "Conference", "--when", "2026-12-11", "--duration", "3d")
    berlin.run("appt", "Dentist", "--when", "2026-12-11 10:00")
    [stored] = [e for e in berlin.json("log") if e["type"] == "AppointmentScheduled" and e["text"] == "Conference"]
    assert (stored["starts_at"], stored["duration_minutes"]) == ("2026-12-11", 3 * 1440)  # a date, not midnight in Berlin
    for d, offset in ((berlin, "+01:00"), (la, "-08:00")):
        row = _listed(d, "Conference")
        assert (row["all_day"], row["date"], row["days"], row["starts_at"]) == (True, "2026-12-11", 3, f"2026-12-11T00:00:00{offset}")
        assert _listed(d, "Dentist")["all_day"] is False
    assert _agenda(berlin, "2026-12-10", 5) == {
        "2026-12-10": [], "2026-12-11": ["Conference", "Dentist"], "2026-12-12": ["Conference"], "2026-12-13": ["Conference"], "2026-12-14": [],
    }
    # in Los Angeles the dentist (10:00 in Berlin) is at 01:00 the same day; the conference keeps its days
    assert _agenda(la, "2026-12-10", 5) == _agenda(berlin, "2026-12-10", 5)
    text = la.run("agenda", "--from", "2026-12-11", "--days", "1").stdout
    assert "all day  appt" in text and "01:00    appt" in text
    for zone in ("Europe/Berlin", "America/Los_Angeles"):
        later = _at(dli, zone, "2026-12-20T12:00:00+00:00")
        day = later.json("day", "2026-12-11")
        assert [a["text"] for a in day["appointments"]] == ["Conference", "Dentist"]
        assert [a["text"] for a in later.json("appt", "list", "--as-of", "2026-12-09")] == ["Conference", "Dentist"]
        [then] = later.json("agenda", "--as-of", "2026-12-09 12:00", "--from", "2026-12-12", "--days", "1")
        assert [a["text"] for a in then["appointments"]] == ["Conference"]
    assert "Fri 2026-12-11 all day  3 days" in la.run("appt", "list").stdout
    day_text = _at(dli, "America/Los_Angeles", "2026-12-20T12:00:00+00:00").run("day", "2026-12-11").stdout
    assert "all day" in day_text and "01:00" in day_text


def test_an_all_day_appointment_moves_by_days_and_to_a_time_and_back(dli_sqlite: InProcess) -> None:
    d = _at(dli_sqlite, "Europe/Berlin", BERLIN_NOW)
    d.run("appt", "Retreat", "--when", "2026-12-11", "--duration", "2d")
    d.run("appt", "move", "Retreat", "--when", "2026-12-14")  # keeps its two days
    assert [(r["date"], r["days"]) for r in [_listed(d, "Retreat")]] == [("2026-12-14", 2)]
    d.run("appt", "move", "Retreat", "--when", "2026-12-14 09:00")
    row = _listed(d, "Retreat")
    assert (row["all_day"], row["starts_at"], row["duration_minutes"]) == (False, "2026-12-14T09:00:00+01:00", None)
    d.run("undo")
    assert [(r["date"], r["days"]) for r in [_listed(d, "Retreat")]] == [("2026-12-14", 2)]
    proc = d.fails("appt", "move", "Retreat", "--when", "2026-12-15", "--duration", "90m")
    assert "whole days" in proc.stderr and "give a time of day" in proc.stderr
    proc = d.fails("appt", "Lunch", "--when", "fri", "--duration", "45m")
    assert "--when 'fri' is a day without a time of day" in proc.stderr
    assert len(d.json("appt", "list")) == 1  # nothing half-written
    twice = d.run("appt", "Retreat", "--when", "2026-12-14")
    assert "'Retreat' on Mon 2026-12-14 (all day) was already scheduled" in twice.stderr


def test_all_day_appointments_export_as_dates_and_come_back_the_same_in_another_zone(dli_sqlite: InProcess, tmp_path: Path) -> None:
    berlin = _at(dli_sqlite, "Europe/Berlin", BERLIN_NOW)
    berlin.run("appt", "Conference", "--when", "2026-12-11", "--duration", "3d")
    berlin.run("appt", "Holiday", "--when", "2026-12-24")
    out = tmp_path / "out.ics"
    berlin.run("export", "--format", "ics", "--out", str(out))
    written = out.read_text()
    assert "DTSTART;VALUE=DATE:20261211\nDTEND;VALUE=DATE:20261214\n" in written
    assert "DTSTART;VALUE=DATE:20261224\nDTEND;VALUE=DATE:20261225\n" in written
    # into the ledger it came from, from another zone: nothing to record
    la = _at(dli_sqlite, "America/Los_Angeles", LA_NOW)
    assert la.json("import", str(out))["files"][0]["events"] == 0
    # into an empty ledger in Los Angeles: the same days, stored as dates; again in Tokyo: nothing
    other = InProcess(str(tmp_path / "other.sqlite"), tz="America/Los_Angeles", now=LA_NOW)
    other.run("import", str(out))
    assert {(r["text"], r["date"], r["days"]) for r in other.json("appt", "list")} == {("Conference", "2026-12-11", 3), ("Holiday", "2026-12-24", 1)}
    assert sorted(e["starts_at"] for e in other.json("log") if e["type"] == "AppointmentScheduled") == ["2026-12-11", "2026-12-24"]
    before = len(other.json("log"))
    assert _at(other, "Asia/Tokyo", "2026-12-07T18:00:00+09:00").json("import", str(out))["files"][0]["events"] == 0
    assert len(other.json("log")) == before


def test_calendar_all_day_events_are_dates_and_an_end_on_the_start_is_one_day(dli_sqlite: InProcess, tmp_path: Path) -> None:
    la = _at(dli_sqlite, "America/Los_Angeles", "2026-05-01T08:00:00-07:00")
    la.run("import", str(DATA / "google.ics"), str(DATA / "khal-event_d_same_start_end.ics"))
    retreat = _listed(la, "Grant writing retreat")  # DTSTART;VALUE=DATE:20260424, DTEND;VALUE=DATE:20260426
    assert (retreat["date"], retreat["days"], retreat["starts_at"]) == ("2026-04-24", 2, "2026-04-24T00:00:00-07:00")
    same = _listed(la, "Another Event")  # DTSTART and DTEND both 20140409
    assert (same["date"], same["days"], same["duration_minutes"]) == ("2014-04-09", 1, 1440)
    berlin = _at(dli_sqlite, "Europe/Berlin", "2026-05-01T17:00:00+02:00")
    assert _listed(berlin, "Grant writing retreat")["date"] == "2026-04-24"
    assert _agenda(berlin, "2026-04-24", 3)["2026-04-26"] == []  # DTEND is exclusive


def test_a_todo_due_on_a_date_stays_due_on_that_date(dli_sqlite: InProcess, tmp_path: Path) -> None:
    cal = tmp_path / "todo.ics"
    cal.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VTODO\r\nUID:t1\r\nDTSTAMP:20261201T100000Z\r\n"
        "SUMMARY:Pay rent\r\nDUE;VALUE=DATE:20261231\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
    )
    berlin = _at(dli_sqlite, "Europe/Berlin", BERLIN_NOW)
    berlin.run("import", str(cal))
    [task] = berlin.json("tasks")
    assert task["due"] == "2026-12-31"
    again = _at(dli_sqlite, "America/Los_Angeles", LA_NOW).json("import", str(cal))["files"][0]
    assert (again["events"], again["unchanged"]) == (0, 1)  # the VTODO is counted unchanged, as a VEVENT would be
