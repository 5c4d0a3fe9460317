"""Views over time: day, timeline, history, completed, diff."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

import click

from cli.filters import FILTER_WORDS_HELP, FilterCommand, done_filter_options, task_filter
from cli.options import json_option, session
from cli.output import emit_json, styled, table
from cli.travel import moment_of, range_bounds, time_travel, travel_until, until

if TYPE_CHECKING:
    from projections.queries.facts import FactRow

__all__ = ["COMMANDS", "history_table"]


def _hm(iso: str) -> str:
    return datetime.fromisoformat(iso).strftime("%H:%M")


def _at(entry: dict[str, Any]) -> str:
    """An entry's time of day, or a dash when its note gave only the day."""
    return "  -  " if entry.get("day_only") else _hm(entry["at"])


def _stamp(moment: datetime) -> str:
    return moment.strftime("%a %Y-%m-%d %H:%M")  # the views' one format (cli.output.moment_text), always with the hour


def _when(f: FactRow, tz: tzinfo) -> str:
    """When a fact happened, without a made-up hour for what a daily note dates by its day
    (in the views' one format, ``Fri 2026-12-11 17:00``)."""
    return f.day(tz).strftime("%a %Y-%m-%d      ") if f.day_only(tz) else f.occurred(tz).strftime("%a %Y-%m-%d %H:%M")


@click.command()
@click.argument("when", required=False, metavar="[WHEN]")
@time_travel
@json_option
def day(when: str | None, as_of: str | None, known_at: str | None) -> None:
    """The daily summary of WHEN (default: today): notes, readings, tasks captured, carried,
    completed, reopened, cancelled, and the day's appointments."""
    from projections.queries.day import TASK_SECTIONS, daily_summary

    s = session()
    the_day = s.when(when, direction="past").date() if when is not None else s.now().date()
    summary = daily_summary(s.reader(), s.tz, the_day, moment_of(as_of, known_at))
    if s.json:
        emit_json(summary.to_json())
        return
    out = [styled(the_day.strftime("%A %Y-%m-%d"), bold=True)]
    if timed := summary.timed():
        out.append("appointments")
        whole = summary.all_day
        rows = [["all day" if handle in whole else at.strftime("%H:%M"), handle, text] for at, handle, text in timed]
        out.append(table(rows, indent="  ", styles={1: {"fg": "yellow"}}))
    for section in TASK_SECTIONS.values():
        rows = summary.tasks[section]
        if rows:
            out.append(f"tasks {section}")
            out.append(table([[_at(r), r["handle"], r["text"] + (f"  [{r['project']}]" if r["project"] else "")] for r in rows], indent="  ", styles={1: {"fg": "yellow"}}))
    if summary.notes:
        out.append("notes")
        out.append(table([[_at(n), n["text"]] for n in summary.notes], indent="  "))
    if summary.readings:
        out.append("readings")
        out.append(table([[_at(r), r["title"]] for r in summary.readings], indent="  "))
    if len(out) == 1:
        out.append("  nothing recorded")
    click.echo("\n".join(out))


def _describe(data: dict[str, Any], names: dict[Any, Any] | None = None) -> str:
    for key in ("text", "name", "title", "summary"):
        if data.get(key):
            return str(data[key])
    if data.get("task_id") and data.get("day"):  # TaskSplit
        return f"from {data['day']} on: task {data['task_id'][:7]}"
    for key in ("starts_at", "due"):
        if key in data:
            return f"{key.replace('_', ' ')} {data[key][:16].replace('T', ' ') if data[key] else 'none'}"
    if "project_id" in data:
        return f"-> {(names or {}).get(data['project_id']) or 'no project'}"
    if "tags" in data:
        return " ".join(f"+{t}" for t in data["tags"])
    if "priority" in data:
        return f"priority {data['priority'] or '-'}"
    if data.get("reason"):
        return str(data["reason"])
    return ""


