"""A full disk and a read-only ledger, for real: the ledger on a small tmpfs that is filled up or
remounted read-only, and a ledger file made immutable (chattr +i; chmod means nothing to root).
Each write is one plain line and exit 5, and everything recorded before is still there, verified.
Reading a read-only ledger works: in place, or from a private copy when its views are behind."""

from __future__ import annotations

import datetime
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from engine.storage.database import open_database
from engine.storage.location import parse_location
from tests.conftest import Dayledger

DISK_SIZE = "8m"  # room for the import below (about 1.6 MB with its WAL), not for the filler too
LEFT_FREE = 150 * 1024


def _sh(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, check=False)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs of DISK_SIZE mounted for this test, unmounted afterwards."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    proc = _sh("mount", "-t", "tmpfs", "-o", f"size={DISK_SIZE},mode=0755", "tmpfs", str(mount_point))
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root and mount rights): {proc.stderr.strip()}")
    try:
        yield mount_point
    finally:
        _sh("mount", "-o", "remount,rw", str(mount_point))
        if _sh("umount", str(mount_point)).returncode != 0:
            _sh("umount", "-l", str(mount_point))


def _notes(folder: Path, days: int = 30) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    start = datetime.date(2025, 1, 1)
    for i in range(days):
        day = start + datetime.timedelta(days=i)
        lines = [f"Notes {day.month}.{day.day}.{day.year}", "", f"Day {i}: a walk along the canal, then the market", "", "Tasks", ""]
        lines += [f"  • Errand {i}-{j}: pick up order number {1000 * i + j}" for j in range(10)]
        (folder / f"{day.isoformat()}.txt").write_text("\n".join(lines) + "\n")
    return folder


def _ledger(tmp_path: Path, disk: Path, encrypted: bool) -> Dayledger:
    dl = Dayledger(str(disk / "ledger.sqlite"), now="2026-04-28T18:00+02:00")
    dl.env["XDG_CONFIG_HOME"] = str(tmp_path / "config")  # the key file, if any, is not on the small disk
    dl.env.pop("DAYLEDGER_KEY", None)
    dl.env.pop("DAYLEDGER_KEY_FILE", None)
    dl.run("init", *(["--encrypt"] if encrypted else []))
    for text in ("Pay the plumber", "Book the ferry", "Call the vet"):
        dl.run("add", text)
    dl.run("note", "The boiler was serviced today")
    return dl


