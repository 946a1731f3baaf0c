"""Savings of a plan against the yearly targets.

Bars: savings per quarter, nominal (wide, light) and risk-weighted (narrow, dark). Lines:
savings accumulated within each year, restarting every January, so that each line ends in
December at the year's total (labelled); the target is a step line at each year's amount.
A year is met where its cumulative line reaches the step.
"""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from scheduler.data import Instance, month_of
from scheduler.evaluate import savings_by_month, savings_report
from scheduler.i18n import DEFAULT_LANG, Lang, Texts
from scheduler.plots.common import (
    Decorations,
    add_calendar_lines,
    axis_refs,
    layout,
    month_axis,
    plain,
)
from scheduler.result import Plan

SAVINGS_PANEL_HEIGHT = 380
NOMINAL_COLOUR = "#9fbfe0"
WEIGHTED_COLOUR = "#1f4e99"
TARGET_COLOUR = "#b2182b"
LEGEND = "legend2"  # its own legend, placed right above the panel


def add_savings_panel(
    t: Texts, fig: go.Figure, decorations: Decorations, instance: Instance, plan: Plan, row: int
) -> None:
    """Draw the savings panel into subplot ``row`` of ``fig`` (column 1)."""
    monthly = savings_by_month(instance, plan.effect_by_measure())
    quarters = sorted({month - month % 3 for month in monthly.nominal})
    traces: list[go.Bar | go.Scatter] = []
    for name, values, width, colour in (
        (t("chart.nominal_quarter"), monthly.nominal, 2.6, NOMINAL_COLOUR),
        (t("chart.weighted_quarter"), monthly.risk_weighted, 1.4, WEIGHTED_COLOUR),
    ):
        sums = [sum(values.get(q + k, 0) for k in range(3)) for q in quarters]
        traces.append(
            go.Bar(
                name=name,
                legend=LEGEND,
                x=[q + 1.5 for q in quarters],
                y=sums,
                width=width,
                marker={"color": colour, "line": {"width": 0}},
                hovertext=[
                    t("chart.quarter_hover", name=name, month=t.month(q), amount=t.kilo(round(s)))
                    for q, s in zip(quarters, sums, strict=True)
                ],
                hoverinfo="text",
            )
        )
    for name, values, dash in (
        (t("chart.nominal_cumulative"), monthly.nominal, "solid"),
        (t("chart.weighted_cumulative"), monthly.risk_weighted, "dash"),
    ):
        x, y = cumulative_by_year(values)
        traces.append(
            go.Scatter(
                name=name,
                legend=LEGEND,
                x=x,
                y=y,
                mode="lines",
                line={"color": WEIGHTED_COLOUR, "width": 2, "dash": dash},
                hovertemplate="%{y:,.0f}<extra>" + name + "</extra>",
            )
        )
    x_target, y_target = target_steps(instance)
    traces.append(
        go.Scatter(
            name=t("chart.yearly_target"),
            legend=LEGEND,
            x=x_target,
            y=y_target,
            mode="lines",
            line={"color": TARGET_COLOUR, "width": 2.5},
            hovertemplate=t("chart.target_hover") + " %{y:,.0f}<extra></extra>",
        )
    )
    fig.add_traces(traces, rows=row, cols=1)
    xref, yref = axis_refs(row)
    for target in instance.targets:
        if target.amount > 0:
            decorations.annotations.append(
                {
                    "x": month_of(target.year) + 0.3,
                    "y": target.amount,
                    "xref": xref,
                    "yref": yref,
                    "xanchor": "left",
                    "yanchor": "bottom",
                    "text": t("chart.target_label", year=target.year, amount=t.kilo(target.amount)),
                    "showarrow": False,
                    "font": {"color": TARGET_COLOUR, "size": 11},
                }
            )
    report = savings_report(instance, plan.effect_by_measure())  # the report's own rounding
    largest = max(report.savings_by_year.values(), default=0)
    for year, nominal in report.savings_by_year.items():
        weighted = report.risk_weighted_by_year[year]
        if nominal:
            decorations.annotations.append(
                {
                    "x": month_of(year + 1) - 0.2,
                    "y": nominal,
                    "xref": xref,
                    "yref": yref,
                    "xanchor": "right",
                    # under the line's end, or above it where the year is small
                    "yanchor": "top" if nominal > largest / 5 else "bottom",
                    "align": "right",
                    "text": t(
                        "chart.year_label",
                        year=year,
                        nominal=t.kilo(nominal),
                        weighted=t.kilo(weighted),
                    ),
                    "showarrow": False,
                    "font": {"color": WEIGHTED_COLOUR, "size": 11},
                    "bgcolor": "rgba(255, 255, 255, 0.75)",
                }
            )
    fig.update_yaxes(
        title_text=t("unit.kilo_nok"), tickformat=",d", gridcolor="#e6e6e6", row=row, col=1
    )
    top = fig.layout[yref.replace("y", "yaxis")].domain[1]
    fig.update_layout(
        {LEGEND: {"orientation": "h", "x": 0, "y": top, "yanchor": "bottom", "yref": "paper"}}
    )


def cumulative_by_year(values: Mapping[int, float]) -> tuple[list[int | None], list[float | None]]:
    """Running total that restarts in January: points at the end of each month (``m + 1``),
    starting from 0 at each year's first month; years separated by a gap (``None``)."""
    x: list[int | None] = []
    y: list[float | None] = []
    total = 0.0
    for month in sorted(values):
        if not x or month % 12 == 0:
            if x:
                x.append(None)
                y.append(None)
            x.append(month)
            y.append(0)
            total = 0.0
        total += values[month]
        x.append(month + 1)
        y.append(total)
    return x, y


def target_steps(instance: Instance) -> tuple[list[int | None], list[int | None]]:
    """One horizontal segment per target year, from January to the end of December."""
    x: list[int | None] = []
    y: list[int | None] = []
    for target in sorted(instance.targets, key=lambda t: t.year):
        x += [month_of(target.year), month_of(target.year + 1), None]
        y += [target.amount, target.amount, None]
    return x[:-1], y[:-1]


def savings_figure(instance: Instance, plan: Plan, lang: Lang = DEFAULT_LANG) -> go.Figure:
    """The savings panel on its own."""
    t = Texts(lang)
    fig = make_subplots(rows=1, cols=1)
    decorations = Decorations()
    add_savings_panel(t, fig, decorations, instance, plan, row=1)
    first, last = instance.calendar.first_month, instance.calendar.horizon_end
    add_calendar_lines(t, decorations, instance, first, last, rows=1)
    decorations.apply(fig)
    fig.update_xaxes(month_axis(t, first, last))
    fig.update_layout(
        layout(t),
        title={"text": t("chart.savings_title", instance=plain(instance.name)), "x": 0.05},
        height=SAVINGS_PANEL_HEIGHT + 220,
        barmode="overlay",
        margin={"t": 110, "b": 90},
    )
    return fig
