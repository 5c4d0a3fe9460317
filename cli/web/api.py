"""The HTTP JSON API: the command line's reads and writes, with its ``--json`` answers.

Each endpoint turns its parameters into the words of one command (``cli.web.commands``) and
answers with that command's JSON. A refusal is ``{"error": LINE, "exit_code": N}`` with the
HTTP status of the command line's exit code (``STATUS``).
"""

from __future__ import annotations

import shlex
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from cli.web.commands import CommandFailed, Runner

__all__ = ["STATUS", "answer", "router", "split_words", "task_filter_words"]

STATUS = {2: 400, 3: 404, 4: 409, 5: 503, 6: 503, 7: 502}
"""Exit code -> HTTP status: 2 input we cannot read, 3 nothing or several things match, 4 a rule
of the ledger, 5 the ledger cannot be used, 6 writers kept conflicting, 7 a web service failed."""

router = APIRouter(prefix="/api")

WHEN = "Any WHEN the command line takes: 2026-04-22, 'yesterday 17:00', 'tue 9am', '3 days ago'."
AsOf = Annotated[str | None, Query(description=f"As it was at this moment of your life (--as-of). {WHEN}")]
KnownAt = Annotated[str | None, Query(description=f"As the ledger knew it at this moment (--known-at). {WHEN}")]
Many = Annotated[list[str], Query()]


class Refusal(BaseModel):
    error: str = Field(description="The command line's one-line error.")
    exit_code: int = Field(description="The command line's exit code for it.")


REFUSALS: dict[int | str, dict[str, Any]] = {s: {"model": Refusal} for s in (400, 404, 409, 503)}


def runner_of(request: Request) -> Runner:
    return request.app.state.runner  # type: ignore[no-any-return]


def answer(request: Request, words: list[str], status: int = 200) -> JSONResponse:
    """The JSON of ``dayledger WORDS --json``, or its refusal."""
    try:
        return Response(runner_of(request).run_json(words), status_code=status, media_type="application/json")
    except CommandFailed as e:
        return JSONResponse({"error": e.message, "exit_code": e.exit_code}, status_code=STATUS.get(e.exit_code, 500))
    finally:
        if request.method != "GET":
            from cli.web.live import poke

            poke(request)  # open pages learn of the write at once


def split_words(text: str) -> list[str]:
    """Words as a shell splits them (``due:"fri 17:00"`` is one), or at spaces when a lone quote
    (``mom's``) leaves the shell's way unreadable."""
    try:
        return shlex.split(text)
    except ValueError:
        return text.split()


def _options(**given: Any) -> list[str]:
    """``--name=value`` for each given option (a list: one per value; True: the flag alone)."""
    out: list[str] = []
    for name, value in given.items():
        flag = "--" + name.replace("_", "-")
        if value is True:
            out.append(flag)
        elif isinstance(value, list | tuple):
            out += [f"{flag}={v}" for v in value]
        elif value is not None and value is not False:
            out.append(f"{flag}={value}")
    return out


def task_filter_words(
    *, filter: str | None = None, project: list[str] = (), tag: list[str] = (), not_tag: list[str] = (),  # type: ignore[assignment]
    search: list[str] = (), due_before: str | None = None, due_after: str | None = None,  # type: ignore[assignment]
    overdue: bool = False, priority: list[str] = (),  # type: ignore[assignment]
) -> list[str]:
    """The filter options and words of ``tasks``/``agenda`` (``cli.filters``), as typed."""
    words = _options(project=project, tag=tag, not_tag=not_tag, search=search, due_before=due_before, due_after=due_after, overdue=overdue, priority=priority)
    return [*words, "--", *split_words(filter)] if filter else words


def _travel(as_of: str | None, known_at: str | None) -> list[str]:
    return _options(as_of=as_of, known_at=known_at)


