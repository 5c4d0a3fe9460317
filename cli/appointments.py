"""Appointment commands: ``appt TEXT --when [--cron]``, ``appt move``, ``appt cancel``, ``appt list``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import click

from cli.capture import WordsCommand, literal_words
from cli.echo import say, when_words
from cli.options import json_option, session, whole_option
from cli.output import emit_json, styled, table
from cli.travel import moment_of, time_travel, travel_until
from engine.rules.all_day import MINUTES_A_DAY
from engine.rules.errors import InvalidInputError

if TYPE_CHECKING:
    from engine.storage.database import Database
    from projections.queries.current import AppointmentRow

__all__ = ["appt"]


class _DefaultToAdd(click.Group):
    """``dayledger appt TEXT --when ...`` means ``dayledger appt add TEXT --when ...``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["add", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_DefaultToAdd)
def appt() -> None:
    """Appointments: schedule ("appt TEXT --when WHEN [--cron EXPR]"), move, cancel, list."""


def _start(when: str, duration: str | None) -> datetime | date:
    """Where a single appointment starts: at the moment WHEN says, or, when it names a day without
    a time of day (``fri``, ``2026-12-25``, ``tomorrow``), all day on that day: a date, the same
    day wherever the user is, as a calendar's all-day event (``--duration 3d`` makes it three days;
    a length that is not whole days needs a time of day)."""
    said = session().read_when(when, direction="future")
    if said.has_time:
        return said.moment
    if duration is not None and _duration(duration) % MINUTES_A_DAY:  # type: ignore[operator]
        raise InvalidInputError(
            f"--when {when!r} is a day without a time of day (an all-day appointment), which lasts whole days, not --duration {duration}; "
            "give a time of day for a shorter one"
        )
    return said.moment.date()


def _duration(text: str | None) -> int | None:
    if text is None:
        return None
    from engine.rules.when import parse_duration

    return max(1, round(parse_duration(text).total_seconds() / 60))


def _show(db: Database, appt_id: str, verb: str) -> None:
    from projections.queries.current import appointment_by_id

    s = session()
    row = appointment_by_id(db, appt_id, s.tz)
    assert row is not None, appt_id
    if s.json:
        emit_json(row.to_json())
    else:
        when = f"{row.day:%a %Y-%m-%d} (all day)" if row.day is not None else f"{row.starts_at:%a %Y-%m-%d %H:%M}"
        click.echo(f"{verb} {styled(row.handle, fg='yellow')}  {row.text}  {when}")


def _show_series(db: Database, series_id: str, verb: str, occurrence: datetime | None = None) -> None:
    from projections.queries.series import series_as_of, series_occurrences

    s = session()
    [row] = [r for r in series_as_of(db) if r.id == series_id]
    now = s.now()
    upcoming = [o for o in series_occurrences(db, now, now + timedelta(days=366), with_cancelled=True) if o.series.id == series_id][:5]
    if s.json:
        emit_json(
            {
                "id": row.id, "handle": row.handle, "text": row.text, "recurring": True, "cron": row.cron, "zone": row.zone,
                "starts_at": row.starts_at.astimezone(s.tz).isoformat(),
                "until": row.until.astimezone(s.tz).isoformat() if row.until else None,
                "duration_minutes": row.duration_minutes, "project": row.project, "status": row.status,
                "next": [o.to_json(s.tz) for o in upcoming],
            }
        )
    else:
        what = f" (the occurrence of {occurrence.astimezone(s.tz):%a %Y-%m-%d %H:%M})" if occurrence else ""
        click.echo(f"{verb} {styled(row.handle, fg='yellow')}  {row.text}  [{row.cron}]{what}")


