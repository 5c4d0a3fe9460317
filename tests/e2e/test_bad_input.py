"""User mistakes get one line on stderr, a non-zero exit, and leave the ledger as it was."""

from __future__ import annotations

import hashlib
import sqlite3
import time
from pathlib import Path

import pytest

from tests.conftest import Dayledger


def test_unknown_handle(dl: Dayledger) -> None:
    dl.run("add", "Something")
    before = dl.event_count()
    proc = dl.fails("done", "nothing-like-this")
    assert proc.returncode == 3 and "no task matches 'nothing-like-this'" in proc.stderr
    assert dl.event_count() == before


def test_ambiguous_text_lists_candidates_and_changes_nothing(dl: Dayledger) -> None:
    a = dl.run("add", "Email Alice").stdout.strip()
    b = dl.run("add", "Email Bob").stdout.strip()
    before = dl.event_count()
    proc = dl.fails("done", "email")
    assert proc.returncode == 3 and a in proc.stderr and b in proc.stderr and "use a handle" in proc.stderr
    assert dl.event_count() == before
    assert dl.json("done", "email bob")["handle"] == b  # a longer piece is unambiguous


def test_completing_a_cancelled_task_is_refused(dl: Dayledger) -> None:
    handle = dl.run("add", "Old idea").stdout.strip()
    dl.run("cancel", handle)
    before = dl.event_count()
    proc = dl.fails("done", handle)
    assert proc.returncode == 4 and "was cancelled" in proc.stderr
    assert dl.event_count() == before


def test_completing_twice_is_refused(dl: Dayledger) -> None:
    handle = dl.run("add", "Once").stdout.strip()
    dl.run("done", handle)
    proc = dl.fails("done", handle)
    assert "already done" in proc.stderr


def test_completing_before_capture_is_refused(dl: Dayledger) -> None:
    handle = dl.run("add", "Late", "--at", "2026-11-10 10:00").stdout.strip()
    proc = dl.fails("done", handle, "--at", "2026-11-09")
    assert proc.returncode == 4 and "captured later" in proc.stderr


@pytest.mark.parametrize("when", ["someday", "2026-13-40", "25:00", "tue 9xm", ""])
def test_unparsable_when(dl_sqlite: Dayledger, when: str) -> None:
    proc = dl_sqlite.fails("add", "Dentist", "--due", when)
    assert proc.returncode == 2 and "date/time" in proc.stderr
    assert not Path(dl_sqlite.ledger).exists()  # nothing written, not even the file


@pytest.mark.parametrize(
    "args",
    [
        ("day", "9999-12-31"),  # the day after it is past Python's last date
        ("report", "week", "9999-W52"),
        ("report", "week", "0001-W01"),  # the weeks it is compared with are before the first
        ("tasks", "--as-of", "0999-12-31"),
        ("routine", "add", "Far off", "--cron", "0 0 * * *", "--from", "9999-12-31"),
        ("report", "range", "--from", "1000-01-01", "--to", "9000-01-01"),
    ],
)
def test_a_date_out_of_range_is_one_line(dl_sqlite: Dayledger, args: tuple[str, ...]) -> None:
    proc = dl_sqlite.fails(*args)
    assert proc.returncode == 2 and "out of range; dates are read from the year 1000 to 8999" in proc.stderr
    assert not Path(dl_sqlite.ledger).exists()


@pytest.mark.parametrize(("start", "end"), [("1000-01-01", "8999-12-31"), ("8000-01-01", "8999-12-31"), ("1000-01-04", "1124-11-19")])
def test_a_report_whose_compared_periods_begin_before_the_year_1_is_one_line(sqlite_url: str, start: str, end: str) -> None:
    dl = Dayledger(sqlite_url, tz="Asia/Tokyo")  # east of UTC: the first compared day's start is the day before in UTC
    proc = dl.fails("report", "range", "--from", start, "--to", end)
    assert proc.returncode == 2 and "which would begin before the year 1; report a shorter period" in proc.stderr


