"""Line charts drawn on the server as SVG geometry, so the trends page needs no chart library.

Chart.js was 70 KB of the charts page's 80 KB on a 2G connection (issue 25). A chart
library that renders SVG on the server (pygal) writes its look into a ``<style>`` element,
which our Content-Security-Policy (``style-src 'self'``) refuses; the geometry of a few
lines over twelve months is small enough to compute here, with every colour and dash an SVG
attribute. A withheld point is never drawn as a zero: the line breaks around it and a hollow
diamond sits inside a hatched band "fewer than N" whose top is the threshold it stays under.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

PALETTE = ("#0b4f8a", "#c0392b", "#2e7d32", "#8e44ad", "#d35400", "#00796b", "#5d4037", "#c2185b")
WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 10, 28
MAX_X_LABELS = 12


@dataclass
class Line:
    label: str
    colour: str
    segments: list[str] = field(default_factory=list)  # SVG ``points`` strings
    dots: list[dict] = field(default_factory=list)  # {x, y, withheld, title}


def _fmt(value: float) -> str:
    """Coordinates with one decimal: enough at this size, and a third shorter than repr."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def nice_ceiling(value: float) -> int:
    """The smallest 1, 2 or 5 times a power of ten at or above ``value``: an axis to read."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return int(step * power)
    return int(10 * power)  # pragma: no cover - the loop always returns


def line_chart(months: list[str], rows: list[dict], below: int, withheld_label: str) -> dict:
    """Geometry for ``rows`` (each ``{label, points: [{count, withheld}]}``) over ``months``.

    ``below`` is the threshold a withheld count stays under; ``withheld_label`` the
    translated text shown for one ("fewer than 5")."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    published = [p["count"] or 0 for r in rows for p in r["points"] if not p["withheld"]]
    any_withheld = any(p["withheld"] for r in rows for p in r["points"])
    largest = max(published + ([below] if any_withheld else []) + [1])
    step = nice_ceiling(largest / 4)
    top = step * math.ceil(largest / step)

    def x(i: int) -> float:
        return LEFT + (plot_w * i / (len(months) - 1) if len(months) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return TOP + plot_h * (1 - value / top)

    lines = []
    for index, row in enumerate(rows):
        line = Line(label=row["label"], colour=PALETTE[index % len(PALETTE)])
        run: list[str] = []
        for i, point in enumerate(row["points"]):
            if point["withheld"]:
                if run:
                    line.segments.append(" ".join(run))
                run = []
                cx, cy = x(i), y(below / 2)
                title = f"{row['label']}, {months[i]}: {withheld_label}"
            else:
                cx, cy = x(i), y(point["count"] or 0)
                run.append(f"{_fmt(cx)},{_fmt(cy)}")
                title = f"{row['label']}, {months[i]}: {point['count'] or 0}"
            line.dots.append(
                {"x": _fmt(cx), "y": _fmt(cy), "withheld": point["withheld"], "title": title}
            )
        if run:
            line.segments.append(" ".join(run))
        lines.append(line)

    ticks = range(0, top + 1, step)
    every = max(1, math.ceil(len(months) / MAX_X_LABELS))
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "plot": {
            "left": LEFT,
            "right": WIDTH - RIGHT,
            "width": plot_w,
            "bottom": HEIGHT - BOTTOM,
            "label_y": HEIGHT - BOTTOM + 18,
            "tick_x": LEFT - 6,
        },
        "y_ticks": [{"value": t, "y": _fmt(y(t))} for t in ticks],
        "x_labels": [{"text": m, "x": _fmt(x(i))} for i, m in enumerate(months) if i % every == 0],
        "band": {"y": _fmt(y(below)), "height": _fmt(y(0) - y(below))} if any_withheld else None,
        "lines": lines,
    }
