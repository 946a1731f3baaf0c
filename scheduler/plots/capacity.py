"""Capacity use of each section and shared support pool against its capacity, per month.

Bars are the effort the plan puts on the unit in each month (its measures' preparation);
months where the unit is fully used are drawn dark. The step line is the capacity,
lower in months with an override (July, December).
"""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from scheduler.data import Instance
from scheduler.evaluate import capacity_use
from scheduler.i18n import DEFAULT_LANG, Lang, Texts
from scheduler.plots.common import Decorations, add_calendar_lines, layout, month_axis, plain
from scheduler.result import Plan

USE_COLOUR = "#8fb3d9"
FULL_COLOUR = "#1f4e99"
CAPACITY_COLOUR = "#b2182b"
PANEL_HEIGHT = 150


def capacity_figure(instance: Instance, plan: Plan, lang: Lang = DEFAULT_LANG) -> go.Figure:
    """One panel per section, then per pool, on a shared month axis."""
    t = Texts(lang)
    use = capacity_use(instance, plan)
    units = instance.sections + instance.pools
    fig = make_subplots(
        rows=len(units),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.35 / len(units),
        subplot_titles=[
            f"<b>{plain(unit.id)}</b> {plain(unit.name)} "
            f"({t('word.section' if unit in instance.sections else 'word.pool')})"
            for unit in units
        ],
    )
    for row, unit in enumerate(units, start=1):
        months = sorted(use[unit.id])
        capacities = [unit.capacity_in(m) for m in months]
        used = [use[unit.id][m] for m in months]
        for name, colour, full in (
            (t("chart.effort_used"), USE_COLOUR, False),
            (t("chart.at_capacity"), FULL_COLOUR, True),
        ):
            shown = [
                (m, u, c)
                for m, u, c in zip(months, used, capacities, strict=True)
                if (u >= c > 0) == full
            ]
            fig.add_trace(
                go.Bar(
                    name=name,
                    legendgroup=name,
                    showlegend=row == 1,
                    x=[m + 0.5 for m, _, _ in shown],
                    y=[u for _, u, _ in shown],
                    width=0.85,
                    marker={"color": colour, "line": {"width": 0}},
                    hovertext=[
                        t(
                            "chart.unit_use",
                            unit=plain(unit.id),
                            month=t.month(m),
                            used=u,
                            capacity=c,
                        )
                        for m, u, c in shown
                    ],
                    hoverinfo="text",
                ),
                row=row,
                col=1,
            )
        fig.add_trace(
            go.Scatter(
                name=t("chart.capacity"),
                legendgroup="capacity",
                showlegend=row == 1,
                x=[*months, months[-1] + 1],
                y=[*capacities, capacities[-1]],
                mode="lines",
                line={"shape": "hv", "color": CAPACITY_COLOUR, "width": 2},
                hoverinfo="skip",
            ),
            row=row,
            col=1,
        )
        top = max([*capacities, *used, 1])
        fig.update_yaxes(  # whole effort units: a tick every quarter of the top, rounded up
            rangemode="tozero", dtick=-(-top // 4), gridcolor="#e6e6e6", row=row, col=1
        )
    first, last = instance.calendar.plan_start, instance.calendar.horizon_end
    decorations = Decorations()
    add_calendar_lines(t, decorations, instance, first, last, rows=len(units))
    decorations.apply(fig)
    fig.update_xaxes(month_axis(t, first, last))
    fig.update_xaxes(showticklabels=True)
    height = PANEL_HEIGHT * len(units) + 170
    fig.update_layout(
        layout(t),
        title={
            "text": t("chart.capacity_title", instance=plain(instance.name)),
            "x": 0.05,
            "y": 1 - 16 / height,
            "yanchor": "top",
        },
        height=height,
        barmode="overlay",
        legend={
            "orientation": "h",
            "x": 0,
            "y": 1 - 50 / height,
            "yref": "container",
            "yanchor": "top",
        },
        margin={"t": 120, "b": 50},
    )
    return fig
