"""Enriching readings: what arXiv says about each reading's paper, recorded beside the note's words.

For every reading with an arXiv id that has not been enriched yet (all of them with
``refresh``), a ``ReadingEnriched`` event is recorded as the reading's next event: what the note
said stays as it was, and the reading's history shows both. The read model of papers is the
cache: a paper fetched once (for any reading) is not fetched again unless ``refresh`` is set.

Ids are fetched in batches, one request per batch (the source keeps its pause between them),
and each batch's events are recorded in one transaction as soon as it is fetched. A failure
(arXiv offline, timing out, answering nonsense) records nothing of the failing batch and stops;
the batches before it stay recorded, so a second run fetches only what is left: a long run is
resumable and arXiv is not asked twice for what we already have. A run of one batch (the usual
case) leaves the ledger unchanged when it fails.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any, Protocol
from uuid import UUID

from engine.commands.unit_of_work import UnitOfWork
from engine.formats.arxiv.atom import Paper
from engine.formats.arxiv.ids import canonical_id
from engine.rules.errors import RemoteError
from engine.rules.stamp import Stamp
from events import LedgerEvent, ReadingEnriched, Source

if TYPE_CHECKING:
    from engine.commands.ledger import Ledger
    from engine.commands.ports import ReadingViews, Views
    from engine.storage.location import LedgerLocation

__all__ = ["EnrichOptions", "EnrichReport", "Outcome", "PaperSource", "enrich_readings"]


class PaperSource(Protocol):
    """Where papers come from (``engine.importers.arxiv.client.ArxivClient``, or a stand-in in tests)."""

    @property
    def base_url(self) -> str: ...

    def fetch(self, ids: Sequence[str]) -> dict[str, Paper]: ...


@dataclass(frozen=True)
class EnrichOptions:
    tz: tzinfo
    since: datetime | None = None
    refresh: bool = False
    dry_run: bool = False
    batch_size: int = 50


@dataclass(frozen=True)
class Outcome:
    """What one reading gets: ``metadata`` holds the ReadingEnriched fields (status, title, ...)."""

    reading_id: str
    note_title: str
    metadata: dict[str, Any]
    cached: bool  # from an earlier fetch, not asked again

    @property
    def arxiv_id(self) -> str:
        return str(self.metadata["arxiv_id"])

    @property
    def status(self) -> str:
        return str(self.metadata["status"])


@dataclass
class EnrichReport:
    dry_run: bool
    outcomes: list[Outcome] = field(default_factory=list)
    already: int = 0  # readings enriched before, left alone
    not_arxiv: list[tuple[str, str]] = field(default_factory=list)  # (reading id, the id as recorded)
    fetched: int = 0  # ids asked of arXiv
    batches: int = 0
    recorded: int = 0  # events recorded


Progress = Callable[[int, int], None]  # (ids fetched so far, ids to fetch)


def enrich_readings(
    location: LedgerLocation,
    source: PaperSource,
    options: EnrichOptions,
    *,
    views: Views,
    progress: Progress | None = None,
) -> EnrichReport:
    """Fetch and record the metadata of the readings that need it. Raises RemoteError (saying
    what was recorded before the failure) when the source fails."""
    report = EnrichReport(dry_run=options.dry_run)
    todo, cache = _worklist(location, views, options, report)
    if not todo:
        return report
    ledger: Ledger | None = None
    try:
        cached = [Outcome(r.id, r.title, {**cache[cid], "arxiv_id": cid}, True) for r, cid in todo if cid in cache]
        ledger = _record(location, views, options, source, cached, report, ledger)
        to_fetch = list(dict.fromkeys(cid for _, cid in todo if cid not in cache))
        for start in range(0, len(to_fetch), options.batch_size):
            batch = to_fetch[start : start + options.batch_size]
            try:
                papers = source.fetch(batch)
            except RemoteError as e:
                raise RemoteError(f"{e}; {_what_was_recorded(report)}") from e
            report.fetched += len(batch)
            report.batches += 1
            wanted = set(batch)
            fetched = [
                Outcome(r.id, r.title, _metadata(cid, papers.get(cid), source.base_url), False)
                for r, cid in todo
                if cid in wanted
            ]
            ledger = _record(location, views, options, source, fetched, report, ledger)
            if progress is not None:
                progress(report.fetched, len(to_fetch))
    finally:
        if ledger is not None:
            ledger.close()
    return report


def _worklist(
    location: LedgerLocation, views: ReadingViews, options: EnrichOptions, report: EnrichReport
) -> tuple[list[tuple[Any, str]], dict[str, dict[str, Any]]]:
    """The readings to enrich with their canonical ids, and the cached metadata of those ids."""
    with UnitOfWork(location, views, create=False) as work:
        work.level()
        db = work.db
        todo: list[tuple[Any, str]] = []
        for row in views.readings(db, since=options.since):
            if not row.arxiv_id:
                continue
            cid = canonical_id(row.arxiv_id)
            if cid is None:
                report.not_arxiv.append((row.id, row.arxiv_id))
            elif row.enriched_status is not None and not options.refresh:
                report.already += 1
            else:
                todo.append((row, cid))
        cache = {} if options.refresh else views.cached_papers(db, {cid for _, cid in todo})
    return todo, cache


def _metadata(arxiv_id: str, paper: Paper | None, fetched_from: str) -> dict[str, Any]:
    if paper is None:
        return {"arxiv_id": arxiv_id, "status": "unknown", "fetched_from": fetched_from}
    return {
        "arxiv_id": arxiv_id,
        "status": "withdrawn" if paper.withdrawn else "found",
        "fetched_from": fetched_from,
        "title": paper.title,
        "authors": list(paper.authors),
        "abstract": paper.abstract or None,
        "categories": list(paper.categories),
        "primary_category": paper.primary_category,
        "published": paper.published,
        "updated": paper.updated,
        "latest_version": paper.latest_version,
        "comment": paper.comment,
        "doi": paper.doi,
    }


def _record(
    location: LedgerLocation,
    views: Views,
    options: EnrichOptions,
    source: PaperSource,
    outcomes: list[Outcome],
    report: EnrichReport,
    ledger: Ledger | None,
) -> Ledger | None:
    """Record one batch's outcomes in one transaction (retried on conflicts by the ledger)."""
    report.outcomes.extend(outcomes)
    if options.dry_run or not outcomes:
        return ledger
    if ledger is None:
        from engine.commands.ledger import Ledger

        ledger = Ledger(location, tz=options.tz, views=views, source=Source(kind="arxiv", detail=source.base_url))
    db = ledger.db

    def build(stamp: Stamp) -> list[LedgerEvent]:
        with db.read() as cur:
            versions = views.reading_versions(cur, [o.reading_id for o in outcomes])
        events: list[LedgerEvent] = []
        for o in outcomes:
            version, status = versions[o.reading_id]
            if status is not None and not options.refresh:
                continue  # another run enriched it meanwhile
            events.append(ReadingEnriched(**stamp.fields(UUID(o.reading_id), version + 1), **o.metadata))
        return events

    report.recorded += len(ledger.record(build))
    return ledger


def _what_was_recorded(report: EnrichReport) -> str:
    if report.dry_run:
        return "nothing recorded (dry run)"
    if not report.recorded:
        return "nothing recorded; run again to retry"
    n = report.recorded
    return f"{n} reading{'s' if n != 1 else ''} enriched before that stay recorded; run again to fetch the rest"
