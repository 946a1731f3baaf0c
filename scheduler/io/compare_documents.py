"""The comparison of plans as HTML, Markdown and an Excel workbook, in one language.

The documents are built from the same blocks as the plan report
(:mod:`scheduler.io.report_documents`); the workbook from pandas tables (XlsxWriter), its
months as real dates.
"""

from __future__ import annotations

import io

import pandas as pd

from scheduler.compare import Column, Comparison
from scheduler.i18n import Texts
from scheduler.io.exports import month_date
from scheduler.io.report_documents import Block, Heading, Paragraph, Table


def compare_blocks(t: Texts, comparison: Comparison) -> list[Block]:
    columns = comparison.columns
    labels = tuple(column.label for column in columns)
    return [
        Heading(t("compare.title"), 1),
        *(Paragraph(_describe(t, column)) for column in columns),
        Heading(t("compare.savings")),
        Table((t("unit.kilo_nok"), *labels), _savings_rows(t, columns)),
        Heading(t("compare.loads")),
        Paragraph(t("compare.loads_intro")),
        Table((t("compare.unit"), *labels), _load_rows(t, columns)),
        Heading(t("compare.decisions")),
        Table(
            (t("compare.plan"), t("compare.decisions")),
            tuple((column.label, _decisions(t, column)) for column in columns),
        ),
        Heading(t("compare.moves")),
        Paragraph(t("compare.moves_intro", count=len(comparison.moves), total=_measures(columns))),
        Table(
            (t("xlsx.measure"), t("xlsx.name"), *labels, t("compare.spread")),
            tuple(
                (
                    move.id,
                    move.name,
                    *(t.month(e) if e is not None else t("compare.left_out") for e in move.effects),
                    t.months(move.spread),
                )
                for move in comparison.moves
            ),
        ),
    ]


def _measures(columns: tuple[Column, ...]) -> int:
    return len({measure for column in columns for measure in column.effects})


def _describe(t: Texts, column: Column) -> str:
    status = t(f"status.{column.status}") if column.status else t("compare.no_solve")
    gap = t("compare.gap", gap=t.percent(round(100 * column.gap, 2))) if column.gap else ""
    return t(
        "compare.column",
        label=column.label,
        instance=column.instance,
        status=status + gap,
        violations=column.violations,
    )


def _savings_rows(t: Texts, columns: tuple[Column, ...]) -> tuple[tuple[str, ...], ...]:
    """Per target year: the target, and the savings nominal and risk-weighted with whether
    each reaches it (each plan judged by its own instance's target)."""
    by_year = [{figures.year: figures for figures in column.years} for column in columns]
    rows: list[tuple[str, ...]] = []
    for year in [figures.year for figures in columns[0].years if figures.target is not None]:
        figures = [years.get(year) for years in by_year]
        rows.append(
            (t("compare.target", year=year), *(t.kilo(f.target) if f else "" for f in figures))
        )
        rows.append(
            (
                t("compare.nominal", year=year),
                *(
                    f"{t.kilo(f.savings)} ({_verdict(t, f.shortfall)})" if f else ""
                    for f in figures
                ),
            )
        )
        rows.append(
            (
                t("compare.weighted", year=year),
                *(
                    f"{t.kilo(f.risk_weighted)} ({_verdict(t, f.risk_weighted_shortfall)})"
                    if f
                    else ""
                    for f in figures
                ),
            )
        )
    return tuple(rows)


def _verdict(t: Texts, shortfall: int | None) -> str:
    if shortfall is None:
        return ""
    if shortfall == 0:
        return t("word.reached")
    return t("compare.short", amount=t.kilo(shortfall))


def _load_rows(t: Texts, columns: tuple[Column, ...]) -> tuple[tuple[str, ...], ...]:
    units = [load.unit for load in columns[0].loads]
    return tuple(
        (
            unit,
            *(
                t(
                    "compare.load",
                    peak=load.peak,
                    capacity=load.capacity,
                    full=t.months(load.full_months),
                )
                for column in columns
                for load in column.loads
                if load.unit == unit
            ),
        )
        for unit in units
    )


def _decisions(t: Texts, column: Column) -> str:
    if not column.decisions:
        return t("report.no_decisions")
    return "; ".join(
        t(
            "report.meeting_decides",
            kind=t(f"word.{kind}"),
            month=t.month(month),
            count=len(ids),
            ids=", ".join(ids),
        )
        for month, kind, ids in column.decisions
    )


def compare_workbook(t: Texts, comparison: Comparison) -> bytes:
    """compare.xlsx: the savings and loads, every measure's effect month per plan (dates),
    and the decisions, one sheet each."""
    labels = [column.label for column in comparison.columns]
    blocks = compare_blocks(t, comparison)
    tables = [block for block in blocks if isinstance(block, Table)]
    savings, loads, decisions = (
        pd.DataFrame(table.rows, columns=table.headers) for table in tables[:3]
    )
    measures = sorted({m for column in comparison.columns for m in column.effects})
    effects = pd.DataFrame(
        {
            label: [
                month_date(column.effects[m]) if m in column.effects else None for m in measures
            ]
            for label, column in zip(labels, comparison.columns, strict=True)
        },
        index=pd.Index(measures, name=t("xlsx.measure")),
    )
    buffer = io.BytesIO()
    with pd.ExcelWriter(
        buffer, engine="xlsxwriter", date_format="mmm yyyy", datetime_format="mmm yyyy"
    ) as writer:
        savings.to_excel(writer, sheet_name=t("compare.sheet_savings"), index=False)
        loads.to_excel(writer, sheet_name=t("compare.sheet_loads"), index=False)
        effects.to_excel(writer, sheet_name=t("compare.sheet_effects"))
        decisions.to_excel(writer, sheet_name=t("compare.sheet_decisions"), index=False)
        for sheet in writer.sheets.values():
            sheet.set_column(0, 0, 28)
            sheet.set_column(1, len(labels) + 1, 22)
            sheet.freeze_panes(1, 1)
    return buffer.getvalue()
