"""Stored JSON is read by orjson where it can and by the standard library where orjson refuses
or would read a value differently: the entries are the same either way, and what neither reads
is still the error it was."""

from __future__ import annotations

import json
import math

import pytest

from projections.views.entries import _loads, entries_from_rows
from projections.views.temporal import _json


@pytest.mark.parametrize(
    "text",
    [
        '{"text": "Caf\\u00e9 \\u2013 done", "tags": ["a", "b"], "n": 3, "x": 1.5, "none": null}',
        '{"nan": NaN, "inf": Infinity}',  # not JSON: orjson refuses, json reads it
        "[]",
    ],
)
def test_stored_json_reads_as_the_standard_library_reads_it(text: str) -> None:
    got, expected = _loads(text), json.loads(text)
    assert repr(got) == repr(expected)  # repr: NaN is not equal to itself
    assert _loads(text.encode()) is not None


def test_what_neither_reads_is_the_standard_librarys_error() -> None:
    with pytest.raises(json.JSONDecodeError, match="Expecting value"):
        _loads('{"occurred_at": ')


def test_facts_fields_are_compact_json_that_reads_back_the_same() -> None:
    fields = {"text": "Café – done", "tags": ["a"], "due": None, "n": 2**70, "x": 0.1}
    written = _json(fields)
    assert json.loads(written) == fields
    assert ", " not in written and "Café – done" in written  # compact, text as is
    assert _json({"x": 1.5}) == '{"x":1.5}'
    assert math.isnan(_loads('{"v": NaN}')["v"])


def _appointment_state(duration: str, line: str) -> bytes:
    return (
        '{"occurred_at":"2026-04-24T08:00:00Z","recorded_at":"2026-04-24T08:00:00Z",'
        f'"source":{{"kind":"import","file":"notes/a.txt","line":{line}}},'
        '"command_id":"9b2b8c1e-7f44-4a55-9d0e-0c2f3b7a1d10","text":"dentist","starts_at":"2026-04-25T09:00:00Z",'
        f'"duration_minutes":{duration},"project_id":null,"task_id":null}}'
    ).encode()


@pytest.mark.parametrize(("duration", "line"), [("45", "3"), ("1180591620717411303424", "3"), ("45", "36893488147419103232")])
def test_integers_past_64_bits_are_read_exactly(duration: str, line: str) -> None:
    # orjson reads them as floats; the entry must hold the integer json reads.
    [entry] = entries_from_rows([(1, "1" * 32, 1, "events.appointment:AppointmentScheduled", _appointment_state(duration, line))])
    assert entry.fields["duration_minutes"] == int(duration) and type(entry.fields["duration_minutes"]) is int
    assert entry.source == f"import notes/a.txt:{line}"
