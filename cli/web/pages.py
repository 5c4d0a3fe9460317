"""The pages: Today, Tasks, a task, a day, a project's timeline and the reports, each with the time
slider. Every page is drawn from the command line's ``--json`` answer (``cli.web.commands``);
templates escape every text (Jinja2 autoescape). Forms post with their CSRF token
(``cli.web.security``) and go back where they came from; a slider move asks for the page with
``HX-Request`` and gets only its view (``#view``) back, drawn in place by htmx.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cli.output import age_of, short_due
from cli.web import live
from cli.web.api import split_words, task_filter_words
from cli.web.commands import CommandFailed, Runner
from cli.web.security import csrf_of, form_refusal
from engine.rules.errors import DayledgerError

__all__ = ["router"]


def _claim_head(request: Request) -> None:
    """The newest event a page is drawn at, read before its data (``cli.web.live``): a write
    landing while it is drawn is then newer than what the page claims, and redraws it."""
    if request.method == "GET" and request.headers.get("hx-request") != "true":
        request.state.head = live.head_now(request)


router = APIRouter(include_in_schema=False, dependencies=[Depends(_claim_head)])

TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True, undefined=jinja2.ChainableUndefined
)
TRAVEL = ("as_of", "known_at")
STRIP_COLUMNS = 120
SHOWN = 500
"""A list draws at most this many tasks (one more is asked for, to know there are more)."""
MARKS = ("active", "blocked", "blocking", "waiting", "template")
"""What ``tasks`` shows of a task's Taskwarrior fields, in its order (``detail_marks``)."""
KINDS = {"task": ["add"], "note": ["note"], "appt": ["appt", "add"]}
"""What the capture box records: its words as ``add``, ``note`` or ``appt`` take them."""
VERBS = {"done": "done", "reopen": "reopened", "cancel": "cancelled", "start": "started", "stop": "stopped"}


def _marks(task: dict[str, Any]) -> list[str]:
    return [m for m in MARKS if task.get(m)]


def _age(task: dict[str, Any], moment: datetime) -> str:
    """How old the task is, as ``tasks`` says it: 5m, 3h, 4d, 6w."""
    created = task.get("created_at")
    return age_of(int((moment - datetime.fromisoformat(created)).total_seconds())) if created else ""


def _local(value: str | None, moment: datetime) -> str:
    """A stored time (any offset) as the page's zone says it: ``2026-12-08 09:30``."""
    return datetime.fromisoformat(value).astimezone(moment.tzinfo).strftime("%Y-%m-%d %H:%M") if value else ""


def _due(due: str | None, moment: datetime) -> str:
    """A due date as ``tasks`` says it: ``17:00`` today, ``Fri 2026-12-11``, a day as a day."""
    if not due:
        return ""
    return short_due(date.fromisoformat(due) if len(due) == 10 else datetime.fromisoformat(due).astimezone(moment.tzinfo), moment)


def _runner(request: Request) -> Runner:
    return request.app.state.runner  # type: ignore[no-any-return]


def _given(request: Request, name: str) -> str | None:
    value = request.query_params.get(name, "").strip()
    return value or None


def _travel_words(request: Request) -> list[str]:
    return [f"--{n.replace('_', '-')}={v}" for n in TRAVEL if (v := _given(request, n)) is not None]


def _page(request: Request, template: str, *, slider: bool = True, **values: Any) -> Response:
    """``template`` drawn with ``values``: the whole page, or only its view for a slider move (or
    a live redraw)."""
    tmpl = TEMPLATES.get_template(template)
    travelling = {n: v for n in TRAVEL if (v := _given(request, n)) is not None}
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in (*TRAVEL, "said", "token") and v]
    context = {
        "request_path": request.url.path,
        "travelling": travelling,
        "kept": kept,
        "csrf": csrf_of(request),
        "said": request.query_params.get("said"),
        "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        "now": not travelling,
        "moment": _moment(request, travelling),
        "marks": _marks,
        "age": _age,
        "short_due": _due,
        "local": _local,
        **values,
    }
    if request.headers.get("hx-request") == "true":
        return HTMLResponse("".join(tmpl.blocks["view"](tmpl.new_context(context))))
    context["slider"] = _slider(request, travelling) if slider else None
    context["head"] = getattr(request.state, "head", None)
    return HTMLResponse(tmpl.render(context))


