"""What every chart shares: colours, the month axis, calendar lines, the row order.

Time is drawn on a numeric axis in absolute months (as in :mod:`scheduler.data`): month
``m`` covers ``[m, m + 1)``, so a measure worked on from ``start`` to ``effect`` is the
interval ``[start, effect)`` and its savings run from ``effect``. Tick labels show months
in the chart's language ("sep. 2025").

Shapes and annotations are collected in a :class:`Decorations` and set on the figure in
one go: plotly's ``add_annotation`` re-validates the whole layout on every call, which is
quadratic in the number of arrows.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go

from scheduler.data import Colour, Instance, month_of
from scheduler.i18n import Lang, Texts

COLOUR_FILL = {Colour.RED: "#d7301f", Colour.YELLOW: "#f5b800", Colour.GREEN: "#2e9e4f"}
"""Mobilisation colours, saturated enough to tell apart on white and in print."""

TEXT_COLOUR = "#333333"
GRID_COLOUR = "#9a9a9a"
PLAN_START_COLOUR = "#1f4e99"
WIDTH = 1400
FONT_FAMILY = "DejaVu Sans, Arial, sans-serif"


SLIDE_WIDTH, SLIDE_HEIGHT = 1920, 1080
SLIDE_FONT_SIZE = 16  # every label of a slide chart; its title larger


def layout(t: Texts, width: int = WIDTH, font_size: int = 11) -> dict[str, Any]:
    """What every chart's layout shares; numbers in the style of the chart's language."""
    return {
        "width": width,
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "font": {"family": FONT_FAMILY, "size": font_size, "color": TEXT_COLOUR},
        # decimal mark, then thousands separator: 111 128 and 12,5 (nb) / 12.5 (en)
        "separators": ", " if t.lang == Lang.NB else ". ",
        "hoverlabel": {"align": "left"},
    }


def slide_layout(t: Texts, title: str, note: str) -> dict[str, Any]:
    """A slide chart's layout: 1920 x 1080, 16 px text, its title and note top left."""
    return {
        **layout(t, SLIDE_WIDTH, SLIDE_FONT_SIZE),
        "height": SLIDE_HEIGHT,
        "title": {
            "text": title,
            "subtitle": {"text": note},
            "font": {"size": 28},
            "x": 0.01,
            "xanchor": "left",
            "y": 0.985,
            "yanchor": "top",
        },
    }


def plain(text: str) -> str:
    """User text (ids, names) for a chart label: plotly reads a subset of HTML in every
    text, so a name holding ``<a href=...>`` would become a link; escaped, it shows as
    typed."""
    return html.escape(text, quote=False)


def axis_refs(row: int) -> tuple[str, str]:
    """The x and y axis names of subplot ``row`` (one column): ("x", "y"), ("x2", "y2")..."""
    suffix = "" if row == 1 else str(row)
    return f"x{suffix}", f"y{suffix}"


@dataclass
class Decorations:
    """Shapes and annotations gathered while a figure is built, then set at once."""

    shapes: list[dict[str, Any]] = field(default_factory=list)
    annotations: list[dict[str, Any]] = field(default_factory=list)

    def apply(self, fig: go.Figure) -> None:
        fig.update_layout(
            shapes=[*fig.layout.shapes, *self.shapes],
            annotations=[*fig.layout.annotations, *self.annotations],
        )


def month_axis(t: Texts, first: int, last: int, every: int = 3) -> dict[str, Any]:
    """Axis settings for months ``first..last``: a tick every ``every`` months (from
    January), labelled 'sep. 2025'."""
    ticks = [m for m in range(first, last + 2) if m % every == 0]
    return {
        "range": [first, last + 1],
        "tickvals": ticks,
        "ticktext": [t.month(m) for m in ticks],
        "showgrid": False,
        "zeroline": False,
    }


def add_calendar_lines(
    t: Texts, decorations: Decorations, instance: Instance, first: int, last: int, rows: int
) -> None:
    """Year boundaries (dotted) and the plan start (solid) in subplots ``1..rows``; the
    plan start is labelled under the first subplot unless it is the axis start."""
    plan_start = instance.calendar.plan_start
    years = [month_of(year) for year in range(first // 12 + 1, last // 12 + 1)]
    for row in range(1, rows + 1):
        xref, yref = axis_refs(row)
        for x, line in [(x, {"color": GRID_COLOUR, "width": 1, "dash": "dot"}) for x in years] + [
            (plan_start, {"color": PLAN_START_COLOUR, "width": 1.5})
        ]:
            decorations.shapes.append(
                {
                    "type": "line",
                    "x0": x,
                    "x1": x,
                    "y0": 0,
                    "y1": 1,
                    "xref": xref,
                    "yref": f"{yref} domain",
                    "line": line,
                    "layer": "above",
                }
            )
    if plan_start > first:
        decorations.annotations.append(
            {
                "x": plan_start,
                "y": 0,
                "xref": "x",
                "yref": "y domain",
                "yanchor": "top",
                "text": t("chart.plan_start", month=t.month(plan_start)),
                "showarrow": False,
                "font": {"color": PLAN_START_COLOUR, "size": 11},
            }
        )
