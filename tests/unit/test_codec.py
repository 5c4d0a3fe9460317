"""The stored form of events: encode writes the same bytes it always wrote, and decode reads them back."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from events import LedgerEvent, NoteRecorded, ReportScheduled, Source, TaskCaptured
from events.codec import decode, encode, topic_of

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)  # any text but lone surrogates
MOMENT = st.datetimes(
    min_value=datetime(1970, 1, 2), max_value=datetime(2200, 1, 1),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-11))]),
)


def _as_before(event: LedgerEvent) -> bytes:
    """The stored state as encode wrote it until it let pydantic write the JSON."""
    state = event.model_dump(mode="json", exclude={"originator_id", "originator_version"})
    if type(event).class_version > 1:
        state["class_version"] = type(event).class_version
    return json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode()


def _base(at: datetime, text: str) -> dict[str, object]:
    return {
        "originator_id": uuid.uuid4(), "originator_version": 3, "occurred_at": at, "recorded_at": at,
        "source": Source(kind="import", file=text, sha256="0" * 64, line=7, detail=text), "command_id": uuid.uuid4(),
    }


@settings(max_examples=200, deadline=None)
@given(TEXT, TEXT, MOMENT, st.lists(TEXT, max_size=3), st.dictionaries(TEXT, TEXT, max_size=3))
def test_encode_writes_the_bytes_it_always_wrote_and_decode_reads_them(
    text: str, other: str, at: datetime, tags: list[str], headers: dict[str, str]
) -> None:
    events: list[LedgerEvent] = [
        NoteRecorded(**_base(at, other), text=text, project_id=uuid.uuid4()),  # class_version 2
        TaskCaptured(**_base(at, other), text=text, tags=tuple(tags), due=at),
        ReportScheduled(**_base(at, other), cron="0 8 * * mon", zone="Europe/Berlin", since=at, headers=headers, to_dir=text),
    ]
    for event in events:
        data = encode(event)
        assert data == _as_before(event)
        assert decode(topic_of(type(event)), data, event.originator_id, event.originator_version) == event
