"""The agenda command."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import click

from cli.filters import FILTER_WORDS_HELP, FilterCommand, filter_options, task_filter
from cli.options import json_option, session, whole_option
from cli.output import emit_json, styled, table
from cli.travel import time_travel, travel_until

__all__ = ["agenda"]


@click.command(cls=FilterCommand, epilog=FILTER_WORDS_HELP)
@filter_options
@whole_option("--days", "-d", low=1, high=366, default=7, show_default=True, help="How many days")
@click.option("--from", "start", metavar="WHEN", help="First day (default: today).")
@time_travel
@json_option
def agenda(words: Sequence[str], days: int, start: str | None, as_of: str | None, known_at: str | None, **options: Any) -> None:
    """Day by day: appointments, routine occurrences and tasks due (overdue ones on the first day).

    With FILTER words or options, only what matches them all: appointments and routines have a
    project and a text but no tags or due date, so a tag or due filter leaves only tasks.
    With --as-of or --known-at, the agenda as it stood then (starting on the --as-of day)."""
    from projections.queries.agenda import agenda as build

    s = session()
    f = task_filter(words=words, **options)
    now = travel_until(as_of, "--as-of") if as_of is not None else s.now()
    first = s.read_when(start, direction="future").moment.date() if start is not None else now.astimezone(s.tz).date()
    travels = bool(as_of or known_at)
    db = s.reader()
    known = travel_until(known_at, "--known-at") if known_at is not None else None
    result = build(db, s.tz, start=first, days=days, now=now, known_at=known, travels=travels)
    if f:
        from projections.queries.task_filter import check_names, matching_entries

        for d in result:
            d.appointments = matching_entries(d.appointments, f, now, s.tz)
            d.routines = matching_entries(d.routines, f, now, s.tz)
            d.tasks = matching_entries(d.tasks, f, now, s.tz)
        check_names(db, f, found=any(d.appointments or d.routines or d.tasks for d in result))
    if s.json:
        emit_json([d.to_json() for d in result])
        return
    blocks = []
    for d in result:
        rows = [[_hm(a["starts_at"]) if not a.get("all_day") else "all day", "appt", a["handle"], a["text"]] for a in d.appointments]
        rows += [[_hm(r["at"]), f"routine {r['state']}", r["handle"], r["text"]] for r in d.routines]
        rows += [[_hm(t["due"]), "task due", t["handle"], t["text"]] for t in d.tasks if not t["overdue"]]
        rows.sort(key=lambda r: "" if r[0] == "all day" else r[0])  # all day first, as calendars show it
        overdue = [[t["due"][:10], "task overdue", t["handle"], t["text"]] for t in d.tasks if t["overdue"]]
        title = styled(d.day.strftime("%a %Y-%m-%d"), bold=True)
        rows = overdue + rows
        blocks.append(title + ("\n" + table(rows, indent="  ", styles={2: {"fg": "yellow"}}) if rows else "\n  -"))
    click.echo("\n".join(blocks))


def _hm(iso: str) -> str:
    if len(iso) == 10:  # due that day, at no time of it
        return "-"
    moment = datetime.fromisoformat(iso)
    return moment.strftime("%H:%M")
