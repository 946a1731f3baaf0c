"""What the page shows of a plan, as Dash components (pure functions of the data).

Each figure and table is the one the command line writes (the group Gantt and the targets
chart of the slides, the comparison of ``scheduler compare``), so the page and the files
never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
from dash import html

from scheduler.data import Instance
from scheduler.evaluate import savings_report
from scheduler.i18n import Texts
from scheduler.io.report_documents import Block, Heading, Paragraph, Table
from scheduler.plots.group_gantt import GroupRow
from scheduler.reasons import MeasureReason
from scheduler.result import Plan, Result, SolveStatus


def status_line(t: Texts, result: Result, time_limit: float) -> html.Div:
    """The solve's status, marked as a warning when the plan is not proven best."""
    if result.plan is None:
        return html.Div(
            t("web.no_plan", reason="; ".join(result.explanation)), className="status bad"
        )
    if result.status == SolveStatus.OPTIMAL:
        text = t("web.optimal", seconds=t.decimal(result.runtime_seconds, 2))
        return html.Div(text, className="status good")
    gap = t.percent(round(100 * (result.gap or 0), 2))
    limit = t.decimal(time_limit, 0)
    return html.Div(t("web.feasible", limit=limit, gap=gap), className="status warn")


def year_cards(t: Texts, instance: Instance, plan: Plan) -> html.Div:
    """Per target year: the target, and what the plan saves nominally and risk-weighted,
    each 'nådd' or 'ikke nådd, mangler X'."""
    report = savings_report(instance, plan.effect_by_measure())
    cards = []
    for year in sorted(year for year in report.targets if year in report.shortfall_by_year):
        carried = report.carried_by_year.get(year, 0)
        target = [html.Span(t.kilo(report.targets[year]), id=f"target-{year}")]
        if carried:
            target.append(html.Span(" " + t("web.carried", amount=t.kilo(carried))))
        nominal = report.shortfall_by_year[year]
        weighted = report.risk_weighted_shortfall_by_year[year]
        cards.append(
            html.Div(
                [
                    html.H3(str(year)),
                    _figure_line(t("web.target"), target),
                    _figure_line(
                        t("web.plan"),
                        [html.Span(t.kilo(report.savings_by_year[year]), id=f"savings-{year}")],
                        _verdict(t, nominal),
                    ),
                    _figure_line(
                        t("web.weighted"),
                        [
                            html.Span(
                                t.kilo(report.risk_weighted_by_year[year]),
                                id=f"weighted-{year}",
                            )
                        ],
                        _verdict(t, weighted),
                    ),
                ],
                className="year " + ("reached" if not weighted else "missed"),
                id=f"year-{year}",
            )
        )
    return html.Div(cards, className="years")


def _figure_line(label: str, value: list[Any], verdict: html.Span | None = None) -> html.Div:
    return html.Div(
        [html.Span(label, className="label"), html.Span(value, className="value"), verdict]
    )


def _verdict(t: Texts, shortfall: int) -> html.Span:
    if shortfall:
        return html.Span(t("web.short", amount=t.kilo(shortfall)), className="verdict missed")
    return html.Span(t("word.reached"), className="verdict reached")


def page_figure(figure: go.Figure) -> go.Figure:
    """A slide chart for the page: as wide as the page, as tall as the slide (so the rows
    keep their room), its note as the title (the page's heading names the instance)."""
    note = figure.layout.title.subtitle.text or ""
    return figure.update_layout(
        width=None,
        autosize=True,
        title={"text": note, "subtitle": {"text": ""}, "font": {"size": 15}},
    )


def group_reasons(
    t: Texts, instance: Instance, row: GroupRow, by_id: dict[str, MeasureReason]
) -> list[html.P]:
    """'Why this month' for each measure of an action group."""
    return [reason_line(t, instance, by_id[measure.id]) for measure, _ in row.items]


def reason_line(t: Texts, instance: Instance, reason: MeasureReason) -> html.P:
    measure = instance.measure(reason.id)
    return html.P(
        t(
            "web.why_line",
            id=reason.id,
            name=measure.name,
            effect=t.month(reason.effect),
            planned=t.month(reason.planned_effect),
            text=reason.text,
        )
    )


def blocks(items: Sequence[Block]) -> list[Any]:
    """Report blocks (headings, paragraphs, tables) as page elements; charts are not
    among the blocks the page renders this way."""
    elements: list[Any] = []
    for block in items:
        if isinstance(block, Heading):
            elements.append(html.H3(block.text) if block.level > 1 else html.H2(block.text))
        elif isinstance(block, Paragraph):
            elements.append(html.P(block.text))
        elif isinstance(block, Table):
            head = html.Thead(html.Tr([html.Th(cell) for cell in block.headers]))
            body = html.Tbody([html.Tr([html.Td(cell) for cell in row]) for row in block.rows])
            elements.append(html.Table([head, body], className="table"))
    return elements
