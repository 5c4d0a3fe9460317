"""The verify command: is the ledger's history intact, and do its views agree with it?"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cli.options import json_option, session
from cli.output import emit_json, error_line

__all__ = ["verify"]


@click.command()
@click.option("--head", "head_only", is_flag=True, help="Only print the head link of the chain (keep it elsewhere, compare it later).")
@click.option("--no-views", is_flag=True, help="Skip comparing the views with a rebuild (faster on large ledgers).")
@click.option(
    "--expect", "expected", multiple=True, metavar="HEAD[@N]",
    help="A head kept outside the ledger (from verify --head): it must still be in the chain (at position N). "
    "Catches a history rewritten with every link recomputed, which the chain alone cannot.",
)
@click.option("--expect-file", "expect_files", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="A file of such heads, one a line (# comments).")
@json_option
def verify(head_only: bool, no_views: bool, expected: tuple[str, ...], expect_files: tuple[Path, ...]) -> None:
    """Walk the tamper-evident chain over every event and compare every view with a rebuild.
    Exits 1 when anything was altered, deleted, inserted or reordered, or a view disagrees."""
    from cli.session import MISSING_LEDGERS
    from engine.commands.verify import parse_pin, read_pins, verify_chain, verify_views
    from engine.storage.database import open_database

    s = session()
    if (missing := s.missing_ledger()) is not None:
        MISSING_LEDGERS.append(missing)
    pins = [parse_pin(text) for text in expected] + [pin for path in expect_files for pin in read_pins(path)]
    db = open_database(s.location, create=False)
    try:
        report = verify_chain(db, pins)
        if head_only:
            if s.json:
                emit_json({"head": report.head, "events": report.events, "position": report.position, "expect": report.pin})
            else:
                click.echo(report.head or "(empty ledger)")
            if report.finding is not None:
                error_line(report.finding.message, 1)
                sys.exit(1)
            return
        findings = [report.finding] if report.finding else []
        if not findings and not no_views:
            s.level(db)
            findings += verify_views(db, s.views())
    finally:
        db.close()
    if s.json:
        emit_json({"ok": not findings, "events": report.events, "head": report.head, "findings": [f.to_json() for f in findings]})
    elif findings:
        for f in findings:
            when = f" (recorded {f.recorded_at})" if f.recorded_at else ""
            click.echo(f"{f.kind}: {f.message}{when}")
    else:
        views = "views not compared (--no-views)" if no_views else "views agree"
        click.echo(f"ok: {report.events} events, chain intact, {views}; head {report.head}")
    if findings:
        sys.exit(1)
