"""The verify command: is the ledger's history intact, and do its views agree with it?"""

from __future__ import annotations

import sys

import click

from cli.options import json_option, session
from cli.output import emit_json

__all__ = ["verify"]


@click.command()
@click.option("--head", "head_only", is_flag=True, help="Only print the head link of the chain (keep it elsewhere, compare it later).")
@click.option("--no-views", is_flag=True, help="Skip comparing the views with a rebuild (faster on large ledgers).")
@json_option
def verify(head_only: bool, no_views: bool) -> None:
    """Walk the tamper-evident chain over every event and compare every view with a rebuild.
    Exits 1 when anything was altered, deleted, inserted or reordered, or a view disagrees."""
    from cli.session import MISSING_LEDGERS
    from engine.commands.verify import verify_chain, verify_views
    from engine.storage.database import open_database

    s = session()
    if (missing := s.missing_ledger()) is not None:
        MISSING_LEDGERS.append(missing)
    db = open_database(s.location, create=False)
    try:
        report = verify_chain(db)
        if head_only:
            if s.json:
                emit_json({"head": report.head, "events": report.events})
            else:
                click.echo(report.head or "(empty ledger)")
            if report.finding is not None:
                click.echo(f"dayledger: error: {report.finding.message}", err=True)
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
