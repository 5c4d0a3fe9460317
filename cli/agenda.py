"""The agenda command."""

from __future__ import annotations

from datetime import datetime

import click

from cli.options import json_option, session, whole_option
from cli.output import emit_json, styled, table
from cli.travel import time_travel, travel_until

__all__ = ["agenda"]


@click.command()
@whole_option("--days", "-d", low=1, high=366, default=7, show_default=True, help="How many days")
@click.option("--from", "start", metavar="WHEN", help="First day (default: today).")
@time_travel
@json_option
def agenda(days: int, start: str | None, as_of: str | None, known_at: str | None) -> None:
    """Day by day: appointments, routine occurrences and tasks due (overdue ones on the first day).

    With --as-of or --known-at, the agenda as it stood then (starting on the --as-of day)."""
    from projections.queries.agenda import agenda as build

    s = session()
    now = travel_until(as_of, "--as-of") if as_of else s.now()
    first = s.read_when(start, direction="future").moment.date() if start else now.astimezone(s.tz).date()
    travels = bool(as_of or known_at)
    result = build(s.reader(), s.tz, start=first, days=days, now=now, known_at=travel_until(known_at, "--known-at") if known_at else None, travels=travels)
    if s.json:
        emit_json([d.to_json() for d in result])
        return
    blocks = []
    for d in result:
        rows = [[_hm(a["starts_at"]), "appt", a["handle"], a["text"]] for a in d.appointments]
        rows += [[_hm(r["at"]), f"routine {r['state']}", r["handle"], r["text"]] for r in d.routines]
        rows += [[_hm(t["due"]), "task due", t["handle"], t["text"]] for t in d.tasks if not t["overdue"]]
        rows.sort(key=lambda r: r[0])
        overdue = [[t["due"][:10], "task overdue", t["handle"], t["text"]] for t in d.tasks if t["overdue"]]
        title = styled(d.day.strftime("%a %Y-%m-%d"), bold=True)
        rows = overdue + rows
        blocks.append(title + ("\n" + table(rows, indent="  ", styles={2: {"fg": "yellow"}}) if rows else "\n  -"))
    click.echo("\n".join(blocks))


def _hm(iso: str) -> str:
    moment = datetime.fromisoformat(iso)
    return moment.strftime("%H:%M")
