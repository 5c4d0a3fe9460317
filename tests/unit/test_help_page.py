"""``dayledger --help`` lists the commands from a table (``cli.help_page``) and, at the two widths
it mostly runs at, answers with a page stored there: both must be what the commands say now."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import click
import pytest

from cli import help_page
from cli.help_page import SHORT_HELP, page_for
from cli.main import _PLACES, CONTEXT, cli, load_all
from cli.start import main as start
from cli.version import VERSION

REGENERATE = "out of step with the commands: run `python -m cli.help_page` and commit cli/help_page.py"


def _rendered(width: int, *, from_table: bool) -> str:
    """The top-level help at ``width``, its command list from the table or from the loaded commands (click's own way)."""
    load_all()
    with click.Context(cli, info_name="dayledger", **CONTEXT) as ctx:
        formatter = click.HelpFormatter(width=width, max_width=CONTEXT["max_content_width"])
        if from_table:
            cli.format_help(ctx, formatter)
        else:
            cli.format_usage(ctx, formatter)
            cli.format_help_text(ctx, formatter)
            click.Command.format_options(cli, ctx, formatter)  # the options alone (a group's adds its commands)
            click.Group.format_commands(cli, ctx, formatter)
            cli.format_epilog(ctx, formatter)
        return formatter.getvalue()


def test_the_table_lists_every_command_and_only_them() -> None:
    assert sorted(SHORT_HELP) == sorted(_PLACES), REGENERATE


@pytest.mark.parametrize("width", [50, 60, 78, 88, 98, 120])
def test_the_list_of_commands_from_the_table_is_the_one_the_commands_give(width: int) -> None:
    assert _rendered(width, from_table=True) == _rendered(width, from_table=False), REGENERATE


def test_the_module_is_what_the_commands_make_it() -> None:
    text = Path(help_page.__file__).read_text(encoding="utf-8")
    assert help_page._generated() == text, REGENERATE


@pytest.mark.parametrize(("columns", "width"), [(80, 78), (40, 78), (102, 98), (200, 98)])
def test_the_stored_pages_are_the_help_click_renders(columns: int, width: int) -> None:
    if columns >= 80:
        assert page_for(columns) == _rendered(width, from_table=False).rstrip("\n")
    else:
        assert page_for(columns) is None  # click renders it (at its least width, 50)


def test_other_widths_are_left_to_click() -> None:
    assert page_for(90) is None


@pytest.mark.parametrize("columns", ["80", "130", "90"])
def test_dayledger_help_says_what_click_says(columns: str, tmp_path: Path) -> None:
    env = {"COLUMNS": columns, "PATH": "/usr/bin:/bin", "DAYLEDGER_LEDGER": str(tmp_path / "l.sqlite")}
    quick = subprocess.run([sys.executable, "-c", "from cli.start import main; main()", "--help"], env=env, capture_output=True, text=True, check=True)
    full = subprocess.run([sys.executable, "-c", "from cli.main import main; main()", "--help"], env=env, capture_output=True, text=True, check=True)
    assert quick.stdout == full.stdout
    assert "add " in quick.stdout and "Commands:" in quick.stdout


def test_version_is_the_package_version_and_click_says_the_same(capsys: pytest.CaptureFixture[str]) -> None:
    assert importlib.metadata.version("dayledger") == VERSION
    start(["--version"])
    quick = capsys.readouterr().out
    from cli.main import main

    main(["--version"])  # click's version option
    assert capsys.readouterr().out == quick == f"dayledger, version {VERSION}\n"