@appt.command(name="add", cls=WordsCommand)
@click.argument("words", nargs=-1, metavar="TEXT...")
@click.option(
    "--when", "when", metavar="WHEN",
    help="When it starts (the first occurrence, for a recurring one); or when:WHEN among the words. A day without a time (fri) is all day.",
)
@click.option("--duration", metavar="LENGTH", help="How long: 1h30m, 45m, 2h; or duration:LENGTH among the words.")
@click.option("--project", "-p", metavar="P", help="Project it belongs to; or project:P among the words.")
@click.option("--cron", metavar="EXPR", help="Recurring: occurrences at these cron times from --when on (your wall clock).")
@click.option("--until", metavar="WHEN", help="Recurring: no occurrences from then on.")
@click.option("--at", "at", metavar="WHEN", help="When it was made (default: now): an appointment entered today for last Tuesday, made then.")
@json_option
def add(words: Sequence[str], when: str | None, duration: str | None, project: str | None, cron: str | None, until: str | None, at: str | None) -> None:
    """Schedule an appointment (or a recurring one, with --cron); prints its handle.

    'appt Dentist when:"fri 10:00" duration:45m project:Health': the words are its text, but for
    when:, duration: (dur:) and project: (pro:); other word:word is text, a misspelt attribute an
    error, and every word after -- is text."""
    from engine.rules.capture import APPT, merge, read_words

    s = session()
    said = read_words(words, APPT, literal=literal_words())
    text = said.text
    when = merge(when, said.attributes.get("when"), option_name="--when", word_name="when")
    duration = merge(duration, said.attributes.get("duration"), option_name="--duration", word_name="duration")
    project = merge(project, said.attributes.get("project"), option_name="--project", word_name="project")
    if when is None:
        raise InvalidInputError("an appointment needs --when WHEN (or when:WHEN among its words)")
    starts_at = s.when(when, direction="future")
    start = _start(when, duration) if cron is None else starts_at
    if until is not None and cron is None:
        raise InvalidInputError("--until needs --cron: only recurring appointments end")
    if at is not None and cron is not None:
        raise InvalidInputError("--at is for a single appointment; a recurring one is made now, from its --when on")
    made_at = s.when(at, direction="past") if at is not None else None
    ledger = s.ledger()
    from projections.queries.known_names import known_project

    new_project = project is not None and project.strip() not in ("", "-") and not known_project(ledger.db, project)
    if cron is not None:
        from engine.commands.series import schedule_series

        until_at = s.when(until, direction="future") if until is not None else None
        series_id = schedule_series(ledger, text, cron, starts_at, until=until_at, duration_minutes=_duration(duration), project=project)
        if s.json:
            _show_series(ledger.db, series_id, "scheduled")
        else:
            say(series_id[:7], f"scheduled {series_id[:7]} \"{text.strip()}\" [{cron}] from {when_words(starts_at, s.now())}")
        return
    appt_id = ledger.schedule_appointment(text, start, duration_minutes=_duration(duration), project=project, at=made_at)
    if s.json:
        _show(ledger.db, appt_id, "scheduled")
    else:
        from projections.queries.current import appointment_by_id

        row = appointment_by_id(ledger.db, appt_id, s.tz)
        assert row is not None, appt_id
        length = f" for {row.duration_minutes}m" if row.duration_minutes and row.day is None else ""
        if row.day is not None:
            length = f", all day{f' for {row.days} days' if row.days and row.days > 1 else ''}"
        where = f" [{row.project}]" + (" (new project)" if new_project else "") if row.project else ""
        say(appt_id[:7], f"scheduled {row.handle} \"{row.text}\" {when_words(row.starts_at, s.now())}{length}{where}")
    _warn_if_twice(ledger.db, appt_id)


def _warn_if_twice(db: Database, appt_id: str) -> None:
    """Say so when an appointment just scheduled has the text and start of one already scheduled
    (typed twice, or imported and typed): both are kept, the user decides."""
    from projections.queries.current import appointments

    s = session()
    rows = appointments(db, s.tz)
    new = next(r for r in rows if r.id == appt_id)
    same = [r for r in rows if r.id != appt_id and (r.starts_at, r.day) == (new.starts_at, new.day) and r.text.casefold() == new.text.casefold()]
    if same:
        click.echo(
            f"dayledger: warning: {new.text!r} {_said_when(new)} was already scheduled "
            f"({', '.join(r.handle for r in same)}); both are kept: 'dayledger appt cancel {new.handle}' drops the new one",
            err=True,
        )


def _said_when(row: AppointmentRow) -> str:
    return f"on {row.day:%a %Y-%m-%d} (all day)" if row.day is not None else f"at {row.starts_at:%a %Y-%m-%d %H:%M}"


def _occurrence_needed(occurrence: str | None, verb: str) -> datetime:
    if occurrence is None:
        raise InvalidInputError(f"that appointment recurs: say which occurrence to {verb} with --occurrence WHEN")
    return session().when(occurrence, direction="future")


