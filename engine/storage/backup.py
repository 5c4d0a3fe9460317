"""Backup and restore: the complete event stream as JSON Lines, and back into a ledger.

One line per event, in ledger order: its position, aggregate id and version, topic, type, and
the stored state exactly as recorded (both times, source, command id and class version inside),
so a restore reproduces every view as of every moment. Lines are read in bounded memory (a line
longer than ``MAX_LINE_BYTES`` is refused), checked and written in one transaction: a restore is
all of the file or none of it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, tzinfo
from pathlib import Path
from typing import IO, Any
from uuid import UUID

from engine.rules.errors import InvalidInputError, LedgerError
from engine.rules.text import json_holds_nul
from engine.storage.chain import CHAIN_TABLE, GENESIS, chain_rows, chain_start, link
from engine.storage.database import Database
from engine.storage.event_log import event_batches, event_rows, state_bytes
from engine.storage.progress import listening, tell

__all__ = ["MAX_LINE_BYTES", "BackupEvent", "RestoreSummary", "export_jsonl", "read_backup", "restore"]

MAX_LINE_BYTES = 16 * 1024 * 1024
BATCH = 1000


@dataclass(frozen=True)
class BackupEvent:
    """One stored event as a backup holds it."""

    line: int
    originator_id: UUID
    version: int
    topic: str
    state: bytes


@dataclass(frozen=True)
class RestoreSummary:
    events_in_file: int
    restored: int
    already_present: int


def export_jsonl(db: Database, out: IO[str]) -> int:
    """Write every event, oldest first; returns how many. Tells how far it is (``progress``)."""
    count = 0
    previous = GENESIS
    total = None
    if listening():  # a count only for a terminal's progress line
        with db.read() as cur:
            (total,) = cur.execute(f"SELECT count(*) FROM {db.events_table}").fetchone()
    for position, originator_id, version, topic, raw in event_rows(db, batch=BATCH):  # a short read per batch
        if total is not None and count % BATCH == 0:
            tell("exporting", count, max(total, count + 1), "events")
        uid = originator_id if isinstance(originator_id, UUID) else UUID(originator_id)
        previous = link(previous, position, uid, version, topic, raw)  # the chain as the events make it: the last is the head
        record = {
            "position": position,
            "id": str(uid),
            "version": version,
            "topic": topic,
            "type": topic.rpartition(":")[2],
            "state": json.loads(raw),
            "link": previous,
        }
        out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        count += 1
    tell("exporting", count, count, "events")
    return count


MAX_VERSION = 2**63 - 1  # a 64-bit signed integer, as both backends store it


def read_backup(path: Path) -> Iterator[BackupEvent]:
    """The events of a backup file, each checked (JSON, fields, a known type whose state validates)."""
    from events.codec import decode

    try:
        handle = path.open("rb")
    except OSError as e:
        raise InvalidInputError(f"cannot read backup {path}: {e.strerror}") from e
    with handle:
        number = 0
        chain = _BackupChain()
        while True:
            raw = handle.readline(MAX_LINE_BYTES + 1)
            if not raw:
                return
            number += 1
            where = f"{path}:{number}"
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                raise InvalidInputError(f"{where}: line longer than {MAX_LINE_BYTES // (1024 * 1024)} MiB; refused")
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
                originator_id = UUID(str(record["id"]))
                version = int(record["version"])
                topic = str(record["topic"])
                state = json.dumps(record["state"], ensure_ascii=False, separators=(",", ":")).encode()
            except RecursionError:  # json's decoder recurses once per level
                raise InvalidInputError(f"{where}: JSON nested too deeply; not a dayledger backup line") from None
            except (ValueError, KeyError, TypeError) as e:
                raise InvalidInputError(f"{where}: not a dayledger backup line ({type(e).__name__}: {e})") from None
            if json_holds_nul(state):
                raise InvalidInputError(f"{where}: a text holds a NUL character (binary data), which no ledger can store as text")
            if not 1 <= version <= MAX_VERSION:
                raise InvalidInputError(f"{where}: version must be from 1 to {MAX_VERSION}, not {version}")
            try:
                event = decode(topic, state, originator_id, version)
            except ValueError as e:
                raise InvalidInputError(f"{where}: {str(e).splitlines()[0]}") from None
            _check_as_written(event, topic, record["state"], where)
            chain.check(record, originator_id, version, topic, state, where)
            yield BackupEvent(number, originator_id, version, topic, state)


class _BackupChain:
    """The links a backup carries (since backups carry them), checked line by line: a backup
    changed after it was made (an event edited, dropped, added or moved) breaks its chain there.
    A backup made before carries none, and is taken as before; one carrying some is all or none."""

    def __init__(self) -> None:
        self.previous = GENESIS
        self.linked: bool | None = None

    def check(self, record: dict[str, Any], originator_id: UUID, version: int, topic: str, state: bytes, where: str) -> None:
        given = record.get("link")
        if self.linked is None:
            self.linked = given is not None
        if (given is not None) != self.linked:
            raise InvalidInputError(f"{where}: {'a link where the lines before have none' if given else 'no link, as the lines before have'}; the backup was changed")
        if given is None:
            return
        position = record.get("position")
        if not isinstance(position, int) or isinstance(position, bool):
            raise InvalidInputError(f"{where}: a linked backup line needs its position")
        self.previous = link(self.previous, position, originator_id, version, topic, state)
        if given != self.previous:
            raise InvalidInputError(
                f"{where}: the backup's chain breaks here: this event, or one before it, was changed after the backup was made; nothing was restored"
            )


def _check_as_written(event: Any, topic: str, state: dict[str, Any], where: str) -> None:
    """Refuse a state dayledger would not have written, though it validates: a value of another
    type that pydantic converts (a time given as a number of seconds, a number as text) would be
    stored as it is and break every read of the ledger after it; so would a cron or a zone that
    cannot be read."""
    from events.codec import decode_state

    _, upcast = decode_state(topic, dict(state))
    written = event.model_dump(mode="json")
    for key, value in upcast.items():
        if key in written and _differs(value, written[key]):
            raise InvalidInputError(f"{where}: {key} is {_short(value)}, which dayledger does not write (it writes {_short(written[key])})")
    cron, zone = getattr(event, "cron", None), getattr(event, "zone", None)
    tz: tzinfo = UTC
    if isinstance(zone, str):
        from engine.rules.cron import zone_of

        try:
            tz = zone_of(zone)
        except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
            raise InvalidInputError(f"{where}: zone {zone!r} is not a time zone") from None
    if isinstance(cron, str):
        from engine.rules.cron import check_cron

        try:
            check_cron(cron, since=event.occurred_at, tz=tz)
        except InvalidInputError as e:
            raise InvalidInputError(f"{where}: {e}") from None


def _differs(given: Any, written: Any) -> bool:
    """Whether ``written`` says otherwise than ``given``; a key ``given`` leaves out (a field added
    since, with its default) says nothing."""
    if isinstance(given, dict) and isinstance(written, dict):
        return any(key not in written or _differs(value, written[key]) for key, value in given.items())
    return bool(given != written)


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _same(a: bytes, b: bytes) -> bool:
    return json.loads(a) == json.loads(b)


def restore(db: Database, path: Path, *, merge: bool = False) -> RestoreSummary:
    """Load a backup into the ledger. An empty ledger takes it whole; a non-empty one only with
    ``merge``, which adds the events it lacks and refuses events that differ from its own.

    The file is read once, each line checked as it is written, in one transaction: the first
    bad line rolls back all that was written before it."""
    with db.write() as cur:
        if db.dialect == "postgres":  # keep positions in commit order, as the library does
            cur.execute(f"LOCK TABLE {db.events_table} IN EXCLUSIVE MODE")
        (present,) = cur.execute(f"SELECT count(*) FROM {db.events_table}").fetchone()
        if present and not merge:
            raise LedgerError(f"{db.location.describe()} already holds {present} events; restore into an empty ledger, or use --merge")
        before = db.newest_position(cur)
        seen: set[bytes] = set()  # aggregate id and version, 24 bytes: a third of a tuple of a UUID and an int
        total = skipped = restored = 0
        batch: list[tuple[Any, ...]] = []
        tell("restoring", 0, None, "events read", 0)
        for event in read_backup(path):
            key = event.originator_id.bytes + event.version.to_bytes(8, "big", signed=True)
            if key in seen:
                raise InvalidInputError(f"{path}:{event.line}: event {event.originator_id} v{event.version} appears twice")
            seen.add(key)
            total += 1
            if present:
                stored = _stored(cur, db, event)
                if stored is not None:
                    if not _same(stored, event.state):
                        raise LedgerError(
                            f"{path}:{event.line}: the ledger's event {event.originator_id} v{event.version} differs from the backup's; not merged"
                        )
                    skipped += 1
                    continue
            batch.append((event.originator_id.hex if db.dialect == "sqlite" else event.originator_id, event.version, event.topic, event.state))
            if len(batch) >= BATCH:
                _insert(cur, db, batch)
                restored += len(batch)
                batch = []
                tell("restoring", total, None, "events read", restored)
        _insert(cur, db, batch)
        restored += len(batch)
        _link_new_events(cur, db, int(before))
        tell("restoring", total, total, "events read", restored)
    return RestoreSummary(events_in_file=total, restored=restored, already_present=skipped)


def _stored(cur: Any, db: Database, event: BackupEvent) -> bytes | None:
    """The ledger's own state of the backup's event, if it holds it."""
    key = event.originator_id.hex if db.dialect == "sqlite" else event.originator_id
    row = cur.execute(
        f"SELECT state FROM {db.events_table} WHERE originator_id = ? AND originator_version = ?", (key, event.version)
    ).fetchone()
    return None if row is None else state_bytes(row[0])


def _link_new_events(cur: Any, db: Database, after: int) -> None:
    """Extend the tamper-evident chain over the events just inserted (same transaction), keyed
    if the ledger's chain is (or, still empty, is to be: a chain key given)."""
    previous, secret, first = chain_start(cur, db.location.chain_key, where=db.location.describe())
    for rows in event_batches(db, cur, after=after, batch=BATCH):
        links = chain_rows(previous, ((int(r[0]), r[1], int(r[2]), r[3], state_bytes(r[4])) for r in rows), secret)
        cur.insert(CHAIN_TABLE, first + links, columns=("position", "link"))
        previous, first = links[-1][1], []


def _insert(cur: Any, db: Database, batch: list[tuple[Any, ...]]) -> None:
    cur.insert(db.events_table, batch, columns=("originator_id", "originator_version", "topic", "state"))
