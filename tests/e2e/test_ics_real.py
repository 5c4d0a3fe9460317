"""Calendars written by other programs (tests/data/ics, see its README), imported through the real
command: times right in two zones or a note saying why, broken parts skipped with a note, VTODOs as
tasks, and every import again (or of the ledger's own export) recording nothing."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from tests.conftest import InProcess

DATA = Path(__file__).parent.parent / "data" / "ics"


def _at(d: InProcess, tz: str, now: str) -> InProcess:
    return InProcess(d.ledger, tz=tz, now=now)


def _copy(tmp_path: Path, name: str) -> str:
    return str(shutil.copy(DATA / name, tmp_path / name))


def _appts(d: InProcess, days: str = "400") -> list[tuple[str, str, Any]]:
    return [(a["text"], a["starts_at"], a["duration_minutes"]) for a in d.json("appt", "list", "--all", "--days", days)]


def _imported(d: InProcess, path: str) -> dict[str, Any]:
    out = d.json("import", path)
    assert not out["errors"]
    return out["files"][0]


def _again_records_nothing(d: InProcess, path: str) -> None:
    before = d.event_count()
    again = _imported(d, path)
    assert again["events"] == 0 and d.event_count() == before, again


def test_floating_times_are_in_the_calendars_x_wr_timezone(dli: InProcess, tmp_path: Path) -> None:
    path = _copy(tmp_path, "rie-issue_86_x_wr_timezone_without_time_zone_in_dt.ics")  # X-WR-TIMEZONE:Europe/Brussels, 21:00 floating
    berlin = _at(dli, "Europe/Berlin", "2021-09-01T08:00+02:00")
    _imported(berlin, path)
    assert _appts(berlin) == [("Summary", "2021-09-16T21:00:00+02:00", 105)]
    la = _at(dli, "America/Los_Angeles", "2021-09-01T08:00-07:00")
    assert _appts(la) == [("Summary", "2021-09-16T12:00:00-07:00", 105)]
    _again_records_nothing(la, path)


def test_a_windows_zone_name_is_its_iana_zone(dli: InProcess, tmp_path: Path) -> None:
    path = _copy(tmp_path, "khal-tz_windows_format.ics")  # New Zealand Standard Time 13:00 on Nov 20 2019: NZDT, +13
    berlin = _at(dli, "Europe/Berlin", "2019-11-01T08:00+01:00")
    _imported(berlin, path)
    assert _appts(berlin) == [("Event with Windows TZ name", "2019-11-20T01:00:00+01:00", 90)]
    la = _at(dli, "America/Los_Angeles", "2019-11-01T08:00-07:00")
    assert _appts(la) == [("Event with Windows TZ name", "2019-11-19T16:00:00-08:00", 90)]
    _again_records_nothing(la, path)


def test_evolution_and_thunderbird_tzids_are_their_iana_zones(dli: InProcess, tmp_path: Path) -> None:
    path = _copy(tmp_path, "icalendar-issue_313_globally_unique_tzid.ics")
    d = _at(dli, "Europe/Berlin", "2000-01-01T08:00+01:00")
    done = _imported(d, path)
    assert all("Traceback" not in n for n in done["notes"])
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from engine.formats.ics import read_calendar

    cal = read_calendar((DATA / "icalendar-issue_313_globally_unique_tzid.ics").read_text(), "x", ZoneInfo("UTC"), expand_until=datetime(2100, 1, 1, tzinfo=UTC))
    assert all(e.starts_at.utcoffset() is not None for e in cal.entries)
    _again_records_nothing(d, path)


def test_an_unknown_tzid_without_vtimezone_is_read_in_the_users_zone_with_a_note(dli: InProcess, tmp_path: Path) -> None:
    path = _copy(tmp_path, "khal-event_dt_local_missing_tz.ics")  # TZID=FOO, no VTIMEZONE
    d = _at(dli, "Europe/Berlin", "2014-04-01T08:00+02:00")
    done = _imported(d, path)
    assert done["notes"] == [
        (f"{path}:6 (UID V042MJ8B3SJNFXQOJL6P53OFMHJE8Z3VZWOU): TZID 'FOO' is no time zone dayledger knows and the file has no VTIMEZONE for it; "
        "read as Europe/Berlin time"),
        (f"{path}:7 (UID V042MJ8B3SJNFXQOJL6P53OFMHJE8Z3VZWOU): TZID 'FOO' is no time zone dayledger knows and the file has no VTIMEZONE for it; "
        "read as Europe/Berlin time"),
    ]
    assert _appts(d) == [("An Event", "2014-04-09T09:30:00+02:00", 60)]
    _again_records_nothing(d, path)


def test_an_unknown_tzid_with_a_vtimezone_is_read_as_the_vtimezone_says(dli: InProcess, tmp_path: Path) -> None:
    path = _copy(tmp_path, "icalendar-issue_218_bad_tzid.ics")  # TZID:UTC+11, its VTIMEZONE +11:00
    d = _at(dli, "Europe/Berlin", "2016-12-01T08:00+01:00")
    _imported(d, path)
    timed = [a for a in _appts(d) if "T00:00:00" not in a[1]]
    assert [a[1] for a in timed] == ["2017-02-28T13:00:00+01:00"]  # 23:00 at +11:00
    _again_records_nothing(d, path)


def test_an_alarm_or_a_zone_rule_that_cannot_be_read_is_skipped_with_a_note(dli: InProcess, tmp_path: Path) -> None:
    alarms = _copy(tmp_path, "khal-non_dst_error.ics")  # TRIGGER;RELATED=START:PT-2H in two alarms
    d = _at(dli, "Europe/Berlin", "2023-01-01T08:00+01:00")
    done = _imported(d, alarms)
    assert done["new"] == 2 and done["notes"] == [
        f"{alarms}:{line}: VALARM cannot be read (Invalid iCalendar duration: PT-2H): an alarm, which dayledger does not use, skipped" for line in (169, 183)
    ]
    _again_records_nothing(d, alarms)
    zone = _copy(tmp_path, "khal-invalid_tzoffset.ics")  # TZOFFSETFROM:+5328 in the rule of 1893
    done = _imported(d, zone)
    assert done["notes"] == [
        (f"{zone}:3: VTIMEZONE cannot be read (Offset must be less than 24 hours, was +5328): a time zone's rules; "
        "its times are read by the zone's name, skipped")
    ]
    assert ("Some event", "2012-12-02T08:00:00+01:00", 90) in _appts(_at(dli, "Europe/Berlin", "2012-11-25T08:00+01:00"))
    assert ("Some event", "2012-12-01T23:00:00-08:00", 90) in _appts(_at(dli, "America/Los_Angeles", "2012-11-25T08:00-08:00"))


def test_a_broken_event_is_skipped_with_its_line_and_the_rest_imports(dli: InProcess, tmp_path: Path) -> None:
    path = _copy(tmp_path, "icalendar-created_calendar_with_unicode_fields.ics")
    d = _at(dli, "Europe/Berlin", "2010-10-01T08:00+02:00")
    done = _imported(d, path)
    assert (done["new"], done["skipped"], done["notes"]) == (2, 1, [f"{path}:20: the event has no DTSTART; skipped"])
    assert _appts(d) == [("åäö", "2010-10-10T02:00:00+02:00", None), ("Non-ASCII Test: ÄÖÜ äöü € @ Tribstrül", "2010-10-10T12:00:00+02:00", 120)]
    _again_records_nothing(d, path)
    broken_rdate = _copy(tmp_path, "icaljs-google_birthday.ics")
    done = _imported(d, broken_rdate)
    assert done["skipped"] == 1 and done["new"] >= 1
    assert [n for n in done["notes"] if "skipped" in n] == [
        f"{broken_rdate}:12 (UID 2014_BIRTHDAY_79d389868f96182e@google.com): RDATE '20131210Z' cannot be read; skipped"
    ]
    assert not any("vBroken" in n or "datetime." in n for n in done["notes"])


def test_two_versions_of_one_uid_import_the_later_sequence(dli: InProcess, tmp_path: Path) -> None:
    path = _copy(tmp_path, "rie-issue_148_ignored_exdate.ics")
    d = _at(dli, "Europe/Berlin", "2024-06-01T08:00+02:00")
    done = _imported(d, path)
    assert done["notes"] == [f"{path}:2 (UID 111): an older version (SEQUENCE 1) of the event at line 15 (SEQUENCE 2); the latest is imported"]
    assert {a[0] for a in _appts(d)} == {"test123 - edited"}
    _again_records_nothing(d, path)


def test_this_and_future_and_moved_occurrences_keep_their_own_times_and_titles(dli: InProcess, tmp_path: Path) -> None:
    path = _copy(tmp_path, "rie-issue_75_range_parameter.ics")
    d = _at(dli, "Europe/Berlin", "2024-08-01T08:00+02:00")
    _imported(d, path)
    shown = _appts(d, "60")
    assert shown[:6] == [
        ("ORIGINAL EVENT", "2024-09-01T14:00:00+02:00", 120),
        ("ORIGINAL EVENT", "2024-09-03T14:00:00+02:00", 120),
        ("ORIGINAL EVENT", "2024-09-05T14:00:00+02:00", 120),
        ("ORIGINAL EVENT", "2024-09-07T14:00:00+02:00", 120),
        ("ORIGINAL EVENT", "2024-09-09T14:00:00+02:00", 120),
        ("ORIGINAL EVENT", "2024-09-11T14:00:00+02:00", 120),
    ]
    assert shown[6] == ("MODIFIED EVENT", "2024-09-13T11:00:00+02:00", 420)  # RANGE=THISANDFUTURE: 9:00-16:00 UTC from here on
    assert ("MODIFIED EVENT", "2024-09-15T19:00:00+02:00", 120) in shown  # this one moved on its own, with its title
    assert not any(a[0] == "ORIGINAL EVENT" for a in shown[6:])  # the sweep checks every time against recurring-ical-events
    _again_records_nothing(d, path)
    moved = _copy(tmp_path, "khal-event_rrule_recuid.ics")  # weekly 7:00-12:00 Berlin, July 7th moved to 9:00-14:00
    d = _at(dli, "America/Los_Angeles", "2014-06-01T08:00-07:00")
    _imported(d, moved)
    assert [a for a in _appts(d, "60") if a[1].startswith("2014-07-0")] == [("Arbeit", "2014-07-07T00:00:00-07:00", 300)]
    _again_records_nothing(d, moved)


def test_rules_ending_before_they_start_and_ends_before_starts_are_said(dli: InProcess, tmp_path: Path) -> None:
    rule = _copy(tmp_path, "rie-issue_117_until_before_dtstart.ics")
    d = _at(dli, "Europe/Berlin", "2023-09-01T08:00+02:00")
    done = _imported(d, rule)
    assert done["notes"] == [f"{rule}:11: its RRULE ends (UNTIL 2023-10-01) before it starts (2023-10-02T00:00:00+02:00)"]
    swapped = _copy(tmp_path, "rie-end_before_start_event.ics")
    done = _imported(_at(dli, "Europe/Berlin", "2019-03-01T08:00+01:00"), swapped)
    assert done["notes"] == [
        (f"{swapped}:25 (UID UYDQSG9TH4DE0WM3QFL2J): it ends (20190304T080000) before it starts (20190304T083000); "
        "read as from 20190304T080000 to 20190304T083000, as other calendar programs do")
    ]
    assert ("test1", "2019-03-04T08:00:00+01:00", 30) in _appts(_at(dli, "Europe/Berlin", "2019-03-01T08:00+01:00"))


def test_an_all_day_event_whose_end_is_its_start_is_one_day(dli: InProcess, tmp_path: Path) -> None:
    path = _copy(tmp_path, "khal-event_d_same_start_end.ics")
    d = _at(dli, "Europe/Berlin", "2014-04-01T08:00+02:00")
    _imported(d, path)
    assert _appts(d) == [("Another Event", "2014-04-09T00:00:00+02:00", 24 * 60)]
    _again_records_nothing(d, path)


def test_vtodos_are_tasks_and_the_ledgers_own_task_export_comes_back(dli: InProcess, tmp_path: Path) -> None:
    path = _copy(tmp_path, "rie-issue_97_simple_todo.ics")
    d = _at(dli, "Europe/Berlin", "2026-04-01T08:00+02:00")
    done = _imported(d, path)
    assert (done["todos"], done["tasks_new"]) == (1, 1)
    [task] = d.json("tasks", "--status", "all")
    assert (task["text"], task["status"], task["priority"], task["tags"]) == ("Yearly Income Tax Preparation", "open", "H", ["FAMILY", "FINANCE"])
    assert task["due"] == "1992-05-16T06:59:59+02:00"  # DUE:19920516T045959Z
    _again_records_nothing(d, path)
    d.run("add", "Send the grant narrative", "-p", "Grant", "-t", "research", "--due", "2026-04-10 17:00", "--priority", "M")
    out = tmp_path / "own.ics"
    d.run("export", "--format", "ics", "--tasks", "--out", str(out))
    _again_records_nothing(d, str(out))
    fresh = InProcess(str(tmp_path / "fresh.sqlite"), tz="America/Los_Angeles", now="2026-04-01T08:00-07:00")
    assert _imported(fresh, str(out))["tasks_new"] == 2
    [grant] = [t for t in fresh.json("tasks") if t["text"] == "Send the grant narrative"]
    assert (grant["project"], grant["tags"], grant["priority"], grant["due"]) == ("Grant", ["research"], "M", "2026-04-10T08:00:00-07:00")
    _again_records_nothing(fresh, str(out))


def test_an_appointment_in_the_repeated_hour_is_not_moved_again_on_every_import(dli: InProcess, tmp_path: Path) -> None:
    d = _at(dli, "Europe/Berlin", "2026-10-01T08:00+02:00")
    d.run("appt", "Night shift handover", "--when", "2026-10-25T02:30+01:00", "--duration", "30m")  # the second 2:30 that night
    out = tmp_path / "own.ics"
    d.run("export", "--format", "ics", "--out", str(out))
    _again_records_nothing(d, str(out))
    _again_records_nothing(_at(dli, "America/Los_Angeles", "2026-10-01T08:00-07:00"), str(out))
    assert _appts(d, "60") == [("Night shift handover", "2026-10-25T02:30:00+01:00", 30)]


def test_a_folder_of_calendars_imports_like_a_folder_of_notes(dli: InProcess, tmp_path: Path) -> None:
    folder = tmp_path / "calendars"
    folder.mkdir()
    for name in ("khal-event_d_same_start_end.ics", "rie-issue_97_simple_todo.ics"):
        shutil.copy(DATA / name, folder / name)
    d = _at(dli, "Europe/Berlin", "2014-04-01T08:00+02:00")
    for args in (("import", str(folder)), ("import", "--from", "ics", str(folder))):  # --from ics: only the .ics files of it
        files = d.json(*args)["files"]
        (folder / "README.txt").write_text("not a calendar\n")
        assert [Path(f["file"]).name for f in files] == ["khal-event_d_same_start_end.ics", "rie-issue_97_simple_todo.ics"]
    assert _appts(d) == [("Another Event", "2014-04-09T00:00:00+02:00", 24 * 60)]
    assert [t["text"] for t in d.json("tasks")] == ["Yearly Income Tax Preparation"]
    before = d.event_count()
    assert [f["events"] for f in d.json("import", "--from", "ics", str(folder))["files"]] == [0, 0] and d.event_count() == before


def test_a_wrong_from_is_refused_saying_what_the_file_looks_like(dli_sqlite: InProcess, tmp_path: Path) -> None:
    calendar = _copy(tmp_path, "khal-event_d_same_start_end.ics")
    for source in ("notes", "todotxt", "taskwarrior"):
        proc = dli_sqlite.fails("import", "--from", source, calendar)
        assert proc.returncode == 2 and proc.stderr.strip().endswith(
            f"{calendar}:1: this looks like an iCalendar file (it starts with BEGIN:VCALENDAR), not {source}; import it with --from ics"
        ), proc.stderr
    exported = tmp_path / "tasks.json"
    exported.write_text('[{"uuid": "a6f2c1de-1d7b-4c1e-9a5e-3c2b1a0f9e8d", "description": "Pay rent", "status": "pending", "entry": "20260401T080000Z"}]')
    proc = dli_sqlite.fails("import", "--from", "ics", str(exported))
    assert f"{exported}:1: this looks like a Taskwarrior export (a JSON list of tasks), not ics; import it with --from taskwarrior" in proc.stderr
    assert dli_sqlite.run("log", "--json", check=False).stdout.strip() in ("", "[]")


def test_all_day_events_imported_again_in_another_zone_record_nothing(dli: InProcess, tmp_path: Path) -> None:
    holidays = _copy(tmp_path, "rie-Germany_Holidays.ics")
    berlin = _at(dli, "Europe/Berlin", "2019-01-01T08:00+01:00")
    first = _imported(berlin, holidays)
    assert first["new"] > 0
    for zone, now in (("America/Los_Angeles", "2019-01-01T08:00-08:00"), ("Asia/Tokyo", "2019-01-02T08:00+09:00")):
        _again_records_nothing(_at(dli, zone, now), holidays)
    out = tmp_path / "back.ics"
    berlin.run("export", "--format", "ics", "--out", str(out))
    _again_records_nothing(_at(dli, "America/Los_Angeles", "2019-01-01T08:00-08:00"), str(out))
    written = out.read_text()
    assert "DTSTART;VALUE=DATE:20191225\nDTEND;VALUE=DATE:20191226\n" in written  # a date stays a date, one day long
    la = _at(dli, "America/Los_Angeles", "2019-01-01T08:00-08:00")
    for d, start in ((berlin, "2019-12-25T00:00:00+01:00"), (la, "2019-12-25T00:00:00-08:00")):  # DTSTART:20191225, DTEND:20191225: one day
        christmas = [a for a in d.json("appt", "list", "--all", "--days", "400") if a["text"] == "Christmas Day @ Germany"]
        assert [(a["date"], a["all_day"], a["days"], a["starts_at"]) for a in christmas] == [("2019-12-25", True, 1, start)]
        [day] = d.json("agenda", "--from", "2019-12-25", "--days", "1")
        assert "Christmas Day @ Germany" in [a["text"] for a in day["appointments"]]
    stored = [e for e in berlin.json("log") if e["type"] == "AppointmentScheduled" and e["text"] == "Christmas Day @ Germany"]
    assert [e["starts_at"] for e in stored] == ["2019-12-25"]  # stored as a date, not as midnight in the zone of the import
