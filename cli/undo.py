"""Ledger-wide commands of corrections, the read models and the file: undo, rebuild, compact."""

from __future__ import annotations

import time

import click

from cli.options import json_option, session
from cli.output import emit_json

__all__ = ["COMMANDS"]


@click.command()
@click.option("--dry-run", is_flag=True, help="Say what it would revert; record nothing.")
@click.option("--expect", metavar="ID", help="Only if the last command is still ID (the command_id a --dry-run gave); else nothing is undone.")
@json_option
def undo(dry_run: bool, expect: str | None) -> None:
    """Revert the last command that is not undone yet, with compensating events; says what it
    reverted. Both the command and its undo stay in the history."""
    from engine.rules.errors import NotFoundError

    s = session()
    if (missing := s.missing_ledger()) is not None:  # nothing to take back, and nothing to make
        raise NotFoundError(f"nothing to undo: no ledger at {missing} (it is made on the first write)")
    reversal = s.ledger().undo(dry_run=dry_run, expect=expect)
    if s.json:
        said = "would_undo" if dry_run else "undone"
        emit_json({said: reversal.summary, "reverted": reversal.lines, "command_id": reversal.command_id, "source": reversal.source})
        return
    click.echo(f"{'would undo' if dry_run else 'undid'} {reversal.summary}")
    for line in reversal.lines:
        click.echo(f"  {line}")


@click.command()
@json_option
def rebuild() -> None:
    """Drop every read model and fold the whole event stream into them again."""
    from engine.commands.verify import verify_chain
    from engine.rules.errors import LedgerError
    from engine.storage.database import open_database
    from projections.views.catchup import rebuild as refold

    s = session()
    db = open_database(s.location, create=False)
    s._opened.append(db)
    broken = verify_chain(db).finding  # views folded from events the chain does not vouch for would hide the damage
    if broken is not None:
        raise LedgerError(f"the ledger's chain is broken ({broken.message}); rebuild refused, the views were left as they were: run dayledger verify")
    started = time.perf_counter()
    events = refold(db)
    seconds = time.perf_counter() - started
    rate = events / seconds if seconds > 0 else 0.0
    if s.json:
        emit_json({"events": events, "seconds": round(seconds, 3), "events_per_second": round(rate)})
    else:
        click.echo(f"rebuilt the views from {events} events in {seconds:.2f} s ({rate:,.0f} events/s)")


@click.command()
@json_option
def compact() -> None:
    """Rewrite a SQLite ledger file compactly: 16 KiB pages, as new ledgers have (a rebuild is a
    quarter quicker than with 4 KiB), and free pages given back. The same events, chain and views;
    needs the ledger to itself."""
    from engine.storage.compact import compact as rewrite

    s = session()
    done = rewrite(s.location)
    if s.json:
        emit_json(
            {
                "ledger": str(done.path),
                "page_size_before": done.page_size_before,
                "page_size": done.page_size,
                "bytes_before": done.bytes_before,
                "bytes": done.bytes,
                "seconds": round(done.seconds, 3),
            }
        )
        return
    mib = 1024 * 1024
    click.echo(
        f"compacted {done.path}: pages {done.page_size_before // 1024} KiB -> {done.page_size // 1024} KiB, "
        f"{done.bytes_before / mib:.1f} MiB -> {done.bytes / mib:.1f} MiB in {done.seconds:.2f} s"
    )


COMMANDS = (undo, rebuild, compact)
