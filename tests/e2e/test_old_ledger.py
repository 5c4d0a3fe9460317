"""A ledger made before the layering refactor reads the same with today's code.

``tests/data/old_ledger/`` holds a SQLite ledger written by dayledger at 99ae8b1 and, in
``expected/``, what that code answered on it (its README says how both were made). Today's
installed ``dayledger`` must give the same answers byte for byte, find the ledger intact, and take
new events into the views it finds there: no view dropped and folded again because its name or
version moved, but the two that "one history, whatever the order" changed (the present folded in
the order things happened; a project's first name holding from the beginning), which the first
command folds again by itself.
"""

from __future__ import annotations

import difflib
import gzip
import json
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.conftest import DAYLEDGER, Dayledger

DATA = Path(__file__).resolve().parents[1] / "data" / "old_ledger"
EXPECTED = DATA / "expected"
NOW = "2026-04-25T18:30+02:00"  # the clock the expected answers were made with
EVENTS = 76

# expected/ file -> the command that answered it
ANSWERS: dict[str, tuple[str, ...]] = {
    "tasks.txt": ("tasks",),
    "tasks_all.json": ("tasks", "--status", "all", "--json"),
    "tasks_asof.txt": ("tasks", "--as-of", "2026-04-22 18:00"),
    "day.txt": ("day", "2026-04-24"),
    "history.txt": ("history", "Re-map"),
    "report.md": ("report", "week", "2026-W17"),
    "timeline.txt": ("timeline", "SBIRs"),
    "agenda.txt": ("agenda", "--days", "7"),
    "log.json": ("log", "--json"),
}


def _copy(folder: Path) -> Path:
    """A fresh copy of the old ledger file in ``folder``."""
    path = folder / "ledger.sqlite"
    with gzip.open(DATA / "ledger.sqlite.gz", "rb") as packed, path.open("wb") as out:
        shutil.copyfileobj(packed, out)
    return path


def _answer(dl: Dayledger, args: tuple[str, ...]) -> bytes:
    """The command's stdout as bytes (no newline translation), after it succeeded."""
    assert DAYLEDGER is not None
    proc = subprocess.run([DAYLEDGER, *args], env=dl.env, capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, f"dayledger {' '.join(args)} exited {proc.returncode}: {proc.stderr.decode(errors='replace')}"
    return proc.stdout


def _views(path: Path) -> dict[str, tuple[int, int]]:
    """Each view's (version, position) as the file records them, read with SQLite alone."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {name: (version, position) for name, version, position in conn.execute("SELECT name, version, position FROM dl_views")}
    finally:
        conn.close()


def _head(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        (head,) = conn.execute("SELECT max(rowid) FROM stored_events").fetchone()
        return int(head)
    finally:
        conn.close()


@pytest.fixture(scope="module")
def old(tmp_path_factory: pytest.TempPathFactory) -> Dayledger:
    """The old ledger, read only by the tests that share it."""
    return Dayledger(str(_copy(tmp_path_factory.mktemp("old_ledger"))), tz="Europe/Berlin", now=NOW)


_NUMBER_COLUMN = re.compile(rb"^  \d+ +(?=[0-9a-f]{7}  )", re.MULTILINE)


def _without_added(expected: str, got: bytes) -> bytes:
    """Today's text answer less what was added to it on purpose since: the short task numbers (a
    column in front of the handles), so the rest is still compared byte for byte. (JSON answers may
    gain fields: ``_missing`` below.)"""
    if expected == "tasks.txt":
        return _NUMBER_COLUMN.sub(b"  ", got)
    return got


@pytest.mark.parametrize("expected", sorted(ANSWERS))
def test_the_old_ledger_answers_as_before(old: Dayledger, expected: str) -> None:
    args = ANSWERS[expected]
    want = (EXPECTED / expected).read_bytes()
    got = _without_added(expected, _answer(old, args))
    if expected.endswith(".json") and got != want:
        # JSON fields are a contract: later code may add fields (names next to ids), never
        # rename, drop or change one; the old answer must be all there, value for value.
        missing = _missing(json.loads(want), json.loads(got), "$")
        assert missing is None, f"dayledger {' '.join(args)}: {missing} differs from what the code that made the ledger answered"
        return
    if got != want:
        diff = difflib.unified_diff(
            want.decode(errors="replace").splitlines(keepends=True), got.decode(errors="replace").splitlines(keepends=True),
            fromfile=f"expected/{expected}", tofile=f"dayledger {' '.join(args)}",
        )
        pytest.fail(f"dayledger {' '.join(args)} answers differently from the code that made the ledger:\n{''.join(diff)}", pytrace=False)


def _missing(want: object, got: object, where: str) -> str | None:
    """Where ``got`` lacks or changes something of ``want`` (added object keys are allowed), or None."""
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return where
        return next((m for k, v in want.items() if (m := _missing(v, got[k], f"{where}.{k}") if k in got else f"{where}.{k}")), None)
    if isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            return where
        return next((m for i, (w, g) in enumerate(zip(want, got, strict=True)) if (m := _missing(w, g, f"{where}[{i}]"))), None)
    return None if want == got and type(want) is type(got) else where


def test_the_old_ledger_verifies(old: Dayledger) -> None:
    assert _answer(old, ("verify",)).decode().startswith(f"ok: {EVENTS} events, chain intact, views agree;")
    report = json.loads(_answer(old, ("verify", "--json")))
    assert (report["ok"], report["events"], report["findings"]) == (True, EVENTS, [])


def test_the_old_ledger_takes_new_events_into_the_views_it_has(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    dl = Dayledger(str(path), tz="Europe/Berlin", now=NOW)
    before = _views(path)
    assert before and {position for _, position in before.values()} == {EVENTS}, before

    dl.run("add", "Buy bamboo stakes", "-p", "Garden")
    head = _head(path)
    assert head > EVENTS

    after = _views(path)
    # the same views at the same versions (a changed name or version would have dropped one and
    # folded it again from the first event), each moved on to the new head; the ones whose
    # version moved since were folded again by that first command, with nothing asked of the user
    moved = {"current": 6, "temporal": 8, "routines": 2}
    assert {name: version for name, (version, _) in before.items() if name in moved} == {"current": 2, "temporal": 4, "routines": 1}
    assert after == {name: (moved.get(name, version), head) for name, (version, _) in before.items()}
    assert "Buy bamboo stakes" in dl.run("tasks").stdout
    assert _views(path) == after  # the read found nothing left to fold
    report = dl.json("verify")
    assert (report["ok"], report["events"]) == (True, head)
