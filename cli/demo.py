"""The demo command: the example week in a ledger of its own, so a first run leaves the user's ledger empty."""

from __future__ import annotations

from importlib.resources import as_file, files

import click

from cli.options import json_option, session
from cli.output import emit_json
from cli.session import Session

__all__ = ["demo"]


@click.command()
@click.option("--fresh", is_flag=True, help="Start the demo ledger again: delete it (only it) and import the example week anew.")
@click.option("--where", is_flag=True, help="Only print where the demo ledger is (for: export DAYLEDGER_LEDGER=...); write nothing.")
@json_option
def demo(fresh: bool, where: bool) -> None:
    """Import the example week (Mon 2026-04-20 to Fri 2026-04-24) into a demo ledger of its own,
    say where it is, and list its open tasks. Your own ledger is never touched: the demo is
    dayledger/demo.sqlite in your data folder. Run again, it records nothing twice."""
    from engine.rules.errors import InvalidInputError
    from engine.storage.location import demo_ledger_path, remove_sqlite_files

    s = session()
    path = demo_ledger_path()
    if s.ledger_option and s.ledger_option != str(path):
        raise InvalidInputError(f"demo keeps its own ledger ({path}) and never writes another; leave out --ledger")
    if where:
        click.echo(str(path))
        return
    if fresh:
        remove_sqlite_files(path)
    demo_session = Session(ledger_option=str(path), tz_option=s.tz_option, json=s.json)
    try:
        _import_and_list(demo_session, path)
    finally:
        demo_session.close()


def _import_and_list(demo_session: Session, path: object) -> None:
    """Import the packaged example week into the demo ledger, then say where it is and list its tasks."""
    from cli.import_report import import_report_json, print_import_report
    from cli.task_list import list_tasks
    from engine.importers.notes.recording import ImportOptions, import_notes

    with as_file(files("cli") / "example_week") as folder:
        report = import_notes(demo_session.location, [str(folder)], ImportOptions(tz=demo_session.tz), views=demo_session.views())
    for failed in report.failed:  # the packaged notes always import; a failure is a broken install
        click.echo(f"dayledger: error: {failed.error}", err=True)
    if report.failed:
        raise click.exceptions.Exit(max(r.exit_code for r in report.failed))
    if demo_session.json:
        emit_json({"ledger": str(path), "import": import_report_json(report, False)})
        return
    print_import_report(report, False)
    click.echo(
        f"\nThe demo ledger: {path} (your own ledger is untouched).\n"
        f"Use it with --ledger {path}, or for this shell: export DAYLEDGER_LEDGER={path}\n"
        "(unset DAYLEDGER_LEDGER to go back to your own). Its open tasks:\n"
    )
    with click.Context(list_tasks, obj=demo_session) as ctx:
        ctx.invoke(list_tasks)


COMMANDS = (demo,)