def _moment(request: Request, travelling: dict[str, str]) -> datetime:
    """The moment a list's ages and due dates are told from, as ``tasks`` tells them: now, or the
    ``as_of`` travelled to (a day: its last moment, as ``cli.travel.travel_until`` reads it)."""
    session = _runner(request).session()
    now = session.now()
    if "as_of" in travelling:
        try:
            when = session.read_when(travelling["as_of"], direction="past")
        except DayledgerError:
            return now
        return min(now, when.moment if when.has_time else when.end_of_day() - timedelta(microseconds=1))
    return now


def _failed(request: Request, failure: CommandFailed) -> Response:
    from cli.web.api import STATUS

    tmpl = TEMPLATES.get_template("error.html")
    body = tmpl.render(message=failure.message, exit_code=failure.exit_code, back=request.url.path, csrf=csrf_of(request), slider=None)
    return HTMLResponse(body, status_code=STATUS.get(failure.exit_code, 500))


_SLIDERS: dict[tuple[int, str], dict[str, Any]] = {}
_SLIDERS_LOCK = threading.Lock()


def _slider(request: Request, travelling: dict[str, str]) -> dict[str, Any]:
    """What the slider needs: per axis the moments of its events (to step by event), the days it
    spans and the density strip's bars; kept while the ledger's newest fact and the minute are
    the same (a page load on a ten-year ledger then costs one indexed read, not a scan)."""
    from projections.queries.density import event_density, facts_head

    session = _runner(request).session()
    try:
        now = session.now()
        db = session.reader()
        key = (facts_head(db), now.strftime("%Y-%m-%dT%H:%M"))
        with _SLIDERS_LOCK:
            axes = _SLIDERS.get(key)
        if axes is None:
            until = now.astimezone(UTC).isoformat(timespec="microseconds")
            axes = {}
            for name, column in (("as_of", "occurred_at"), ("known_at", "recorded_at")):
                found = event_density(db, column, until=until)  # type: ignore[arg-type]
                axes[name] = {
                    "moments": " ".join(found.moments),
                    "first": next(iter(found.days), now.date().isoformat()),
                    "bars": _bars(found.days, now.date()),
                }
            with _SLIDERS_LOCK:
                _SLIDERS.clear()  # one ledger, one moment: only the newest is worth keeping
                _SLIDERS[key] = axes
    finally:
        session.close()
    return {"axes": {name: {**axis, "value": travelling.get(name, "")} for name, axis in axes.items()}, "today": now.date().isoformat()}


def _bars(days: dict[str, int], last: date) -> list[dict[str, float]]:
    """The density strip: STRIP_COLUMNS columns from the first event's day to ``last``, each as
    high as its share of the busiest column (SVG units, 0 to 20)."""
    if not days:
        return []
    first = date.fromisoformat(next(iter(days)))
    span = max((last - first).days + 1, 1)
    counts = [0] * STRIP_COLUMNS
    for day, n in days.items():
        column = min(int((date.fromisoformat(day) - first).days * STRIP_COLUMNS / span), STRIP_COLUMNS - 1)
        counts[column] += n
    top = max(counts) or 1
    return [{"x": i, "h": round(20 * c / top, 2), "n": c} for i, c in enumerate(counts) if c]


def _ask(request: Request, words: list[str]) -> Any:
    return _runner(request).run(words)


def _drawn(request: Request, words: list[str], template: str, values: Callable[[Any], dict[str, Any]]) -> Response:
    """The page ``template`` drawn from the answer of ``words`` (``values`` names its parts), or the refusal."""
    try:
        found = _ask(request, words)
    except CommandFailed as e:
        return _failed(request, e)
    return _page(request, template, **values(found))


@router.get("/", response_class=HTMLResponse)
def today(request: Request) -> Response:
    try:
        tasks = _ask(request, ["tasks", f"--limit={SHOWN + 1}", *_travel_words(request)])
        as_of = _given(request, "as_of")
        start = [f"--from={as_of}"] if as_of else []
        agenda = _ask(request, ["agenda", "--days=7", *start, *_travel_words(request)])
    except CommandFailed as e:
        return _failed(request, e)
    return _page(request, "today.html", title="Today", tasks=tasks, agenda=agenda)