def _calendar(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:x1", *lines, "SUMMARY:far", "END:VEVENT", "END:VCALENDAR", ""]))
    return path


@pytest.mark.parametrize("lines", [("DTSTART:99991231T230000Z",), ("DTSTART:20260105T090000Z", "DURATION:P3000000D")])
def test_a_calendar_event_out_of_range_is_one_line(dl_sqlite: Dayledger, tmp_path: Path, lines: tuple[str, ...]) -> None:
    far = _calendar(tmp_path / "far.ics", *lines)
    proc = dl_sqlite.fails("import", str(far))
    assert proc.returncode == 2 and f"{far}:" in proc.stderr and "(UID x1)" in proc.stderr and "out of range" in proc.stderr


@pytest.mark.parametrize("rule", ["FREQ=DAILY;INTERVAL=0", "FREQ=WEEKLY;COUNT=0"])
def test_a_calendar_rule_that_never_advances_is_refused_not_expanded_forever(dl_sqlite: Dayledger, tmp_path: Path, rule: str) -> None:
    stuck = _calendar(tmp_path / "stuck.ics", "DTSTART:20260427T100000Z", f"RRULE:{rule}")
    proc = dl_sqlite.fails("import", str(stuck))  # INTERVAL=0 used to run until killed
    assert proc.returncode == 2 and "(UID x1): RRULE" in proc.stderr and "must be a whole number from 1" in proc.stderr
    assert not Path(dl_sqlite.ledger).exists()


@pytest.mark.parametrize("until", ["99991231", "99991231T235959Z"])
def test_a_calendar_rule_until_the_year_9999_has_no_end(tmp_path: Path, until: str) -> None:
    dl = Dayledger(str(tmp_path / "l.sqlite"), now="2026-01-01T10:00+01:00")
    forever = _calendar(tmp_path / "forever.ics", "DTSTART:20260105T090000Z", "DTEND:20260105T100000Z", f"RRULE:FREQ=WEEKLY;UNTIL={until}")
    assert dl.json("import", str(forever))["files"][0]["recurring_new"] == 1
    assert "far" in dl.run("agenda", "--from", "2080-01-01", "--days", "8").stdout  # still weekly in decades


@pytest.mark.parametrize("args", [("add", "   "), ("note", ""), ("appt", " ", "--when", "tomorrow 9am")])
def test_empty_text(dl_sqlite: Dayledger, args: tuple[str, ...]) -> None:
    proc = dl_sqlite.fails(*args)
    assert proc.returncode == 2 and "is empty" in proc.stderr


def test_at_in_the_future_is_refused(dl_sqlite: Dayledger) -> None:
    proc = dl_sqlite.fails("add", "Time traveller", "--at", "in 3 days")
    assert "in the future" in proc.stderr


def test_appointment_moved_before_it_was_made(dl_sqlite: Dayledger) -> None:
    handle = dl_sqlite.run("appt", "Haircut", "--when", "in 3 days").stdout.strip()
    before = dl_sqlite.event_count()
    proc = dl_sqlite.fails("appt", "move", handle, "--when", "2020-01-01 10:00")
    assert proc.returncode == 4 and "before it was made" in proc.stderr
    assert dl_sqlite.event_count() == before


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_text_file_as_ledger_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Phil 4.24.2026\nnot a database\n")
    digest, mtime = _digest(path), path.stat().st_mtime_ns
    dl = Dayledger(str(path))
    for args in (("add", "x"), ("tasks",), ("log",)):
        proc = dl.fails(*args)
        assert proc.returncode == 5 and "not a dayledger ledger" in proc.stderr and str(path) in proc.stderr
    assert _digest(path) == digest and path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]  # no -wal or -shm left behind


