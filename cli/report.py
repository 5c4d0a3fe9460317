"""``dayledger report``: a week's (or any period's) report as Markdown, HTML or JSON."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from cli.options import json_option, session
from cli.output import page
from cli.suggest import SuggestingGroup
from cli.travel import travel_until, until

if TYPE_CHECKING:
    from engine.rules.period import Period

__all__ = ["report"]

F = TypeVar("F", bound=Callable[..., Any])


def _output_options(f: F) -> F:
    f = click.option(
        "--known-at", "known_at", metavar="WHEN",
        help="Use what the ledger had recorded by WHEN (default: the end of the period, so a past week's report never changes).",
    )(f)
    f = json_option(f)  # --json here too: the json format
    f = click.option("--out", "out", metavar="FILE", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE instead of standard output.")(f)
    return click.option(
        "--format", "fmt", type=click.Choice(["md", "html", "json"]), default=None,
        help="md (default; json with --json; else report_format in the config file), html (one self-contained file with charts) or json.",
    )(f)  # type: ignore[return-value]


@click.group(cls=SuggestingGroup)
def report() -> None:
    """Reports of a week or any period: what got done, what keeps being carried, where the time went."""


@report.command()
@click.argument("week", required=False, metavar="[WEEK]")
@click.option(
    "--week-start", type=click.Choice(["mon", "sun"], case_sensitive=False), envvar="DAYLEDGER_WEEK_START",
    default=lambda: session().week_start,
    help="The first day of your weeks: mon (the default) or sun; else $DAYLEDGER_WEEK_START, else week_start in the config file.",
)
@_output_options
def week(week: str | None, week_start: str, fmt: str | None, out: str | None, known_at: str | None) -> None:
    """The report of WEEK: an ISO week (2026-W17), any day inside it, 'last' (the default: the last
    complete week) or 'this'. Computed as of the week's end."""
    from engine.rules.period import parse_week

    s = session()
    _emit(parse_week(week, now=s.now(), tz=s.tz, week_start=week_start.lower()), fmt, out, known_at)


@report.command(name="range")
@click.option("--from", "start", metavar="WHEN", required=True, help="The first day of the period.")
@click.option("--to", "end", metavar="WHEN", required=True, help="The last day of the period (counted whole).")
@_output_options
def range_(start: str, end: str, fmt: str | None, out: str | None, known_at: str | None) -> None:
    """The report of the days from --from through --to, computed as of the period's end."""
    from engine.rules.period import period_of_days

    s = session()
    _emit(period_of_days(s.when(start, direction="past").date(), until(end).date(), s.tz), fmt, out, known_at)


def _emit(period: Period, fmt: str | None, out: str | None, known_at: str | None) -> None:
    from projections.reports.build import build_report
    from projections.reports.formats import render

    s = session()
    if out is not None:
        from engine.storage.location import refuse_output_over_ledger

        refuse_output_over_ledger(s.location, Path(out))
    built = build_report(s.reader(), period, now=s.now(), known_at=travel_until(known_at, "--known-at") if known_at else None)
    text = render(built, fmt or ("json" if s.json else s.config.report_format or "md"))
    if out is None:
        page(text)
        return
    Path(out).write_text(text, encoding="utf-8", newline="")
    click.echo(f"wrote {out}", err=True)
