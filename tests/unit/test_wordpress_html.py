"""A post's HTML as daily-note lines (pure)."""

from __future__ import annotations

from engine.formats.wordpress.html import html_to_note_lines
from tests.fakes.wordpress import LISTS_POST


def test_lists_nested_lists_struck_items_and_links() -> None:
    assert html_to_note_lines(LISTS_POST) == [
        "Do a big ride today because the weather looks wet later.",
        "[2604.21691] There Will Be a Scientific Theory of Deep Learning",
        "Tasks",
        "  • Bills – done",
        "  • Dishes – done",
        "  • The Bicycle Escape – Appointment for Tuesday morning",
        "    ◦ see the Ritchey wheel (https://example.com/ritchey)",
        "    ◦ headset notes",
        "      ▪ creaks when cold",
        "  • Work on pancake printer post",
        "# SBIRs",
        "  • Re-map and cluster the original narratives",
        "  • Send the budget – done",
    ]


def test_partly_struck_items_are_not_done_and_struck_paragraphs_stay_words() -> None:
    html = "<ul><li>Re-map and <del>cluster</del> narratives</li></ul><p><del>old idea</del></p>"
    assert html_to_note_lines(html) == ["  • Re-map and cluster narratives", "old idea"]


def test_links_that_are_their_own_text_breaks_scripts_and_entities() -> None:
    html = (
        '<p>Read <a href="https://arxiv.org/abs/2604.21691v2">https://arxiv.org/abs/2604.21691v2</a> &amp; more<br>'
        'second line <img src="x.png" alt="pic"></p><script>var x = "<p>no</p>";</script><style>p{}</style>'
    )
    assert html_to_note_lines(html) == ["Read https://arxiv.org/abs/2604.21691v2 & more", "second line"]


def test_broken_markup_loses_no_words() -> None:
    assert html_to_note_lines("<ul><li>one<li>two<ul><li>deep</ul>") == ["  • one", "  • two", "    ◦ deep"]
