"""Writing answers: JSON for scripts, aligned tables for people, colour only on a terminal."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from engine.rules.errors import DayledgerError

R = TypeVar("R")

__all__ = ["TerminalProgress", "age", "age_of", "columns_table", "each_file", "emit_json", "fail_on", "page", "short_time", "styled", "table"]


def emit_json(value: Any) -> None:
    """Print ``value`` as JSON (UTF-8, indented)."""
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def emit_json_list(items: Iterable[Any]) -> None:
    """Print the JSON list of ``items`` as ``emit_json`` would, item by item as they come: a list
    of millions of events is never built, in memory or as one string."""
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
    import os

    if not sys.stdout.isatty() or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    from cli.session import Session

    ctx = click.get_current_context(silent=True)
    session = ctx.find_object(Session) if ctx is not None else None
    return session is None or session.config.colour != "never"


def styled(text: str, **style: Any) -> str:
    """``text`` with colour or weight when writing to a terminal, plain otherwise."""
    return click.style(text, **style) if _tty() else text


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
            cells[i] = click.style(cells[i], **style)
        lines.append((indent + "  ".join(cells)).rstrip())
    return "\n".join(lines)


def columns_table(columns: Sequence[Sequence[str]], *, indent: str = "", styles: dict[int, dict[str, Any]] | None = None) -> str:
    """``table`` of rows given column by column (all of equal length): the same text, made
    without a list per row (lists of thousands of tasks)."""
    if not columns or not columns[0]:
        return ""
    if styles and _tty():
        return table(list(zip(*columns)), indent=indent, styles=styles)
    widths = [max(map(len, column)) for column in columns[:-1]]
    line = indent.replace("%", "%%") + "".join(f"%-{w}s  " for w in widths) + "%s"  # % formats faster than str.format
    return "\n".join(map(str.rstrip, map(line.__mod__, zip(*columns))))


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


def short_time(moment: datetime | None, reference: datetime) -> str:
    """A local time shown as briefly as is clear: ``14:30`` today, ``2026-04-28 09:00`` otherwise."""
    if moment is None:
        return ""
    if moment.date() == reference.date():
        return moment.strftime("%H:%M") if (moment.hour, moment.minute) != (0, 0) else "today"
    if (moment.hour, moment.minute) == (0, 0):
        return moment.strftime("%Y-%m-%d")
    return moment.strftime("%Y-%m-%d %H:%M")


def each_file(paths: Sequence[str], run: Callable[[str], R]) -> tuple[list[R], list[DayledgerError]]:
    """Run an import on each file, keeping going past a file that fails: (reports, errors)."""
    from engine.rules.errors import DayledgerError

    reports: list[R] = []
    errors: list[DayledgerError] = []
    for path in paths:
        try:
            reports.append(run(path))
        except DayledgerError as e:
            errors.append(e)
    return reports, errors


def fail_on(errors: Sequence[DayledgerError]) -> None:
    """One line on stderr per error, then the exit code of the worst."""
    for e in errors:
        click.echo(f"dayledger: error: {e}", err=True)
    if errors:
        raise click.exceptions.Exit(max(e.exit_code for e in errors))


class TerminalProgress:
    """How far a long fold is, as one line on stderr redrawn at most five times a second and
    cleared when it is done (or stopped); for a terminal only."""

    def __init__(self) -> None:
        self._shown = False
        self._last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if done >= total:
            self.clear()
            return
        now = time.monotonic()
        if now - self._last < 0.2:
            return
        self._last = now
        sys.stderr.write(f"\rdayledger: bringing the views up to date: {done:,} of {total:,} events ({done * 100 // total}%)")
        sys.stderr.flush()
        self._shown = True

    def clear(self) -> None:
        if self._shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self._shown = False


def page(text: str) -> None:
    """Print ``text``; on a terminal through the pager, as git does: ``$PAGER``, else ``less``
    with ``LESS=FRX`` (one screen is just printed, colours pass, the screen is left as it was).
    Piped or redirected, never. ``PAGER=cat`` (or empty) turns it off; a pager that cannot be
    found is one line naming it."""
    import os
    import shlex
    import shutil

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
        pager.stdin.write(text.encode("utf-8", "replace"))
        pager.stdin.close()
    except BrokenPipeError:  # the user quit the pager before the end
        pass
    pager.wait()
