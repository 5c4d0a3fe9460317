"""Appointment commands: ``appt TEXT --when``, ``appt move``, ``appt cancel``, ``appt list``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from cli.options import json_option, session
from cli.output import emit_json, short_time, styled, table

if TYPE_CHECKING:
    from engine.database import Database

__all__ = ["appt"]


class _DefaultToAdd(click.Group):
    """``dayledger appt TEXT --when ...`` means ``dayledger appt add TEXT --when ...``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["add", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_DefaultToAdd)
def appt() -> None:
    """Appointments: schedule (``appt TEXT --when WHEN``), move, cancel, list."""


def _duration(text: str | None) -> int | None:
    if text is None:
        return None
    from engine.when import parse_duration

    return max(1, round(parse_duration(text).total_seconds() / 60))


def _show(db: Database, appt_id: str, verb: str) -> None:
    from projections.queries import appointment_by_id

    s = session()
    row = appointment_by_id(db, appt_id, s.tz)
    assert row is not None, appt_id
    if s.json:
        emit_json(row.to_json())
    else:
        click.echo(f"{verb} {styled(row.handle, fg='yellow')}  {row.text}  {row.starts_at.strftime('%a %Y-%m-%d %H:%M')}")


@appt.command(name="add")
@click.argument("text")
@click.option("--when", "when", required=True, metavar="WHEN", help="When it starts.")
@click.option("--duration", metavar="LENGTH", help="How long: 1h30m, 45m, 2h.")
@click.option("--project", "-p", metavar="P", help="Project it belongs to.")
@json_option
def add(text: str, when: str, duration: str | None, project: str | None) -> None:
    """Schedule an appointment; prints its handle."""
    s = session()
    starts_at = s.when(when, direction="future")
    ledger = s.ledger()
    appt_id = ledger.schedule_appointment(text, starts_at, duration_minutes=_duration(duration), project=project)
    if s.json:
        _show(ledger.db, appt_id, "scheduled")
    else:
        click.echo(appt_id[:7])


@appt.command()
@click.argument("appointment", metavar="APPT")
@click.option("--when", "when", required=True, metavar="WHEN", help="The new start.")
@click.option("--duration", metavar="LENGTH", help="A new length.")
@json_option
def move(appointment: str, when: str, duration: str | None) -> None:
    """Move APPT (a handle, an id or a piece of its text) to another time."""
    s = session()
    starts_at = s.when(when, direction="future")
    ledger = s.ledger()
    _show(ledger.db, ledger.move_appointment(appointment, starts_at, duration_minutes=_duration(duration)), "moved")


@appt.command()
@click.argument("appointment", metavar="APPT")
@click.option("--reason", metavar="TEXT", help="Why it was cancelled.")
@json_option
def cancel(appointment: str, reason: str | None) -> None:
    """Cancel APPT."""
    s = session()
    ledger = s.ledger()
    _show(ledger.db, ledger.cancel_appointment(appointment, reason=reason), "cancelled")


@appt.command(name="list")
@click.option("--all", "show_all", is_flag=True, help="Include cancelled ones.")
@json_option
def list_appointments(show_all: bool) -> None:
    """Appointments, soonest first."""
    from projections.queries import appointments

    s = session()
    rows = appointments(s.reader(), s.tz, statuses=("scheduled", "cancelled") if show_all else ("scheduled",))
    if s.json:
        emit_json([r.to_json() for r in rows])
        return
    now = s.now()
    cells: list[list[Any]] = [
        [r.handle, r.starts_at.strftime("%a %Y-%m-%d %H:%M"), f"{r.duration_minutes}m" if r.duration_minutes else "",
         r.status if show_all else short_time(None, now), r.text + (f"  [{r.project}]" if r.project else "")]
        for r in rows
    ]
    click.echo(table(cells, styles={0: {"fg": "yellow"}}) if cells else "no appointments")