def _priority_lines(facts: list[FactRow]) -> dict[int, str]:
    """Position -> ``priority H -> M`` for each priority change of a task's history: the facts
    hold only the new value, the line says what it was before (in the order shown, so an undone
    change and the undo's compensation each read as the step they were)."""
    lines: dict[int, str] = {}
    before: dict[str, str | None] = {}
    for f in facts:
        if f.type == "TaskPrioritized":
            old, new = before.get(f.originator_id), f.data.get("priority")
            lines[f.position] = f"priority {old or '-'} -> {new or '-'}"
            before[f.originator_id] = new
    return lines


@click.command()
@click.argument("project")
@click.option("--from", "start", metavar="WHEN", help="From this moment (a bare day: its start).")
@click.option("--to", "end", metavar="WHEN", help="Up to this moment (a bare day: its end).")
@time_travel
@json_option
def timeline(project: str, start: str | None, end: str | None, as_of: str | None, known_at: str | None) -> None:
    """Everything that happened in PROJECT, in the order it happened."""
    from engine.rules.errors import NotFoundError
    from projections.queries.changes import project_timeline

    s = session()
    low, high = range_bounds(start, end)
    found = project_timeline(s.reader(), moment_of(as_of, known_at), project, start=low, end=high)
    if found is None:
        raise NotFoundError(f"no project named {project!r}")
    if s.json:
        emit_json({"project": found.name, "id": found.project_id, "events": [f.to_json(s.tz, found.names) for f in found.facts]})
        return
    rows = [
        [_when(f, s.tz), f.type, f.originator_id[:7], found.texts.get(f.originator_id) or _describe(f.data), _detail(f.type, f.to_json(s.tz)["data"], found.names)]
        for f in found.facts
    ]
    click.echo(styled(found.name, bold=True))
    click.echo(table(rows, indent="  ", styles={1: {"fg": "cyan"}, 2: {"fg": "yellow"}}) if rows else "  nothing happened")


def _detail(type_: str, data: dict[str, Any], names: dict[Any, Any]) -> str:
    if type_ in ("TaskRenamed", "ProjectRenamed"):
        return f"-> {data.get('text') or data.get('name')}"
    if type_ in ("TaskDueSet", "AppointmentMoved", "TaskTagged", "TaskUntagged", "TaskMoved", "TaskPrioritized"):
        return _describe(data, names)
    return ""


@click.command()
@click.argument("thing", metavar="TASK|APPT")
@time_travel
@json_option
def history(thing: str, as_of: str | None, known_at: str | None) -> None:
    """Every change to TASK or APPT: when it happened, when it was recorded, where it came from.
    Undone changes and the undo that reverted them are both shown, marked."""
    from engine.rules.lookup import resolve
    from projections.queries import current as queries
    from projections.queries.audit import history as read_history

    s = session()
    db = s.reader()
    refs = queries.task_refs(db, ("open", "done", "cancelled"))
    refs += [(a.id, a.handle, a.text, a.status) for a in queries.appointments(db, s.tz, statuses=("scheduled", "cancelled"))]
    from cli.numbers import numbered_task

    thing_id = numbered_task(db, s.location, s.tz, thing) or resolve(thing, refs, what="task or appointment")
    facts, names = read_history(db, moment_of(as_of, known_at), thing_id)
    if s.json:
        emit_json([f.to_json(s.tz, names) for f in facts])
        return
    click.echo(history_table(facts, names, s.tz) if facts else "no changes then")


