"""The command line side of capture as people type (``engine.rules.capture``): the words after
``--`` kept apart before click reads the rest (click drops the ``--`` itself), so they stay text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click

__all__ = ["WordsCommand", "literal_words"]


class WordsCommand(click.Command):
    """A command whose words may hold attributes, up to a ``--`` after which everything is text."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if "--" in args:
            cut = args.index("--")
            ctx.meta["dayledger.literal"] = args[cut + 1 :]
            args = args[:cut]
        return super().parse_args(ctx, args)


def literal_words() -> Sequence[str]:
    """The words the user put after ``--`` (text, whatever they look like)."""
    ctx: Any = click.get_current_context()
    return tuple(ctx.meta.get("dayledger.literal", ()))