@router.get("/tasks", responses=REFUSALS, summary="The task list (dayledger tasks --json)")
def tasks(
    request: Request,
    filter: Annotated[str | None, Query(description="FILTER words as typed: project:Home +bills due.before:fri /milk/")] = None,
    project: Many = [],  # noqa: B006  # FastAPI reads the default, never changes it
    tag: Many = [],  # noqa: B006
    not_tag: Many = [],  # noqa: B006
    search: Many = [],  # noqa: B006
    due_before: str | None = None,
    due_after: str | None = None,
    overdue: bool = False,
    priority: Many = [],  # noqa: B006
    status: Literal["open", "done", "cancelled", "all"] = "open",
    sort: Annotated[list[str], Query(description="due, priority, age, project or text; '-' before one for descending")] = [],  # noqa: B006
    no_routines: bool = False,
    limit: Annotated[int | None, Query(description="Only the first tasks of the list, in its order (--limit).")] = None,
    as_of: AsOf = None,
    known_at: KnownAt = None,
) -> JSONResponse:
    f = task_filter_words(filter=filter, project=project, tag=tag, not_tag=not_tag, search=search, due_before=due_before, due_after=due_after, overdue=overdue, priority=priority)
    return answer(request, ["tasks", f"--status={status}", *_options(sort=sort, no_routines=no_routines, limit=limit), *_travel(as_of, known_at), *f])


@router.get("/tasks/{task}", responses=REFUSALS, summary="One task in full (dayledger show --json)")
def show(request: Request, task: str, as_of: AsOf = None, known_at: KnownAt = None) -> JSONResponse:
    return answer(request, ["show", *_travel(as_of, known_at), "--", task])


@router.get("/agenda", responses=REFUSALS, summary="Day by day (dayledger agenda --json)")
def agenda(
    request: Request,
    days: int = 7,
    start: Annotated[str | None, Query(alias="from", description="First day (default: today).")] = None,
    filter: str | None = None,
    project: Many = [],  # noqa: B006
    tag: Many = [],  # noqa: B006
    as_of: AsOf = None,
    known_at: KnownAt = None,
) -> JSONResponse:
    f = task_filter_words(filter=filter, project=project, tag=tag)
    return answer(request, ["agenda", f"--days={days}", *_options(**{"from": start}), *_travel(as_of, known_at), *f])


@router.get("/day", responses=REFUSALS, summary="The daily summary (dayledger day --json)")
def day(request: Request, when: Annotated[str | None, Query(description=f"The day (default: today). {WHEN}")] = None, as_of: AsOf = None, known_at: KnownAt = None) -> JSONResponse:
    return answer(request, ["day", *_travel(as_of, known_at), *(["--", when] if when else [])])


@router.get("/timeline/{project}", responses=REFUSALS, summary="Everything that happened in a project (dayledger timeline --json)")
def timeline(
    request: Request,
    project: str,
    start: Annotated[str | None, Query(alias="from")] = None,
    to: str | None = None,
    as_of: AsOf = None,
    known_at: KnownAt = None,
) -> JSONResponse:
    return answer(request, ["timeline", *_options(**{"from": start, "to": to}), *_travel(as_of, known_at), "--", project])


@router.get("/report/{period}", responses=REFUSALS, summary="The weekly or monthly report (dayledger report week|month --json)")
def report(request: Request, period: Literal["week", "month"], which: Annotated[str | None, Query(description="WEEK or MONTH as the command takes it")] = None) -> JSONResponse:
    return answer(request, ["report", period, "--json", *(["--", which] if which else [])])


class Capture(BaseModel):
    """A task as ``add`` takes it: ``text`` holds the words (``Call mom project:Home +family due:fri``)."""

    text: str = Field(description="The words of `add`, attributes among them, as a shell would split them.")
    project: str | None = None
    tags: list[str] = []
    due: str | None = Field(default=None, description=WHEN)
    priority: Literal["H", "M", "L"] | None = None
    at: str | None = Field(default=None, description=f"When it was captured (default: now). {WHEN}")


class When(BaseModel):
    at: str | None = Field(default=None, description=f"When it happened (default: now). {WHEN}")


