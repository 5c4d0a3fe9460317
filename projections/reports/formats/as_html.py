"""A report as one self-contained HTML file: inline CSS, charts as inline SVG, no scripts, no links
to fetch, so it opens the same offline, in a mail client, or years later."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from projections.reports.formats import charts
from projections.reports.formats import words as w
from projections.reports.model import AppointmentLine, Report, TaskLine

__all__ = ["render"]

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1f2933;background:#fff;margin:0}
main{max-width:1120px;margin:0 auto;padding:24px 28px 48px}
h1{font-size:28px;margin:0 0 4px}h2{font-size:20px;margin:32px 0 8px;border-bottom:2px solid #e4e7eb;padding-bottom:4px}
h3{font-size:16px;margin:18px 0 6px;color:#323f4b}.meta{color:#52606d;margin:0 0 20px}
table{border-collapse:collapse;margin:4px 0 12px;font-size:14px}th,td{padding:4px 10px;border-bottom:1px solid #e4e7eb;text-align:left;vertical-align:top}
th{background:#f5f7fa;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.charts{display:flex;flex-wrap:wrap;gap:16px}.charts figure{margin:0;border:1px solid #e4e7eb;border-radius:6px;padding:8px;background:#fff}
.none{color:#7b8794;font-style:italic}
"""


def _table(header: Sequence[str], rows: Sequence[Sequence[str | int]], *, numeric: Sequence[int] = ()) -> str:
    def cls(i: int) -> str:
        return " class='n'" if i in numeric else ""

    head = "".join(f"<th{cls(i)}>{escape(h)}</th>" for i, h in enumerate(header))
    body = "".join("<tr>" + "".join(f"<td{cls(i)}>{escape(str(c))}</td>" for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _none() -> str:
    return "<p class='none'>None.</p>"


def _tasks(tasks: Sequence[TaskLine], columns: Sequence[str]) -> str:
    if not tasks:
        return _none()
    rows = []
    for t in tasks:
        row = {"day": w.stamp(t.at), "task": t.text, "project": w.project(t.project), "open": w.days(t.open_days),
               "carried": str(t.carried), "captured": w.stamp(t.captured_at)}
        rows.append([row[k] for k in columns])
    return _table(columns, rows, numeric=[i for i, k in enumerate(columns) if k in ("open", "carried")])


def _appointments(appts: Sequence[AppointmentLine]) -> str:
    return _table(["when", "appointment", "project"], [[w.stamp(a.starts_at), a.text, w.project(a.project)] for a in appts]) if appts else _none()


def _charts(r: Report) -> str:
    labels = [d.day.strftime("%a %d") for d in r.days]
    done = charts.column_chart("Tasks completed per day", labels, [d.completed for d in r.days], y_label="tasks completed")
    burndown = charts.line_chart(
        "Open tasks over the period", ["start"] + labels, [r.open_at_start] + [d.open_at_end for d in r.days], y_label="open tasks (end of day)"
    )
    names = [w.project(p.name) for p in r.projects]
    bars = charts.project_bars(
        "Per project", names,
        [("completed", [p.completed for p in r.projects], "#2f80ed"), ("captured", [p.captured for p in r.projects], "#9ab8e8"),
         ("open at end", [p.open_at_end for p in r.projects], "#f0a04b")],
    )
    return "<div class='charts'>" + "".join(f"<figure>{svg}</figure>" for svg in (done, burndown, bars)) + "</div>"


def _glance(r: Report) -> str:
    c = r.comparison
    rows = [[name, f"{getattr(c.this, name):g}", f"{getattr(c.previous, name):g}", f"{getattr(c.average, name):g}"]
            for name in ("completed", "captured", "cancelled", "notes", "readings")]
    table = _table(["", "this period", c.previous_label, f"average of last {c.periods_averaged}"], rows, numeric=(1, 2, 3))
    return table + f"<p>Open tasks: {r.open_at_start} at the start, {len(r.still_open)} at the end.</p>"


def render(r: Report) -> str:
    """The whole report as an HTML document."""
    parts = [
        "<!DOCTYPE html>",
        "<html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{escape(w.title(r))}</title><style>{_CSS}</style></head><body><main>",
        f"<h1>{escape(w.title(r))}</h1>",
        f"<p class='meta'>{escape(w.subtitle(r))}. {escape(w.moments(r))}</p>",
        "<h2>At a glance</h2>", _glance(r), _charts(r),
        f"<h2>Completed ({len(r.completed)})</h2>",
    ]
    if not r.completed:
        parts.append(_none())
    for project, tasks in r.completed_by_project():
        parts.append(f"<h3>{escape(w.project(project))} ({len(tasks)})</h3>")
        parts.append(_tasks(tasks, ["day", "task", "open", "carried"]))
    parts += [
        f"<h2>Captured ({len(r.captured)})</h2>", _tasks(r.captured, ["day", "task", "project"]),
        f"<h2>Still open, longest-carried first ({len(r.still_open)})</h2>", _tasks(r.still_open, ["task", "project", "captured", "open", "carried"]),
        f"<h2>Cancelled ({len(r.cancelled)})</h2>", _tasks(r.cancelled, ["day", "task", "project", "open", "carried"]),
        "<h2>Appointments</h2>",
        f"<h3>Held ({len(r.appointments_held)})</h3>", _appointments(r.appointments_held),
        f"<h3>{'Next week' if r.kind == 'week' else 'Next period'} ({len(r.appointments_next)})</h3>", _appointments(r.appointments_next),
        f"<h2>Routines ({len(r.routines)})</h2>",
        _table(
            ["routine", "schedule", "due", "done", "skipped", "missed", "rate", "streak", "best"],
            [[x.text, w.schedule(x), x.due, x.done, x.skipped, x.missed, "-" if x.rate is None else f"{x.rate:.0%}", x.current_streak, x.longest_streak] for x in r.routines],
            numeric=(2, 3, 4, 5, 6, 7, 8),
        ) if r.routines else _none(),
        "<h2>Projects</h2>",
        _table(["project", "completed", "captured", "cancelled", "open at end"],
               [[w.project(p.name), p.completed, p.captured, p.cancelled, p.open_at_end] for p in r.projects], numeric=(1, 2, 3, 4)) if r.projects else _none(),
        "<h2>Day by day</h2>",
        _table(["day", "completed", "captured", "cancelled", "open at end"],
               [[w.day(d.day), d.completed, d.captured, d.cancelled, "-" if d.open_at_end is None else d.open_at_end] for d in r.days], numeric=(1, 2, 3, 4)),
        f"<h2>Notes ({len(r.notes)})</h2>",
        _table(["day", "note", "project"], [[w.stamp(n.at), n.text, n.project or ""] for n in r.notes]) if r.notes else _none(),
        f"<h2>Readings ({len(r.readings)})</h2>",
        _table(["day", "arXiv", "title"], [[w.stamp(x.at), x.arxiv_id or "", x.title] for x in r.readings]) if r.readings else _none(),
        "</main></body></html>",
    ]
    return "\n".join(parts) + "\n"
