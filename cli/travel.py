"""``--as-of`` and ``--known-at``: the two time-travel options every view takes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

import click

from cli.options import session

if TYPE_CHECKING:
    from projections.queries.as_of import Moment

__all__ = ["moment_of", "range_bounds", "time_travel", "travel_until", "until"]

F = TypeVar("F", bound=Callable[..., Any])

AS_OF_HELP = (
    "Show it as it was at WHEN in your life: only what had happened by then "
    "(a bare day means the end of that day)."
)
KNOWN_AT_HELP = "Show only what the ledger had recorded by WHEN (a bare day means the end of that day)."


def _given(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An empty WHEN is a mistake (a variable that was not set), never "not given"."""
    if value is not None and not value.strip():
        from engine.rules.errors import InvalidInputError

        raise InvalidInputError(f"{param.opts[0]}: the date/time is empty; try e.g. 2026-04-28, today, 'tue 9am', 'yesterday 17:00'")
    return value


def time_travel(f: F) -> F:
    """Add ``--as-of WHEN`` and ``--known-at WHEN`` to a command."""
    f = click.option("--known-at", "known_at", metavar="WHEN", help=KNOWN_AT_HELP, callback=_given)(f)
    return click.option("--as-of", "as_of", metavar="WHEN", help=AS_OF_HELP, callback=_given)(f)  # type: ignore[return-value]


def until(text: str) -> datetime:
    """A WHEN as the last moment it covers: a moment is itself, a bare day is its last instant."""

    s = session()
    when = s.read_when(text, direction="past")
    return when.moment if when.has_time else when.end_of_day() - timedelta(microseconds=1)


def travel_until(text: str, option: str) -> datetime:
    """``--as-of``/``--known-at`` WHEN as the last moment it covers, refusing one that has not
    begun yet: the ledger shows what has happened, and a future moment would silently be now."""
    from engine.rules.errors import InvalidInputError

    s = session()
    when = s.read_when(text, direction="past")
    begins = when.moment if when.has_time else when.start_of_day()
    now = s.now()
    if begins > now:
        raise InvalidInputError(
            f"{option} {text!r} is {begins.astimezone(s.tz).strftime('%a %Y-%m-%d %H:%M')}, after now "
            f"({now.strftime('%a %Y-%m-%d %H:%M')}); {option} looks back, leave it out for now"
        )
    return when.moment if when.has_time else when.end_of_day() - timedelta(microseconds=1)


def moment_of(as_of: str | None, known_at: str | None) -> Moment:
    """The (as of, known at) pair the options ask for; unset means now, with everything recorded."""
    from projections.queries.as_of import moment

    return moment(
        travel_until(as_of, "--as-of") if as_of is not None else None,  # "" is an error, not "not given"
        travel_until(known_at, "--known-at") if known_at is not None else None,
    )


def range_bounds(start: str | None, end: str | None) -> tuple[str, str]:
    """``--from``/``--to`` as stored UTC text [from, to): a bare --from day starts at its midnight,
    a bare --to day ends at the next; unset, the range is open."""


    s = session()
    low, high = "0001-01-01T00:00:00.000000+00:00", "9999-12-31T00:00:00.000000+00:00"
    if start is not None:
        w = s.read_when(start, direction="past")
        low = (w.moment if w.has_time else w.start_of_day()).astimezone(UTC).isoformat(timespec="microseconds")
    if end is not None:
        high = (until(end) + timedelta(microseconds=1)).astimezone(UTC).isoformat(timespec="microseconds")
    return low, high
