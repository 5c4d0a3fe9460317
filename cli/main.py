"""The ``dayledger`` command: parse, call the engine or a view, format. No rules live here."""

from __future__ import annotations

import gc
import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from cli.completion import with_completion
from cli.examples import with_examples
from cli.output import error_line, errors_as_json, shown_escaped
from cli.session import MISSING_LEDGERS, Session
from cli.suggest import SuggestingGroup
from cli.version import VERSION
from engine.rules.errors import DayledgerError
from engine.storage.failures import first_line, storage_errors, storage_failure

__all__ = ["cli", "load_all", "main"]

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


# Where each command lives: only the invoked command's module is imported (a read such as
# ``dayledger tasks`` would otherwise import every command's module, a twentieth of its time).
# ``tests/unit/test_cli_commands.py`` checks this against the modules' own command lists.
_PLACES: dict[str, tuple[str, str]] = {
    "add": ("cli.tasks", "add"),
    "done": ("cli.tasks", "done"),
    "reopen": ("cli.tasks", "reopen"),
    "cancel": ("cli.tasks", "cancel"),
    "start": ("cli.tasks", "start"),
    "stop": ("cli.tasks", "stop"),
    "edit": ("cli.tasks", "edit"),
    "tasks": ("cli.task_list", "list_tasks"),
    "show": ("cli.show", "show"),
    "info": ("cli.show", "info"),
    "note": ("cli.journal", "note"),
    "log": ("cli.journal", "log"),
    "export": ("cli.exchange", "export"),
    "restore": ("cli.exchange", "restore"),
    "appt": ("cli.appointments", "appt"),
    "routine": ("cli.routines", "routine"),
    "agenda": ("cli.agenda", "agenda"),
    "verify": ("cli.verify", "verify"),
    "init": ("cli.init", "init"),
    "demo": ("cli.demo", "demo"),
    "import": ("cli.importing", "import_"),
    "enrich": ("cli.enrich", "enrich"),
    "day": ("cli.views", "day"),
    "timeline": ("cli.views", "timeline"),
    "history": ("cli.views", "history"),
    "completed": ("cli.views", "completed"),
    "diff": ("cli.views", "diff_command"),
    "undo": ("cli.undo", "undo"),
    "rebuild": ("cli.undo", "rebuild"),
    "compact": ("cli.undo", "compact"),
    "report": ("cli.report", "report"),
    "serve": ("cli.serve", "serve"),
}


def _load(name: str) -> click.Command:
    """The command ``name``, importing only its module (and what it needs assembled)."""
    module, attribute = _PLACES[name]
    command: click.Command = getattr(importlib.import_module(module), attribute)
    if name == "report":
        from cli.report_schedule import COMMANDS as REPORT_SCHEDULE_COMMANDS

        assert isinstance(command, click.Group)
        for sub in REPORT_SCHEDULE_COMMANDS:
            command.add_command(sub)
    _with_when_words(command)
    with_examples(command, name)
    with_completion(command, name)
    return command


WHEN_WORDS = "WHEN: today, fri 17:00, tomorrow 9am, dec 24 3pm, 12/24, in 3 days, 1w, today+3d, now+2h, tonight, eod, eow (all: dayledger --help)."
"""The one-line cheat sheet of the date words, on every --at, --when and --due."""


def _with_when_words(command: click.Command) -> None:
    """Put the cheat sheet on the --at/--when/--due options of ``command`` and its subcommands,
    wherever they are declared, so every such option's help shows it once."""
    for param in command.params:
        if isinstance(param, click.Option) and param.name in ("at", "when", "due") and param.help and WHEN_WORDS not in param.help:
            param.help = f"{param.help} {WHEN_WORDS}"
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _with_when_words(sub)


class _ReaderGone(Exception):
    """Standard output's reader went away (``dayledger log | head -1``). Not an ``OSError``, so
    that click's own handling of a closed pipe (exit 1) never sees it: ``_run`` exits 0, quietly."""


