"""One task in full: ``show TASK`` (alias ``info``), like Taskwarrior's ``task info``."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

import click

from cli.options import json_option, session
from cli.output import age, emit_json, moment_text, styled, table
from cli.travel import moment_of, time_travel

if TYPE_CHECKING:
    from projections.queries.current import TaskRow
    from projections.queries.facts import FactRow
    from projections.queries.task_detail import TaskDetail

__all__ = ["COMMANDS", "info", "show"]



def _show(task: str, as_of: str | None, known_at: str | None) -> None:
    from engine.rules.errors import NotFoundError
    from engine.rules.lookup import resolve_preferring
    from projections.queries.current import task_refs
    from projections.queries.task_detail import task_detail

    s = session()
    db = s.reader()
    # As every task command resolves one: open tasks first, then done and cancelled ones too.
    from cli.numbers import number_of_new, numbered_task

    task_id = numbered_task(db, s.location, s.tz, task) or resolve_preferring(
        task, lambda: task_refs(db, ("open",)), "open task", lambda: task_refs(db, ("open", "done", "cancelled")), "task"
    )
    m = moment_of(as_of, known_at)
    detail = task_detail(db, s.tz, m, task_id)
    if detail is None:
        raise NotFoundError(f"task {task_id[:7]} was not in the ledger then (it was captured or recorded later)")
    now = min(s.now(), m.t_time.astimezone(s.tz)) if as_of else s.now()
    # Its number is today's (as a listing of then shows none): null when it is not open now.
    number = None if as_of or known_at else number_of_new(db, s.location, task_id)
    if s.json:
        emit_json({**detail.to_json(s.tz, now), "number": number})
        return
    click.echo(_text(detail, s.tz, now, number))


def _text(d: TaskDetail, tz: tzinfo, now: datetime, number: int | None) -> str:
    from cli.views import _when, history_table
    from projections.queries.task_detail import overdue

    t = d.task
    fields = [["number", str(number)]] if number is not None else []
    fields += [["handle", styled(t.handle, fg="yellow")], ["text", t.text], ["status", _status(d, tz, now)]]
    fields.append(["project", t.project or "-"])
    fields.append(["tags", " ".join(f"+{tag}" for tag in t.tags) or "-"])
    if t.priority:
        fields.append(["priority", t.priority])
    if t.due is not None:
        late = overdue(t, now)
        when = f"{moment_text(t.due)} ({age(t.due, now)} ago, overdue)" if late else f"{moment_text(t.due)} (in {age(now, t.due)})"
        fields.append(["due", styled(when, fg="red") if late else when])
    else:
        fields.append(["due", "-"])
    fields += _details(t, now)
    created = _day(d.origin, tz) if d.origin is not None and d.origin.day_only(tz) else moment_text(t.created_at)
    fields.append(["created", f"{created} ({age(t.created_at, now)} ago)"])
    if d.origin is not None:
        fields.append(["source", d.origin.source + (" (first seen on an earlier list)" if d.origin.type == "TaskFirstSeen" else "")])
    if t.carried:
        days = ", ".join(day.isoformat() for day in d.carried_on)
        fields.append(["carried", f"{t.carried} time{'s' if t.carried != 1 else ''}" + (f": {days}" if days else "")])
    fields.append(["recorded", t.recorded_at.strftime("%Y-%m-%d %H:%M:%S")])
    fields.append(["id", t.id])
    out = [table(fields, styles={0: {"bold": True}})]
    if d.notes:
        out.append(styled("notes", bold=True))
        out.append(table([[_when(n, tz), n.data.get("text", ""), n.source] for n in d.notes], indent="  "))
    if d.appointments:
        out.append(styled("appointments", bold=True))
        rows = [[a.handle, f"{a.day:%a %Y-%m-%d} all day" if a.day is not None else a.starts_at.strftime("%a %Y-%m-%d %H:%M"), a.text, "" if a.status == "scheduled" else a.status] for a in d.appointments]
        out.append(table(rows, indent="  ", styles={0: {"fg": "yellow"}}))
    out.append(styled("history", bold=True))
    out.append(history_table(d.history, d.names, tz, indent="  "))
    return "\n".join(out)


def _details(t: TaskRow, now: datetime) -> list[list[str]]:
    """Taskwarrior's fields, those the task has: wait, scheduled, until, active, depends,
    recurrence and attributes of the user's own."""
    out: list[list[str]] = []
    scheduled = t.scheduled
    if scheduled is not None and not isinstance(scheduled, datetime):  # a day
        out.append(["scheduled", scheduled.isoformat()])
    for name, at in (("wait", t.wait), ("scheduled", scheduled if isinstance(scheduled, datetime) else None), ("until", t.until)):
        if at is not None:
            out.append([name, f"{moment_text(at)} ({'in ' + age(now, at) if at > now else age(at, now) + ' ago'})"])
    if t.started is not None and t.status == "open":
        out.append(["active", f"since {moment_text(t.started)} ({age(t.started, now)})"])
    if t.depends:
        said = "blocked: waits for" if t.blocked else "depends on"
        out.append(["depends", f"{said} {' '.join(d[:7] for d in t.depends)}"])
    if t.blocking:
        out.append(["blocking", "an open task depends on it"])
    d = t.details
    if d.get("recur"):
        if d.get("parent"):
            out.append(["recurrence", f"{d['recur']}: occurrence {d.get('imask', '?')} of {d['parent'][:7]}"])
        else:
            out.append(["recurrence", f"{d['recur']}: template" + (f" (mask {d['mask']})" if d.get("mask") else "")])
    for name, value in (d.get("attributes") or {}).items():
        out.append([name, f"{value:g}" if isinstance(value, float) else str(value)])
    return out


def _status(d: TaskDetail, tz: tzinfo, now: datetime) -> str:
    t = d.task
    closed = t.completed_at or t.cancelled_at
    if closed is None:
        return t.status
    from projections.queries.facts import passed_over_facts

    after_closed = passed_over_facts(d.history)
    fact = next(
        (f for f in reversed(d.history) if f.type in ("TaskCompleted", "TaskCancelled") and f.mark is None and f.position not in after_closed), None
    )
    when = _day(fact, tz) if fact is not None and fact.day_only(tz) else moment_text(closed)
    return f"{t.status} {when} ({age(closed, now)} ago)"


def _day(fact: FactRow | None, tz: tzinfo) -> str:
    assert fact is not None
    return fact.day(tz).strftime("%a %Y-%m-%d")


@click.command()
@click.argument("task")
@time_travel
@json_option
def show(task: str, as_of: str | None, known_at: str | None) -> None:
    """Everything about one TASK (a handle, an id, or a piece of its text; done and cancelled
    ones too): its fields, where it came from, the days it was carried, its notes, its
    appointments and its history with the source of each change; with --as-of/--known-at, as
    it stood then."""
    _show(task, as_of, known_at)


info = click.Command(
    "info", callback=show.callback, params=show.params, help=f"Another name for show. {show.help}"
)

COMMANDS = (show, info)