def history_table(facts: Sequence[FactRow], names: dict[Any, Any], tz: tzinfo, *, indent: str = "") -> str:
    """History lines (``history``, ``show``): when it happened, when it was recorded, what, its
    source (file:line for an imported fact), and whether it was undone or is an undo."""
    from projections.queries.facts import passed_over_facts

    priorities = _priority_lines(facts)
    after_closed = passed_over_facts(facts)
    rows = [
        [
            _when(f, tz), "rec " + f.recorded(tz).strftime("%Y-%m-%d %H:%M:%S"), f.type,
            priorities.get(f.position) or _describe(f.to_json(tz)["data"], names), f.source,
            f.mark or ("after it was closed: the split-off task's" if f.position in after_closed else ""),
        ]
        for f in facts
    ]
    return table(rows, indent=indent, styles={2: {"fg": "cyan"}, 5: {"fg": "red"}})


@click.command(cls=FilterCommand, epilog=FILTER_WORDS_HELP)
@done_filter_options
@click.option("--from", "start", metavar="WHEN", help="Completed from this moment (a bare day: its start).")
@click.option("--to", "end", metavar="WHEN", help="Completed up to this moment (a bare day: its end).")
@time_travel
@json_option
def completed(words: Sequence[str], start: str | None, end: str | None, as_of: str | None, known_at: str | None, **options: Any) -> None:
    """The completion audit: what was done when, how long it had been open, how often carried;
    with FILTER words or options, only the tasks that match them all (as they are, or were at
    --as-of/--known-at)."""
    from projections.queries.audit import completions

    s = session()
    f = task_filter(words=words, **options)
    low, high = range_bounds(start, end)
    db = s.reader()
    rows = completions(db, s.tz, moment_of(as_of, known_at), start=low, end=high)
    if f:
        from projections.queries.task_filter import check_names, only_matching

        rows = only_matching(rows, f, s.now())
        check_names(db, f, found=bool(rows))
        if not rows and not s.json:
            click.echo(f"nothing completed then matches {f.described()}")
            return
    if s.json:
        emit_json([r.to_json() for r in rows])
        return
    cells = [
        [_stamp(r.completed_at), r.id[:7], f"took {r.open_for_days:.1f}d", f"carried {r.carried}" if r.carried else "", r.text + (f"  [{r.project}]" if r.project else "")]
        for r in rows
    ]
    click.echo(table(cells, styles={1: {"fg": "yellow"}}) if cells else "nothing completed then")


@click.command(name="diff")
@click.argument("first", metavar="WHEN1")
@click.argument("second", metavar="WHEN2")
@click.option("--known-at", "known_at", metavar="WHEN", help="Compare what the ledger had recorded by WHEN.")
@json_option
def diff_command(first: str, second: str, known_at: str | None) -> None:
    """What changed between WHEN1 and WHEN2: captured, completed, moved, renamed, rescheduled...
    (a bare day means the end of that day)."""
    from projections.queries.as_of import moment
    from projections.queries.changes import diff

    s = session()
    k = travel_until(known_at, "--known-at") if known_at is not None else None
    changes = diff(s.reader(), s.tz, moment(until(first), k), moment(until(second), k))
    if s.json:
        emit_json([c.to_json() for c in changes])
        return
    rows = [[_moment(c.at), c.kind, c.what, c.id[:7], c.text, _change(c.before, c.after)] for c in changes]
    click.echo(table(rows, styles={1: {"fg": "cyan"}, 3: {"fg": "yellow"}}) if rows else "no changes")


def _moment(at: str | None) -> str:
    """A change's moment as the views show moments (``Fri 2026-04-24 17:00``)."""
    from datetime import datetime

    return "" if at is None else datetime.fromisoformat(at).strftime("%a %Y-%m-%d %H:%M")


def _change(before: Any, after: Any) -> str:
    if before is None and after is None:
        return ""

    def show(v: Any) -> str:
        if isinstance(v, str) and len(v) > 16 and v[4] == "-" and v[10] == "T":  # a moment: as the views show moments
            return _moment(v)
        return "none" if v is None else (" ".join(v) if isinstance(v, list) else str(v))
    return f"{show(before)} -> {show(after)}" if before is not None else f"-> {show(after)}"


COMMANDS = (day, timeline, history, completed, diff_command)
