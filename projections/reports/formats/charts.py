"""Charts as inline SVG text: column bars, a line with its points, horizontal grouped bars.

Every chart has a title, labelled axes and a value on each bar or point, in system fonts, so it
reads without a legend lookup and needs nothing from the network.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

__all__ = ["column_chart", "line_chart", "project_bars"]

_FONT = "font-family='system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif'"
_W, _H = 500, 260
_LEFT, _RIGHT, _TOP, _BOTTOM = 44, 16, 46, 40


def _nice_max(value: float) -> int:
    """A round top for the value axis, at least 1, above ``value``'s label."""
    return _steps(value)[0] * _steps(value)[1]


def _steps(value: float) -> tuple[int, int]:
    """(step, how many) for gridlines at whole numbers covering ``value``: at most 5 steps."""
    top = max(1, int(value + 0.999))
    step = 1
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if top <= step * 5:
            break
    return step, (top + step - 1) // step


def _frame(title: str, y_label: str, top: int, width: int = _W, height: int = _H) -> list[str]:
    """The svg head, title, value axis with gridlines (5 steps)."""
    plot_h = height - _TOP - _BOTTOM
    out = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' width='{width}' height='{height}' role='img' aria-label='{escape(title)}' {_FONT}>",
        f"<title>{escape(title)}</title>",
        f"<text x='{width / 2:.0f}' y='20' text-anchor='middle' font-size='15' font-weight='600' fill='#1f2933'>{escape(title)}</text>",
        f"<text x='12' y='{_TOP + plot_h / 2:.0f}' transform='rotate(-90 12 {_TOP + plot_h / 2:.0f})' text-anchor='middle' font-size='12' fill='#52606d'>{escape(y_label)}</text>",
    ]
    step, steps = _steps(top)
    for i in range(steps + 1):
        value = step * i
        y = _TOP + plot_h - plot_h * i / steps
        out.append(f"<line x1='{_LEFT}' y1='{y:.1f}' x2='{width - _RIGHT}' y2='{y:.1f}' stroke='{'#9aa5b1' if i == 0 else '#e4e7eb'}' stroke-width='1'/>")
        out.append(f"<text x='{_LEFT - 6}' y='{y + 4:.1f}' text-anchor='end' font-size='11' fill='#52606d'>{value:g}</text>")
    return out


def column_chart(title: str, labels: Sequence[str], values: Sequence[int], *, y_label: str, color: str = "#2f80ed") -> str:
    """One column per label, its value written above it."""
    top = _nice_max(max(values, default=0))
    out = _frame(title, y_label, top)
    plot_w, plot_h = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM
    slot = plot_w / max(1, len(values))
    bar = min(48.0, slot * 0.6)
    for i, (label, value) in enumerate(zip(labels, values)):
        x = _LEFT + slot * i + (slot - bar) / 2
        h = plot_h * value / top
        y = _TOP + plot_h - h
        out.append(f"<rect x='{x:.1f}' y='{y:.1f}' width='{bar:.1f}' height='{h:.1f}' fill='{color}' rx='2'><title>{escape(label)}: {value}</title></rect>")
        out.append(f"<text x='{x + bar / 2:.1f}' y='{y - 5:.1f}' text-anchor='middle' font-size='12' font-weight='600' fill='#1f2933'>{value}</text>")
        out.append(f"<text x='{x + bar / 2:.1f}' y='{_TOP + plot_h + 18:.1f}' text-anchor='middle' font-size='12' fill='#323f4b'>{escape(label)}</text>")
    out.append("</svg>")
    return "\n".join(out)


def line_chart(title: str, labels: Sequence[str], values: Sequence[int | None], *, y_label: str, color: str = "#d64545") -> str:
    """A line through the known values (None: not yet), each point labelled with its value."""
    top = _nice_max(max((v for v in values if v is not None), default=0))
    out = _frame(title, y_label, top)
    plot_w, plot_h = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM
    slot = plot_w / max(1, len(values))
    points = []
    for i, (label, value) in enumerate(zip(labels, values)):
        x = _LEFT + slot * (i + 0.5)
        out.append(f"<text x='{x:.1f}' y='{_TOP + plot_h + 18:.1f}' text-anchor='middle' font-size='12' fill='#323f4b'>{escape(label)}</text>")
        if value is not None:
            points.append((x, _TOP + plot_h - plot_h * value / top, value, label))
    if points:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in points)
        out.append(f"<polyline points='{path}' fill='none' stroke='{color}' stroke-width='2.5'/>")
    for x, y, value, label in points:
        out.append(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='4' fill='{color}'><title>{escape(label)}: {value}</title></circle>")
        out.append(f"<text x='{x:.1f}' y='{y - 9:.1f}' text-anchor='middle' font-size='12' font-weight='600' fill='#1f2933'>{value}</text>")
    out.append("</svg>")
    return "\n".join(out)


def project_bars(title: str, names: Sequence[str], series: Sequence[tuple[str, Sequence[int], str]]) -> str:
    """Horizontal bars per name, one per series (label, values, colour), with a legend."""
    label_w, row_h, bar_h = 140, 14 * len(series) + 14, 12
    height = _TOP + 24 + row_h * max(1, len(names)) + 10
    top = _nice_max(max((v for _, values, _ in series for v in values), default=0))
    plot_w = _W - label_w - _RIGHT - 30
    out = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {_W} {height}' width='{_W}' height='{height}' role='img' aria-label='{escape(title)}' {_FONT}>",
        f"<title>{escape(title)}</title>",
        f"<text x='{_W / 2:.0f}' y='20' text-anchor='middle' font-size='15' font-weight='600' fill='#1f2933'>{escape(title)}</text>",
    ]
    for i, (label, _, color) in enumerate(series):
        x = label_w + i * 105
        out.append(f"<rect x='{x}' y='{_TOP - 6}' width='12' height='12' fill='{color}'/>")
        out.append(f"<text x='{x + 17}' y='{_TOP + 4}' font-size='12' fill='#323f4b'>{escape(label)}</text>")
    for row, name in enumerate(names):
        y0 = _TOP + 24 + row * row_h
        out.append(f"<text x='{label_w - 8}' y='{y0 + row_h / 2:.1f}' text-anchor='end' font-size='12' fill='#1f2933'>{escape(_short(name))}</text>")
        for i, (label, values, color) in enumerate(series):
            value = values[row]
            y = y0 + 7 + i * 14
            width = plot_w * value / top
            out.append(f"<rect x='{label_w}' y='{y}' width='{width:.1f}' height='{bar_h}' fill='{color}' rx='2'><title>{escape(name)}, {escape(label)}: {value}</title></rect>")
            out.append(f"<text x='{label_w + width + 5:.1f}' y='{y + 10}' font-size='11' fill='#1f2933'>{value}</text>")
    out.append(f"<line x1='{label_w}' y1='{_TOP + 20}' x2='{label_w}' y2='{height - 8}' stroke='#9aa5b1'/>")
    out.append("</svg>")
    return "\n".join(out)


def _short(name: str, limit: int = 22) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"
