"""``dayledger report schedule|unschedule|run-due|status``: reports made on a schedule and delivered."""

from __future__ import annotations

from typing import Any

import click

from cli.options import json_option, session
from cli.output import emit_json, table

__all__ = ["COMMANDS"]

RECENT = 8  # reports listed as text besides those still to deliver


@click.command(name="schedule")
@click.option("--cron", required=True, metavar="EXPR", help='When to make reports: five-field cron ("0 7 * * mon") or @daily/@weekly, on your wall clock.')
@click.option(
    "--period", type=click.Choice(["week", "day", "month"]), default="week", show_default=True,
    help="What each fire reports: the last complete week, day or month before it.",
)
@click.option(
    "--week-start", type=click.Choice(["mon", "sun"], case_sensitive=False), envvar="DAYLEDGER_WEEK_START",
    default=lambda: session().week_start,
    help="The first day of your weeks: mon (the default) or sun; else $DAYLEDGER_WEEK_START, else week_start in the config file.",
)
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]), default="md", show_default=True, help="The reports' format.")
@click.option("--to", "to_dir", metavar="DIR", help="Write each report to DIR (dayledger-2026-W17.md).")
@click.option("--post", "post_url", metavar="URL", help="POST each report to URL (http or https).")
@click.option("--header", "headers", multiple=True, metavar='"NAME: VALUE"', help="A header sent with --post (kept in the ledger).")
@click.option(
    "--header-env", "header_env", multiple=True, metavar="NAME=ENVVAR",
    help="A header whose value is read from $ENVVAR when delivering (for tokens: only the variable's name is kept).",
)
@json_option
def schedule(
    cron: str, period: str, week_start: str, fmt: str, to_dir: str | None, post_url: str | None, headers: tuple[str, ...], header_env: tuple[str, ...]
) -> None:
    """Make a report of each period closed by a fire of --cron, when 'report run-due' runs; prints the schedule's handle."""
    from engine.commands.reports.schedules import schedule_report

    s = session()
    schedule_id = schedule_report(
        s.ledger(), cron=cron, period=period, week_start=week_start.lower(), fmt=fmt, to_dir=to_dir, post_url=post_url,
        headers=headers, header_env=header_env,
    )
    if s.json:
        emit_json(_status(ids=[schedule_id])["schedules"][0])
    else:
        click.echo(schedule_id[:7])


@click.command(name="unschedule")
@click.argument("schedule_ref", metavar="SCHEDULE")
@json_option
def unschedule(schedule_ref: str) -> None:
    """End a schedule (a handle, as 'report status' shows): no more reports or deliveries; its history stays."""
    from engine.commands.reports.schedules import unschedule_report

    s = session()
    schedule_id = unschedule_report(s.ledger(), schedule_ref)
    if s.json:
        emit_json(_status(ids=[schedule_id])["schedules"][0])
    else:
        click.echo(f"ended {schedule_id[:7]}")


@click.command(name="run-due")
@json_option
def run_due() -> None:
    """Make every scheduled report that is due and not made yet, and deliver what is undelivered
    (run it from cron or a systemd timer). Exits 7 when a delivery failed; it is tried again next time."""
    from engine.commands.reports.run import run_due as run
    from engine.rules.errors import RemoteError

    s = session()
    outcomes = run(s.ledger(), now=s.now())
    if s.json:
        emit_json([o.to_json() for o in outcomes])
    else:
        for o in outcomes:
            click.echo(f"{o.action}  {o.schedule_id[:7]}  {o.period}  {o.file or ''}  {o.detail or ''}".rstrip())
    failed = [o for o in outcomes if o.action == "delivery failed"]
    if failed:
        more = f" (and {len(failed) - 1} more)" if len(failed) > 1 else ""
        raise RemoteError(f"report {failed[0].period} of schedule {failed[0].schedule_id[:7]} was not delivered: {failed[0].detail}{more}; the next run-due tries again")


def _status(ids: list[str] | None = None) -> dict[str, Any]:
    from projections.queries.report_status import report_status

    s = session()
    status = report_status(s.reader(), now=s.now(), tz=s.tz)
    if ids is not None:
        status = {
            "schedules": [x for x in status["schedules"] if x["id"] in ids],
            "reports": [x for x in status["reports"] if x["schedule_id"] in ids],
        }
    return status


@click.command(name="status")
@click.option("--all", "show_all", is_flag=True, help="Also list ended schedules and their reports.")
@json_option
def status(show_all: bool) -> None:
    """Schedules (cron, next due, format, where reports go) and the reports they made, with deliveries."""
    s = session()
    found = _status()
    if not show_all:
        active = {x["id"] for x in found["schedules"] if x["status"] == "active"}
        found = {"schedules": [x for x in found["schedules"] if x["id"] in active], "reports": [x for x in found["reports"] if x["schedule_id"] in active]}
    if s.json:
        emit_json(found)
        return
    if not found["schedules"]:
        click.echo("no report schedules (dayledger report schedule --cron ... --to DIR)")
        return
    rows = [["schedule", "cron", "period", "format", "next due", "due now", "goes to"]]
    for x in found["schedules"]:
        rows.append([
            x["handle"] + ("" if x["status"] == "active" else " (ended)"), x["cron"], x["period"], x["format"],
            (x["next_due"] or "-")[:16].replace("T", " "), ", ".join(x["due_now"]) or "-", " and ".join(t for t in (x["to"], x["post"]) if t),
        ])
    click.echo(table(rows))
    reports = found["reports"]
    shown = [r for i, r in enumerate(reports) if i >= len(reports) - RECENT or r["delivery"]["state"] in ("pending", "failed")]
    if shown:
        click.echo("")
        lines = [["schedule", "period", "produced", "delivery", "attempts", "last error / file"]]
        for r in shown:
            d = r["delivery"]
            state = d["state"] if d["state"] != "delivered" else f"delivered ({d['status_code']})"
            lines.append([
                r["schedule"], r["period"], r["produced_at"][:16].replace("T", " "), state, str(d["attempts"]),
                (d["last_error"] if d["state"] == "failed" else r["file"]) or "",
            ])
        click.echo(table(lines))
        if len(shown) < len(reports):
            click.echo(f"({len(reports) - len(shown)} older reports, all delivered or not posted: --json lists every one)")


COMMANDS = (schedule, unschedule, run_due, status)