@appt.command()
@click.argument("appointment", metavar="APPT")
@click.option("--when", "when", required=True, metavar="WHEN", help="The new start (a day without a time: all day).")
@click.option("--duration", metavar="LENGTH", help="A new length.")
@click.option("--occurrence", metavar="WHEN", help="For a recurring appointment: the scheduled start of the occurrence to move.")
@json_option
def move(appointment: str, when: str, duration: str | None, occurrence: str | None) -> None:
    """Move APPT (a handle, an id or a piece of its text) to another time; for a recurring one,
    only the occurrence named by --occurrence moves."""
    from engine.commands.series import find_appointment, move_occurrence

    s = session()
    starts_at = s.when(when, direction="future")
    ledger = s.ledger()
    kind, found = find_appointment(ledger, appointment)
    if kind == "series":
        occ = _occurrence_needed(occurrence, "move")
        _show_series(ledger.db, move_occurrence(ledger, found, occ, starts_at, duration_minutes=_duration(duration)), "moved", occ)
        return
    _show(ledger.db, ledger.move_appointment(found, _start(when, duration), duration_minutes=_duration(duration)), "moved")


@appt.command()
@click.argument("appointment", metavar="APPT")
@click.option("--reason", metavar="TEXT", help="Why it was cancelled.")
@click.option("--occurrence", metavar="WHEN", help="For a recurring appointment: cancel only this occurrence (without it, the series ends now).")
@json_option
def cancel(appointment: str, reason: str | None, occurrence: str | None) -> None:
    """Cancel APPT; for a recurring one, one occurrence (--occurrence) or all from now on."""
    from engine.commands.series import cancel_occurrence, end_series, find_appointment

    s = session()
    ledger = s.ledger()
    kind, found = find_appointment(ledger, appointment)
    if kind == "series":
        if occurrence is None:
            _show_series(ledger.db, end_series(ledger, found, reason=reason), "ended")
        else:
            occ = s.when(occurrence, direction="future")
            _show_series(ledger.db, cancel_occurrence(ledger, found, occ, reason=reason), "cancelled", occ)
        return
    _show(ledger.db, ledger.cancel_appointment(found, reason=reason), "cancelled")


@appt.command(name="list")
@click.option("--all", "show_all", is_flag=True, help="Include cancelled ones.")
@whole_option("--days", low=1, high=3660, default=30, show_default=True, help="How many days ahead to list occurrences of recurring appointments")
@time_travel
@json_option
def list_appointments(show_all: bool, days: int, as_of: str | None, known_at: str | None) -> None:
    """Appointments, soonest first; recurring ones as their occurrences in the next --days.

    With --as-of or --known-at, the list as it stood then (recurring ones from the --as-of moment)."""
    from projections.queries.as_of import appointments_as_of
    from projections.queries.current import appointments
    from projections.queries.series import series_occurrences

    s = session()
    db = s.reader()
    statuses = ("scheduled", "cancelled") if show_all else ("scheduled",)
    if as_of or known_at:
        m = moment_of(as_of, known_at)
        now = travel_until(as_of, "--as-of") if as_of is not None else s.now()
        then = {
            "as_of": travel_until(as_of, "--as-of") if as_of is not None else None,
            "known_at": travel_until(known_at, "--known-at") if known_at is not None else None,
        }
        listed = appointments_as_of(db, s.tz, m, statuses=statuses)
    else:
        now, then, listed = s.now(), {}, appointments(db, s.tz, statuses=statuses)
    rows: list[dict[str, Any]] = [r.to_json() for r in listed]
    rows += [o.to_json(s.tz) for o in series_occurrences(db, now, now + timedelta(days=days), with_cancelled=show_all, **then)]
    rows.sort(key=lambda r: (datetime.fromisoformat(r["starts_at"]), r["id"]))
    if s.json:
        emit_json(rows)
        return
    cells = [
        [
            r["handle"],
            _listed_when(r),
            _listed_length(r),
            ("recurring " if r.get("recurring") else "") + (r["status"] if show_all or r["status"] == "moved" else ""),
            r["text"] + (f"  [{r['project']}]" if r["project"] else ""),
        ]
        for r in rows
    ]
    click.echo(table(cells, styles={0: {"fg": "yellow"}}) if cells else "no appointments")


def _listed_when(row: dict[str, Any]) -> str:
    if row.get("all_day"):
        return f"{date.fromisoformat(row['date']):%a %Y-%m-%d} all day"
    return datetime.fromisoformat(row["starts_at"]).strftime("%a %Y-%m-%d %H:%M")


def _listed_length(row: dict[str, Any]) -> str:
    if row.get("all_day"):
        return f"{row['days']} days" if row["days"] > 1 else ""
    return f"{row['duration_minutes']}m" if row["duration_minutes"] else ""
