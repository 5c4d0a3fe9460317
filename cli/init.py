"""The init command: make a new ledger, plain or encrypted."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from cli.options import json_option, session
from cli.output import emit_json

if TYPE_CHECKING:
    from engine.storage.new_ledger import NewLedger

__all__ = ["init"]


@click.command()
@click.option("--encrypt", is_flag=True, help="Encrypt the whole ledger file (SQLCipher) with a key; SQLite ledgers only.")
@click.option(
    "--key-file",
    "key_file",
    metavar="FILE",
    help="The key file to use, made with a new random key if it does not exist (implies --encrypt).",
)
@click.option(
    "--chain-key-file",
    "chain_key_file",
    metavar="FILE",
    help="Key the ledger's chain with the key in FILE (made with a new random key if it does not exist): "
    "its links cannot be recomputed without it. Both backends.",
)
@json_option
def init(encrypt: bool, key_file: str | None, chain_key_file: str | None) -> None:
    """Make a new ledger (an existing one is refused). With --encrypt, every byte it writes is
    encrypted; the key is made in a key file readable by you only, unless you give one."""
    from engine.storage.location import parse_location
    from engine.storage.new_ledger import init_ledger

    s = session()
    made = init_ledger(parse_location(s.ledger_option), encrypt=encrypt, key_file=key_file or s.key_file_option,
                       chain_key_file=chain_key_file or s.chain_key_file_option)
    if s.json:
        emit_json(
            {
                "ledger": made.ledger,
                "encrypted": made.encrypted,
                "key": made.key_origin,
                "key_file": str(made.key_file) if made.key_file else None,
                "key_file_created": made.key_file_created,
                "chain_key": made.chain_key_origin,
                "chain_key_file": str(made.chain_key_file) if made.chain_key_file else None,
                "chain_key_file_created": made.chain_key_file_created,
            }
        )
        return
    if not made.encrypted:
        click.echo(f"created ledger {made.ledger} (not encrypted)")
        _say_chain_key(made)
        return
    click.echo(f"created encrypted ledger {made.ledger}")
    if made.key_file is not None:
        state = "a new random key, readable by you only" if made.key_file_created else "the key already in it"
        click.echo(f"key file: {made.key_file} ({state})")
    else:
        click.echo(f"key: {made.key_origin}")
    _say_chain_key(made)
    click.echo("Keep a copy of the key somewhere safe: without it the ledger cannot be opened. Losing the key loses the ledger.")


def _say_chain_key(made: NewLedger) -> None:
    if made.chain_key_origin is None:
        return
    if made.chain_key_file is not None:
        state = "a new random key, readable by you only" if made.chain_key_file_created else "the key already in it"
        click.echo(f"chain key file: {made.chain_key_file} ({state}); give it to every command (--chain-key-file or DAYLEDGER_CHAIN_KEY_FILE)")
    else:
        click.echo(f"chain key: {made.chain_key_origin}")