def test_a_foreign_sqlite_file_as_ledger_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE stored_events (x)")
        conn.execute("INSERT INTO stored_events VALUES (1)")
    conn.close()
    digest = _digest(path)
    dl = Dayledger(str(path))
    for args in (("add", "x"), ("tasks",)):
        proc = dl.fails(*args)
        assert proc.returncode == 5 and "not a dayledger ledger" in proc.stderr
    assert _digest(path) == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


def test_an_unreachable_postgres_fails_fast(tmp_path: Path) -> None:
    dl = Dayledger("postgresql://postgres@127.0.0.1:1/nowhere")  # nothing listens on port 1
    started = time.monotonic()
    proc = dl.fails("add", "x")
    assert time.monotonic() - started < 10
    assert proc.returncode == 5 and "cannot connect to the ledger" in proc.stderr


def test_an_unroutable_postgres_host_times_out_quickly(tmp_path: Path) -> None:
    # 192.0.2.0/24 is TEST-NET-1: never routed. No packet leaves for a real host; the connect times out.
    dl = Dayledger("postgresql://postgres@192.0.2.1:5432/x")
    started = time.monotonic()
    proc = dl.fails("tasks")
    assert time.monotonic() - started < 10
    assert "cannot connect to the ledger" in proc.stderr


def test_a_missing_ledger_reads_as_empty_and_is_not_created(dl_sqlite: Dayledger) -> None:
    assert dl_sqlite.json("tasks") == []
    assert dl_sqlite.run("tasks").stdout.strip() == "no open tasks"
    assert not Path(dl_sqlite.ledger).exists()
    dl_sqlite.run("add", "first")
    assert Path(dl_sqlite.ledger).exists()


def test_unknown_time_zone(dl_sqlite: Dayledger) -> None:
    proc = dl_sqlite.fails("--tz", "Mars/Olympus", "add", "x", "--due", "tomorrow")
    assert "unknown time zone" in proc.stderr


def test_an_event_of_an_unknown_type_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite"
    dl = Dayledger(str(path))
    dl.run("add", "known")
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO stored_events VALUES (?,?,?,?)",
            ("0" * 32, 1, "events.future:SomethingNew", b"{}"),
        )
    conn.close()
    proc = dl.fails("tasks")
    assert proc.returncode == 5 and "events.future:SomethingNew" in proc.stderr and "newer version" in proc.stderr


@pytest.mark.parametrize(
    ("state", "why"),
    [
        (b'{"occurred_at":"2026-04-24T08:00:00Z",', "Expecting"),  # cut short
        ((b'{"occurred_at":"2026-04-24T08:00:00Z","recorded_at":"2026-04-24T08:00:00Z","source":{"kind":"cli"},'
          b'"command_id":"9b2b8c1e-7f44-4a55-9d0e-0c2f3b7a1d10"}'), "text"),  # a required field missing
        ((b'{"occurred_at":"2026-04-24T08:00:00Z","recorded_at":"2026-04-24T08:00:00Z","source":{"kind":"cli"},'
          b'"command_id":"not-an-id","text":"x","project_id":null,"tags":[],"due":null}'), "badly formed"),
        ((b'{"occurred_at":"yesterday","recorded_at":"2026-04-24T08:00:00Z","source":{"kind":"cli"},'
          b'"command_id":"9b2b8c1e-7f44-4a55-9d0e-0c2f3b7a1d10","text":"x","project_id":null,"tags":[],"due":null}'), "yesterday"),
    ],
)
def test_a_damaged_event_is_a_clear_error_and_changes_no_view(tmp_path: Path, state: bytes, why: str) -> None:
    path = tmp_path / "ledger.sqlite"
    dl = Dayledger(str(path))
    dl.run("add", "known")
    before = dl.json("tasks")
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO stored_events VALUES (?,?,?,?)", ("1" * 32, 1, "events.task:TaskCaptured", state))
        views_before = conn.execute("SELECT name, position FROM dl_views ORDER BY name").fetchall()
    conn.close()
    proc = dl.fails("tasks")
    assert proc.returncode == 5 and "Traceback" not in proc.stderr
    [line] = proc.stderr.strip().splitlines()
    assert "event 2 (events.task:TaskCaptured) cannot be read" in line and why in line
    rebuilt = dl.fails("rebuild")  # a rebuild stops at it too (its chain check first: it has no link), and leaves the views as they were
    assert rebuilt.returncode == 5 and "event 2 (events.task:TaskCaptured)" in rebuilt.stderr
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT name, position FROM dl_views ORDER BY name").fetchall() == views_before
        assert conn.execute("SELECT COUNT(*) FROM dl_tasks").fetchone() == (len(before),)
    conn.close()


