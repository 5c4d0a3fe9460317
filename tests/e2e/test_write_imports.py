"""Each write command imports only what it needs (issue 21): run as the real ``dayledger`` entry
under ``python -X importtime``, it must not load the machinery of other commands (imports,
exports, reports, the web, calendars) nor PostgreSQL's driver on a SQLite ledger; ``--version``
and ``--help`` load neither click nor pydantic, eventsourcing or the engine. Not timed: it names
the modules, so a new top-level import on a write path fails here, wherever it was added."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import Dayledger

# Run through the installed command's own entry point (cli.start), as the console script does; at
# exit it names every module loaded (importtime does not see those importlib.import_module loads).
ENTRY = (
    "import atexit, sys\n"
    "atexit.register(lambda: print('loaded: ' + ' '.join(sorted(sys.modules)), file=sys.stderr))\n"
    "from cli.start import main\n"
    "sys.exit(main())\n"
)

# Never on any write to a SQLite ledger: other commands' machinery, the web, calendars, PostgreSQL, SQLCipher,
# pydantic's plugin lookup (importlib.metadata: cli.start tells pydantic there are none).
NOT_FOR_WRITES = (
    "httpx", "icalendar", "recurring_ical_events", "psycopg", "psycopg_pool", "sqlcipher3", "markdown_it", "importlib.metadata",
    "engine.importers", "engine.formats", "projections.exports", "projections.reports",
    "cli.importing", "cli.exchange", "cli.report", "cli.report_schedule", "cli.enrich", "cli.wordpress", "cli.views",
    "cli.task_list", "cli.show", "cli.agenda", "cli.verify",
)
CRON = ("croniter",)  # only a routine's command works out its schedule
# The event classes of other things than tasks, notes, projects and appointments (events load by module).
OTHER_EVENTS = ("events.routine", "events.report", "events.series", "events.reading", "events.command")

WRITES: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (("add", "Buy milk", "-p", "Home", "+errand"), CRON + OTHER_EVENTS),
    (("done", "ride"), CRON + OTHER_EVENTS),
    (("edit", "beds", "project:Home", "+water"), CRON + OTHER_EVENTS),
    (("note", "Talked to the plumber"), CRON + OTHER_EVENTS),
    (("appt", "add", "Dentist", "--when", "2026-04-27 10:00"), CRON + OTHER_EVENTS),
    (("routine", "done", "Water the plants"), ()),
    (("undo",), CRON + ("projections.queries.audit",)),  # the last command is read from the facts, not the audit's histories
]
NOT_AT_START = ("click", "pydantic", "pydantic_core", "eventsourcing", "events", "engine", "projections", "sqlite3", "importlib.metadata")


def imported(env: dict[str, str], *args: str) -> set[str]:
    """The modules one run of ``dayledger ARGS`` imported (it must succeed)."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", ENTRY, *args], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    names = {m.group(1) for m in re.finditer(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)\s*$", proc.stderr, re.MULTILINE)}
    assert "cli.start" in names, proc.stderr[-2000:]
    loaded = re.search(r"^loaded: (.*)$", proc.stderr, re.MULTILINE)
    assert loaded is not None, proc.stderr[-2000:]
    return names | set(loaded.group(1).split())


def under(names: set[str], packages: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names if any(n == p or n.startswith(p + ".") for p in packages))


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Dayledger:
    dl = Dayledger(str(tmp_path_factory.mktemp("writes") / "ledger.sqlite"), now="2026-04-24T09:00:00+02:00")
    dl.run("add", "Do a big ride", "--project", "Garden", "--at", "2026-04-20 08:00")
    dl.run("add", "water the beds", "--project", "Garden", "--at", "2026-04-21 08:00")
    dl.run("routine", "add", "Water the plants", "--cron", "@daily")
    dl.run("tasks")
    return dl


@pytest.mark.parametrize(("args", "also_not"), WRITES, ids=[" ".join(a) for a, _ in WRITES])
def test_a_write_imports_only_what_it_needs(ledger: Dayledger, args: tuple[str, ...], also_not: tuple[str, ...]) -> None:
    names = imported(ledger.env, *args)
    assert under(names, NOT_FOR_WRITES + also_not) == []
    assert "pydantic" in names and "eventsourcing" in names  # the check looks at a real write
    if not also_not:
        assert under(names, CRON) != [] and "events.routine" in names  # and it sees what a command does import


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("-h",)], ids=" ".join)
def test_version_and_help_load_no_library_and_no_layer(ledger: Dayledger, args: tuple[str, ...]) -> None:
    names = imported({**ledger.env, "COLUMNS": "80"}, *args)
    assert under(names, NOT_AT_START) == []
