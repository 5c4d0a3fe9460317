"""The ``dayledger`` command: parse, call the engine or a view, format. No rules live here."""

from __future__ import annotations

import gc
import sys
from typing import Any

import click

from cli.session import Session
from engine.errors import DayledgerError
from engine.failures import storage_errors, storage_failure

__all__ = ["cli", "main"]

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="dayledger", prog_name="dayledger")
@click.option("--ledger", "ledger", metavar="LOCATION", help="SQLite file path or postgresql:// URL (default: $DAYLEDGER_LEDGER, else the user data folder).")
@click.option("--tz", metavar="ZONE", help="Time zone for reading and showing times (default: $DAYLEDGER_TZ, $TZ, else the system's).")
@click.option("--json", "as_json", is_flag=True, help="Answer in JSON.")
@click.option("--key-file", "key_file", metavar="FILE", help="Key file of an encrypted ledger (default: $DAYLEDGER_KEY_FILE, $DAYLEDGER_KEY, else the ledger's own key file).")
@click.pass_context
def cli(ctx: click.Context, ledger: str | None, tz: str | None, as_json: bool, key_file: str | None) -> None:
    """dayledger keeps every task, note and appointment as an immutable event."""
    session = Session(ledger_option=ledger, tz_option=tz, json=as_json, key_file_option=key_file)
    ctx.obj = session
    ctx.call_on_close(session.close)


def _register() -> None:
    from cli import agenda, appointments, exchange, journal, routines, tasks

    for module in (tasks, journal, exchange):
        for command in module.COMMANDS:
            cli.add_command(command)
    cli.add_command(appointments.appt)
    cli.add_command(routines.routine)
    cli.add_command(agenda.agenda)
    from cli.verify import verify

    cli.add_command(verify)
    from cli.init import init

    cli.add_command(init)
    from cli import importing, wordpress

    cli.add_command(wordpress.with_sources(importing.import_))
    from cli import enrich

    cli.add_command(enrich.enrich)
    from cli import undo, views

    for command in (*views.COMMANDS, *undo.COMMANDS):
        cli.add_command(command)
    from cli.report import report

    cli.add_command(report)
    from cli.report_schedule import COMMANDS as REPORT_SCHEDULE_COMMANDS

    for command in REPORT_SCHEDULE_COMMANDS:
        report.add_command(command)


_register()


def _not_text(arg: str) -> bool:
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def main(argv: list[str] | None = None) -> Any:
    """Run the command line; user mistakes end with one line on stderr and a non-zero exit."""
    # What start-up made (modules, click's commands) lives to the end: out of the cycle
    # collector's sight, its passes over a command's own objects stay short (a tenth of
    # listing ten thousand tasks).
    gc.freeze()
    try:
        return cli.main(args=argv, prog_name="dayledger", standalone_mode=False)
    except DayledgerError as e:
        click.echo(f"dayledger: error: {e}", err=True)
        sys.exit(e.exit_code)
    except storage_errors() as e:  # locked past the timeout, disk full, read-only file
        click.echo(f"dayledger: error: the ledger database: {storage_failure(e) or e}", err=True)
        sys.exit(5)
    except click.exceptions.NoArgsIsHelpError as e:
        click.echo(e.ctx.get_help() if e.ctx else str(e), err=True)
        sys.exit(2)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except click.Abort:
        click.echo("dayledger: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    except UnicodeEncodeError as e:  # bytes that were not UTF-8 on the command line, used as text
        if "surrogates" not in str(e):
            raise
        bad = next((a for a in (argv if argv is not None else sys.argv[1:]) if _not_text(a)), None)
        what = f"the argument {bad!r}" if bad is not None else "some input"
        click.echo(f"dayledger: error: {what} holds bytes that are not UTF-8 text; is the terminal set to another encoding?", err=True)
        sys.exit(2)
    except OSError as e:  # a full disk, a read-only ledger, a vanished folder
        click.echo(f"dayledger: error: {storage_failure(e) or e.strerror or e}", err=True)
        sys.exit(5)