@router.get("/tasks", response_class=HTMLResponse)
def tasks(request: Request) -> Response:
    q = request.query_params
    status = q.get("status") or "open"
    sort = q.get("sort") or ""
    f = task_filter_words(filter=q.get("filter") or None)
    words = ["tasks", f"--status={status}", f"--limit={SHOWN + 1}", *([f"--sort={sort}"] if sort else []), *_travel_words(request), *f]
    return _drawn(request, words, "tasks.html", lambda rows: {"title": "Tasks", "tasks": rows, "filter": q.get("filter") or "", "status": status, "sort": sort})


@router.get("/task/{task}", response_class=HTMLResponse)
def task(request: Request, task: str) -> Response:
    return _drawn(request, ["show", *_travel_words(request), "--", task], "task.html", lambda detail: {"title": detail["text"], "task": detail})


@router.get("/day", response_class=HTMLResponse)
def day(request: Request) -> Response:
    when = _given(request, "when")

    def values(summary: dict[str, Any]) -> dict[str, Any]:
        shown = date.fromisoformat(summary["day"])
        before, after = (shown - timedelta(days=1)).isoformat(), (shown + timedelta(days=1)).isoformat()
        return {"title": shown.strftime("%A %Y-%m-%d"), "day": summary, "before": before, "after": after}

    return _drawn(request, ["day", *_travel_words(request), *(["--", when] if when else [])], "day.html", values)


@router.get("/timeline/{project}", response_class=HTMLResponse)
def timeline(request: Request, project: str) -> Response:
    return _drawn(request, ["timeline", *_travel_words(request), "--", project], "timeline.html", lambda found: {"title": found["project"], "timeline": found})


@router.get("/reports", response_class=HTMLResponse)
def reports(request: Request) -> Response:
    """The weekly or monthly report, in a frame, with links to the periods before and after."""
    try:
        kind, label, before, after = _period(request)
    except DayledgerError as e:
        return _failed(request, CommandFailed(str(e), e.exit_code))
    known_at = _given(request, "known_at")
    document = "/reports/document?" + urlencode({kind: label, **({"known_at": known_at} if known_at else {})})
    if kind == "week":
        year, week = label.split("-W")
        other = "/reports?month=" + date.fromisocalendar(int(year), int(week), 1).strftime("%Y-%m")
    else:
        other = "/reports?week=" + _week_label(date.fromisoformat(label + "-01"))
    return _page(request, "reports.html", title=f"Report {label}", kind=kind, label=label, before=before, after=after, document=document, other=other)


@router.get("/reports/document", response_class=HTMLResponse)
def report_document(request: Request) -> Response:
    """The report as ``report week|range --format html`` writes it, with its own style allowed by hash."""
    import base64
    import hashlib
    import re

    try:
        kind, label, _, _ = _period(request)
    except DayledgerError as e:
        return _failed(request, CommandFailed(str(e), e.exit_code))
    if kind == "week":
        words = ["report", "week", "--format=html", "--", label]
    else:
        first = date.fromisoformat(label + "-01")
        last = _month_after(first) - timedelta(days=1)
        words = ["report", "range", f"--from={first}", f"--to={last}", "--format=html"]
    known_at = _given(request, "known_at")
    try:
        html = _ask(request, [*words[:2], *([f"--known-at={known_at}"] if known_at else []), *words[2:]])
    except CommandFailed as e:
        return _failed(request, e)
    styles = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in re.findall(r"<style>(.*?)</style>", html, re.DOTALL)
    )
    policy = f"default-src 'none'; style-src {styles or chr(39) + 'none' + chr(39)}; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
    return HTMLResponse(html, headers={"Content-Security-Policy": policy, "X-Frame-Options": "SAMEORIGIN"})


