"""Routine commands: add, list, edit, pause, resume, end, done, skip, stats."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import click

from cli.options import json_option, session
from cli.output import emit_json, table
from cli.suggest import SuggestingGroup
from cli.travel import time_travel
from engine.rules.cron_words import cron_in_words

__all__ = ["routine"]


@click.group(cls=SuggestingGroup)
def routine() -> None:
    """Routines: chores and habits on a cron schedule, each occurrence done, skipped or missed."""


def _row_json(r: Any, now: datetime, tz: Any) -> dict[str, Any]:
    from engine.rules.adherence import current_occurrence
    from engine.rules.cron import next_occurrence

    current = current_occurrence(r.schedule, now, tz) if r.status == "active" else None
    upcoming = next_occurrence(r.schedule, now, tz) if r.status == "active" else None
    return {
        "id": r.id,
        "handle": r.handle,
        "text": r.text,
        "cron": r.cron,
        "schedule_words": cron_in_words(r.cron),
        "zone": r.zone,
        "project": r.project,
        "status": r.status,
        "current_occurrence": current.astimezone(tz).isoformat() if current else None,
        "current_state": (r.marks.get(current) or "due") if current else None,
        "next_occurrence": upcoming.astimezone(tz).isoformat() if upcoming else None,
        "schedule": [{"cron": rule.cron, "since": rule.since.astimezone(tz).isoformat()} for rule in r.schedule.rules],
    }


def said(cron: str) -> str:
    """A schedule for people: its words beside its cron text (``daily at 21:00 (0 21 * * *)``)."""
    words = cron_in_words(cron)
    return f"{words} ({cron})" if words else cron


def _show(routine_id: str, verb: str, extra: str = "", marked: datetime | None = None) -> None:
    from projections.queries.routines import MARKS_BACK, routines_as_of

    s = session()
    db = s.reader()
    now = s.now()
    [r] = routines_as_of(db, ids=[routine_id], marks_from=now - MARKS_BACK)
    if s.json:
        row = _row_json(r, now, s.tz)
        if marked is not None:
            row["marked_occurrence"] = marked.astimezone(s.tz).isoformat()
        emit_json(row)
    else:
        click.echo(f"{verb} {r.handle}  {r.text}  [{said(r.cron)}]{extra}")


@routine.command(name="add")
@click.argument("text")
@click.option("--cron", required=True, metavar="EXPR", help='Five-field cron ("0 9 * * mon-fri") or @daily/@weekly/@monthly, on your wall clock.')
@click.option("--project", "-p", metavar="P", help="Project it belongs to.")
@click.option("--from", "since", metavar="WHEN", help="First moment it applies (default: the start of today, so today's occurrence counts).")
@json_option
def add(text: str, cron: str, project: str | None, since: str | None) -> None:
    """Set up a routine; prints its handle."""
    from engine.commands.routines import define_routine

    s = session()
    since_at = s.when(since, direction="past") if since is not None else None
    routine_id = define_routine(s.ledger(), text, cron, since=since_at, project=project)
    if s.json:
        _show(routine_id, "added")
    else:
        click.echo(routine_id[:7])


@routine.command(name="list")
@click.option("--all", "show_all", is_flag=True, help="Include ended routines.")
@time_travel
@json_option
def list_routines(show_all: bool, as_of: str | None, known_at: str | None) -> None:
    """Routines with their schedule, the occurrence due now and the next one."""
    from cli.travel import travel_until
    from projections.queries.routines import MARKS_BACK, routines_as_of

    s = session()
    moment = _as_of(as_of)
    known = travel_until(known_at, "--known-at") if known_at else None
    now = moment or s.now()
    rows = [r for r in routines_as_of(s.reader(), as_of=moment, known_at=known, marks_from=now - MARKS_BACK) if show_all or r.status != "ended"]
    data = [_row_json(r, now, s.tz) for r in rows]
    if s.json:
        emit_json(data)
        return
    cells = [
        [d["handle"], d["status"], said(d["cron"]), _short(d["current_occurrence"], d["current_state"]), "next " + _short(d["next_occurrence"], None), d["text"] + (f"  [{d['project']}]" if d["project"] else "")]
        for d in data
    ]
    click.echo(table(cells, styles={0: {"fg": "yellow"}}) if cells else "no routines")


def _short(iso: str | None, state: str | None) -> str:
    if iso is None:
        return "-"
    text = datetime.fromisoformat(iso).strftime("%a %Y-%m-%d %H:%M")  # the views' one format (cli.output.moment_text)
    return f"{text} {state}" if state else text


def _as_of(text: str | None) -> datetime | None:
    from cli.travel import travel_until

    return None if text is None else travel_until(text, "--as-of")


@routine.command()
@click.argument("ref", metavar="ROUTINE")
@click.option("--cron", required=True, metavar="EXPR", help="The new schedule.")
@click.option("--from", "since", metavar="WHEN", help="When the new schedule takes effect (default: now).")
@json_option
def edit(ref: str, cron: str, since: str | None) -> None:
    """Give ROUTINE a new schedule from a moment on; earlier occurrences keep the old one."""
    from engine.commands.routines import reschedule_routine

    s = session()
    since_at = s.when(since, direction="future") if since is not None else None
    _show(reschedule_routine(s.ledger(), ref, cron, since=since_at), "rescheduled")


def _lifecycle(name: str, verb: str, help_text: str) -> click.Command:
    @routine.command(name=name, help=help_text)
    @click.argument("ref", metavar="ROUTINE")
    @json_option
    def command(ref: str) -> None:
        from engine.commands import routines as commands
        s = session()
        change = {"pause": commands.pause_routine, "resume": commands.resume_routine, "end": commands.end_routine}[name]
        _show(change(s.ledger(), ref), verb)

    return command


_lifecycle("pause", "paused", "Pause ROUTINE: no occurrences until resumed.")
_lifecycle("resume", "resumed", "Resume a paused ROUTINE.")
_lifecycle("end", "ended", "End ROUTINE for good; its history stays.")


def _mark(kind: str) -> click.Command:
    @routine.command(name="done" if kind == "done" else "skip", help=f"Mark ROUTINE's current occurrence {kind} (or the one at --occurrence); a routine with none due yet has its first marked, ahead of time.")
    @click.argument("ref", metavar="ROUTINE")
    @click.option("--at", metavar="WHEN", help="When it happened (default: now); the occurrence due then is marked.")
    @click.option("--occurrence", metavar="WHEN", help="The scheduled time of the occurrence to mark.")
    @json_option
    def command(ref: str, at: str | None, occurrence: str | None) -> None:
        from engine.commands.routines import mark_routine

        s = session()
        at_moment = s.when(at, direction="past") if at is not None else None
        occ = s.when(occurrence, direction="past") if occurrence is not None else None
        routine_id, marked = mark_routine(s.ledger(), ref, kind, at=at_moment, occurrence=occ)  # type: ignore[arg-type]
        _show(routine_id, kind, f"  for {marked.astimezone(s.tz).strftime('%a %Y-%m-%d %H:%M')}", marked)

    return command


_mark("done")
_mark("skipped")


@routine.command()
@click.argument("ref", metavar="[ROUTINE]", required=False)
@click.option("--from", "start", metavar="WHEN", help="Start of the period (default: 4 weeks ago).")
@click.option("--to", "end", metavar="WHEN", help="End of the period (default: now; a bare day counts whole).")
@json_option
def stats(ref: str | None, start: str | None, end: str | None) -> None:
    """Adherence: occurrences due, done, skipped, missed; current and longest streak."""
    from engine.rules.adherence import adherence, occurrence_states
    from projections.queries.routines import routines_as_of

    s = session()
    now = s.now()
    lo = s.read_when(start, direction="past").start_of_day() if start is not None else now - timedelta(weeks=4)
    if end is not None:
        w = s.read_when(end, direction="past")
        hi = w.moment if w.has_time else w.end_of_day()
    else:
        hi = now
    db = s.reader()
    rows = routines_as_of(db, marks_from=lo)
    if ref is not None:
        from engine.rules.lookup import resolve

        wanted = resolve(ref, [(r.id, r.handle, r.text, r.status) for r in rows], what="routine")
        rows = [r for r in rows if r.id == wanted]
    out = []
    for r in rows:
        states = occurrence_states(r.schedule, r.marks, lo, hi, now=min(hi, now), tz=_zone(r.zone))  # type: ignore[arg-type]
        a = adherence(states)
        out.append(
            {
                "id": r.id, "handle": r.handle, "text": r.text, "from": lo.isoformat(), "to": hi.isoformat(),
                "due": a.due, "done": a.done, "skipped": a.skipped, "missed": a.missed, "pending": a.pending,
                "rate": None if a.rate is None else round(a.rate, 4),
                "current_streak": a.current_streak, "longest_streak": a.longest_streak,
            }
        )
    if s.json:
        emit_json(out)
        return
    header = [["routine", "due", "done", "skipped", "missed", "rate", "streak", "best", ""]]
    cells = [
        [o["handle"], str(o["due"]), str(o["done"]), str(o["skipped"]), str(o["missed"]), "-" if o["rate"] is None else f"{o['rate']:.0%}", str(o["current_streak"]), str(o["longest_streak"]), o["text"]]
        for o in out
    ]
    click.echo(table(header + cells) if cells else "no routines")


def _zone(name: str) -> Any:
    from engine.rules.cron import zone_of

    return zone_of(name)
