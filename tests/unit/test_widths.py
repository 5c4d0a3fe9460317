"""Display widths and wrapping (``cli.widths``): what a terminal shows, not what ``len`` counts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cli.widths import display_width, wrapped


@pytest.mark.parametrize(
    ("text", "width"),
    [("plain", 5), ("日本語", 6), ("🎉 party", 8), ("e\u0301te\u0301", 3), ("a\u200bb", 2), ("ｆｕｌｌ", 8)],
)
def test_display_width_counts_terminal_cells(text: str, width: int) -> None:
    assert display_width(text) == width


words = st.text(alphabet=st.sampled_from("ab日本🎉\u0301 "), max_size=60)


@given(words, st.integers(min_value=2, max_value=30))
def test_wrapped_lines_fit_and_lose_only_the_spaces_at_breaks(text: str, width: int) -> None:
    lines = wrapped(text, width)
    assert all(display_width(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    if display_width(text) <= width:
        assert lines == [text]


def test_wrapped_breaks_between_words_where_it_can() -> None:
    assert wrapped("the quick brown fox jumps", 10) == ["the quick", "brown fox", "jumps"]
    assert wrapped("supercalifragilistic is long", 8) == ["supercal", "ifragili", "stic is", "long"]
