"""What an import of daily notes (note files, or a blog's posts) says it did: lines for people,
JSON for scripts, with each task line's match explained when asked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from cli.output import emit_json, error_line, styled

if TYPE_CHECKING:
    from engine.importers.notes.plan import Fact
    from engine.importers.notes.recording import ImportReport

__all__ = ["finish_import", "import_report_json", "print_import_report"]


def _clip(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _fact_line(fact: Fact) -> str:
    where = f"{fact.line:>3}" if fact.line else "   "
    detail = {
        "task": f"  [{fact.detail}]" if fact.detail else "",
        "carried": f"  (as {fact.detail!r})" if fact.detail and fact.detail != fact.text else "",
        "completed": "",
        "cancelled": "",
        "appointment": f"  {fact.detail}",
        "moved": f"  to {fact.detail}",
        "reading": "",
        "note": "  (unclear)" if fact.detail == "unclear" else (f"  {fact.detail}" if fact.detail else ""),
        "project": "",
        "split": f"  ({fact.detail})",
        "changed": f"  ({fact.detail})",
    }.get(fact.kind, "")
    text = f"{fact.detail} {fact.text}" if fact.kind == "reading" else fact.text
    return f"  {where}  {fact.kind:<11} {_clip(text)}{detail}"


def _match_line(match: Any, task_text: str, threshold: float) -> str:
    said = f"  {match.line:>3}  {_clip(match.words, 60)!r}"
    if match.rule == "recorded before":
        return f"{said} = task {match.task_id.hex[:7]} {task_text!r}: recorded before"
    if match.task_id is not None and match.rule.startswith("first seen here"):
        return (
            f"{said} = task {match.task_id.hex[:7]} {task_text!r}: {match.rule}, score {match.score:.2f}; "
            f"captured later, on {match.first_day} (compared with {match.task_words!r}), so it begins on this day"
        )
    if match.task_id is not None:
        how = f"{match.rule}, score {match.score:.2f}" + (f" >= {threshold:.2f}" if match.rule == "similar" else "")
        return (
            f"{said} = task {match.task_id.hex[:7]} {task_text!r} (open since {match.first_day}; "
            f"compared with {match.task_words!r}): {how}"
        )
    if match.task_words:
        return f"{said}: new task; closest open task {match.task_words!r} scored {match.score:.2f} ({match.rule})"
    return f"{said}: new task; {match.rule if match.rule != 'new' else 'no open task alike'}"


def print_import_report(report: ImportReport, explain: bool) -> None:
    """Say what an import of notes (files or posts) recorded or would record, and why with ``explain``."""
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
        f"{verb}: tasks {t['task']} new, {t['carried']} carried, {t['completed']} completed"
        + (f", {t['cancelled']} cancelled" if t["cancelled"] else "")
        + (f", {t['changed']} changed (due, scheduled, priority or tags)" if t["changed"] else "")
        + (f", {t['first seen']} first seen on an earlier day than recorded" if t["first seen"] else "")
        + (f", {t['split']} parted from a task done on an earlier day" if t["split"] else "")
        + "; "
        f"{t['appointment']} appointments" + (f" ({t['moved']} moved)" if t["moved"] else "")
        + f"; {t['reading']} readings; {t['note']} notes" + (f"; {t['project']} projects started" if t["project"] else "")
        + (f"; routine occurrences {t['routine done']} done" if t["routine done"] or t["routine due"] else ""),
    ]
    unclear = report.unclear()
    if unclear:
        lines.append(f"{len(unclear)} line{'s' if len(unclear) != 1 else ''} not understood (kept as notes):")
        lines.extend(f"  {f}:{line}  {_clip(text, 70)}  ({why})" for f, line, text, why in unclear)
    return lines


def import_report_json(report: ImportReport, explain: bool) -> dict[str, Any]:
    """An import of notes (files or posts) as the JSON ``--json`` answers."""
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
        "tasks_cancelled": t["cancelled"],
        "tasks_changed": t["changed"],  # a journal's task whose latest list says another due day, priority or tags  # a journal's cancelled tasks (Logseq, Obsidian); beside "tasks", which scripts compare whole
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


def finish_import(report: ImportReport, *, json: bool, explain: bool, about: dict[str, Any] | None = None) -> None:
    """Say what a notes import did (JSON, led by ``about``'s fields, or lines), each failed file's
    one line on stderr, and exit with the worst failure's code when any file failed."""
    if json:
        emit_json({**(about or {}), **import_report_json(report, explain)})
    else:
        print_import_report(report, explain)
    for failed in report.failed:
        error_line(failed.error or "", failed.exit_code)
    if report.failed:
        raise click.exceptions.Exit(max(r.exit_code for r in report.failed))
