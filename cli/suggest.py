"""A mistyped command answers with the right one: the words people bring from other tools
(``modify``, ``rm``, ``ls``) and near spellings (``tsks``), in one line, exit 2."""

from __future__ import annotations

import click

__all__ = ["SuggestingGroup", "unknown_command"]

# What users of other tools type, and dayledger's word for it (offered only when that command exists).
OTHER_TOOLS_WORDS: dict[str, str] = {
    "modify": "edit",
    "change": "edit",
    "update": "edit",
    "delete": "cancel",
    "del": "cancel",
    "rm": "cancel",
    "remove": "cancel",
    "drop": "cancel",
    "list": "tasks",
    "ls": "tasks",
    "next": "tasks",
    "new": "add",
    "create": "add",
    "complete": "done",
    "finish": "done",
    "calendar": "agenda",
    "journal": "note",
    "annotate": "note",
    "check": "verify",
}


def unknown_command(name: str, known: list[str], path: str) -> str:
    """The one line for ``name``, not a command of ``path``: the near command, if any."""
    import difflib

    word = OTHER_TOOLS_WORDS.get(name.lower())
    near = [word] if word in known else difflib.get_close_matches(name.lower(), known, n=1)
    if name.lower() == "help":
        hint = f"; try '{path} --help'"
    elif near:
        hint = f"; did you mean '{path} {near[0]}'?"
    else:
        hint = f"; '{path} --help' lists the commands"
    return f"no such command '{path} {name}'{hint}"


class SuggestingGroup(click.Group):
    """A group whose unknown command is one line naming the command it probably meant."""

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        if args and not ctx.resilient_parsing and not args[0].startswith("-") and self.get_command(ctx, args[0]) is None:
            from engine.rules.errors import InvalidInputError

            raise InvalidInputError(unknown_command(args[0], self.list_commands(ctx), ctx.command_path))
        return super().resolve_command(ctx, args)
