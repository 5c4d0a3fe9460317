"""Enriching readings against a real HTTP server on loopback, on real ledgers.

The readings come from importing a daily note; arXiv is ``tests.fakes.arxiv`` served by a
``LoopbackServer`` (a real socket). Timeouts are kept short.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest

from engine.importers.arxiv.client import ArxivSettings, open_arxiv
from engine.importers.arxiv.enrich import EnrichOptions, EnrichReport, enrich_readings
from engine.importers.notes.recording import ImportOptions, import_notes
from engine.rules.errors import RemoteError
from engine.storage.database import open_database
from engine.storage.event_store import EventStore
from engine.storage.http import HttpPolicy
from engine.storage.location import LedgerLocation, parse_location
from events import LedgerEvent, ReadingEnriched, ReadingLogged
from projections import reads
from projections.queries.stream import read_stream
from tests.fakes import arxiv
from tests.fakes.server import Answer, LoopbackServer, Request, closed_port_url

TZ = ZoneInfo("Europe/Berlin")
NOTE = """Phil 4.24.2026
[2604.21691] There Will Be a Scientific Theory of Deep Learning
  • In this paper, we make the case that a theory is emerging
arXiv:2604.99999 a paper nobody can find
Read https://arxiv.org/abs/1003.0358v3 (the Riemann one)
math/0601001 lognormal sums
"""
LATER_NOTE = """Phil 4.25.2026
abs/2604.21691v2 again, the deep learning theory
[2605.01234] Scaling laws for notes
"""
FAST = HttpPolicy(timeout=0.3, retries=2, backoff=0.01)


def import_note(location: LedgerLocation, folder: Path, name: str, text: str) -> None:
    path = folder / name
    path.write_text(text)
    report = import_notes(location, [str(path)], ImportOptions(tz=TZ), views=reads)
    assert not report.failed, report.failed


@pytest.fixture
def ledger(ledger_url: str, tmp_path: Path) -> LedgerLocation:
    location = parse_location(ledger_url)
    import_note(location, tmp_path, "2026-04-24.txt", NOTE)
    return location


def enrich(location: LedgerLocation, url: str, *, batch_size: int = 50, policy: HttpPolicy = FAST, **options: object) -> EnrichReport:
    settings = ArxivSettings(base_url=url, pause=0, batch_size=batch_size, policy=policy)
    with open_arxiv(settings) as client:
        return enrich_readings(location, client, EnrichOptions(tz=TZ, batch_size=batch_size, **options), views=reads)  # type: ignore[arg-type]


def events(location: LedgerLocation) -> list[LedgerEvent]:
    db = open_database(location, create=False)
    try:
        return [e for _, e in read_stream(db)]
    finally:
        db.close()


def enriched(location: LedgerLocation) -> dict[str, list[ReadingEnriched]]:
    out: dict[str, list[ReadingEnriched]] = {}
    for e in events(location):
        if isinstance(e, ReadingEnriched):
            out.setdefault(e.arxiv_id, []).append(e)
    return out


def test_each_reading_gets_what_arxiv_says_beside_what_the_note_said(ledger: LedgerLocation) -> None:
    with LoopbackServer(arxiv.arxiv()) as server:
        report = enrich(ledger, server.url)
    assert len(server.requests) == 1  # four ids, one batch
    assert sorted(server.requests[0].query["id_list"].split(",")) == sorted(["2604.21691", "2604.99999", "1003.0358", "math/0601001"])
    assert report.recorded == 4 and report.fetched == 4
    found = enriched(ledger)
    assert {k: [e.status for e in v] for k, v in found.items()} == {
        "2604.21691": ["found"], "2604.99999": ["unknown"], "1003.0358": ["withdrawn"], "math/0601001": ["found"],
    }
    [paper] = found["2604.21691"]
    assert paper.title == "There Will Be a Scientific Theory of Deep Learning"
    assert paper.authors == ("Jamie Simon", "Daniel Kunin", "Alexander Atanasov")
    assert paper.categories == ("cs.LG", "stat.ML") and paper.latest_version == "v2"
    assert paper.published is not None and paper.published.isoformat() == "2026-04-22T16:02:11+00:00"
    assert paper.fetched_from == server.url and paper.source.kind == "arxiv"
    [unknown] = found["2604.99999"]
    assert unknown.title is None and unknown.authors == ()
    # the reading's own history: the note's words first, arXiv's next; nothing overwritten
    store = EventStore(ledger)
    try:
        history = store.history(paper.originator_id)
    finally:
        store.close()
    assert [type(e) for e in history] == [ReadingLogged, ReadingEnriched]
    assert history[0].abstract == "In this paper, we make the case that a theory is emerging"  # type: ignore[attr-defined]
    assert history[1].abstract.startswith("In this paper, we make the case that a scientific theory")  # type: ignore[attr-defined]


def test_nothing_is_fetched_twice_and_a_paper_read_again_comes_from_the_cache(ledger: LedgerLocation, tmp_path: Path) -> None:
    with LoopbackServer(arxiv.arxiv()) as server:
        enrich(ledger, server.url)
        again = enrich(ledger, server.url)
        assert len(server.requests) == 1 and again.recorded == 0 and again.already == 4
        import_note(ledger, tmp_path, "2026-04-25.txt", LATER_NOTE)
        later = enrich(ledger, server.url)
    assert len(server.requests) == 2
    assert server.requests[1].query["id_list"] == "2605.01234"  # only the paper never fetched
    assert sorted((o.arxiv_id, o.cached) for o in later.outcomes) == [("2604.21691", True), ("2605.01234", False)]
    assert Counter(e.arxiv_id for es in enriched(ledger).values() for e in es) == {
        "2604.21691": 2, "2604.99999": 1, "1003.0358": 1, "math/0601001": 1, "2605.01234": 1,
    }  # two readings of 2604.21691, one event each


def test_refresh_fetches_again_and_adds_a_new_event(ledger: LedgerLocation) -> None:
    with LoopbackServer(arxiv.arxiv()) as server:
        enrich(ledger, server.url)
        refreshed = enrich(ledger, server.url, refresh=True)
    assert len(server.requests) == 2 and refreshed.recorded == 4
    assert all(len(v) == 2 for v in enriched(ledger).values())


def test_since_limits_the_readings(ledger: LedgerLocation, tmp_path: Path) -> None:
    from datetime import datetime

    import_note(ledger, tmp_path, "2026-04-25.txt", LATER_NOTE)
    with LoopbackServer(arxiv.arxiv()) as server:
        report = enrich(ledger, server.url, since=datetime(2026, 4, 25, tzinfo=TZ))
    assert sorted(o.arxiv_id for o in report.outcomes) == ["2604.21691", "2605.01234"]


def test_a_dry_run_fetches_and_records_nothing(ledger: LedgerLocation) -> None:
    before = events(ledger)
    with LoopbackServer(arxiv.arxiv()) as server:
        report = enrich(ledger, server.url, dry_run=True)
    assert len(report.outcomes) == 4 and report.recorded == 0
    assert events(ledger) == before


def test_500_then_200_is_retried_and_records_one_event_per_paper(ledger: LedgerLocation) -> None:
    with LoopbackServer(arxiv.failing_first(1)) as server:
        report = enrich(ledger, server.url)
    assert len(server.requests) == 2 and report.recorded == 4
    assert all(len(v) == 1 for v in enriched(ledger).values()) and len(enriched(ledger)) == 4


def test_a_server_that_times_out_leaves_the_ledger_unchanged(ledger: LedgerLocation) -> None:
    before = events(ledger)
    with LoopbackServer(arxiv.slow(1.0)) as server, pytest.raises(RemoteError) as failed:
        enrich(ledger, server.url, policy=HttpPolicy(timeout=0.2, retries=1, backoff=0))
    assert str(failed.value) == f"arXiv at {server.url}: no answer within 0.2 s (tried 2 times); nothing recorded; run again to retry"
    assert len(server.requests) == 2
    assert events(ledger) == before


def test_an_unreachable_server_leaves_the_ledger_unchanged(ledger: LedgerLocation) -> None:
    before = events(ledger)
    url = closed_port_url()
    with pytest.raises(RemoteError, match=r"cannot connect .* \(tried 3 times\); nothing recorded"):
        enrich(ledger, url)
    assert events(ledger) == before


def test_a_server_answering_garbage_leaves_the_ledger_unchanged(ledger: LedgerLocation) -> None:
    before = events(ledger)
    with LoopbackServer(arxiv.garbage()) as server, pytest.raises(RemoteError, match="answered something unreadable: not XML"):
        enrich(ledger, server.url)
    assert len(server.requests) == 1  # a readable failure is not retried
    assert events(ledger) == before


def test_a_failure_keeps_the_batches_before_it_and_the_next_run_resumes(ledger: LedgerLocation) -> None:
    healthy = arxiv.arxiv()
    calls = [0]

    def second_batch_fails(request: Request) -> Answer:
        calls[0] += 1
        return healthy(request) if calls[0] == 1 else Answer(503, b"down")

    with LoopbackServer(second_batch_fails) as server, pytest.raises(RemoteError) as failed:
        enrich(ledger, server.url, batch_size=2)
    assert "2 readings enriched before that stay recorded; run again to fetch the rest" in str(failed.value)
    first_two = set(server.requests[0].query["id_list"].split(","))
    assert set(enriched(ledger)) == first_two
    with LoopbackServer(arxiv.arxiv()) as server:
        report = enrich(ledger, server.url, batch_size=2)
    assert len(server.requests) == 1 and not first_two & set(server.requests[0].query["id_list"].split(","))
    assert report.already == 2 and report.recorded == 2 and len(enriched(ledger)) == 4


def test_an_empty_ledger_asks_nothing(sqlite_url: str) -> None:
    location = parse_location(sqlite_url)
    with LoopbackServer(arxiv.arxiv()) as server:
        report = enrich(location, server.url)
    assert report.outcomes == [] and server.requests == []
    assert not Path(sqlite_url).exists()  # nothing to record: no ledger made


def test_reading_ids_are_the_aggregates_of_the_readings(ledger: LedgerLocation) -> None:
    logged = {e.arxiv_id: e.originator_id for e in events(ledger) if isinstance(e, ReadingLogged)}
    with LoopbackServer(arxiv.arxiv()) as server:
        enrich(ledger, server.url)
    for arxiv_id, es in enriched(ledger).items():
        assert isinstance(es[0].originator_id, UUID) and es[0].originator_id == logged[arxiv_id]
        assert es[0].originator_version == 2