class _LazyGroup(SuggestingGroup):
    """A group that imports a command's module when the command is asked for."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError as e:
            raise _ReaderGone from e

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = self.commands.get(cmd_name)
        if command is None and cmd_name in _PLACES:
            command = _load(cmd_name)
            self.add_command(command, cmd_name)
        return command

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.commands.keys() | _PLACES.keys())

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        if args and self.get_command(ctx, args[0]) is None:
            load_all(ctx)  # near names come from every command there is
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list of commands in ``--help``, from the table of their short help (``cli.help_page``)
        rather than from every command's module: ``tests/unit/test_help_page.py`` keeps the two equal."""
        from cli.help_page import SHORT_HELP

        rows = [(name, self.commands.get(name) or click.Command(name, help=SHORT_HELP[name])) for name in self.list_commands(ctx)]
        limit = formatter.width - 6 - max(len(name) for name, _ in rows)
        with formatter.section("Commands"):
            formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in rows if not command.hidden])


def load_all(ctx: click.Context | None = None) -> None:
    """Import every command (for help, suggestions and tests)."""
    for name in _PLACES:
        cli.get_command(ctx or click.Context(cli), name)


@click.group(cls=_LazyGroup, context_settings=CONTEXT)
@click.version_option(VERSION, prog_name="dayledger")
@click.option("--ledger", "ledger", metavar="LOCATION", help="SQLite file path or postgresql:// URL (default: $DAYLEDGER_LEDGER, else the user data folder).")
@click.option("--tz", metavar="ZONE", help="Time zone for reading and showing times (default: $DAYLEDGER_TZ, $TZ, else the system's).")
@click.option("--json", "as_json", is_flag=True, help="Answer in JSON.")
@click.option("--key-file", "key_file", metavar="FILE", help="Key file of an encrypted ledger (default: $DAYLEDGER_KEY_FILE, $DAYLEDGER_KEY, else the ledger's own key file).")
@click.option("--chain-key-file", "chain_key_file", metavar="FILE",
              help="Key file of a keyed chain: its links need the key to be recomputed (default: $DAYLEDGER_CHAIN_KEY_FILE, $DAYLEDGER_CHAIN_KEY).")
@click.option("--date-order", "date_order", type=click.Choice(["MDY", "DMY"], case_sensitive=False), default=None,
              help="How an all-numeric day such as 12/24 is read (default: $DAYLEDGER_DATE_ORDER, else MDY).")
@click.pass_context
def cli(ctx: click.Context, ledger: str | None, tz: str | None, as_json: bool, key_file: str | None, date_order: str | None,
        chain_key_file: str | None) -> None:
    """dayledger keeps every task, note and appointment as an immutable event.

    \b
    WHEN (--at, --due, --when, --from, --as-of...) is ISO 8601 or what people type:
      today, tomorrow 9am, fri 17:00, next mon, last tue, dec 24 3pm, 12/24 (--date-order),
      in 3 days, 2 weeks ago, 1w, +2d, today+3d, now+2h, tonight, this evening, eod, eow, eom,
      next week, next month, last week.
    A day without a time (friday, dec 24, today+3d) is that day, and its start (00:00) where a
    moment is needed: --due friday is due as Friday begins; say 'friday 17:00' or eod for a time.
    An appointment on a day without a time (appt X --when friday) is all day, that day everywhere.
    An amount (in a week, +3d, 1w) counts from now and keeps the time of day.
    """
    session = Session(ledger_option=ledger, tz_option=tz, json=as_json, key_file_option=key_file, date_order_option=date_order.upper() if date_order else None,
                      chain_key_file_option=chain_key_file)
    ctx.obj = session
    ctx.call_on_close(session.close)
    session.config  # noqa: B018  # a bad config file is refused before any command runs


def _not_text(arg: str) -> bool:
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


@contextmanager
def _progress_on_terminal() -> Iterator[None]:
    """Long folds (a rebuild, the first read after an upgrade changed a view) and long imports,
    exports and restores say how far they are on stderr when it is a terminal; scripts and pipes
    see nothing of it."""
    if not sys.stderr.isatty():
        yield
        return
    from cli.output import TerminalProgress, WorkProgress
    from engine.storage.progress import progress_to as work_progress_to
    from projections.views.catchup import progress_to

    progress, work = TerminalProgress(), WorkProgress()
    try:
        with progress_to(progress), work_progress_to(work):
            yield
    finally:
        progress.clear()  # an error's line starts at the left margin
        work.clear()


