"""The task numbers a listing last showed, remembered per ledger between commands.

What ``engine.rules.numbers`` resolves a number through: a small JSON file in the user's state
folder (``platformdirs.user_state_dir("dayledger")``, or ``DAYLEDGER_STATE_DIR``), named by a hash
of the ledger's location so two ledgers never share numbers: the ids of the tasks the last listing
numbered, in order, as one string of 32-digit ids separated by commas (``listed``: quick to write
and read for 10,000 tasks; a file of an older dayledger has them under ``ids``, without commas,
and is read too; an older dayledger finds no ``ids`` in a newer file, and numbers by the current
order). It is a convenience of the command line, not part of the ledger: losing it only means
numbers resolve by the current order. Written whole to a temporary file and renamed, so a reader
never sees half of it.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from engine.storage.location import LedgerLocation

__all__ = ["STATE_VARIABLE", "forget", "numbers_file", "recall", "remember", "state_dir"]

STATE_VARIABLE = "DAYLEDGER_STATE_DIR"


def state_dir() -> Path:
    """Where dayledger keeps what it remembers between commands (not the ledger)."""
    given = os.environ.get(STATE_VARIABLE)
    if given:
        return Path(given)
    from platformdirs import user_state_dir

    return Path(user_state_dir("dayledger"))


def numbers_file(location: LedgerLocation) -> Path:
    """The file holding the numbers the last listing of the ledger at ``location`` showed."""
    key = hashlib.sha256(location.describe().encode()).hexdigest()[:16]
    return state_dir() / f"numbers-{key}.json"


def recall(location: LedgerLocation) -> list[str] | None:
    """The task ids in the order the last listing numbered them; None when no listing is
    remembered (or the file cannot be read: numbers then follow the current order)."""
    try:
        data = json.loads(numbers_file(location).read_text(encoding="utf-8"))
        if "listed" in data:
            listed = data["listed"]
            return listed.split(",") if listed else []
        ids = data["ids"]
        return [ids[i : i + 32] for i in range(0, len(ids), 32)]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def remember(location: LedgerLocation, ids: list[str]) -> None:
    """Remember that a listing numbered ``ids`` (32-digit hex, in order). Most listings show what
    the last one did: then nothing is written. A folder that cannot be written is no reason to fail
    a listing: the numbers then follow the current order."""
    path = numbers_file(location)
    text = json.dumps({"ledger": location.describe(), "listed": ",".join(ids)})
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError:
        return


def forget(location: LedgerLocation) -> None:
    """Forget the remembered listing (numbers follow the current order again)."""
    try:
        numbers_file(location).unlink()
    except OSError:
        return
