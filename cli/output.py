"""Writing answers: JSON for scripts, aligned tables for people, colour only on a terminal."""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from engine.rules.errors import DayledgerError

R = TypeVar("R")

__all__ = [
    "TerminalProgress",
    "WorkProgress",
    "age",
    "age_of",
    "captured_json",
    "columns_table",
    "each_file",
    "emit_export",
    "emit_json",
    "error_line",
    "errors_as_json",
    "fail_on",
    "moment_text",
    "page",
    "short_time",
    "shown_escaped",
    "styled",
    "table",
    "terminal_width",
    "unescaped",
    "visible",
]

# Characters a terminal obeys rather than shows: C0 controls but tab and newline (ESC starts colour,
# cursor, title (OSC 0) and link (OSC 8) sequences; CR and BS overwrite what was shown), DEL, C1
# controls (0x9b is a CSI on its own), and the bidi marks, embeddings, overrides and isolates that
# reorder the text around them (U+202E shows "gnp.exe" for "exe.png").
_UNSAFE = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
_UNSAFE_CHAR = re.compile(_UNSAFE)
_OURS = "\x00"  # what our own colour sequences start with until written (styled): ledger text never holds a NUL
_WRITTEN = re.compile(f"{_OURS}(\\[[0-9;]*m)|{_UNSAFE}")


def _escape(char: str) -> str:
    return f"\\u{ord(char):04x}"  # as JSON writes it: inside a JSON string it reads back as the character


def visible(text: str) -> str:
    """``text`` with every character a terminal would obey shown as ``\\uXXXX`` instead."""
    return _UNSAFE_CHAR.sub(lambda m: _escape(m.group()), text) if _UNSAFE_CHAR.search(text) else text


def _as_written(text: str) -> str:
    if not _UNSAFE_CHAR.search(text):  # a character class alone: a third of the alternation's time (3 MB of JSON: 10 ms)
        return text
    return _WRITTEN.sub(lambda m: "\x1b" + m.group(1) if m.group(1) else _escape(m.group()), text)