@pytest.mark.parametrize(
    "args",
    [
        ("add", "ab\udcff"),  # a byte 0xff on the command line: not UTF-8, reaches Python as a lone surrogate
        ("add", "ok", "--tag", "t\udcff"),
        ("add", "ok", "--project", "p\udcff"),
        ("note", "n\udcff"),
        ("appt", "add", "a\udcff", "--when", "2026-05-01 10:00"),
        ("tasks", "--project", "p\udcff"),
        ("timeline", "p\udcff"),
    ],
)
def test_text_that_is_not_utf8_is_a_clear_error(dl_sqlite: Dayledger, args: tuple[str, ...]) -> None:
    dl_sqlite.run("add", "first")
    before = dl_sqlite.json("log")
    proc = dl_sqlite.fails(*args)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    [line] = proc.stderr.strip().splitlines()
    assert "not UTF-8 text" in line and "\\udcff" in line
    assert dl_sqlite.json("log") == before


def test_notes_beyond_the_limits_are_refused_cleanly(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "2026-04-01.txt").write_text("Phil 4.1.2026\n\nTasks\n  • " + "x" * 3_000_000 + "\n")
    (notes / "2026-04-02.txt").write_text("Phil 4.2.2026\n\nTasks\n" + "".join(" " * (2 * i) + f"• level {i}\n" for i in range(300)))
    (notes / "2026-04-03.txt").write_bytes(b"Phil 4.3.2026\n" + b"y" * (9 * 1024 * 1024))
    (notes / "2026-04-04.txt").write_text("Phil 4.4.2026\n\nTasks\n  • A fine task\n")
    proc = dl_sqlite.run("import", str(notes), check=False)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    errors = proc.stderr.strip().splitlines()
    assert any("2026-04-01.txt:4: a line of" in e for e in errors)
    assert any("2026-04-02.txt" in e and "deep" in e for e in errors)
    assert any("2026-04-03.txt" in e and "larger than 8 MiB" in e for e in errors)
    assert [t["text"] for t in dl_sqlite.json("tasks")] == ["A fine task"]  # the good file still imported


@pytest.mark.parametrize(
    "args",
    [
        ("export", "--out", "{ledger}"),
        ("export", "--format", "ics", "--out", "{ledger}"),
        ("export", "--format", "todotxt", "--out", "{ledger}-wal"),
        ("export", "--out", "{link}"),
        ("report", "week", "2026-04-24", "--out", "{ledger}"),
    ],
    ids=["jsonl", "ics", "wal", "symlink", "report"],
)
def test_an_output_over_the_ledger_itself_is_refused(dl_sqlite: Dayledger, tmp_path: Path, args: tuple[str, ...]) -> None:
    dl_sqlite.run("add", "Keep this")
    link = tmp_path / "looks-like-a-backup.jsonl"
    link.symlink_to(dl_sqlite.ledger)
    before = Path(dl_sqlite.ledger).read_bytes()
    proc = dl_sqlite.fails(*(a.format(ledger=dl_sqlite.ledger, link=link) for a in args))
    assert proc.returncode == 2 and "write it elsewhere (the ledger was left untouched)" in proc.stderr, proc.stderr
    assert Path(dl_sqlite.ledger).read_bytes() == before
    assert dl_sqlite.json("verify")["ok"] and "Keep this" in dl_sqlite.run("tasks").stdout
