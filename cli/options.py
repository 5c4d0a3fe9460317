"""Options several commands share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from cli.session import Session

__all__ = ["json_option", "session"]

F = TypeVar("F", bound=Callable[..., Any])


def _set_json(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.find_object(Session).json = True  # type: ignore[union-attr]
    return value


json_option: Callable[[F], F] = click.option(
    "--json", "as_json", is_flag=True, expose_value=False, callback=_set_json, help="Answer in JSON."
)


def session() -> Session:
    """The current invocation's session."""
    return click.get_current_context().find_object(Session)  # type: ignore[return-value]
