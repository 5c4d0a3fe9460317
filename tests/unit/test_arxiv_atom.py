"""Reading arXiv's Atom answers, and arXiv ids as the API wants them (pure)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from engine.formats.arxiv.atom import FeedError, parse_feed
from engine.formats.arxiv.ids import canonical_id, split_version
from tests.fakes.arxiv import UNKNOWN, WITHDRAWN, feed


def test_a_feed_gives_each_paper_by_its_id_without_version() -> None:
    papers = parse_feed(feed(["2604.21691", "math/0601001", UNKNOWN, WITHDRAWN]))
    assert set(papers) == {"2604.21691", "math/0601001", WITHDRAWN}  # the unknown id is simply absent
    paper = papers["2604.21691"]
    assert paper.title == "There Will Be a Scientific Theory of Deep Learning"
    assert paper.authors == ("Jamie Simon", "Daniel Kunin", "Alexander Atanasov")
    assert paper.abstract.startswith("In this paper, we make the case that a scientific theory of deep learning is emerging.")
    assert "\n" not in paper.abstract  # arXiv's hard wraps joined
    assert paper.categories == ("cs.LG", "stat.ML") and paper.primary_category == "cs.LG"
    assert paper.published == datetime(2026, 4, 22, 16, 2, 11, tzinfo=UTC)
    assert paper.updated == datetime(2026, 4, 23, 17, 41, 8, tzinfo=UTC)
    assert paper.latest_version == "v2" and paper.comment == "48 pages, 6 figures" and not paper.withdrawn


def test_old_style_ids_titles_on_two_lines_and_dois() -> None:
    paper = parse_feed(feed(["math/0601001"]))["math/0601001"]
    assert paper.title == "Asymptotic behavior of tail density for sum of correlated lognormal variables"
    assert paper.doi == "10.1155/2009/630857" and paper.latest_version == "v1"


def test_abstract_paragraphs_are_kept() -> None:
    assert parse_feed(feed(["2605.01234"]))["2605.01234"].abstract == "We measure how note-taking scales.\n\nA second paragraph."


def test_a_withdrawn_paper_is_marked_withdrawn() -> None:
    paper = parse_feed(feed([WITHDRAWN]))[WITHDRAWN]
    assert paper.withdrawn and paper.title.startswith("A proof of the Riemann")


def test_an_empty_feed_has_no_papers() -> None:
    assert parse_feed(feed([UNKNOWN])) == {}


def test_an_old_api_empty_entry_is_no_paper() -> None:
    data = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2604.99999</id>'
        b"<title></title><summary></summary></entry></feed>"
    )
    assert parse_feed(data) == {}


def test_an_error_entry_means_arxiv_refused_the_query() -> None:
    data = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry>'
        b"<id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.5</id><title>Error</title>"
        b"<summary>incorrect id format for 1234.5</summary></entry></feed>"
    )
    with pytest.raises(FeedError, match="refused the query: incorrect id format for 1234.5"):
        parse_feed(data)


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"<html><body>Service unavailable", "not XML"),
        (b"", "not XML"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not XML"),
        (b"<html><body>hello</body></html>", "not an Atom feed"),
        (b'<?xml version="1.0"?><!DOCTYPE f [<!ENTITY a "aaaa">]><feed xmlns="http://www.w3.org/2005/Atom">&a;</feed>', "DOCTYPE"),
    ],
)
def test_anything_but_a_feed_is_a_feed_error(data: bytes, why: str) -> None:
    with pytest.raises(FeedError, match=why):
        parse_feed(data)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2604.21691", "2604.21691"),
        ("2604.21691v3", "2604.21691"),
        ("arXiv:2604.21691", "2604.21691"),
        ("abs/2604.21691v2", "2604.21691"),
        ("https://arxiv.org/abs/2604.21691v2", "2604.21691"),
        ("http://export.arxiv.org/pdf/2604.21691v1.pdf", "2604.21691"),
        ("math/0601001", "math/0601001"),
        ("hep-th/9901001v1", "hep-th/9901001"),
        ("math.AG/0601001", "math/0601001"),  # the subject class is not part of the id
        ("https://arxiv.org/abs/math/0601001v1", "math/0601001"),
        ("a book", None),
        ("paid 1204.5678 dollars", None),
    ],
)
def test_canonical_ids(text: str, expected: str | None) -> None:
    assert canonical_id(text) == expected


def test_split_version() -> None:
    assert split_version("2604.21691v12") == ("2604.21691", "v12")
    assert split_version("math/0601001") == ("math/0601001", None)
