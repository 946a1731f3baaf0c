"""The batch report as HTML (charts inside) and an Excel workbook, in one language."""

from __future__ import annotations

import io

import pandas as pd
import plotly.graph_objects as go

from scheduler.batch_report import BatchSummary
from scheduler.i18n import Lang, Texts
from scheduler.io.report_documents import Block, Charts, Heading, Paragraph, Table, blocks_html
from scheduler.plots.batch import distribution_figure, figure_name, tornado_figure


def batch_blocks(t: Texts, summary: BatchSummary) -> list[Block]:
    statuses = ", ".join(f"{status} {count}" for status, count in summary.statuses.items())
    return [
        Heading(t("batch.report_title"), 1),
        Paragraph(
            t(
                "batch.report_intro",
                rows=summary.rows,
                figures=summary.with_figures,
                statuses=statuses,
                parameters=", ".join(summary.parameters),
            )
        ),
        Heading(t("batch.attainment")),
        Table(
            t.columns("batch.attainment_headers"),
            tuple(
                (
                    str(a.year),
                    t.percent(round(100 * a.target_met, 1)),
                    t.percent(round(100 * a.risk_weighted_met, 1)),
                )
                for a in summary.attainment
            ),
        ),
        Heading(t("batch.swings")),
        Paragraph(t("batch.swings_intro")),
        Table(
            t.columns("batch.swing_headers"),
            tuple(
                (
                    figure_name(t, figure),
                    swing.parameter,
                    t.kilo(round(swing.low)),
                    t.kilo(round(swing.high)),
                    t.kilo(round(swing.width)),
                )
                for figure, swings in summary.swings.items()
                if figure.startswith("risk_weighted_")
                for swing in swings
            ),
        ),
        Charts(),
    ]


def batch_figures(summary: BatchSummary, lang: Lang) -> list[go.Figure]:
    years = summary.years[-2:]
    return [
        *(tornado_figure(summary, f"risk_weighted_{year}", lang) for year in years),
        *(distribution_figure(summary, year, lang) for year in years),
    ]


def batch_html(t: Texts, summary: BatchSummary) -> str:
    figures = batch_figures(summary, t.lang) if summary.with_figures else []
    return blocks_html(t("batch.report_title"), batch_blocks(t, summary), t.lang, figures)


def batch_workbook(t: Texts, summary: BatchSummary, rows: pd.DataFrame) -> bytes:
    """The attainment and swing tables, and every row."""
    tables = [block for block in batch_blocks(t, summary) if isinstance(block, Table)]
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        for table, sheet in zip(
            tables, ("batch.sheet_attainment", "batch.sheet_swings"), strict=True
        ):
            pd.DataFrame(table.rows, columns=table.headers).to_excel(
                writer, sheet_name=t(sheet), index=False
            )
        rows.to_excel(writer, sheet_name=t("batch.sheet_rows"), index=False)
    return buffer.getvalue()
