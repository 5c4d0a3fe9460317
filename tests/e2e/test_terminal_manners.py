"""Manners on a terminal that scripts never see: ``tasks`` wraps long texts to the terminal's
width and goes through the pager; long imports and exports say how far they are. Each is
checked on a real pty and, piped, to be absent."""

from __future__ import annotations

import os
import pty
import subprocess
from pathlib import Path

import pytest

from cli.widths import display_width
from tests.conftest import DAYLEDGER, Dayledger, InProcess

NOW = "2026-12-07T10:00+01:00"
LONG = "Write to the council about the broken street lamp on the corner of Elm Street and ask when it will be mended"
WIDE = "長い日本語のタスクのテキストはここにあります、そして続きますよ 🎉🎉 本当に長いですね"


def on_a_terminal(argv: list[str], env: dict[str, str]) -> tuple[str, str]:
    """(stdout, stderr) of ``argv`` run with both on one pty each, line ends as written."""

    def read_all(fd: int) -> bytes:
        chunks = []
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the other end is gone: all is read
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(fd)
        return b"".join(chunks)

    out_leader, out_follower = pty.openpty()
    err_leader, err_follower = pty.openpty()
    proc = subprocess.Popen(argv, env=env, stdout=out_follower, stderr=err_follower, stdin=subprocess.DEVNULL)
    os.close(out_follower)
    os.close(err_follower)
    # Read stdout to its end first: a terminal holds a few KiB, stderr here holds little.
    out, err = read_all(out_leader), read_all(err_leader)
    assert proc.wait(timeout=60) == 0, err
    return out.decode().replace("\r\n", "\n"), err.decode()


@pytest.fixture
def ledger(sqlite_url: str) -> Dayledger:
    dli = InProcess(sqlite_url, now=NOW)
    dli.run("add", LONG, "-p", "Home", "--due", "2026-12-11 17:00")
    dli.run("add", WIDE, "-p", "Home")
    dli.run("add", "Short one", "-p", "Home")
    return Dayledger(sqlite_url, now=NOW)


def _env(ledger: Dayledger, **extra: str) -> dict[str, str]:
    return {**ledger.env, "NO_COLOR": "1", "PAGER": "cat", **extra}


def _pieces(lines: list[str], beginning: str) -> list[str]:
    """The pieces of the text that starts with ``beginning``, its first line's and those
    indented under it, checking that they are indented exactly to the text column."""
    first = next(i for i, line in enumerate(lines) if beginning in line)
    column = lines[first].index(beginning)
    pieces = [lines[first][column:]]
    for line in lines[first + 1 :]:
        if line[:column].strip():  # the next task or project
            break
        assert line[:column] == " " * column and line[column] != " "
        pieces.append(line[column:])
    return pieces


@pytest.mark.parametrize("columns", [72, 90])  # 72: the text column keeps its 20 cells beside number, handle, age and due
def test_long_texts_wrap_inside_their_column_on_a_terminal(ledger: Dayledger, columns: int) -> None:
    out, _ = on_a_terminal([str(DAYLEDGER), "tasks"], _env(ledger, COLUMNS=str(columns)))
    lines = out.splitlines()
    assert all(display_width(line) <= columns for line in lines), lines
    pieces = _pieces(lines, "Write to the council")
    assert len(pieces) > 1 and " ".join(pieces) == LONG  # broken between words, nothing lost
    pieces = _pieces(lines, WIDE[:4])  # two cells a character: wrapped by width, not by count
    assert len(pieces) > 1 and "".join(pieces).replace(" ", "") == WIDE.replace(" ", "")
    assert max(map(display_width, lines)) > columns - 4  # the room is used, not wasted


def test_piped_lines_are_never_wrapped(ledger: Dayledger) -> None:
    piped = subprocess.run([str(DAYLEDGER), "tasks"], env=_env(ledger, COLUMNS="40"), capture_output=True, text=True, check=True).stdout
    assert any(line.endswith(LONG) for line in piped.splitlines())
    assert any(line.endswith(WIDE) for line in piped.splitlines())
    wide, _ = on_a_terminal([str(DAYLEDGER), "tasks"], _env(ledger, COLUMNS="400"))
    assert wide == piped  # a terminal wide enough shows the very lines a script reads


