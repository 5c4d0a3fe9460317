"""Property: any sequence of commands, valid or not, leaves a ledger that verifies, and every
failure is one of dayledger's own errors (never a crash)."""

from __future__ import annotations

import tempfile
from datetime import UTC
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.commands.ledger import Ledger
from engine.commands.verify import verify_chain, verify_views
from engine.rules.errors import DayledgerError
from engine.storage.database import open_database
from engine.storage.location import SqliteLocation
from projections import reads

TEXTS = st.sampled_from(["Bills", "Dishes", "Email Alice", "Email Bob", "", "  ", "x" * 3, "Ünïcödé – task"])
REFS = st.one_of(TEXTS, st.text(alphabet="0123456789abcdef", min_size=3, max_size=8), st.just("nothing"))
PROJECTS = st.sampled_from([None, "SBIRs", "sbirs ", "Home", "-"])

COMMAND = st.one_of(
    st.tuples(st.just("add"), TEXTS, PROJECTS),
    st.tuples(st.just("done"), REFS),
    st.tuples(st.just("reopen"), REFS),
    st.tuples(st.just("cancel"), REFS),
    st.tuples(st.just("edit"), REFS, TEXTS, PROJECTS),
    st.tuples(st.just("note"), TEXTS, PROJECTS),
)


def _run(book: Ledger, command: tuple[object, ...]) -> None:
    kind = command[0]
    if kind == "add":
        book.add_task(str(command[1]), project=command[2])  # type: ignore[arg-type]
    elif kind == "done":
        book.complete_task(str(command[1]))
    elif kind == "reopen":
        book.reopen_task(str(command[1]))
    elif kind == "cancel":
        book.cancel_task(str(command[1]))
    elif kind == "edit":
        book.edit_task(str(command[1]), text=str(command[2]) or None, project=command[3])
    else:
        book.record_note(str(command[1]), project=command[2])  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(COMMAND, min_size=1, max_size=14))
def test_any_command_sequence_leaves_a_verifiable_ledger(commands: list[tuple[object, ...]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        location = SqliteLocation(Path(folder) / "ledger.sqlite")
        book = Ledger(location, tz=UTC, views=reads)
        try:
            for command in commands:
                try:
                    _run(book, command)
                except DayledgerError as e:
                    assert str(e) and "\n" not in str(e)  # a one-line message, never a crash
                report = verify_chain(book.db)
                assert report.finding is None, report.finding
            assert verify_views(book.db, reads) == []
        finally:
            book.close()
        db = open_database(location, create=False)
        assert verify_chain(db).finding is None
        db.close()
