"""``dayledger report``: a week's (or any period's) report as Markdown, HTML or JSON."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from cli.filters import FILTER_WORDS_HELP, FilterCommand, done_filter_options, task_filter
from cli.options import json_option, session
from cli.output import page
from cli.suggest import SuggestingGroup
from cli.travel import travel_until, until

if TYPE_CHECKING:
    from datetime import datetime

    from engine.rules.period import Period
    from engine.rules.task_filter import TaskFilter

__all__ = ["report"]

F = TypeVar("F", bound=Callable[..., Any])


def _output_options(f: F) -> F:
    f = click.option(
        "--known-at", "known_at", metavar="WHEN",
        help="Use what the ledger had recorded by WHEN (default: the end of the period, so a past week's report never changes).",
    )(f)
    f = json_option(f)  # --json here too: the json format
    f = click.option("--out", "out", metavar="FILE", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE instead of standard output.")(f)
    f = click.option("--force", is_flag=True, help="Replace an existing file of --out.")(f)
    return click.option(
        "--format", "fmt", type=click.Choice(["md", "html", "json"]), default=None,
        help="md (default; json with --json; else report_format in the config file), html (one self-contained file with charts) or json.",
    )(f)  # type: ignore[return-value]


FILTERED_HELP = (
    "With FILTER words or options, a report of the matching tasks only (one project with its sub-projects, one tag "
    "set, ...), its filter stated in its title (and as \"filter\" in JSON). The task lists, the per-project and "
    "per-day lines and the comparison with earlier periods count the tasks that match as they are at the report's "
    "moment (its tags, project and text then); the open count at each day's end, those that matched at that day's "
    "end. Notes, appointments and routines have a project and a text, readings a title and no project: a project "
    "or text filter keeps those that match, any other criterion (tags, due, priority) leaves them out. +OVERDUE "
    "is not a report filter."
)


@click.group(cls=SuggestingGroup)
def report() -> None:
    """Reports of a week or any period: what got done, what keeps being carried, where the time went."""


@report.command(cls=FilterCommand, epilog=f"{FILTERED_HELP}\n\n{FILTER_WORDS_HELP}")
@click.argument("week", required=False, metavar="[WEEK]")
@click.option(
    "--week-start", type=click.Choice(["mon", "sun"], case_sensitive=False), envvar="DAYLEDGER_WEEK_START",
    default=lambda: session().week_start,
    help="The first day of your weeks: mon (the default) or sun; else $DAYLEDGER_WEEK_START, else week_start in the config file.",
)
@_output_options
@done_filter_options
def week(week: str | None, words: Sequence[str], week_start: str, fmt: str | None, out: str | None, known_at: str | None, force: bool, **options: Any) -> None:
    """The report of WEEK: an ISO week (2026-W17), any day inside it, 'last' (the default: the last
    complete week) or 'this'. Computed as of the week's end. WEEK is the first word that is not
    a filter word (a bare word after it is text to search for).

    With FILTER words or options, a report of the matching tasks only (see below)."""
    from engine.rules.period import parse_week

    week, words = _week_and_words(week, words)
    f = _report_filter(words, options)
    s = session()
    _emit(parse_week(week, now=s.now(), tz=s.tz, week_start=week_start.lower()), fmt, out, known_at, f, force=force)


@report.command(name="range", cls=FilterCommand, epilog=f"{FILTERED_HELP}\n\n{FILTER_WORDS_HELP}")
@click.option("--from", "start", metavar="WHEN", required=True, help="The first day of the period.")
@click.option("--to", "end", metavar="WHEN", required=True, help="The last day of the period (counted whole).")
@_output_options
@done_filter_options
def range_(start: str, end: str, words: Sequence[str], fmt: str | None, out: str | None, known_at: str | None, force: bool, **options: Any) -> None:
    """The report of the days from --from through --to, computed as of the period's end.

    With FILTER words or options, a report of the matching tasks only (see below)."""
    from engine.rules.period import period_of_days

    f = _report_filter(words, options)
    s = session()
    _emit(period_of_days(s.when(start, direction="past").date(), until(end).date(), s.tz), fmt, out, known_at, f, force=force)


def _is_filter_word(word: str) -> bool:
    """project:Work, +bills, -bills, /garage/: never a WEEK (weeks are days, ISO weeks, 'last', 'this')."""
    return word[:1] in ("+", "-", "/") or ":" in word


def _week_and_words(week: str | None, words: Sequence[str]) -> tuple[str | None, list[str]]:
    """The WEEK and the filter words, whichever order they came in (click gives the first word to WEEK)."""
    everything = ([week] if week is not None else []) + list(words)
    at = next((n for n, word in enumerate(everything) if not _is_filter_word(word)), None)
    if at is None:
        return None, everything
    return everything[at], everything[:at] + everything[at + 1 :]


def _report_filter(words: Sequence[str], options: dict[str, Any]) -> TaskFilter:
    from engine.rules.errors import InvalidInputError

    f = task_filter(words=words, **options)
    if f.overdue:
        raise InvalidInputError("+OVERDUE is not a report filter: a report spans a period (use tasks --overdue or agenda)")
    return f


def _say_left_out(db: Any, as_of: datetime, known: datetime) -> None:
    """One line on stderr when --known-at leaves out what the ledger learnt later about the
    period: the report keeps the bytes it had then, and the user still hears that there is more."""
    from projections.reports.build import knowledge_horizon
    from projections.reports.formats.words import moment

    horizon = knowledge_horizon(db, as_of)
    if horizon > known:
        click.echo(
            f"dayledger: left out what was recorded about this period after {moment(known)}, up to {moment(horizon)} "
            "(leave out --known-at to see it)",
            err=True,
        )


def _emit(period: Period, fmt: str | None, out: str | None, known_at: str | None, only: TaskFilter | None = None, *, force: bool = False) -> None:
    from projections.reports.build import build_report
    from projections.reports.formats import render

    s = session()
    if out is not None:
        from engine.storage.files import refuse_overwrite
        from engine.storage.location import refuse_output_over_ledger

        refuse_output_over_ledger(s.location, Path(out))
        refuse_overwrite(Path(out), force=force)
    known = travel_until(known_at, "--known-at") if known_at is not None else None
    built = build_report(s.reader(), period, now=s.now(), known_at=known, only=only or None)
    text = render(built, fmt or ("json" if s.json else s.config.report_format or "md"))
    if known is not None:
        _say_left_out(s.reader(), built.as_of, built.known_at)
    if out is None:
        page(text)
        return
    from engine.storage.files import write_whole

    write_whole(Path(out), text)  # whole or not at all, and never through a link or into a FIFO
    click.echo(f"wrote {out}", err=True)
