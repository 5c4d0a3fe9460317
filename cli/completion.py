"""Shell completion of what the ledger holds: task, appointment and routine handles (a piece of
the text completes to the handle), project names and tags. Commands and options complete through
click itself (``_DAYLEDGER_COMPLETE=bash_source dayledger``; zsh_source, fish_source)."""

from __future__ import annotations

from typing import Any

import click

__all__ = ["with_completion"]

# Which parameter, by its name in the commands, completes what.
_KINDS: dict[str, str] = {
    "task": "task", "tasks": "task", "thing": "thing", "appointment": "appointment", "ref": "routine", "project": "project",
    "tags": "tag", "not_tags": "tag", "add_tags": "tag", "remove_tags": "tag",
}


def with_completion(command: click.Command, path: str) -> None:
    """Give the parameters of ``command`` (and its subcommands) that name a task, an appointment,
    a routine or a project their completion, wherever they are declared."""
    for param in command.params:
        kind = _KINDS.get(param.name or "")
        if kind == "routine" and not path.startswith("routine"):
            continue
        if kind is not None and getattr(param, "_custom_shell_complete", None) is None:
            # click keeps a parameter's completion function here (its ``shell_complete=`` argument)
            param._custom_shell_complete = _completer(kind)  # type: ignore[attr-defined]
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            with_completion(sub, f"{path} {name}")


def _completer(kind: str) -> Any:
    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        from click.shell_completion import CompletionItem

        from cli.session import Session
        from projections.queries.completion import candidates

        root = ctx.find_root().params
        session = Session(ledger_option=root.get("ledger"), tz_option=root.get("tz"), key_file_option=root.get("key_file"))
        try:
            if session.missing_ledger() is not None:
                return []
            return [CompletionItem(value, help=what) for value, what in candidates(session.reader(), kind, incomplete)]  # type: ignore[arg-type]
        except Exception:  # noqa: BLE001 - a completion that cannot read the ledger offers nothing, never a traceback
            return []
        finally:
            session.close()

    return complete
