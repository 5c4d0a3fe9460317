"""The command line loads a command's module only when that command runs; the table that says
where each command lives must name every command the modules define, and nothing else."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest

from cli import (
    appointments,
    enrich,
    exchange,
    importing,
    journal,
    report_schedule,
    routines,
    tasks,
    undo,
    views,
)
from cli.agenda import agenda
from cli.init import init
from cli.main import cli, load_all
from cli.report import report
from cli.verify import verify

DEFINED = [
    *tasks.COMMANDS, *journal.COMMANDS, *exchange.COMMANDS, *views.COMMANDS, *undo.COMMANDS, *enrich.COMMANDS,
    *importing.COMMANDS, appointments.appt, routines.routine, agenda, verify, init, report,
]


def test_every_command_a_module_defines_is_listed_under_its_own_name() -> None:
    ctx = click.Context(cli)
    assert cli.list_commands(ctx) == sorted(c.name for c in DEFINED if c.name)
    for command in DEFINED:
        assert command.name
        found = cli.get_command(ctx, command.name)
        assert found is command


def test_report_has_its_schedule_commands() -> None:
    load_all()
    group = cli.get_command(click.Context(cli), "report")
    assert isinstance(group, click.Group)
    for command in report_schedule.COMMANDS:
        assert command.name and group.commands[command.name] is command


@pytest.mark.parametrize(("command", "loads", "leaves"), [("tasks", "cli.tasks", "cli.views"), ("day", "cli.views", "cli.tasks")])
def test_running_a_command_imports_its_module_only(command: str, loads: str, leaves: str) -> None:
    probe = (
        "import sys\nfrom cli.main import cli\n"
        f"cli.get_command(None, {command!r})\n"
        f"print({loads!r} in sys.modules, {leaves!r} in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "False"]
