"""``--out`` never destroys what dayledger did not write: an existing file is refused unless
``--force`` (a notes folder's own earlier export excepted), and a FIFO, a device node or a
symlink is never replaced or written through, whatever the flags."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.conftest import Dayledger, InProcess

NOW = "2026-04-24T18:00+02:00"

SINGLE = {
    "jsonl": ("export", "--format", "jsonl"),
    "ics": ("export", "--format", "ics"),
    "taskwarrior": ("export", "--format", "taskwarrior"),
    "todotxt": ("export", "--format", "todotxt"),
    "report": ("report", "week", "this"),
}


def _ledger(url: str) -> InProcess:
    d = InProcess(url, now=NOW)
    d.run("add", "Fix the gate", "--at", "2026-04-21 09:00")
    d.run("note", "A long ride", "--at", "2026-04-22 08:00")
    d.run("appt", "Dentist", "--when", "2026-04-28 09:00")
    return d


@pytest.mark.parametrize("kind", SINGLE)
def test_an_existing_file_is_replaced_only_with_force(sqlite_url: str, tmp_path: Path, kind: str) -> None:
    d = _ledger(sqlite_url)
    mine = tmp_path / "mine.txt"
    mine.write_text("my own words\n")
    proc = d.fails(*SINGLE[kind], "--out", str(mine))
    assert proc.returncode == 2 and str(mine) in proc.stderr and "--force" in proc.stderr, proc.stderr
    assert mine.read_text() == "my own words\n"
    d.run(*SINGLE[kind], "--out", str(mine), "--force")
    assert mine.read_text() != "my own words\n" and mine.stat().st_size > 0


def test_notes_out_overwrites_only_its_own_unchanged_files(sqlite_url: str, tmp_path: Path) -> None:
    d = _ledger(sqlite_url)
    out = tmp_path / "notes"
    d.run("export", "--format", "notes", "--out", str(out))
    assert {"2026-04-21.txt", "2026-04-22.txt"} <= {p.name for p in out.glob("*.txt")}
    d.run("note", "Another note", "--at", "2026-04-22 12:00")
    d.run("export", "--format", "notes", "--out", str(out))  # its own files, unchanged since: rewritten
    assert "Another note" in (out / "2026-04-22.txt").read_text()

    (out / "2026-04-21.txt").write_text("edited by hand\n")  # the user's now
    (out / "2026-04-23.txt").write_text("a note of my own\n")  # never written by dayledger
    d.run("note", "Thursday", "--at", "2026-04-23 12:00")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    proc = d.fails("export", "--format", "notes", "--out", str(out))
    assert proc.returncode == 2 and "2026-04-2" in proc.stderr and "--force" in proc.stderr, proc.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # nothing written at all
    d.run("export", "--format", "notes", "--out", str(out), "--force")
    assert "Thursday" in (out / "2026-04-23.txt").read_text() and "Fix the gate" in (out / "2026-04-21.txt").read_text()


def _special(kind: str, tmp_path: Path) -> tuple[Path, Path | None]:
    """A path of that kind, and the file a symlink points at."""
    if kind == "fifo":
        path = tmp_path / "pipe"
        os.mkfifo(path)
        return path, None
    if kind == "device":  # a null device of our own: never /dev/null, which an unfixed build run as root replaced
        path = tmp_path / "null"
        try:
            os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("making a device node needs root (CAP_MKNOD)")
        return path, None
    target = tmp_path / "precious.txt"
    target.write_text("precious\n")
    path = tmp_path / ("link" if kind == "symlink" else "dangling")
    path.symlink_to(target if kind == "symlink" else tmp_path / "nowhere")
    return path, target


@pytest.mark.parametrize("kind", ["fifo", "device", "symlink", "dangling"])
@pytest.mark.parametrize("command", [("export", "--format", "jsonl"), ("report", "week", "this"), ("export", "--format", "notes")])
def test_a_fifo_device_or_symlink_is_never_replaced_or_written_through(sqlite_url: str, tmp_path: Path, kind: str, command: tuple[str, ...]) -> None:
    """Subprocesses: the unfixed command blocked on a FIFO, or replaced /dev/null (as root)."""
    _ledger(sqlite_url)
    d = Dayledger(sqlite_url, now=NOW)
    path, target = _special(kind, tmp_path)
    out = path
    if command[-1] == "notes":  # a day's file in the folder is the special one
        folder = tmp_path / "notes"
        folder.mkdir()
        day = folder / "2026-04-21.txt"
        if kind == "fifo":
            os.mkfifo(day)
        else:  # a link to the device, the file, or nowhere
            day.symlink_to(path)
        path, out = day, folder
    before = path.lstat()
    for force in ((), ("--force",)):
        proc = d.run(*command, "--out", str(out), *force, check=False, timeout=20)
        assert proc.returncode == 2 and str(path) in proc.stderr and len(proc.stderr.splitlines()) == 1, proc.stderr
        after = path.lstat()
        assert (stat.S_IFMT(after.st_mode), after.st_ino) == (stat.S_IFMT(before.st_mode), before.st_ino)
        if target is not None and target.exists():
            assert target.read_text() == "precious\n"


@pytest.mark.parametrize("args", [("export", "--out"), ("report", "week", "--out")])
def test_an_out_into_a_folder_that_does_not_exist_names_the_path(dli_sqlite: InProcess, tmp_path: Path, args: tuple[str, ...]) -> None:
    dli_sqlite.run("add", "Something to write out")
    target = tmp_path / "no" / "such" / "folder" / "out.txt"
    proc = dli_sqlite.fails(*args, str(target))
    assert proc.returncode == 5 and str(target.parent) in proc.stderr and "No such file or directory" in proc.stderr
    assert not target.parent.exists()