class Edit(BaseModel):
    """The changes of ``edit``: None leaves a field as it is, '-' removes a project, due date or priority."""

    text: str | None = None
    project: str | None = None
    due: str | None = None
    add_tags: list[str] = []
    remove_tags: list[str] = []
    priority: str | None = None
    at: str | None = None


@router.post("/tasks", status_code=201, responses=REFUSALS, summary="Capture a task (dayledger add --json)")
def capture(request: Request, body: Capture) -> JSONResponse:
    words = split_words(body.text)
    return answer(request, ["add", *_options(project=body.project, tag=body.tags, due=body.due, priority=body.priority, at=body.at), *words], status=201)


def _change(name: str) -> Any:
    def change(request: Request, task: str, body: Annotated[When | None, Body()] = None) -> JSONResponse:
        return answer(request, [name, *_options(at=body.at if body else None), "--", task])

    change.__name__ = name
    return change


for _name, _what in (
    ("done", "Mark a task done"), ("reopen", "Make a done or cancelled task open again"), ("cancel", "Drop a task without doing it"),
    ("start", "Start work on a task: it is active"), ("stop", "Stop work on an active task"),
):
    router.post(f"/tasks/{{task}}/{_name}", responses=REFUSALS, summary=f"{_what} (dayledger {_name} --json)")(_change(_name))


@router.patch("/tasks/{task}", responses=REFUSALS, summary="Change a task (dayledger edit --json)")
def edit(request: Request, task: str, body: Edit) -> JSONResponse:
    options = _options(text=body.text, project=body.project, due=body.due, tag=body.add_tags, untag=body.remove_tags, priority=body.priority, at=body.at)
    return answer(request, ["edit", *options, "--", task])


class Note(BaseModel):
    """A note as ``note`` takes it: ``text`` holds the words (``Talked to the plumber project:Home``)."""

    text: str = Field(description="The words of `note`, project:P among them, as a shell would split them.")
    project: str | None = None
    at: str | None = Field(default=None, description=f"When it happened (default: now). {WHEN}")


class Appointment(BaseModel):
    """An appointment as ``appt`` takes it: ``text`` holds the words (``Dentist when:"fri 10:00" duration:45m``)."""

    text: str = Field(description="The words of `appt`, when:, duration: and project: among them, as a shell would split them.")
    when: str | None = Field(default=None, description=f"When it starts (or when: among the words). {WHEN}")
    duration: str | None = Field(default=None, description="How long: 1h30m, 45m, 2h.")
    project: str | None = None
    cron: str | None = Field(default=None, description="Recurring: occurrences at these cron times from `when` on.")
    until: str | None = Field(default=None, description=f"Recurring: no occurrences from then on. {WHEN}")
    at: str | None = Field(default=None, description=f"When it was made (default: now). {WHEN}")


class Expect(BaseModel):
    expect: str | None = Field(default=None, description="Undo only if the last command is still this one (the command_id GET /api/undo gave).")


@router.post("/notes", status_code=201, responses=REFUSALS, summary="Record a note (dayledger note --json)")
def note(request: Request, body: Note) -> JSONResponse:
    return answer(request, ["note", *_options(project=body.project, at=body.at), *split_words(body.text)], status=201)


@router.post("/appointments", status_code=201, responses=REFUSALS, summary="Schedule an appointment (dayledger appt --json)")
def appointment(request: Request, body: Appointment) -> JSONResponse:
    options = _options(when=body.when, duration=body.duration, project=body.project, cron=body.cron, until=body.until, at=body.at)
    return answer(request, ["appt", "add", *options, *split_words(body.text)], status=201)


@router.get("/undo", responses=REFUSALS, summary="What undo would take back, recording nothing (dayledger undo --dry-run --json)")
def undo_preview(request: Request) -> JSONResponse:
    return answer(request, ["undo", "--dry-run"])


@router.post("/undo", responses=REFUSALS, summary="Take back the last command (dayledger undo --json)")
def undo(request: Request, body: Annotated[Expect | None, Body()] = None) -> JSONResponse:
    return answer(request, ["undo", *_options(expect=body.expect if body else None)])
