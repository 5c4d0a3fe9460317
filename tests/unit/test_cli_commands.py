"""The command line loads a command's module only when that command runs. ``_PLACES`` in
``cli/main.py`` is the one list of top-level commands: each name it gives must load the command of
that name from the module it names, and every command a module defines must be reachable from it."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import click
import pytest

import cli as cli_package
from cli import report_schedule
from cli.formats import import_sources, source_command
from cli.main import _PLACES, cli, load_all


def _defined() -> dict[str, list[click.Command]]:
    """Every click command each ``cli`` module defines at its top level (not those it imports)."""
    found: dict[str, list[click.Command]] = {}
    for info in pkgutil.iter_modules(cli_package.__path__):
        module = importlib.import_module(f"cli.{info.name}")
        commands = [c for c in vars(module).values() if isinstance(c, click.Command) and c is not cli and getattr(c.callback, "__module__", None) == module.__name__]
        listed = getattr(module, "COMMANDS", ())
        assert all(c in commands for c in listed), f"cli.{info.name}.COMMANDS lists a command it does not define"
        if commands:
            found[module.__name__] = commands
    return found


def _reachable() -> list[click.Command]:
    """Every command a user can reach from ``dayledger``: its commands, their subcommands, and the
    commands one hands its arguments to (``import wordpress SITE_URL``)."""
    load_all()
    ctx = click.Context(cli)
    todo = [c for name in cli.list_commands(ctx) if (c := cli.get_command(ctx, name)) is not None]
    todo += [source_command(name) for name in import_sources()]  # ``import NAME ARGS...`` runs these
    seen: list[click.Command] = []
    while todo:
        command = todo.pop()
        if any(command is c for c in seen):
            continue
        seen.append(command)
        if isinstance(command, click.Group):
            todo.extend(command.commands.values())
        for value in vars(command).values():
            if isinstance(value, dict):
                todo.extend(v for v in value.values() if isinstance(v, click.Command))
    return seen


def test_every_listed_command_loads_from_its_module_under_its_own_name() -> None:
    ctx = click.Context(cli)
    assert cli.list_commands(ctx) == sorted(_PLACES)  # nothing added beside the table
    for name, (module, attribute) in _PLACES.items():
        defined = getattr(importlib.import_module(module), attribute)
        assert isinstance(defined, click.Command) and defined.name == name, f"_PLACES[{name!r}] names {module}.{attribute}"
        found = cli.get_command(ctx, name)
        assert found is not None and found.name == name
        assert found is defined


def test_every_command_a_module_defines_is_reachable() -> None:
    reachable = _reachable()
    callbacks = [c.callback for c in reachable]
    missing = [
        f"{module}: {command.name}"
        for module, commands in _defined().items()
        for command in commands
        if not any(command is c for c in reachable) and not any(command.callback is f for f in callbacks)
    ]
    assert missing == [], "defined but not reachable from dayledger (add them to _PLACES in cli/main.py, or to their group)"


def test_report_has_its_schedule_commands() -> None:
    load_all()
    group = cli.get_command(click.Context(cli), "report")
    assert isinstance(group, click.Group)
    for command in report_schedule.COMMANDS:
        assert command.name and group.commands[command.name] is command


@pytest.mark.parametrize(("command", "loads", "leaves"), [("tasks", "cli.task_list", "cli.tasks"), ("add", "cli.tasks", "cli.task_list"), ("day", "cli.views", "cli.tasks")])
def test_running_a_command_imports_its_module_only(command: str, loads: str, leaves: str) -> None:
    probe = (
        "import sys\nfrom cli.main import cli\n"
        f"cli.get_command(None, {command!r})\n"
        f"print({loads!r} in sys.modules, {leaves!r} in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "False"]