def test_tasks_go_through_the_pager_on_a_terminal_only(ledger: Dayledger, tmp_path: Path) -> None:
    got = tmp_path / "paged.txt"
    pager = tmp_path / "pager.sh"
    pager.write_text(f'#!/bin/sh\nprintf "LESS=%s\\n" "$LESS" > {got}\ncat >> {got}\n')
    pager.chmod(0o755)
    env = _env(ledger, PAGER=str(pager), COLUMNS="200")
    env.pop("LESS", None)
    out, _ = on_a_terminal([str(DAYLEDGER), "tasks"], env)
    paged = got.read_text()
    assert out == "" and paged.startswith("LESS=FRX\n") and "Short one" in paged and LONG in paged
    got.unlink()
    piped = subprocess.run([str(DAYLEDGER), "tasks"], env=env, capture_output=True, text=True, check=True).stdout
    assert not got.exists() and piped == paged.removeprefix("LESS=FRX\n")


DATA = Path(__file__).parents[1] / "data"


def _work(tmp_path: Path) -> list[tuple[list[str], str]]:
    """Each kind of long work, and the start of the line it shows: the ledger is made by the
    first, the backup written by the third is restored by the last."""
    backup, restored = tmp_path / "backup.jsonl", tmp_path / "restored.sqlite"
    return [
        (["import", str(DATA / "report_notes")], "dayledger: importing: 0 of 4 notes, 0 events recorded"),
        (["import", str(DATA / "ics" / "google.ics"), str(DATA / "ics" / "google.ics")], "dayledger: importing: 0 of 2 files, 0 events recorded"),
        (["export", "--out", str(backup)], "dayledger: exporting: 0 of "),
        (["export", "--format", "notes", "--out", str(tmp_path / "notes")], "dayledger: exporting: 0 of 8 files"),  # a day per note and per appointment
        (["--ledger", str(restored), "restore", str(backup)], "dayledger: restoring: 0 events read, 0 events recorded"),
    ]


def test_long_work_shows_how_far_it_is_on_a_terminal_only(sqlite_url: str, tmp_path: Path) -> None:
    ledger = Dayledger(sqlite_url, now=NOW)
    env = _env(ledger, DAYLEDGER_PROGRESS_AFTER="0")  # as if every piece of work took long
    for args, shown in _work(tmp_path):
        _, err = on_a_terminal([str(DAYLEDGER), *args], env)
        assert shown in err, (args, err)
        before, cleared, after = err.rpartition("\r\x1b[K")  # cleared: what follows starts on a clean line
        assert cleared and shown in before and "\r" not in after.replace("\r\n", "\n") and ": 0 " not in after, (args, err)
    piped = Dayledger(str(tmp_path / "piped.sqlite"), now=NOW)
    (tmp_path / "piped").mkdir()
    for args, _ in _work(tmp_path / "piped"):
        proc = subprocess.run([str(DAYLEDGER), *args], env=_env(piped, DAYLEDGER_PROGRESS_AFTER="0"), capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        assert "\r" not in proc.stderr and "dayledger: importing" not in proc.stderr


def test_quick_work_shows_no_progress_and_a_bad_setting_is_one_line(sqlite_url: str, tmp_path: Path) -> None:
    ledger = Dayledger(sqlite_url, now=NOW)
    env = _env(ledger)
    env.pop("DAYLEDGER_PROGRESS_AFTER", None)
    _, err = on_a_terminal([str(DAYLEDGER), "import", str(DATA / "report_notes")], env)
    assert "dayledger: importing" not in err and "\r" not in err
    leader, follower = pty.openpty()
    proc = subprocess.run([str(DAYLEDGER), "tasks"], env={**env, "DAYLEDGER_PROGRESS_AFTER": "soon"}, stdout=subprocess.PIPE, stderr=follower, timeout=60)
    os.close(follower)
    err = os.read(leader, 65536).decode()
    os.close(leader)
    assert proc.returncode == 2 and err == "dayledger: error: DAYLEDGER_PROGRESS_AFTER='soon': give the seconds before progress shows, e.g. 1 or 0.5\r\n"
