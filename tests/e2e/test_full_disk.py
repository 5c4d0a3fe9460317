"""A full disk and a read-only ledger, for real: the ledger on a small tmpfs that is filled up or
remounted read-only, and a ledger file made immutable (chattr +i; chmod means nothing to root).
Each is one plain line and exit 5, and everything recorded before is still there, verified."""

from __future__ import annotations

import datetime
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

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


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_a_read_only_disk_is_one_line_and_loses_nothing(tmp_path: Path, small_disk: Path, encrypted: bool) -> None:
    dl = _ledger(tmp_path, small_disk, encrypted)
    before = _events(dl)
    assert _sh("mount", "-o", "remount,ro", str(small_disk)).returncode == 0
    try:
        for args in (("add", "Water the plants"), ("import", str(_notes(tmp_path / "notes", days=2))), ("tasks",)):
            proc = dl.fails(*args)
            assert proc.returncode == 5 and "read-only" in proc.stderr, proc.stderr
    finally:
        assert _sh("mount", "-o", "remount,rw", str(small_disk)).returncode == 0
    assert _events(dl) == before
    assert "chain intact, views agree" in dl.run("verify").stdout


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
