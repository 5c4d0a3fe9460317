"""``dayledger import FILE.ics`` through the real command: calendar events become appointments."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Dayledger, InProcess

# Nothing in this file needs a process of its own: `dl` and `dl_sqlite` run the commands in this one.
pytestmark = pytest.mark.in_process

DATA = Path(__file__).parent.parent / "data" / "ics"
NOW = "2026-04-01T08:00+02:00"


def _appts(d: Dayledger, *extra: str) -> list[dict[str, Any]]:
    return d.json("appt", "list", "--all", "--days", "60", *extra)


def _by_text(d: Dayledger) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for a in _appts(d):
        out.setdefault(a["text"], []).append(a)
    return out


def test_google_calendar_export_comes_in_with_its_zones_recurrences_and_cancellations(dl: Dayledger, tmp_path: Path) -> None:
    d = InProcess(dl.ledger, now=NOW)
    cal = tmp_path / "phil@example.com.ics"
    shutil.copy(DATA / "google.ics", cal)

    dry = d.json("import", str(cal), "--dry-run")["files"][0]
    assert (dry["new"], dry["recurring_new"]) == (7, 1)
    assert d.run("log", "--json", check=False).stdout.strip() in ("", "[]")  # nothing written

    first = d.json("import", str(cal))["files"][0]  # no --from: the .ics name says it
    assert (first["vevents"], first["new"], first["cancelled"], first["recurring_new"]) == (7, 7, 1, 1)
    assert (first["occurrences_moved"], first["occurrences_cancelled"], first["projects_started"]) == (1, 1, 1)
    events = d.event_count()

    a = _by_text(d)
    [dentist] = a["Dentist @ Dr. Berg, Hauptstr. 5"]  # UTC, LOCATION kept in the text
    assert (dentist["starts_at"], dentist["duration_minutes"], dentist["status"]) == ("2026-04-20T15:00:00+02:00", 45, "scheduled")
    [retreat] = a["Grant writing retreat"]  # all-day, two days, from the start of the day in the user's zone
    assert (retreat["starts_at"], retreat["duration_minutes"]) == ("2026-04-24T00:00:00+02:00", 2 * 24 * 60)
    [bank] = a["Call with the bank"]
    assert bank["status"] == "cancelled"
    [bike] = a["Bike shop: Ritchey wheel"]  # floating: in the calendar's X-WR-TIMEZONE (8:30 New York); DURATION; first CATEGORY the project
    assert (bike["starts_at"], bike["duration_minutes"], bike["project"]) == ("2026-04-23T14:30:00+02:00", 90, "Errands")
    climbing = a["Climbing"]  # INTERVAL=2;COUNT=3: no cron says it, so three appointments
    assert [c["starts_at"] for c in climbing] == ["2026-04-06T23:00:00+02:00", "2026-04-20T23:00:00+02:00", "2026-05-04T23:00:00+02:00"]
    assert not any(c.get("recurring") for c in climbing)
    standup = a["Standup with the lab"]  # weekly TU,TH 9:00 New York: one recurring appointment
    assert {s["cron"] for s in standup} == {"0 9 * * 2,4"} and len({s["id"] for s in standup}) == 1
    assert [(s["starts_at"], s["status"]) for s in standup] == [
        ("2026-04-07T15:00:00+02:00", "scheduled"),
        ("2026-04-09T15:00:00+02:00", "scheduled"),
        ("2026-04-14T15:00:00+02:00", "scheduled"),
        ("2026-04-16T15:00:00+02:00", "cancelled"),  # EXDATE
        ("2026-04-21T20:00:00+02:00", "moved"),  # RECURRENCE-ID 9:00 -> 14:00 New York
        ("2026-04-23T15:00:00+02:00", "scheduled"),
        ("2026-04-28T15:00:00+02:00", "scheduled"),  # UNTIL 2026-04-29 23:59:59 New York
    ]

    again = d.json("import", "--from", "ics", str(cal))["files"][0]
    assert (again["events"], again["new"], again["unchanged"]) == (0, 0, 8)
    assert d.event_count() == events
    log = d.json("log")
    assert {e["source"]["kind"] for e in log} == {"import"}
    assert all(e["source"]["file"] == str(cal) and e["source"]["sha256"] for e in log)
    assert any(e["source"]["detail"] == "ics|2026-04-20|0a1b2c3d4e5f6g7h8i9j@google.com|seq=1" for e in log)


def test_a_changed_calendar_moves_cancels_and_restores_without_duplicates(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    d = InProcess(dl_sqlite.ledger, now=NOW)
    cal = tmp_path / "cal.ics"
    text = (DATA / "google.ics").read_text()
    cal.write_text(text)
    d.run("import", str(cal))
    before = d.event_count()

    later = (
        text.replace("DTSTART:20260420T130000Z\nDTEND:20260420T134500Z", "DTSTART:20260421T130000Z\nDTEND:20260421T140000Z")
        .replace("SEQUENCE:1\nSTATUS:CONFIRMED\nSUMMARY:Dentist", "SEQUENCE:2\nSTATUS:CONFIRMED\nSUMMARY:Dentist")
        .replace("SEQUENCE:2\nSTATUS:CANCELLED\nSUMMARY:Call with the bank", "SEQUENCE:3\nSTATUS:CONFIRMED\nSUMMARY:Call with the bank")
        .replace("SEQUENCE:0\nSTATUS:CONFIRMED\nSUMMARY:Grant writing retreat", "SEQUENCE:1\nSTATUS:CANCELLED\nSUMMARY:Grant writing retreat")
        .replace("EXDATE;TZID=America/New_York:20260416T090000", "EXDATE;TZID=America/New_York:20260416T090000,20260423T090000")
        .replace("SUMMARY:Bike shop: Ritchey wheel", "SUMMARY:Bike shop: pick up the wheel")
    )
    cal.write_text(later)
    dry = d.json("import", str(cal), "--dry-run")["files"][0]
    assert d.event_count() == before
    done = d.json("import", str(cal))["files"][0]
    assert {k: done[k] for k in ("new", "moved", "cancelled", "restored", "occurrences_cancelled")} == {
        "new": 0, "moved": 1, "cancelled": 1, "restored": 1, "occurrences_cancelled": 1,
    } == {k: dry[k] for k in ("new", "moved", "cancelled", "restored", "occurrences_cancelled")}
    assert any("cannot rename" in n and "Bike shop: pick up the wheel" in n for n in done["notes"])

    a = _by_text(d)
    assert [(x["starts_at"], x["duration_minutes"]) for x in a["Dentist @ Dr. Berg, Hauptstr. 5"]] == [("2026-04-21T15:00:00+02:00", 60)]
    assert [x["status"] for x in a["Call with the bank"]] == ["scheduled"]
    assert [x["status"] for x in a["Grant writing retreat"]] == ["cancelled"]
    assert [s["status"] for s in a["Standup with the lab"] if s["starts_at"].startswith("2026-04-23")] == ["cancelled"]
    moved = [e for e in d.json("log") if e["type"] == "AppointmentMoved"]
    assert len(moved) == 1 and moved[0]["occurred_at"].startswith("2026-04-01T08:00")  # DTSTAMP is after now: dated now
    assert d.json("import", str(cal))["files"][0]["events"] == 0

    cal.write_text(text)  # the first file again: older (lower SEQUENCE) than what was imported since
    stale = d.json("import", str(cal))["files"][0]
    assert stale["events"] == 0 and sum("is older than" in n for n in stale["notes"]) == 3  # dentist, bank, retreat
    assert [x["starts_at"] for x in _by_text(d)["Dentist @ Dr. Berg, Hauptstr. 5"]] == ["2026-04-21T15:00:00+02:00"]


def test_export_then_import_into_an_empty_ledger_gives_the_same_lists(dl: Dayledger, tmp_path: Path) -> None:
    source = InProcess(str(tmp_path / "source.sqlite"), now="2026-04-06T08:00+02:00")
    source.run("appt", "Dentist", "--when", "2026-04-20 10:00", "--duration", "45m", "-p", "Health")
    source.run("appt", "move", "dentist", "--when", "2026-04-21 11:00")
    source.run("appt", "Haircut", "--when", "2026-04-22 15:00", "--duration", "30m")
    source.run("appt", "cancel", "haircut")
    source.run("appt", "Standup", "--when", "2026-04-06 09:30", "--cron", "30 9 * * mon-fri", "--until", "2026-05-01",
               "--duration", "15m", "-p", "Work")
    source.run("appt", "move", "standup", "--occurrence", "2026-04-08 09:30", "--when", "2026-04-08 11:00")
    source.run("appt", "cancel", "standup", "--occurrence", "2026-04-09 09:30")
    source.run("appt", "Rent", "--when", "2026-04-07 08:00", "--cron", "0 8 7 * *", "--duration", "10m")
    source.run("appt", "Pomodoro", "--when", "2026-04-06 09:00", "--cron", "*/30 9 * * mon", "--until", "2026-04-14",
               "--duration", "25m")
    out = tmp_path / "cal.ics"
    source.run("export", "--format", "ics", "--out", str(out))

    # Into the ledger it came from: nothing new, its own occurrences included.
    assert source.json("import", str(out))["files"][0]["events"] == 0

    target = InProcess(dl.ledger, now="2026-04-06T08:00+02:00")
    target.run("import", str(out))
    assert target.json("import", str(out))["files"][0]["events"] == 0

    def shown(d: Dayledger, *args: str) -> list[str]:
        return [line for line in d.run(*args).stdout.splitlines() if "Pomodoro" not in line]

    for args in (("appt", "list", "--all", "--days", "60"), ("agenda", "--from", "2026-04-06", "--days", "60"),
                 ("day", "2026-04-21"), ("day", "2026-04-08")):
        assert shown(target, *args) == shown(source, *args), args
    # A cron no RRULE says was written as its occurrences: they come back as appointments at the same times.
    def pomodoros(d: Dayledger) -> list[tuple[str, int]]:
        return [(a["starts_at"], a["duration_minutes"]) for a in _appts(d) if a["text"] == "Pomodoro"]

    assert len(pomodoros(source)) == 4 and pomodoros(target) == pomodoros(source)

    # A calendar app cancelled one Pomodoro of the export: back home it cancels that occurrence of the series.
    text = out.read_text()
    status = text.index("STATUS:CONFIRMED", text.index("SUMMARY:Pomodoro"))
    out.write_text(text[:status] + "STATUS:CANCELLED" + text[status + len("STATUS:CONFIRMED") :])
    back = source.json("import", str(out))["files"][0]
    assert (back["events"], back["occurrences_cancelled"], back["new"]) == (1, 1, 0)
    assert [a["status"] for a in _appts(source) if a["text"] == "Pomodoro"] == ["cancelled", "scheduled", "scheduled", "scheduled"]

    # SEQUENCE counts a ledger's own changes: the new ledger made the dentist where it now is.
    again = tmp_path / "again.ics"
    target.run("export", "--format", "ics", "--out", str(again))
    assert _vevents_without_pomodoros(again) == _vevents_without_pomodoros(out)


def _vevents_without_pomodoros(path: Path) -> list[tuple[str, ...]]:
    import icalendar

    found = []
    for c in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
        if str(c["SUMMARY"]) != "Pomodoro":
            found.append(tuple(f"{k}={c[k].to_ical().decode() if hasattr(c[k], 'to_ical') else c[k]}" for k in sorted(c) if k not in ("DTSTAMP", "SEQUENCE")))
    return sorted(found)


BAD_HEAD = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VEVENT\nUID:ok-1\nDTSTART:20260420T100000Z\nSUMMARY:Fine\nEND:VEVENT\n"


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("nostart.ics", BAD_HEAD + "BEGIN:VEVENT\nUID:no-start\nSUMMARY:When?\nEND:VEVENT\nEND:VCALENDAR\n",
         "nostart.ics:9 (UID no-start): the event has no DTSTART; skipped"),
        ("baddate.ics", BAD_HEAD + "BEGIN:VEVENT\nUID:bad-date\nDTSTART:2026-13-45T25:00\nSUMMARY:Never\nEND:VEVENT\nEND:VCALENDAR\n",
         "baddate.ics:11 (UID bad-date): DTSTART '2026-13-45T25:00' cannot be read; skipped"),
        ("badrule.ics", BAD_HEAD + "BEGIN:VEVENT\nUID:bad-rule\nDTSTART:20260420T100000Z\nRRULE:FREQ=SOMETIMES\n"
         "SUMMARY:Odd\nEND:VEVENT\nEND:VCALENDAR\n", "badrule.ics:12 (UID bad-rule): RRULE 'FREQ=SOMETIMES' cannot be read; skipped"),
    ],
)
def test_a_broken_event_is_skipped_with_a_note_naming_file_line_and_uid_and_the_rest_imports(
    dl_sqlite: Dayledger, tmp_path: Path, name: str, text: str, said: str
) -> None:
    d = InProcess(dl_sqlite.ledger, now=NOW)
    path = tmp_path / name
    path.write_text(text)
    done = d.json("import", str(path))["files"][0]
    assert (done["new"], done["skipped"], done["notes"]) == (1, 1, [f"{tmp_path}/{said}"])
    assert [a["text"] for a in _appts(d)] == ["Fine"]
    alone = tmp_path / f"only-{name}"  # nothing else in the file: refused, one line, nothing written
    alone.write_text(text.replace("UID:ok-1\nDTSTART:20260420T100000Z\nSUMMARY:Fine\n", "").replace("BEGIN:VEVENT\nEND:VEVENT\n", "", 1))
    before = d.event_count()
    proc = d.fails("import", str(alone))
    assert proc.returncode == 2 and "; nothing in the file could be read" in proc.stderr and "(UID " in proc.stderr, proc.stderr
    assert d.event_count() == before


def test_unbounded_rules_no_cron_says_are_expanded_until_a_year_from_now_or_expand_until(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    cal = tmp_path / "fortnightly.ics"
    cal.write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VEVENT\nUID:fortnight\nDTSTART;TZID=Europe/Berlin:20260406T180000\n"
        "DTEND;TZID=Europe/Berlin:20260406T190000\nRRULE:FREQ=WEEKLY;INTERVAL=2\nSUMMARY:Choir\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:first-monday\nDTSTART;TZID=Europe/Berlin:20260406T080000\nRRULE:FREQ=MONTHLY;BYDAY=1MO\n"
        "SUMMARY:Plan the month\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    d = InProcess(dl_sqlite.ledger, now=NOW)
    short = d.json("import", str(cal), "--dry-run", "--expand-until", "2026-06-01")["files"][0]
    assert (short["new"], short["expanded"]) == (4 + 2, 2)  # Apr 6, 20, May 4, 18; Apr 6, May 4
    first = d.json("import", str(cal))["files"][0]
    assert first["new"] == 26 + 12  # until a year and a day from April 1st 2026
    choir = [a["starts_at"] for a in _appts(d, "--days", "3660") if a["text"] == "Choir"]
    assert choir[0] == "2026-04-06T18:00:00+02:00" and choir[-1] == "2027-03-22T18:00:00+01:00"