class _Escaping:
    """A text stream that writes what it is given with ``_as_written``: no text from the ledger
    or an import reaches the terminal, a pager or a file raw. JSON stays exact: its strings
    never hold a C0 control (json escapes them), and the other characters become their own
    JSON escapes. Bytes (exports to standard output) go to the stream's buffer untouched."""

    def __init__(self, raw: IO[str]) -> None:
        self.raw = raw

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self.raw.write(_as_written(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


@contextmanager
def shown_escaped() -> Iterator[None]:
    """Meanwhile, standard output and error escape what a terminal would obey (``_Escaping``)."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Escaping(sys.stdout), _Escaping(sys.stderr)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def unescaped(stream: IO[str]) -> IO[str]:
    """The stream under ``shown_escaped``'s: for what draws on the terminal itself (progress)."""
    return getattr(stream, "raw", stream) if isinstance(stream, _Escaping) else stream


def _ours(styled_text: str) -> str:
    """Our own colour sequences, marked to pass ``_Escaping`` (the text inside is made visible first)."""
    return styled_text.replace("\x1b[", _OURS + "[")


_CAPTURED: ContextVar[list[Any] | None] = ContextVar("dayledger_captured_json", default=None)


@contextmanager
def captured_json() -> Iterator[list[Any]]:
    """Keep what ``emit_json`` would print, as values, instead of printing it: the web server
    (``cli.web``) runs the very commands the terminal runs and answers with their JSON."""
    kept: list[Any] = []
    token = _CAPTURED.set(kept)
    try:
        yield kept
    finally:
        _CAPTURED.reset(token)


def emit_export(data: bytes) -> None:
    """An export written to standard output (no ``--out``): into a pipe or a file, the format's
    own bytes, exactly; on a terminal a person reads it, and what a terminal would obey is shown
    escaped as in every other answer (``visible``; CRLF line ends, iCalendar's, are kept)."""
    if not sys.stdout.isatty():
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    text = data.decode("utf-8", "replace")
    shown = unescaped(sys.stdout)
    shown.write("\r\n".join(visible(part) for part in text.split("\r\n")))
    shown.flush()


def emit_json(value: Any) -> None:
    """Print ``value`` as JSON (UTF-8, indented)."""
    if (kept := _CAPTURED.get()) is not None:
        kept.append(value)
        return
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def emit_json_list(items: Iterable[Any]) -> None:
    """Print the JSON list of ``items`` as ``emit_json`` would, item by item as they come: a list
    of millions of events is never built, in memory or as one string."""
    if (kept := _CAPTURED.get()) is not None:
        kept.append(list(items))
        return
    first = True
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  ")  # strings hold no raw newline
        click.echo(("[\n  " if first else ",\n  ") + text, nl=False)
        first = False
    click.echo("[]" if first else "\n]")


def _tty() -> bool:
    """Whether to colour: on a terminal, unless ``NO_COLOR`` is set (https://no-color.org: to
    anything not empty), the terminal says it cannot (``TERM=dumb``) or the config file says
    ``colour = "never"``."""
    if not sys.stdout.isatty() or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    from cli.session import Session

    ctx = click.get_current_context(silent=True)
    session = ctx.find_object(Session) if ctx is not None else None
    return session is None or session.config.colour != "never"


def styled(text: str, **style: Any) -> str:
    """``text`` with colour or weight when writing to a terminal, plain otherwise."""
    return _ours(click.style(visible(text), **style)) if _tty() else text


def table(rows: Sequence[Sequence[str]], *, indent: str = "", styles: dict[int, dict[str, Any]] | None = None) -> str:
    """Rows of plain text as left-aligned columns; ``styles`` colours whole columns on a terminal.
    The last column is not padded."""
    if not rows:
        return ""
    ncols = len(rows[0])
    widths = [max(map(len, column)) for column in list(zip(*rows))[: ncols - 1]]
    paint = {i: style for i, style in (styles or {}).items()} if _tty() else {}
    if not paint:  # one format per row: thousands of rows are common
        line = indent + "".join(f"{{:<{w}}}  " for w in widths) + "{}"
        return "\n".join(line.format(*row).rstrip() for row in rows)
    lines = []
    for row in rows:
        cells = [row[i].ljust(widths[i]) for i in range(ncols - 1)] + [row[-1]]
        for i, style in paint.items():
            cells[i] = _ours(click.style(visible(cells[i]), **style))
        lines.append((indent + "  ".join(cells)).rstrip())
    return "\n".join(lines)


def columns_table(
    columns: Sequence[Sequence[str]],
    *,
    indent: str = "",
    styles: dict[int, dict[str, Any]] | None = None,
    wrap_to: int | None = None,
) -> str:
    """``table`` of rows given column by column (all of equal length): the same text, made
    without a list per row (lists of thousands of tasks). With ``wrap_to`` (a terminal's width)
    the last column's long texts wrap inside their column, their further lines indented under it."""
    if not columns or not columns[0]:
        return ""
    if wrap_to is not None:
        columns = [*columns[:-1], _wrapped_column(columns, indent, wrap_to)]
    if styles and _tty():
        return table(list(zip(*columns)), indent=indent, styles=styles)
    widths = [max(map(len, column)) for column in columns[:-1]]
    line = indent.replace("%", "%%") + "".join(f"%-{w}s  " for w in widths) + "%s"  # % formats faster than str.format
    return "\n".join(map(str.rstrip, map(line.__mod__, zip(*columns))))


_NARROWEST_TEXT = 20  # a text column narrower than this is harder to read than lines the terminal wraps itself


def _wrapped_column(columns: Sequence[Sequence[str]], indent: str, width: int) -> Sequence[str]:
    """The last of ``columns`` with each text wrapped to the room the columns before it leave
    (when that is too narrow to read, as it was: the terminal wraps them)."""
    from cli.widths import display_width, wrapped

    start = len(indent) + sum(max(map(len, column)) + 2 for column in columns[:-1])
    room = width - start
    texts = columns[-1]
    if room < _NARROWEST_TEXT or all(len(t) <= room for t in texts) and all(display_width(t) <= room for t in texts if not t.isascii()):
        return texts  # the usual case: nothing to wrap, nothing copied
    under = "\n" + " " * start
    return [under.join(wrapped(t, room)) for t in texts]


def terminal_width() -> int | None:
    """The width to wrap answers to: the terminal's (``COLUMNS`` overrides it, as for any
    program), or None when standard output is no terminal (scripts read the unwrapped lines)."""
    if not sys.stdout.isatty():
        return None
    import shutil

    return shutil.get_terminal_size().columns


def age(since: datetime, until: datetime) -> str:
    """How long ago, briefly: ``5m``, ``3h``, ``4d``, ``6w``."""
    return age_of(int((until - since).total_seconds()))


def age_of(seconds: int) -> str:
    """``age`` of a time ``seconds`` (whole seconds) ago."""
    if seconds < 3600:
        return f"{max(0, seconds) // 60}m"
    if seconds < 86400:
        return f"{seconds // 3600}h"
    days = seconds // 86400
    return f"{days}d" if days < 70 else f"{days // 7}w"


def moment_text(moment: datetime) -> str:
    """A local time in the one format every view uses: ``Fri 2026-12-11 17:00``, or
    ``Fri 2026-12-11`` for a day without an hour (midnight)."""
    return moment.strftime("%a %Y-%m-%d" if (moment.hour, moment.minute) == (0, 0) else "%a %Y-%m-%d %H:%M")


def short_time(moment: datetime | None, reference: datetime) -> str:
    """A local time shown as briefly as is clear: ``14:30`` today, ``Tue 2026-04-28 09:00``
    (``moment_text``) otherwise."""
    if moment is None:
        return ""
    if moment.date() == reference.date():
        return moment.strftime("%H:%M") if (moment.hour, moment.minute) != (0, 0) else "today"
    return moment_text(moment)


def short_due(due: datetime | date | None, reference: datetime) -> str:
    """A due date as briefly as is clear: a moment as ``short_time`` says it, a day (a date
    without a time) as ``today`` or ``Fri 2026-12-11``, the same in every zone."""
    if due is None or isinstance(due, datetime):
        return short_time(due, reference)
    return "today" if due == reference.date() else due.strftime("%a %Y-%m-%d")


def each_file(paths: Sequence[str], run: Callable[[str], R]) -> tuple[list[R], list[DayledgerError]]:
    """Run an import on each file, keeping going past a file that fails: (reports, errors).
    Tells how far it is (files done, events recorded: a report's ``events`` unless a dry run)."""
    from engine.rules.errors import DayledgerError
    from engine.storage.progress import tell

    reports: list[R] = []
    errors: list[DayledgerError] = []
    recorded = 0
    for done, path in enumerate(paths):
        tell("importing", done, len(paths), "files", recorded)
        try:
            report = run(path)
        except DayledgerError as e:
            errors.append(e)
            continue
        reports.append(report)
        if not getattr(report, "dry_run", False):
            recorded += getattr(report, "events", 0)
    tell("importing", len(paths), len(paths), "files", recorded)
    return reports, errors


_errors_as_json = False  # set by cli.main from the command line: --json anywhere before "--"


def errors_as_json(on: bool) -> None:
    """Whether ``error_line`` writes JSON (the command line asked for --json)."""
    global _errors_as_json
    _errors_as_json = on


def error_line(message: str, exit_code: int) -> None:
    """One error on stderr: ``dayledger: error: MESSAGE``, or with --json one JSON object,
    ``{"error": MESSAGE, "exit_code": N}``, that a script can read as it reads the answers."""
    if _errors_as_json:
        click.echo(json.dumps({"error": message, "exit_code": exit_code}, ensure_ascii=False), err=True)
    else:
        click.echo(f"dayledger: error: {message}", err=True)


def fail_on(errors: Sequence[DayledgerError]) -> None:
    """One line on stderr per error, then the exit code of the worst."""
    for e in errors:
        error_line(str(e), e.exit_code)
    if errors:
        raise click.exceptions.Exit(max(e.exit_code for e in errors))


class _ProgressLine:
    """One line on stderr (a terminal's) saying how far something is: redrawn at most five times
    a second, cleared when the work is done (or stopped)."""

    def __init__(self) -> None:
        self._shown = False
        self._last = 0.0

    def _draw(self, line: str, *, hold: bool = False) -> None:
        """Show ``line`` unless one was shown less than a fifth of a second ago (or ``hold``)."""
        now = time.monotonic()
        if hold or now - self._last < 0.2:
            return
        self._last = now
        err = unescaped(sys.stderr)
        err.write(f"\r{line}\x1b[K")
        err.flush()
        self._shown = True

    def clear(self) -> None:
        if self._shown:
            err = unescaped(sys.stderr)
            err.write("\r\x1b[K")
            err.flush()
            self._shown = False


class TerminalProgress(_ProgressLine):
    """How far a long fold is (``projections.views.catchup`` tells it); for a terminal only."""

    def __call__(self, done: int, total: int) -> None:
        if done >= total:
            self.clear()
            return
        self._draw(f"dayledger: bringing the views up to date: {done:,} of {total:,} events ({done * 100 // total}%)")


class WorkProgress(_ProgressLine):
    """How far an import, export or restore is (``engine.storage.progress`` tells it): nothing for
    work done within ``SHOW_AFTER`` seconds of the command's start; for a terminal only.
    ``importing: 120 of 3,650 notes, 2,210 events recorded``. ``DAYLEDGER_PROGRESS_AFTER``
    (seconds) sets how long before it shows."""

    SHOW_AFTER = 1.0  # seconds: quicker work is over before a line would help

    def __init__(self) -> None:
        super().__init__()
        self._start = time.monotonic()
        self._after = self.SHOW_AFTER
        setting = os.environ.get("DAYLEDGER_PROGRESS_AFTER")
        if setting is not None:
            try:
                self._after = float(setting)
            except ValueError:
                self._after = -1.0
            if not 0 <= self._after < float("inf"):
                from engine.rules.errors import InvalidInputError

                raise InvalidInputError(f"DAYLEDGER_PROGRESS_AFTER={setting!r}: give the seconds before progress shows, e.g. 1 or 0.5")

    def __call__(self, step: Any) -> None:  # an engine.storage.progress.Step
        if step.total is not None and step.done >= step.total:
            self.clear()
            return
        line = f"{step.done:,} of {step.total:,} {step.unit}" if step.total is not None else f"{step.done:,} {step.unit}"
        if step.recorded is not None:
            line += f", {step.recorded:,} events {'written' if step.what.startswith('export') else 'recorded'}"
        self._draw(f"dayledger: {step.what}: {line}", hold=time.monotonic() - self._start < self._after)


def page(text: str) -> None:
    """Print ``text``; on a terminal through the pager, as git does: ``$PAGER``, else ``less``
    with ``LESS=FRX`` (one screen is just printed, colours pass, the screen is left as it was).
    Piped or redirected, never. ``PAGER=cat`` (or empty) turns it off; a pager that cannot be
    found is one line naming it."""
    import os
    import shlex
    import shutil

    if (kept := _CAPTURED.get()) is not None:
        kept.append(text)
        return
    if not sys.stdout.isatty():
        click.echo(text, nl=False)
        return
    command = os.environ.get("PAGER")
    if command is None:
        command = "less" if shutil.which("less") else ""
    argv = shlex.split(command)
    if not argv or argv == ["cat"]:
        click.echo(text, nl=False)
        return
    if shutil.which(argv[0]) is None:
        from engine.rules.errors import InvalidInputError

        raise InvalidInputError(f"the pager {command!r} (from $PAGER) cannot be found; set PAGER to another, or to cat for none")
    import subprocess

    sys.stdout.flush()
    pager = subprocess.Popen(argv, stdin=subprocess.PIPE, env={**os.environ, "LESS": os.environ.get("LESS", "FRX")})
    assert pager.stdin is not None
    try:
        pager.stdin.write(_as_written(text).encode("utf-8", "replace"))  # as _Escaping would: our colours, no raw controls
        pager.stdin.close()
    except BrokenPipeError:  # the user quit the pager before the end
        pass
    pager.wait()
