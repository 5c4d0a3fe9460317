"""The web's reads and writes are the command line's own commands, run in-process.

A request becomes the words a person would type (``tasks project:Home --sort due``) and runs the
command's click function in a context holding a ``Session`` of its own (source ``web``); the
command's ``--json`` answer is kept (``cli.output.captured_json``) rather than printed. So the
API answers with the very field names of ``--json``, reads through the same queries, and writes
through the same ``Ledger`` and rules: there is no second copy of any of them here.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import click

from cli.output import captured_json
from cli.session import Session

__all__ = ["CommandFailed", "Runner"]

_LOCK = threading.Lock()  # loading a command's module once, not from two threads at a time


@dataclass(frozen=True)
class CommandFailed(Exception):
    """A command refused what it was given: the command line's one line and exit code."""

    message: str
    exit_code: int


@dataclass
class Runner:
    """Runs commands on one ledger, as ``dayledger --ledger ... --tz ...`` would."""

    base: Session

    def session(self) -> Session:
        """A fresh session of this server's options, recording with source ``web``."""
        fresh = replace(self.base, json=True, source="web", _opened=[])
        fresh.__dict__.update({k: v for k, v in self.base.__dict__.items() if k in ("config", "location", "tz")})  # read once
        return fresh

    def run(self, words: Sequence[str]) -> Any:
        """The JSON answer of ``dayledger <words> --json``; ``CommandFailed`` for what it refuses."""
        from cli.main import cli
        from engine.rules.errors import DayledgerError
        from engine.storage.failures import first_line, storage_errors, storage_failure

        session = self.session()
        root = click.Context(cli, obj=session, info_name="dayledger")
        try:
            with _LOCK:
                command = cli.get_command(root, words[0])
            if command is None:
                raise CommandFailed(f"no command {words[0]!r}", 2)
            with root, captured_json() as kept, command.make_context(words[0], [*words[1:]], parent=root) as ctx:
                command.invoke(ctx)
        except DayledgerError as e:
            raise CommandFailed(str(e), e.exit_code) from None
        except click.ClickException as e:
            raise CommandFailed(e.format_message(), e.exit_code) from None
        except storage_errors() as e:
            raise CommandFailed(f"the ledger database: {storage_failure(e) or first_line(e)}", 5) from None
        finally:
            session.close()
        if not kept:
            raise CommandFailed(f"{words[0]} gave no answer", 5)
        return kept[-1]
