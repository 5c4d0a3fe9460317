"""The small frictions of the first minutes: a mistyped command names the right one, in one line."""

from __future__ import annotations

import pytest

from tests.conftest import InProcess


@pytest.mark.parametrize(
    ("typed", "unknown", "meant"),
    [
        (["modify", "x"], "modify", "edit"),
        (["delete", "x"], "delete", "cancel"),
        (["rm", "x"], "rm", "cancel"),
        (["list"], "list", "tasks"),
        (["ls"], "ls", "tasks"),
        (["tsks"], "tsks", "tasks"),  # a near spelling
        (["routine", "dne", "x"], "routine dne", "routine done"),
        (["report", "wek"], "report wek", "report week"),
    ],
)
def test_a_mistyped_command_suggests_the_right_one(dli_sqlite: InProcess, typed: list[str], unknown: str, meant: str) -> None:
    proc = dli_sqlite.fails(*typed)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"dayledger: error: no such command 'dayledger {unknown}'; did you mean 'dayledger {meant}'?"


def test_an_unknown_command_with_nothing_near_points_at_help(dli_sqlite: InProcess) -> None:
    assert dli_sqlite.fails("xyzzy").stderr.strip() == "dayledger: error: no such command 'dayledger xyzzy'; 'dayledger --help' lists the commands"