def _fill(disk: Path, leave: int) -> Path:
    """Fill the disk up, then give back ``leave`` bytes."""
    filler = disk / "filler"
    with filler.open("wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        except OSError:
            pass
    os.truncate(filler, max(0, filler.stat().st_size - leave))
    return filler


def _events(dl: Dayledger) -> list[dict[str, Any]]:
    return dl.json("log")


def _still_there(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> None:
    assert after[: len(before)] == before, "an event recorded before the failure changed or is gone"


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_a_full_disk_is_one_line_and_loses_nothing(tmp_path: Path, small_disk: Path, encrypted: bool) -> None:
    dl = _ledger(tmp_path, small_disk, encrypted)
    notes = _notes(tmp_path / "notes")
    before = _events(dl)
    filler = _fill(small_disk, LEFT_FREE)
    proc = dl.fails("import", str(notes))
    assert proc.returncode == 5 and "disk full" in proc.stderr
    filler.unlink()
    _still_there(before, _events(dl))
    assert "chain intact, views agree" in dl.run("verify").stdout
    dl.run("import", str(notes))  # with room again, the import completes
    after = _events(dl)
    _still_there(before, after)
    reference = Dayledger(str(tmp_path / "reference.sqlite"), now="2026-04-28T18:00+02:00")
    reference.run("import", str(notes))
    assert len(after) == len(before) + len(_events(reference))  # all of the import, once
    assert "chain intact, views agree" in dl.run("verify").stdout


def _remount(disk: Path, mode: str) -> None:
    assert _sh("mount", "-o", f"remount,{mode}", str(disk)).returncode == 0


def _views_behind(dl: Dayledger, monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a ledger an older dayledger made: a view whose rows this one folds again."""
    monkeypatch.setenv("XDG_CONFIG_HOME", dl.env["XDG_CONFIG_HOME"])  # where an encrypted ledger's key file is
    db = open_database(parse_location(dl.ledger), create=False)
    try:
        with db.write() as cur:
            cur.execute("UPDATE dl_views SET version = 0 WHERE name = 'current'")
    finally:
        db.close()


def _current_version(dl: Dayledger, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("XDG_CONFIG_HOME", dl.env["XDG_CONFIG_HOME"])
    db = open_database(parse_location(dl.ledger), create=False)
    try:
        with db.read() as cur:
            return int(cur.execute("SELECT version FROM dl_views WHERE name = 'current'").fetchone()[0])
    finally:
        db.close()


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_a_read_only_disk_refuses_writes_in_one_line_and_loses_nothing(tmp_path: Path, small_disk: Path, encrypted: bool) -> None:
    dl = _ledger(tmp_path, small_disk, encrypted)
    before = _events(dl)
    _remount(small_disk, "ro")
    try:
        for args in (("add", "Water the plants"), ("import", str(_notes(tmp_path / "notes", days=2)))):
            proc = dl.fails(*args)
            assert proc.returncode == 5 and "read-only" in proc.stderr, proc.stderr
    finally:
        _remount(small_disk, "rw")
    assert _events(dl) == before
    assert "chain intact, views agree" in dl.run("verify").stdout


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_a_ledger_on_a_read_only_disk_can_be_read(tmp_path: Path, small_disk: Path, encrypted: bool) -> None:
    dl = _ledger(tmp_path, small_disk, encrypted)
    tasks, day, log = dl.run("tasks").stdout, dl.run("day", "2026-04-28").stdout, _events(dl)
    _remount(small_disk, "ro")
    try:
        assert not [p.name for p in small_disk.iterdir() if p.name != "ledger.sqlite"]  # no -wal, no -shm: closed cleanly
        assert dl.run("tasks").stdout == tasks
        assert dl.run("day", "2026-04-28").stdout == day
        assert _events(dl) == log
        assert "chain intact, views agree" in dl.run("verify").stdout
    finally:
        _remount(small_disk, "rw")


def test_a_read_only_ledger_whose_views_are_behind_is_read_from_a_private_copy(
    tmp_path: Path, small_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dl = _ledger(tmp_path, small_disk, encrypted=False)
    tasks = dl.run("tasks").stdout
    _views_behind(dl, monkeypatch)
    temp = tmp_path / "temp"
    temp.mkdir()
    dl.env["TMPDIR"] = str(temp)
    _remount(small_disk, "ro")
    try:
        assert dl.run("tasks").stdout == tasks
        assert "TaskCaptured" in dl.run("history", "Pay the plumber").stdout
        assert list(temp.iterdir()) == []  # the copy went with the command
    finally:
        _remount(small_disk, "rw")
    assert _current_version(dl, monkeypatch) == 0  # the ledger itself untouched


def test_a_read_only_encrypted_ledger_whose_views_are_behind_is_one_line(
    tmp_path: Path, small_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A private copy would put the ledger on disk unencrypted: refused, in one line."""
    dl = _ledger(tmp_path, small_disk, encrypted=True)
    _views_behind(dl, monkeypatch)
    _remount(small_disk, "ro")
    try:
        proc = dl.fails("tasks")
        assert proc.returncode == 5, proc.stderr
        assert "encrypted and read-only, and its views are behind" in proc.stderr and "Traceback" not in proc.stderr
    finally:
        _remount(small_disk, "rw")
    assert _current_version(dl, monkeypatch) == 0
    assert "Pay the plumber" in dl.run("tasks").stdout  # writable again: brought level in place


def test_a_copy_on_a_read_only_disk_with_changes_only_in_its_wal_is_one_line(tmp_path: Path, small_disk: Path) -> None:
    """A ledger copied while in use, without its -shm: SQLite could apply its -wal only by writing."""
    import shutil
    import sqlite3

    dl = _ledger(tmp_path, small_disk, encrypted=False)
    copy = small_disk / "copy"
    copy.mkdir()
    writer = sqlite3.connect(dl.ledger, isolation_level=None)
    try:
        writer.execute("PRAGMA wal_autocheckpoint=0")
        writer.execute("INSERT INTO dayledger_meta VALUES ('copied', 'while in use')")
        shutil.copy(dl.ledger, copy / "ledger.sqlite")
        shutil.copy(f"{dl.ledger}-wal", copy / "ledger.sqlite-wal")
    finally:
        writer.close()
    reader = Dayledger(str(copy / "ledger.sqlite"))
    _remount(small_disk, "ro")
    try:
        proc = reader.fails("tasks")
        assert proc.returncode == 5 and "ledger.sqlite-wal beside it holds changes" in proc.stderr, proc.stderr
    finally:
        _remount(small_disk, "rw")


def test_an_immutable_ledger_file_is_one_line_and_loses_nothing(tmp_path: Path) -> None:
    dl = Dayledger(str(tmp_path / "ledger.sqlite"))
    dl.run("add", "Sweep the yard")
    before = _events(dl)
    proc = _sh("chattr", "+i", dl.ledger)
    if proc.returncode != 0:
        pytest.skip(f"chattr +i is not possible here (needs root and a file system that has it): {proc.stderr.strip()}")
    try:
        proc = dl.fails("add", "Rake the leaves")
        assert proc.returncode == 5 and "read-only" in proc.stderr
        assert "Sweep the yard" in dl.run("tasks").stdout  # reading still works
    finally:
        _sh("chattr", "-i", dl.ledger)
    assert _events(dl) == before
    assert "chain intact, views agree" in dl.run("verify").stdout


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_reads_on_a_full_disk_work_although_nothing_can_be_written(tmp_path: Path, small_disk: Path, encrypted: bool) -> None:
    dl = _ledger(tmp_path, small_disk, encrypted)
    tasks, day, log = dl.run("tasks").stdout, dl.run("day", "2026-04-28").stdout, _events(dl)
    filler = _fill(small_disk, 0)
    try:
        assert dl.run("tasks").stdout == tasks
        assert dl.run("day", "2026-04-28").stdout == day
        assert _events(dl) == log
        assert "chain intact" in dl.run("verify", "--no-views").stdout
        proc = dl.fails("add", "No room for this")
        assert proc.returncode == 5 and "disk full" in proc.stderr, proc.stderr
    finally:
        filler.unlink()
    assert _events(dl) == log
    dl.run("add", "Room again")
