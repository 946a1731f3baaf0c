"""Charts of a batch: a tornado of what moves a figure most, and its distribution."""

from __future__ import annotations

import plotly.graph_objects as go

from scheduler.batch_report import BatchSummary
from scheduler.i18n import DEFAULT_LANG, Lang, Texts
from scheduler.plots.common import layout

LOW_COLOUR, HIGH_COLOUR = "#b2182b", "#1f4e99"


def tornado_figure(summary: BatchSummary, figure: str, lang: Lang = DEFAULT_LANG) -> go.Figure:
    """Per parameter a bar from the figure's lowest to its highest mean over the
    parameter's values, widest on top, around the mean of all rows."""
    t = Texts(lang)
    swings = summary.swings[figure]
    centre = float(summary.figures[figure].mean()) if len(summary.figures) else 0.0
    labels = [swing.parameter for swing in swings][::-1]
    fig = go.Figure()
    for name, colour, side in (
        (t("chart.batch_low"), LOW_COLOUR, "low"),
        (t("chart.batch_high"), HIGH_COLOUR, "high"),
    ):
        ends = [getattr(swing, side) for swing in swings][::-1]
        fig.add_trace(
            go.Bar(
                name=name,
                orientation="h",
                y=labels,
                base=[centre] * len(ends),
                x=[end - centre for end in ends],
                marker={"color": colour},
                hovertext=[
                    f"{label}: {t.kilo(round(end))}"
                    for label, end in zip(labels, ends, strict=True)
                ],
                hoverinfo="text",
            )
        )
    fig.update_layout(
        layout(t, width=1100),
        title={"text": t("chart.batch_tornado", figure=figure_name(t, figure)), "x": 0.02},
        barmode="overlay",
        height=200 + 40 * len(labels),
        xaxis={"title": t("unit.kilo_nok"), "tickformat": ",d"},
        margin={"l": 260},
    )
    return fig


def distribution_figure(summary: BatchSummary, year: int, lang: Lang = DEFAULT_LANG) -> go.Figure:
    """The year's risk-weighted savings over the rows, with its target."""
    t = Texts(lang)
    fig = go.Figure(
        go.Histogram(
            x=summary.figures[f"risk_weighted_{year}"],
            nbinsx=30,
            marker={"color": HIGH_COLOUR},
            name=t("chart.batch_rows"),
        )
    )
    fig.update_layout(
        layout(t, width=1100),
        title={"text": t("chart.batch_distribution", year=year), "x": 0.02},
        height=420,
        xaxis={"title": t("unit.kilo_nok"), "tickformat": ",d"},
        yaxis={"title": t("chart.batch_rows")},
    )
    return fig


def figure_name(t: Texts, figure: str) -> str:
    """'risk_weighted_2027' -> 'risikovektet innsparing 2027'."""
    kind, year = figure.rsplit("_", 1)
    return t(f"chart.batch_{kind}", year=year)
