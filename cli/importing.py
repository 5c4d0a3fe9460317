"""``dayledger import PATH...``: bring outside records into the ledger (daily notes, for now).

The command is shaped for more sources: ``--from FORMAT`` picks the reader (only ``notes``
exists yet); each source reads its inputs and the engine records them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from cli.options import json_option, session
from cli.output import emit_json, styled

if TYPE_CHECKING:
    from engine.importers.notes.plan import Fact
    from engine.importers.notes.recording import ImportReport

__all__ = ["COMMANDS"]

FORMATS = ("notes", "taskwarrior", "todotxt", "ics")


def _day_parts(values: Sequence[str]) -> dict[str, int] | None:
    from engine.rules.errors import InvalidInputError

    parts: dict[str, int] = {}
    for value in values:
        name, _, hour = value.partition("=")
        if not name.strip() or not hour.strip().isdigit() or not 0 <= int(hour) <= 23:
            raise InvalidInputError(f"--day-part {value!r}: give NAME=HOUR with an hour 0-23, e.g. morning=8")
        parts[name.strip()] = int(hour)
    return parts or None


@click.command(name="import")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--from", "source", type=click.Choice(FORMATS), default=None,
              help="What the files are: daily notes (files and folders of .txt/.md, one note per day; the default), "
              "taskwarrior (`task export` JSON), todotxt (a todo.txt file) or ics (an iCalendar file; the default "
              "when every PATH ends in .ics).")
@click.option("--dry-run", is_flag=True, help="Show what each file would record; write nothing.")
@click.option("--explain", is_flag=True, help="Show why each task line is a new task or the same as an earlier one.")
@click.option("--recheck", is_flag=True,
              help="Plan every note again, even one whose exact bytes were recorded before (which is otherwise "
              "skipped as unchanged): after an upgrade that reads notes better, or a routine added with an earlier start.")
@click.option("--date-order", type=click.Choice(["MDY", "DMY"], case_sensitive=False), default="MDY", show_default=True,
              help="How to read an all-numeric title date such as 4.5.2026 (MDY: April 5).")
@click.option("--same", nargs=2, multiple=True, metavar="TEXT TEXT",
              help="These two task texts are one task, however different (repeat for more pairs).")
@click.option("--separate", nargs=2, multiple=True, metavar="TEXT TEXT",
              help="These two task texts are never one task, however alike (repeat for more pairs).")
@click.option("--match-threshold", type=click.FloatRange(0, 1, min_open=True), default=0.8, show_default=True,
              help="How alike (0-1) a task line must be to an open task to be that task carried over.")
@click.option("--day-part", "day_parts", multiple=True, metavar="NAME=HOUR",
              help="Hour of a part of the day in appointment phrases, e.g. morning=8 (default morning=9, afternoon=14).")
@click.option("--expand-until", metavar="WHEN",
              help="iCalendar: expand a recurrence no cron can say until then (default: a year from now).")
@json_option
def import_(
    paths: Sequence[str],
    source: str | None,
    dry_run: bool,
    explain: bool,
    recheck: bool,
    date_order: str,
    same: Sequence[tuple[str, str]],
    separate: Sequence[tuple[str, str]],
    match_threshold: float,
    day_parts: Sequence[str],
    expand_until: str | None,
) -> None:
    """Import daily notes: every line becomes events, once.

    Each note's title gives its day ("Phil 4.24.2026"), else its file name (2026-04-24.txt).
    Free lines become notes, "[2604.21691] Title" a reading, bullets under "Tasks" tasks with no
    project and bullets under any other heading tasks in that project; "– done" completes a task
    that day, "– Appointment for Tuesday morning" schedules it. A task line that is close to a
    task still open that day is that task, carried over (--explain shows why; --same and
    --separate overrule). Importing again records only what is new.
    """
    if source is None:
        source = "ics" if all(p.lower().endswith(".ics") for p in paths) else "notes"
    if source == "ics":
        from cli.ics_import import import_calendar_files

        return import_calendar_files(paths, dry_run, expand_until)
    if source != "notes":
        from cli.task_import import import_task_files

        return import_task_files(paths, source, dry_run)
    from engine.importers.notes.recording import ImportOptions, import_notes
    from engine.importers.notes.rules import MatchRules

    s = session()
    options = ImportOptions(
        tz=s.tz,
        date_order=date_order.upper(),  # type: ignore[arg-type]
        rules=MatchRules(threshold=match_threshold, same=tuple(same), separate=tuple(separate)),
        day_parts=_day_parts(day_parts),
        dry_run=dry_run,
        replan=explain or recheck,  # with --explain, to say why each line of every note is what it is
    )
    report = import_notes(s.location, list(paths), options, views=s.views())
    if s.json:
        emit_json(_json(report, explain))
    else:
        _print(report, explain)
    for failed in report.failed:
        click.echo(f"dayledger: error: {failed.error}", err=True)
    if report.failed:
        raise click.exceptions.Exit(max(r.exit_code for r in report.failed))


# -- formatting ------------------------------------------------------------------------------


def _clip(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _fact_line(fact: Fact) -> str:
    where = f"{fact.line:>3}" if fact.line else "   "
    detail = {
        "task": f"  [{fact.detail}]" if fact.detail else "",
        "carried": f"  (as {fact.detail!r})" if fact.detail and fact.detail != fact.text else "",
        "completed": "",
        "appointment": f"  {fact.detail}",
        "moved": f"  to {fact.detail}",
        "reading": "",
        "note": "  (unclear)" if fact.detail == "unclear" else (f"  {fact.detail}" if fact.detail else ""),
        "project": "",
    }.get(fact.kind, "")
    text = f"{fact.detail} {fact.text}" if fact.kind == "reading" else fact.text
    return f"  {where}  {fact.kind:<11} {_clip(text)}{detail}"


def _match_line(match: Any, task_text: str, threshold: float) -> str:
    said = f"  {match.line:>3}  {_clip(match.words, 60)!r}"
    if match.rule == "recorded before":
        return f"{said} = task {match.task_id.hex[:7]} {task_text!r}: recorded before"
    if match.task_id is not None:
        how = f"{match.rule}, score {match.score:.2f}" + (f" >= {threshold:.2f}" if match.rule == "similar" else "")
        return (
            f"{said} = task {match.task_id.hex[:7]} {task_text!r} (open since {match.first_day}; "
            f"compared with {match.task_words!r}): {how}"
        )
    if match.task_words:
        return f"{said}: new task; closest open task {match.task_words!r} scored {match.score:.2f} ({match.rule})"
    return f"{said}: new task; {match.rule if match.rule != 'new' else 'no open task alike'}"


def _print(report: ImportReport, explain: bool) -> None:
    from engine.importers.notes.rules import DEFAULT_THRESHOLD

    threshold = DEFAULT_THRESHOLD
    ctx = click.get_current_context()
    threshold = ctx.params.get("match_threshold", threshold)
    out: list[str] = []
    for r in report.results:
        if r.plan is None:
            continue
        show_facts = report.dry_run and r.plan.facts
        if show_facts or (explain and r.plan.matches):
            verb = "would record" if report.dry_run else ("recorded" if r.status == "imported" else r.status)
            out.append(styled(f"{r.file} ({r.plan.day:%a %Y-%m-%d})", bold=True) + (f": {verb}" if show_facts else ""))
        if show_facts:
            out.extend(_fact_line(f) for f in r.plan.facts)
        if explain and r.plan.matches:
            out.append("  why:")
            out.extend("  " + _match_line(m, text, threshold) for m, text in r.plan.matches)
    if report.dry_run and not any(r.plan and r.plan.facts for r in report.results):
        out.append("nothing new to record")
    out.extend(_summary(report))
    click.echo("\n".join(out))


def _summary(report: ImportReport) -> list[str]:
    t = report.totals()
    read = t["imported"] + t["unchanged"] + t["planned"]
    verb = "would record" if report.dry_run else "recorded"
    lines = [
        f"{read} note{'s' if read != 1 else ''} read"
        + (f" ({t['imported']} imported, {t['unchanged']} unchanged)" if not report.dry_run else "")
        + (f", {t['failed']} failed" if t["failed"] else "")
        + (f", {len(report.skipped)} skipped ({', '.join(report.skipped[:3])}{'...' if len(report.skipped) > 3 else ''})" if report.skipped else ""),
        f"{verb}: tasks {t['task']} new, {t['carried']} carried, {t['completed']} completed; "
        f"{t['appointment']} appointments" + (f" ({t['moved']} moved)" if t["moved"] else "")
        + f"; {t['reading']} readings; {t['note']} notes" + (f"; {t['project']} projects started" if t["project"] else "")
        + (f"; routine occurrences {t['routine done']} done" if t["routine done"] or t["routine due"] else ""),
    ]
    unclear = report.unclear()
    if unclear:
        lines.append(f"{len(unclear)} line{'s' if len(unclear) != 1 else ''} not understood (kept as notes):")
        lines.extend(f"  {f}:{line}  {_clip(text, 70)}  ({why})" for f, line, text, why in unclear)
    return lines


def _json(report: ImportReport, explain: bool) -> dict[str, Any]:
    t = report.totals()
    files = []
    for r in report.results:
        entry: dict[str, Any] = {
            "file": r.file,
            "day": r.day.isoformat() if r.day else None,
            "status": r.status,
            "error": r.error,
            "counts": dict(r.plan.counts()) if r.plan and r.status in ("imported", "planned") else {},
        }
        if report.dry_run and r.plan:
            entry["would_record"] = [
                {"kind": f.kind, "line": f.line, "text": f.text, "detail": f.detail} for f in r.plan.facts
            ]
        if explain and r.plan:
            entry["matches"] = [
                {
                    "line": m.line,
                    "text": m.words,
                    "task_id": m.task_id.hex if m.task_id else None,
                    "task_text": text if m.task_id else None,
                    "compared_with": m.task_words,
                    "score": round(m.score, 4),
                    "rule": m.rule,
                    "open_since": m.first_day.isoformat() if m.first_day else None,
                }
                for m, text in r.plan.matches
            ]
        files.append(entry)
    return {
        "dry_run": report.dry_run,
        "notes_read": t["imported"] + t["unchanged"] + t["planned"],
        "files_imported": t["imported"],
        "files_unchanged": t["unchanged"],
        "files_failed": t["failed"],
        "tasks": {"new": t["task"], "carried": t["carried"], "completed": t["completed"]},
        "appointments": t["appointment"],
        "appointments_moved": t["moved"],
        "readings": t["reading"],
        "notes": t["note"],
        "projects_started": t["project"],
        "routine_occurrences_done": t["routine done"],
        "unclear": [{"file": f, "line": line, "text": text, "why": why} for f, line, text, why in report.unclear()],
        "skipped": report.skipped,
        "errors": [r.error for r in report.failed],
        "files": files,
    }


COMMANDS = (import_,)