def _month_after(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def _period(request: Request) -> tuple[str, str, str, str]:
    """(week or month, its label, the label before, the label after) the address asks for:
    ``?week=2026-W17`` or ``?month=2026-04``; neither: the last complete week."""
    from engine.rules.errors import InvalidInputError

    session = _runner(request).session()
    month = _given(request, "month")
    if month is not None:
        try:
            first = date.fromisoformat(month + "-01")
        except ValueError:
            raise InvalidInputError(f"month {month!r}: give it as YYYY-MM, e.g. 2026-04") from None
        before = (first - timedelta(days=1)).strftime("%Y-%m")
        return "month", month, before, _month_after(first).strftime("%Y-%m")
    from engine.rules.period import parse_week

    period = parse_week(_given(request, "week"), now=session.now(), tz=session.tz, week_start=session.week_start)
    label = period.label
    step = timedelta(days=7)
    return "week", label, _week_label(period.first_day - step), _week_label(period.first_day + step)


def _week_label(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _safe_target(given: Any) -> str:
    """A page of this site to go back to (``/`` for anything else)."""
    target = str(given or "/")
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _back(request: Request, form: Any, said: str) -> Response:
    """Back to the page the form was on (a path of this site only), saying what was done."""
    target = _safe_target(form.get("next"))
    path, _, query = target.partition("?")
    params = [(k, v) for k, v in (p.split("=", 1) if "=" in p else (p, "") for p in query.split("&") if p) if k != "said"]
    return RedirectResponse(path + "?" + urlencode([*params, ("said", said)], safe="%"), status_code=303)


def _write(request: Request, words: list[str]) -> Any:
    try:
        return _ask(request, words), None
    except CommandFailed as e:
        return None, _failed(request, e)
    finally:
        live.poke(request)


@router.post("/act/capture")
async def capture(request: Request) -> Response:
    """The capture box: a task (``add``), a note (``note``) or an appointment (``appt``), its
    words as that command takes them."""
    from starlette.concurrency import run_in_threadpool

    form = await request.form()
    if (refused := form_refusal(request, form)) is not None:
        return refused
    kind = str(form.get("kind") or "task")
    if kind not in KINDS:
        return _failed(request, CommandFailed(f"cannot capture a {kind!r}: a task, note or appt", 2))
    text = str(form.get("text") or "").strip()
    done, failed = await run_in_threadpool(_write, request, [*KINDS[kind], *split_words(text)])
    if failed:
        return failed
    if kind == "note":
        said = f"noted {done['id'][:7]} {done['text']}"
    elif kind == "appt":
        said = f"scheduled {done['handle']} {done['text']} {done['starts_at'][:16].replace('T', ' ')}"
    else:
        said = f"added {done['handle']} {done['text']}"
    return _back(request, form, said)


@router.post("/act/{verb}/{task}")
async def change(request: Request, verb: str, task: str) -> Response:
    from starlette.concurrency import run_in_threadpool

    form = await request.form()
    if (refused := form_refusal(request, form)) is not None:
        return refused
    if verb not in VERBS:
        return _failed(request, CommandFailed(f"no such change {verb!r}: {', '.join(VERBS)}", 2))
    changed, failed = await run_in_threadpool(_write, request, [verb, "--", task])
    return failed or _back(request, form, f"{VERBS[verb]} {changed['handle']} {changed['text']}")


@router.post("/act/edit/{task}")
async def edit(request: Request, task: str) -> Response:
    """``edit TASK WORDS``: the words as ``edit`` takes them (project:Home +tag due:fri priority:H), and a new text."""
    from starlette.concurrency import run_in_threadpool

    form = await request.form()
    if (refused := form_refusal(request, form)) is not None:
        return refused
    text = str(form.get("text") or "").strip()
    words = split_words(str(form.get("changes") or ""))
    edited, failed = await run_in_threadpool(_write, request, ["edit", *([f"--text={text}"] if text else []), task, *words])
    return failed or _back(request, form, f"edited {edited['handle']} {edited['text']}")


@router.get("/undo", response_class=HTMLResponse)
def undo_page(request: Request) -> Response:
    """What Undo would take back (``undo --dry-run``): the last command, when and where from it
    was recorded, and each change it reverts; its button undoes that command and no other."""
    try:
        preview, refusal = _ask(request, ["undo", "--dry-run"]), None
    except CommandFailed as e:
        preview, refusal = None, e.message
    back = _safe_target(request.query_params.get("next"))
    return _page(request, "undo.html", slider=False, title="Undo", preview=preview, refusal=refusal, back=back)


@router.post("/act/undo")
async def undo(request: Request) -> Response:
    """``undo``; with ``expect`` (the command the Undo page showed) only if that is still the last."""
    from starlette.concurrency import run_in_threadpool

    form = await request.form()
    if (refused := form_refusal(request, form)) is not None:
        return refused
    expect = str(form.get("expect") or "").strip()
    undone, failed = await run_in_threadpool(_write, request, ["undo", *([f"--expect={expect}"] if expect else [])])
    if failed:
        return failed
    return _back(request, form, f"undid {undone['undone']}: " + "; ".join(undone["reverted"]))
