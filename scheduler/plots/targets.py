"""Savings against the targets per target year, for a slide: reached or not, beside the
consultants' own timing.

Per target year four bars: the consultants' timing and this plan, nominal (light) and
risk-weighted (dark), and the year's target (with any shortfall carried in from the year
before) as a line across them. Above each year, in words: whether the plan reaches the
target, nominal and risk-weighted. Money in millions of kroner.
"""

from __future__ import annotations

import plotly.graph_objects as go

from scheduler.consultants import as_planned
from scheduler.data import Instance
from scheduler.evaluate import SavingsReport, savings_report
from scheduler.i18n import DEFAULT_LANG, Lang, Texts
from scheduler.plots.common import SLIDE_FONT_SIZE, plain, slide_layout
from scheduler.result import Plan

CONSULTANTS_COLOURS = ("#c9c9c9", "#7a7a7a")  # nominal, risk-weighted
PLAN_COLOURS = ("#9fbfe0", "#1f4e99")
TARGET_COLOUR = "#b2182b"
REACHED_COLOUR, MISSED_COLOUR = "#2e7d32", "#b2182b"


def targets_figure(instance: Instance, plan: Plan, lang: Lang = DEFAULT_LANG) -> go.Figure:
    """The target years' savings of the plan and of the consultants' timing, 1920 x 1080."""
    t = Texts(lang)
    report = savings_report(instance, plan.effect_by_measure())
    consultants = savings_report(instance, as_planned(instance).effect_by_measure())
    years = sorted(year for year in report.targets if year in report.shortfall_by_year)
    labels = [str(year) for year in years]
    fig = go.Figure()
    series = (
        ("chart.targets_consultants", consultants.savings_by_year, CONSULTANTS_COLOURS[0]),
        ("chart.targets_plan", report.savings_by_year, PLAN_COLOURS[0]),
        (
            "chart.targets_consultants_weighted",
            consultants.risk_weighted_by_year,
            CONSULTANTS_COLOURS[1],
        ),
        ("chart.targets_plan_weighted", report.risk_weighted_by_year, PLAN_COLOURS[1]),
    )
    for key, amounts, colour in series:
        values = [amounts[year] / 1000 for year in years]
        fig.add_trace(
            go.Bar(
                name=t(key),
                x=labels,
                y=values,
                marker={"color": colour},
                text=[t.decimal(value) for value in values],
                textposition="outside",
                textfont={"size": SLIDE_FONT_SIZE},
                hovertext=[f"{t(key)} {year}: {t.millions(amounts[year])}" for year in years],
                hoverinfo="text",
            )
        )
    for index, year in enumerate(years):
        _mark_target(t, fig, report, index, year)
    top = max(
        [report.targets[year] + report.carried_by_year.get(year, 0) for year in years]
        + [amounts[year] for _, amounts, _ in series for year in years]
    )
    fig.update_yaxes(
        title_text=t("chart.targets_axis"),
        range=[0, top / 1000 * 1.3],
        gridcolor="#e6e6e6",
        tickfont={"size": SLIDE_FONT_SIZE},
    )
    fig.update_xaxes(tickfont={"size": SLIDE_FONT_SIZE + 6})
    fig.update_layout(
        slide_layout(
            t, t("chart.targets_title", instance=plain(instance.name)), t("chart.targets_note")
        ),
        barmode="group",
        bargap=0.25,
        legend={"orientation": "h", "x": 0, "y": -0.08, "yanchor": "top"},
        margin={"l": 110, "r": 40, "t": 140, "b": 130},
    )
    return fig


def _mark_target(t: Texts, fig: go.Figure, report: SavingsReport, index: int, year: int) -> None:
    """The year's target (plus what is carried in) as a line across its bars, and above it
    whether the plan reaches it, nominal and risk-weighted."""
    target = report.targets[year] + report.carried_by_year.get(year, 0)
    fig.add_shape(
        type="line",
        x0=index - 0.45,
        x1=index + 0.45,
        y0=target / 1000,
        y1=target / 1000,
        line={"color": TARGET_COLOUR, "width": 4},
    )
    carried = report.carried_by_year.get(year, 0)
    what = (
        t("chart.targets_carried", target=t.millions(target), carried=t.millions(carried))
        if carried
        else t("chart.targets_target", target=t.millions(target))
    )
    verdicts = [
        _verdict(t, "chart.targets_nominal", report.shortfall_by_year[year]),
        _verdict(t, "chart.targets_weighted", report.risk_weighted_shortfall_by_year[year]),
    ]
    fig.add_annotation(
        x=index,
        y=0.98,
        xref="x",
        yref="paper",
        yanchor="top",
        text=f"<span style='color:{TARGET_COLOUR}'>{what}</span><br>" + "<br>".join(verdicts),
        showarrow=False,
        font={"size": SLIDE_FONT_SIZE + 2},
        align="center",
    )


def _verdict(t: Texts, key: str, shortfall: int) -> str:
    """'nominelt: nådd' in green, or 'risikovektet: ikke nådd (−8,7 mill. kr)' in red."""
    if shortfall == 0:
        return f"{t(key)}: <b style='color:{REACHED_COLOUR}'>{t('word.reached')}</b>"
    missing = t("chart.targets_short", amount=t.millions(shortfall))
    return f"{t(key)}: <b style='color:{MISSED_COLOUR}'>{t('word.not_reached')}</b> {missing}"
