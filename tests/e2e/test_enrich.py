"""``dayledger enrich`` end to end: the installed command in a subprocess, arXiv on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Dayledger, InProcess
from tests.fakes import arxiv
from tests.fakes.server import LoopbackServer

# Nothing in this file needs a process of its own: `dl` and `dl_sqlite` run the commands in this one.
pytestmark = pytest.mark.in_process

NOTE = """Phil 4.24.2026
[2604.21691] There Will Be a Scientific Theory of Deep Learning
  • In this paper, we make the case that a theory is emerging
arXiv:2604.99999 a paper nobody can find
Read https://arxiv.org/abs/1003.0358v3 (the Riemann one)
math/0601001 lognormal sums
"""
NOW = "2026-04-26T12:00+02:00"


def ledger_with_note(url: str, tmp_path: Path, server_url: str, **env: str) -> Dayledger:
    dl = InProcess(url, now=NOW)
    dl.env.update({"DAYLEDGER_ARXIV_URL": server_url, "DAYLEDGER_ARXIV_PAUSE": "0", "DAYLEDGER_HTTP_BACKOFF": "0", **env})
    note = tmp_path / "2026-04-24.txt"
    note.write_text(NOTE)
    dl.run("import", str(note))
    return dl


def test_enrich_records_arxiv_metadata_once_and_the_log_shows_both(ledger_url: str, tmp_path: Path) -> None:
    with LoopbackServer(arxiv.arxiv()) as server:
        dl = ledger_with_note(ledger_url, tmp_path, server.url)
        out = dl.json("enrich", "--readings")
        again = dl.json("enrich")
    assert len(server.requests) == 1
    assert out["enriched"] == 4 and out["recorded"] == 4 and out["requests"] == 1
    assert out["unknown"] == ["2604.99999"] and out["withdrawn"] == ["1003.0358"]
    [paper] = [r for r in out["readings"] if r["arxiv_id"] == "2604.21691"]
    assert paper["title"] == "There Will Be a Scientific Theory of Deep Learning"
    assert paper["authors"] == ["Jamie Simon", "Daniel Kunin", "Alexander Atanasov"]
    assert again["enriched"] == 0 and again["already_enriched"] == 4
    log = dl.json("log")
    reading = [e for e in log if e["originator_id"] == next(e["originator_id"] for e in log if e.get("arxiv_id") == "2604.21691" and e["type"] == "ReadingLogged")]
    assert [e["type"] for e in reading] == ["ReadingLogged", "ReadingEnriched"]
    assert reading[0]["abstract"] == "In this paper, we make the case that a theory is emerging"  # the note's words stay
    assert reading[1]["categories"] == ["cs.LG", "stat.ML"] and reading[1]["source"] == {
        "kind": "arxiv", "file": None, "sha256": None, "line": None, "detail": server.url,
    }


def test_enrich_text_output_and_dry_run(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    with LoopbackServer(arxiv.arxiv()) as server:
        dl = ledger_with_note(dl_sqlite.ledger, tmp_path, server.url)
        before = dl.event_count()
        dry = dl.run("enrich", "--dry-run")
        assert dl.event_count() == before
        real = dl.run("enrich")
    assert "would enrich 4 readings: 2 found, 1 withdrawn, 1 unknown" in dry.stdout
    assert "1003.0358     withdrawn  A proof of the Riemann hypothesis" in real.stdout
    assert "arXiv has no paper 2604.99999" in real.stdout
    assert real.stderr == ""  # no progress bar when stderr is not a terminal
    assert dl.event_count() == before + 4


def test_a_server_that_times_out_is_one_line_and_changes_nothing(ledger_url: str, tmp_path: Path) -> None:
    with LoopbackServer(arxiv.slow(2.0)) as server:
        dl = ledger_with_note(ledger_url, tmp_path, server.url, DAYLEDGER_HTTP_TIMEOUT="0.3", DAYLEDGER_HTTP_RETRIES="1")
        before = dl.event_count()
        failed = dl.fails("enrich")
    assert failed.returncode == 7
    assert failed.stderr.strip() == (
        f"dayledger: error: arXiv at {server.url}: no answer within 0.3 s (tried 2 times); nothing recorded; run again to retry"
    )
    assert dl.event_count() == before


def test_500_then_200_records_one_event_per_paper(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    with LoopbackServer(arxiv.failing_first(2, status=503)) as server:
        dl = ledger_with_note(dl_sqlite.ledger, tmp_path, server.url)
        out = dl.json("enrich")
    assert len(server.requests) == 3 and out["recorded"] == 4
    types = [e["type"] for e in dl.json("log")]
    assert types.count("ReadingEnriched") == 4


def test_garbage_is_one_line_and_changes_nothing(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    with LoopbackServer(arxiv.garbage()) as server:
        dl = ledger_with_note(dl_sqlite.ledger, tmp_path, server.url)
        before = dl.event_count()
        failed = dl.fails("enrich")
    assert failed.returncode == 7 and "answered something unreadable: not XML" in failed.stderr
    assert dl.event_count() == before


def test_a_bad_service_url_is_a_usage_error(dl_sqlite: Dayledger) -> None:
    dl_sqlite.env["DAYLEDGER_ARXIV_URL"] = "ftp://example"
    assert dl_sqlite.fails("enrich").returncode == 2
