"""Rendering a report: Markdown, self-contained HTML with SVG charts, JSON. Pure functions from a
``Report`` to text; none of them reads the clock, so the same report gives the same bytes.

May import: the standard library, ``projections.reports.model`` and one another; that is all a
renderer needs. Never: the views, queries, storage or anything else that reads the ledger.
"""

from __future__ import annotations

from collections.abc import Callable

from projections.reports.model import Report

__all__ = ["FORMATS", "render"]

FORMATS = ("md", "html", "json")


def render(report: Report, fmt: str) -> str:
    """``report`` as text in ``fmt`` (one of FORMATS)."""
    from projections.reports.formats import as_html, as_json, as_markdown
    renderers: dict[str, Callable[[Report], str]] = {"md": as_markdown.render, "html": as_html.render, "json": as_json.render}
    return renderers[fmt](report)
