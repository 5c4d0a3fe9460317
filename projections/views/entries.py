"""Ledger entries as the views read them: stored events turned into plain values once.

Folding a stored event into the views needs its fields as the read models keep them (ids as hex,
times as UTC text, see ``projections.views.base.db_time``), not as validated objects. An ``Entry`` is
made straight from the stored JSON (upcast to the current schema by ``events.codec``) with one
conversion per field, decided once per event class from its declared types; validating every
event with pydantic was most of a rebuild's time. A view that wants the typed event (the rare
ones: routines, readings, series, report schedules) asks for ``entry.event``, decoded then.

Stored states were validated when they were recorded; what a foreign or damaged ledger can hold
(an unknown type, broken JSON, a missing field) is reported as the event that cannot be read.
"""

from __future__ import annotations

import copy
import json
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

import orjson
from pydantic import AwareDatetime
from pydantic_core import PydanticUndefined

from engine.rules.errors import LedgerError
from events.base import describe_source, event_type
from events.codec import decode, decode_state
from projections.views.base import db_time
from projections.views.versions import kind_of

if TYPE_CHECKING:
    from events import LedgerEvent

__all__ = ["Entry", "entries_from_rows", "typed", "utc_text"]

_BASE = ("originator_id", "originator_version", "occurred_at", "recorded_at", "source", "command_id")


class Entry:
    """One recorded event: ``fields`` are its own fields (not the base ones) as plain values."""

    __slots__ = (
        "_event",
        "_state",
        "_topic",
        "command",
        "fields",
        "kind",
        "occurred",
        "originator",
        "position",
        "recorded",
        "source",
        "source_detail",
        "source_kind",
        "source_sha256",
        "type",
        "version",
    )

    position: int
    type: str  # the event class's name, ``TaskCompleted``
    kind: str | None  # "Task", "Appointment" or "Project" for events of those aggregates
    originator: str  # hex
    version: int
    occurred: str  # UTC text
    recorded: str
    command: str  # hex
    source: str  # ``Source.describe()``
    source_kind: str
    source_detail: str | None
    source_sha256: str | None  # of the file an import read it from
    fields: dict[str, Any]

    @property
    def event(self) -> LedgerEvent:
        """The typed, validated event (decoded on first use)."""
        if self._event is None:
            self._event = decode(self._topic, self._state, UUID(self.originator), self.version)
        return self._event


