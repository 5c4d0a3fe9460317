"""The task numbers a listing last showed, remembered per ledger between commands.

What ``engine.rules.numbers`` resolves a number through: a small JSON file in the user's state
folder (``platformdirs.user_state_dir("dayledger")``, or ``DAYLEDGER_STATE_DIR``), named by a hash
of the ledger's location so two ledgers never share numbers. It is a convenience of the command
line, not part of the ledger: losing it only means numbers resolve by the current order. Written
whole to a temporary file and renamed, so a reader never sees half of it.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime
from pathlib import Path

from engine.storage.location import LedgerLocation

__all__ = ["STATE_VARIABLE", "forget", "recall", "remember", "state_dir"]

STATE_VARIABLE = "DAYLEDGER_STATE_DIR"


def state_dir() -> Path:
    """Where dayledger keeps what it remembers between commands (not the ledger)."""
    given = os.environ.get(STATE_VARIABLE)
    if given:
        return Path(given)
    from platformdirs import user_state_dir

    return Path(user_state_dir("dayledger"))


def _file(location: LedgerLocation) -> Path:
    key = hashlib.sha256(location.describe().encode()).hexdigest()[:16]
    return state_dir() / f"numbers-{key}.json"


def recall(location: LedgerLocation) -> tuple[list[str], datetime] | None:
    """The task ids in the order the last listing numbered them, and when it was shown; None when
    no listing is remembered (or the file cannot be read: numbers then follow the current order)."""
    try:
        data = json.loads(_file(location).read_text(encoding="utf-8"))
        return [str(i) for i in data["ids"]], datetime.fromisoformat(data["shown_at"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remember(location: LedgerLocation, ids: list[str], shown_at: datetime) -> None:
    """Remember that a listing numbered ``ids`` (in order) at ``shown_at``. A folder that cannot
    be written is no reason to fail a listing: the numbers then follow the current order."""
    path = _file(location)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"ledger": location.describe(), "shown_at": shown_at.isoformat(), "ids": ids}), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        return


def forget(location: LedgerLocation) -> None:
    """Forget the remembered listing (numbers follow the current order again)."""
    try:
        _file(location).unlink()
    except OSError:
        return
