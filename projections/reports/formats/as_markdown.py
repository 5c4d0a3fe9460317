"""A report as Markdown: the same facts as the HTML, as text tables any Markdown viewer shows."""

from __future__ import annotations

import re
from collections.abc import Sequence

from projections.reports.formats import words as w
from projections.reports.model import AppointmentLine, Report, TaskLine

__all__ = ["cell", "render"]

# What a CommonMark (or GitHub) renderer reads inside a line: emphasis, code, links and images,
# strikethrough, table pipes, and backslash escapes themselves. "<" and "&" become entities:
# raw HTML and autolinks are never formed.
_MARKUP = re.compile(r"([\\`*_\[\]|~!])")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_HTML = re.compile("[&<>]")


def cell(text: str) -> str:
    """Text shown as itself by a Markdown renderer, on one line: its markup characters escaped,
    its HTML written as entities (a task's ``<img onerror=...>`` is text, never an element)."""
    one_line = " ".join(text.split())
    return _HTML.sub(lambda m: _ENTITIES[m.group()], _MARKUP.sub(r"\\\1", one_line))


def table(header: Sequence[str], rows: Sequence[Sequence[str]], *, right: Sequence[int] = ()) -> list[str]:
    """A GitHub-style pipe table; ``right`` aligns those columns (numbers) to the right."""
    rule = ["---:" if i in right else "---" for i in range(len(header))]
    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines + [""]


def _num(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _glance(r: Report) -> list[str]:
    c = r.comparison
    avg = f"average of last {c.periods_averaged}" if c.periods_averaged != 1 else "average of last 1"
    rows = [
        [name, _num(getattr(c.this, key)), _num(getattr(c.previous, key)), _num(getattr(c.average, key))]
        for name, key in (("completed", "completed"), ("captured", "captured"), ("cancelled", "cancelled"), ("notes", "notes"), ("readings", "readings"))
    ]
    lines = table(["", "this period", c.previous_label, avg], rows, right=(1, 2, 3))
    lines.append(f"Open tasks: {r.open_at_start} at the start, {len(r.still_open)} at the end.")
    return lines + [""]


def _tasks(heading: str, tasks: Sequence[TaskLine], columns: Sequence[str], *, what: str = "at") -> list[str]:
    lines = [f"## {heading} ({len(tasks)})", ""]
    if not tasks:
        return lines + ["None.", ""]
    rows = []
    for t in tasks:
        row = {"day": w.stamp(t.at), "task": t.text, "project": w.project(t.project), "open": w.days(t.open_days),
               "carried": str(t.carried), "captured": w.stamp(t.captured_at)}
        rows.append([row[k] for k in columns])
    return lines + table(columns, rows, right=[i for i, k in enumerate(columns) if k in ("open", "carried")])


def _completed(r: Report) -> list[str]:
    lines = [f"## Completed ({len(r.completed)})", ""]
    if not r.completed:
        return lines + ["None.", ""]
    for project, tasks in r.completed_by_project():
        lines += [f"### {cell(w.project(project))} ({len(tasks)})", ""]
        lines += table(["day", "task", "open", "carried"], [[w.stamp(t.at), t.text, w.days(t.open_days), str(t.carried)] for t in tasks], right=(2, 3))
    return lines


def _appointments(heading: str, appts: Sequence[AppointmentLine]) -> list[str]:
    lines = [f"### {heading} ({len(appts)})", ""]
    if not appts:
        return lines + ["None.", ""]
    rows = [[w.stamp(a.starts_at), a.text, w.project(a.project)] for a in appts]
    return lines + table(["when", "appointment", "project"], rows)


def render(r: Report) -> str:
    """The whole report as Markdown text with a final newline."""
    lines = [f"# {w.title(r)}", "", f"{w.subtitle(r)}. {w.moments(r)}", "", "## At a glance", ""]
    lines += _glance(r)
    lines += _completed(r)
    lines += _tasks("Captured", r.captured, ["day", "task", "project"])
    lines += _tasks("Still open, longest-carried first", r.still_open, ["task", "project", "captured", "open", "carried"])
    lines += _tasks("Cancelled", r.cancelled, ["day", "task", "project", "open", "carried"])
    lines += ["## Appointments", ""] + _appointments("Held", r.appointments_held) + _appointments("Next week" if r.kind == "week" else "Next period", r.appointments_next)
    lines += [f"## Routines ({len(r.routines)})", ""]
    lines += table(
        ["routine", "schedule", "due", "done", "skipped", "missed", "rate", "streak", "best"],
        [[x.text, w.schedule(x), str(x.due), str(x.done), str(x.skipped), str(x.missed), "-" if x.rate is None else f"{x.rate:.0%}",
          str(x.current_streak), str(x.longest_streak)] for x in r.routines],
        right=(2, 3, 4, 5, 6, 7, 8),
    ) if r.routines else ["None.", ""]
    lines += ["## Projects", ""]
    lines += table(["project", "completed", "captured", "cancelled", "open at end"],
                   [[w.project(p.name), str(p.completed), str(p.captured), str(p.cancelled), str(p.open_at_end)] for p in r.projects],
                   right=(1, 2, 3, 4)) if r.projects else ["None.", ""]
    lines += ["## Day by day", ""]
    lines += table(["day", "completed", "captured", "cancelled", "open at end"],
                   [[w.day(d.day), str(d.completed), str(d.captured), str(d.cancelled), "-" if d.open_at_end is None else str(d.open_at_end)] for d in r.days],
                   right=(1, 2, 3, 4))
    lines += [f"## Notes ({len(r.notes)})", ""]
    lines += table(["day", "note", "project"], [[w.stamp(n.at), n.text, w.project(n.project) if n.project else ""] for n in r.notes]) if r.notes else ["None.", ""]
    lines += [f"## Readings ({len(r.readings)})", ""]
    lines += table(["day", "arXiv", "title"], [[w.stamp(x.at), x.arxiv_id or "", x.title] for x in r.readings]) if r.readings else ["None.", ""]
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"