def _quiet_closed_pipe() -> None:
    """Point stdout at the null device, so that the flush at exit does not fail on the closed
    pipe again (Python's own advice), and stderr too: nothing more is worth saying."""
    import os

    for stream in (sys.stdout, sys.stderr):
        try:
            fd = stream.fileno()
        except (AttributeError, OSError, ValueError):  # replaced (in-process runs) or closed already
            continue
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)


def _out_of_memory() -> str:
    """What a MemoryError means. SQLCipher reports a page whose HMAC fails (a damaged file, or
    one changed by something without its key) as SQLITE_NOMEM, which Python raises as
    MemoryError; its module is loaded only when an encrypted ledger was opened."""
    if "engine.storage.encrypted_sqlite" in sys.modules:
        return ("the ledger database: a page of the encrypted ledger could not be decrypted (SQLCipher says 'out of memory'): "
                "the file is damaged, or was changed by something without its key; restore it from a backup (dayledger restore)")
    return "out of memory: the command needed more memory than the machine could give"


def main(argv: list[str] | None = None) -> Any:
    """Run the command line; user mistakes end with one line on stderr and a non-zero exit."""
    # What start-up made (modules, click's commands) lives to the end: out of the cycle
    # collector's sight, its passes over a command's own objects stay short (a tenth of
    # listing ten thousand tasks).
    gc.freeze()
    with shown_escaped():  # no text from the ledger reaches the terminal raw (cli.output)
        return _run(argv)


def _run(argv: list[str] | None) -> Any:
    args = argv if argv is not None else sys.argv[1:]
    wants_json = "--json" in (args[: args.index("--")] if "--" in args else args)
    errors_as_json(wants_json)
    MISSING_LEDGERS.clear()
    try:
        with _progress_on_terminal():
            result = cli.main(args=argv, prog_name="dayledger", standalone_mode=False)
            sys.stdout.flush()  # here, where a closed pipe is caught, not in the flush at exit
        for path in MISSING_LEDGERS:  # after the answer, so that the empty answer is not mistaken for an empty ledger
            click.echo(f"dayledger: no ledger at {path} (it is made on the first write)", err=True)
        return result
    except DayledgerError as e:
        error_line(str(e), e.exit_code)
        sys.exit(e.exit_code)
    except storage_errors() as e:  # locked past the timeout, disk full, read-only file
        error_line(f"the ledger database: {storage_failure(e) or first_line(e)}", 5)
        sys.exit(5)
    except click.exceptions.NoArgsIsHelpError as e:
        click.echo(e.ctx.get_help() if e.ctx else str(e), err=True)
        sys.exit(2)
    except click.ClickException as e:
        if wants_json:
            error_line(e.format_message(), e.exit_code)
        else:
            e.show()
        sys.exit(e.exit_code)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except click.Abort:
        click.echo("dayledger: interrupted", err=True)
        sys.exit(130)
    except (BrokenPipeError, _ReaderGone):  # the reader went away (``log --json | head``): stop quietly, exit 0
        _quiet_closed_pipe()
        sys.exit(0)
    except MemoryError:
        error_line(_out_of_memory(), 5)
        sys.exit(5)
    except UnicodeEncodeError as e:  # bytes that were not UTF-8 on the command line, used as text
        if "surrogates" not in str(e):
            raise
        bad = next((a for a in (argv if argv is not None else sys.argv[1:]) if _not_text(a)), None)
        what = f"the argument {bad!r}" if bad is not None else "some input"
        error_line(f"{what} holds bytes that are not UTF-8 text; is the terminal set to another encoding?", 2)
        sys.exit(2)
    except OSError as e:  # a full disk, a read-only ledger, a vanished folder
        named = f"{e.filename}: {e.strerror}" if e.filename and e.strerror else None  # where, when the system said
        error_line(f"{storage_failure(e) or named or e.strerror or e}", 5)
        sys.exit(5)
