"""``dayledger enrich``: add what arXiv says about the papers you read to their readings."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, Self

import click

from cli.options import json_option, session, whole_option
from cli.output import emit_json, styled, table, unescaped

if TYPE_CHECKING:
    from engine.importers.arxiv.enrich import EnrichReport, Outcome

__all__ = ["COMMANDS"]


@click.command()
@click.option("--readings", is_flag=True, help="Enrich readings (papers with an arXiv id); the default, and for now the only kind.")
@click.option("--since", metavar="WHEN", help="Only readings from WHEN on (the note's day).")
@click.option("--refresh", is_flag=True, help="Fetch again, also for readings enriched before.")
@click.option("--dry-run", is_flag=True, help="Fetch and show what would be recorded; record nothing.")
@click.option("--pause", type=click.FloatRange(min=0), metavar="SECONDS",
              help="Pause between requests to arXiv (default: $DAYLEDGER_ARXIV_PAUSE, else 3, as arXiv asks).")
@whole_option("--batch-size", low=1, high=500, help="arXiv ids per request, default 50")
@json_option
def enrich(readings: bool, since: str | None, refresh: bool, dry_run: bool, pause: float | None, batch_size: int | None) -> None:
    """Fetch title, authors, abstract, categories and dates of the papers you read from arXiv.

    Each reading with an arXiv id gets one ReadingEnriched event beside what the note said
    (which is never changed). Papers fetched before are not fetched again (--refresh does).
    The service is $DAYLEDGER_ARXIV_URL, https://export.arxiv.org by default.
    """
    from engine.importers.arxiv.client import ArxivSettings, open_arxiv
    from engine.importers.arxiv.enrich import EnrichOptions, enrich_readings

    s = session()
    settings = ArxivSettings.from_env(pause=pause, batch_size=batch_size)
    options = EnrichOptions(
        tz=s.tz,
        since=s.when(since, direction="past") if since else None,
        refresh=refresh,
        dry_run=dry_run,
        batch_size=settings.batch_size,
    )
    with open_arxiv(settings) as arxiv, _Progress(enabled=not s.json) as progress:
        report = enrich_readings(s.location, arxiv, options, views=s.views(), progress=progress)
    if s.json:
        emit_json(_json(report))
    else:
        click.echo(_text(report))


class _Progress:
    """A progress bar on stderr, only on a terminal, made when the first batch is in."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.bar: Any = None
        self.shown = 0

    def __enter__(self) -> Self:
        return self

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="arXiv", file=unescaped(sys.stderr), show_pos=True)
            self.bar.__enter__()
        self.bar.update(done - self.shown)
        self.shown = done

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


# -- formatting ------------------------------------------------------------------------------


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _authors(names: list[str]) -> str:
    if not names:
        return ""
    last = [n.split()[-1] for n in names]
    return last[0] if len(last) == 1 else f"{last[0]}, {last[1]}" if len(last) == 2 else f"{last[0]} et al."


def _row(o: Outcome) -> list[str]:
    m = o.metadata
    if o.status == "unknown":
        what = f"arXiv has no paper {o.arxiv_id} (the note says {o.note_title!r})"
    else:
        who = _authors(list(m.get("authors") or []))
        what = _clip(str(m.get("title") or ""), 70) + (f"  ({who})" if who else "")
    return [o.arxiv_id, o.status, what + ("  [cached]" if o.cached else "")]


def _text(report: EnrichReport) -> str:
    out: list[str] = []
    if report.outcomes:
        out.append(table([_row(o) for o in report.outcomes], styles={1: {"fg": "cyan"}}))
    statuses = [o.status for o in report.outcomes]
    verb = "would enrich" if report.dry_run else "enriched"
    n = len(report.outcomes)
    counts = ", ".join(f"{statuses.count(s)} {s}" for s in ("found", "withdrawn", "unknown") if s in statuses)
    cached = sum(o.cached for o in report.outcomes)
    line = f"{verb} {n} reading{'s' if n != 1 else ''}" + (f": {counts}" if counts else "")
    if n:
        line += f" ({report.fetched} fetched in {report.batches} request{'s' if report.batches != 1 else ''}, {cached} from earlier fetches)"
    if report.already:
        line += f"; {report.already} enriched before (--refresh fetches them again)"
    out.append(styled(line, bold=True) if n else line)
    for reading_id, raw in report.not_arxiv:
        out.append(f"reading {reading_id[:7]}: {raw!r} is not an arXiv id; left alone")
    return "\n".join(out)


def _json(report: EnrichReport) -> dict[str, Any]:
    return {
        "dry_run": report.dry_run,
        "enriched": len(report.outcomes),
        "recorded": report.recorded,
        "fetched": report.fetched,
        "requests": report.batches,
        "from_cache": sum(o.cached for o in report.outcomes),
        "already_enriched": report.already,
        "unknown": [o.arxiv_id for o in report.outcomes if o.status == "unknown"],
        "withdrawn": [o.arxiv_id for o in report.outcomes if o.status == "withdrawn"],
        "not_arxiv": [{"reading_id": rid, "arxiv_id": raw} for rid, raw in report.not_arxiv],
        "readings": [
            {"reading_id": o.reading_id, "note_title": o.note_title, "cached": o.cached, **_jsonable(o.metadata)}
            for o in report.outcomes
        ],
    }


def _jsonable(metadata: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in metadata.items()}


COMMANDS = (enrich,)
