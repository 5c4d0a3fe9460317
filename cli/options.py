"""Options several commands share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from cli.session import Session

__all__ = ["Whole", "json_option", "session", "whole_option"]

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


class Whole(click.ParamType):
    """A whole number in a range, shown in help as words (``N (at least 1)``, ``N (1 to 366)``)
    rather than click's ``INTEGER RANGE [1<=x<=366]``; out of range is a usage error naming it."""

    name = "integer"

    def __init__(self, low: int, high: int | None = None) -> None:
        self.low, self.high = low, high

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "N"

    def words(self) -> str:
        """The range as the help says it."""
        return f"at least {self.low}" if self.high is None else f"{self.low} to {self.high}"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        number = click.INT.convert(value, param, ctx)
        if number < self.low or (self.high is not None and number > self.high):
            self.fail(f"{number} is not {self.words()}", param, ctx)
        if number > 2**62:
            self.fail(f"{number} is too large", param, ctx)
        return number


def whole_option(*decls: str, low: int, high: int | None = None, help: str, **kwargs: Any) -> Callable[[F], F]:
    """An option taking a whole number from ``low`` (to ``high``), its range said in its help."""
    kind = Whole(low, high)
    return click.option(*decls, type=kind, metavar="N", help=f"{help} (N {kind.words()})", **kwargs)
