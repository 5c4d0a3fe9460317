"""What dayledger writes out of the ledger is the owner's alone (files 0600, folders 0700),
whatever the umask: an encrypted ledger's export must not be readable by everyone. A key file
others can read is refused, as ssh refuses such a private key."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Dayledger, InProcess

NOW = "2026-04-24T18:00+02:00"


@pytest.fixture
def open_umask() -> Iterator[None]:
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("open_umask")
def test_exports_reports_and_report_folders_are_owner_only(sqlite_url: str, tmp_path: Path) -> None:
    d = InProcess(sqlite_url, now=NOW)
    d.run("add", "Secret plan", "--at", "2026-04-21 09:00")
    d.run("appt", "Secret meeting", "--when", "2026-04-28 09:00")
    written = []
    for fmt in ("jsonl", "ics", "taskwarrior", "todotxt"):
        out = tmp_path / f"out.{fmt}"
        d.run("export", "--format", fmt, "--out", str(out))
        written.append(out)
    d.run("report", "week", "2026-W17", "--out", str(tmp_path / "report.md"))
    written.append(tmp_path / "report.md")
    notes = tmp_path / "notes" / "deeper"
    d.run("export", "--format", "notes", "--out", str(notes))
    written += list(notes.iterdir())
    reports = tmp_path / "scheduled" / "reports"
    d.run("report", "schedule", "--cron", "0 7 * * mon", "--to", str(reports))
    Dayledger(sqlite_url, now="2026-05-05T09:00+02:00").run("report", "run-due")
    written += list(reports.iterdir())
    assert len(written) >= 8
    assert {p.name: oct(_mode(p)) for p in written} == {p.name: "0o600" for p in written}
    assert {oct(_mode(p)) for p in (notes, notes.parent, reports, reports.parent)} == {"0o700"}


@pytest.mark.usefixtures("open_umask")
def test_a_key_file_others_can_read_is_refused(tmp_path: Path) -> None:
    key_file = tmp_path / "my.key"
    key_file.write_text("ab" * 32 + "\n")
    key_file.chmod(0o644)
    d = Dayledger(str(tmp_path / "ledger.sqlite"))
    proc = d.fails("--key-file", str(key_file), "init")
    assert proc.returncode == 5 and str(key_file) in proc.stderr and "chmod 600" in proc.stderr, proc.stderr
    assert not (tmp_path / "ledger.sqlite").exists()
    key_file.chmod(0o600)
    d.run("--key-file", str(key_file), "init")
    d.run("--key-file", str(key_file), "add", "Encrypted task")
