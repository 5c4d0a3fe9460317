"""Reading a ledger whose views are level loads neither pydantic nor eventsourcing: start-up time
is most of a read command's time, and those two are most of start-up."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import Dayledger

# Runs the command in this interpreter, then says which heavy libraries it loaded.
PROBE = (
    "import sys\n"
    "from cli.main import main\n"
    "try:\n"
    "    main(sys.argv[1:])\n"
    "except SystemExit as e:\n"
    "    assert not e.code, e.code\n"
    "print(sorted(m for m in ('pydantic', 'eventsourcing') if m in sys.modules), file=sys.stderr)\n"
)

READS = [
    ("tasks",),
    ("tasks", "--as-of", "2026-04-21 12:00"),
    ("tasks", "--as-of", "2026-04-21 12:00", "--known-at", "2026-04-20"),
    ("day", "2026-04-21"),
    ("day", "2026-04-21", "--as-of", "2026-04-21 18:00"),
    ("history", "ride"),
    ("timeline", "Garden"),
    ("completed",),
    ("diff", "2026-04-20", "2026-04-23"),
    ("report", "week", "2026-04-21", "--format", "md"),
    ("appt", "list"),
    ("agenda",),
]


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Dayledger:
    dl = Dayledger(str(tmp_path_factory.mktemp("startup") / "ledger.sqlite"), now="2026-04-24T09:00:00+02:00")
    dl.run("add", "Do a big ride", "--project", "Garden", "--at", "2026-04-20 08:00")
    dl.run("add", "water the beds", "--project", "Garden", "--at", "2026-04-21 08:00")
    dl.run("done", "ride", "--at", "2026-04-22 18:00")
    dl.run("note", "rain all day", "--at", "2026-04-21 09:00")
    dl.run("appt", "add", "Dentist", "--when", "2026-04-27 10:00")
    dl.run("tasks")  # the views are level from here on
    return dl


@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_a_read_on_level_views_loads_neither_pydantic_nor_eventsourcing(ledger: Dayledger, args: tuple[str, ...]) -> None:
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], env=ledger.env, capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "[]", proc.stderr