def _loads(data: str | bytes) -> Any:
    """Stored JSON as Python values: orjson (three times quicker); what it refuses (NaN, which
    is not JSON) goes to the standard library, which reads it or says why not. orjson reads an
    integer past 64 bits as a float: the integer fields check for that (``_exact_int``)."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data)


class _Inexact(Exception):
    """An integer field came out of orjson as a float: the JSON is read again, exactly."""


def _exact_int(value: Any) -> Any:
    if type(value) is float:
        raise _Inexact
    return value


_times: dict[str, str] = {}


def utc_text(value: str | None) -> str | None:
    """A stored (JSON) time as read models keep it: UTC, microseconds, ``+00:00``."""
    if value is None:
        return None
    if value[-1] == "Z":  # UTC as pydantic writes it: whole seconds or microseconds
        if len(value) == 27:
            return value[:-1] + "+00:00"
        if len(value) == 20:
            return value[:-1] + ".000000+00:00"
    found = _times.get(value)
    if found is None:
        if len(_times) > 50_000:  # the same times recur within a note or a command; bound the cache
            _times.clear()
        found = _times[value] = datetime.fromisoformat(value).astimezone(UTC).isoformat(timespec="microseconds")
    return found


def _day_or_utc_text(value: str) -> str:
    """A field that holds a time or a day (a due date): a day (``2018-12-31``) as it is, a time as UTC text."""
    return value if len(value) == 10 else utc_text(value)  # type: ignore[return-value]


def _hex(value: str | None) -> str | None:
    """A stored id as hex; ids are written in the canonical 36-character form."""
    if value is None:
        return None
    if len(value) == 32:  # the store's own column
        return value
    if len(value) == 36 and value[8] == value[13] == value[18] == value[23] == "-":
        return value.replace("-", "")
    return UUID(value).hex


def _converter(annotation: Any) -> Callable[[Any], Any] | None:
    """How a stored JSON value of this type becomes a plain value (None: it already is one)."""
    args = set(_flat(annotation))
    if UUID in args:
        return _hex
    if datetime in args or AwareDatetime in args:
        return _day_or_utc_text if date in args else utc_text
    if int in args:
        return _exact_int
    return None  # dates are ISO text already; tuples are JSON lists; the rest is JSON as is


def _flat(annotation: Any) -> Iterable[Any]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType) or origin is typing.Annotated:
        for arg in typing.get_args(annotation):
            yield from _flat(arg)
    else:
        yield annotation


_Plan = tuple[str, str | None, bool, tuple[tuple[str, Callable[[Any], Any] | None, Any], ...]]
_PLANS: dict[str, _Plan] = {}
_MISSING = object()
_ATOMIC = frozenset((bool, int, float, str))  # defaults shared by every event; any other (a list) is copied for each


def _plan(topic: str) -> _Plan:
    plan = _PLANS.get(topic)
    if plan is None:
        cls = event_type(topic)
        assert cls is not None, topic
        own = []
        for name, info in cls.model_fields.items():
            if name in _BASE:
                continue
            if info.default is PydanticUndefined and info.default_factory is None:
                default: Any = PydanticUndefined
            else:
                default = _plain(info.get_default(call_default_factory=True))
            own.append((name, _converter(info.annotation), default))
        kind = kind_of(cls.__name__)
        plan = _PLANS[topic] = (cls.__name__, kind, cls.class_version > 1, tuple(own))
    return plan


def _plain(value: Any) -> Any:
    """A declared default as read models keep values (the converters leave these as they are)."""
    if isinstance(value, UUID):
        return value.hex
    if isinstance(value, datetime):
        return db_time(value)
    if isinstance(value, date):
        return value.isoformat()
    return list(value) if isinstance(value, tuple) else value


def _content(topic: str, raw: dict[str, Any], upcast: bool, own: tuple[tuple[str, Any, Any], ...]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The stored state (upcast) and the event's own fields as the read models keep them."""
    if upcast or "class_version" in raw:  # stored by an older schema, or marked with its version
        raw = decode_state(topic, raw)[1]
    _exact_int(raw["source"].get("line"))
    fields = {}
    for field, convert, default in own:
        value = raw.get(field, _MISSING)
        if value is _MISSING:  # a field added with a default after the event was stored
            if default is PydanticUndefined:
                raise ValueError(f"{field}: missing")
            value = default if default is None or type(default) in _ATOMIC else copy.deepcopy(default)
        fields[field] = value if convert is None or value is None else convert(value)
    return raw, fields


def entries_from_rows(rows: Iterable[tuple[Any, Any, Any, str, Any]]) -> list[Entry]:
    """Entries of stored rows ``(position, originator_id, originator_version, topic, state)``."""
    out: list[Entry] = []
    new = Entry.__new__
    for position, originator_id, version, topic, state in rows:
        data = bytes(state) if isinstance(state, memoryview) else state
        try:
            if topic not in _PLANS:
                if event_type(topic) is None:
                    raise ValueError(f"unknown event type {topic!r}")
                _plan(topic)
            name, kind, upcast, own = _PLANS[topic]
            try:
                raw, fields = _content(topic, _loads(data), upcast, own)
            except _Inexact:
                raw, fields = _content(topic, json.loads(data), upcast, own)
            source = raw["source"]
            e = new(Entry)
            e.position, e.type, e.kind, e.version = int(position), name, kind, int(version)
            e.originator = originator_id.hex if isinstance(originator_id, UUID) else _hex(originator_id)
            e.occurred, e.recorded = utc_text(raw["occurred_at"]), utc_text(raw["recorded_at"])
            e.command = _hex(raw["command_id"])
            kind_of_source, detail = source["kind"], source.get("detail")
            e.source = describe_source(kind_of_source, source.get("file"), source.get("line"), detail)
            e.source_kind, e.source_detail, e.source_sha256 = kind_of_source, detail, source.get("sha256")
            e.fields, e._topic, e._state, e._event = fields, topic, data, None
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            why = str(err).splitlines()[0] if str(err) else type(err).__name__
            if isinstance(err, KeyError):
                why = f"missing {err}"
            raise LedgerError(
                f"event {position} ({topic}) cannot be read by this dayledger: {why}; is the ledger from a newer version?"
            ) from err
        out.append(e)
    return out


def typed(batch: Iterable[Entry], classes: tuple[type[LedgerEvent] | str, ...]) -> Iterator[tuple[int, LedgerEvent]]:
    """``(position, typed event)`` of the entries of these event classes, given as classes or by
    name (decoded only for them: a view that names them imports their module only when it meets one)."""
    names = {cls if isinstance(cls, str) else cls.__name__ for cls in classes}
    for entry in batch:
        if entry.type in names:
            yield entry.position, entry.event
