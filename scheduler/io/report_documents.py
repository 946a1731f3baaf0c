"""The plan report as Markdown and as a self-contained HTML page.

Both are rendered from one list of blocks (headings, paragraphs, tables, the charts), so
the two files always say the same. The HTML embeds the interactive charts (plotly.js
once); the Markdown links the PNGs where they were rendered.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from scheduler.i18n import Texts
from scheduler.io.chart_files import figure_divs, html_page
from scheduler.io.terminal import month_ranges
from scheduler.plan_report import PlanReport
from scheduler.reasons import MOVED_FAR_MONTHS, MeasureReason, ReasonKind


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Charts:
    """Where the charts go."""


Block = Heading | Paragraph | Table | Charts


def report_blocks(report: PlanReport) -> list[Block]:
    """The report's content, in order, in the report's language."""
    t = Texts(report.lang)
    how = t("report.method", method=report.method, status=report.status) if report.method else ""
    return [
        Heading(t("report.title", instance=report.instance), 1),
        Paragraph(how + t("report.intro", measures=report.measures, priced=report.priced)),
        *_summary_blocks(t, report),
        Heading(t("report.against_targets")),
        *(Paragraph(line) for line in _headlines(t, report)),
        Table(
            t.columns("report.targets_headers"),
            tuple(
                (
                    str(y.year),
                    t.kilo(y.target),
                    t.kilo(y.savings),
                    t.kilo(y.risk_weighted),
                    t.kilo(y.shortfall),
                    t.kilo(y.risk_weighted_shortfall),
                )
                for y in report.years
            ),
        ),
        Heading(t("report.what_binds")),
        Heading(t("report.at_capacity"), 3),
        Table(
            t.columns("report.capacity_headers"),
            tuple(
                (
                    f"{unit.id} ({t('word.' + unit.kind)})",
                    unit.name,
                    t("report.months_of", full=len(unit.full_months), months=unit.months),
                    month_ranges(t, list(unit.full_months)) or t("word.never"),
                )
                for unit in report.at_capacity
            ),
        ),
        Heading(t("report.decisions"), 3),
        Paragraph(_decision_summary(t, report)),
        Table(
            t.columns("report.decision_headers"),
            tuple(
                (
                    d.id,
                    d.name,
                    t("word." + d.kind),
                    t.month(d.start),
                    t.month(d.ready),
                    t.month(d.meeting) if d.meeting is not None else t("report.before_plan"),
                    t.month(d.effect),
                    t.months(d.waited) if d.waited else "",
                )
                for d in report.decisions
            ),
        ),
        Heading(t("report.chain"), 3),
        Paragraph(_chain_summary(t, report)),
        Table(
            t.columns("report.chain_headers"),
            tuple(
                (
                    link.id,
                    link.name,
                    t.month(link.start),
                    t.month(link.effect),
                    link.via or "",
                    t("word.yes") if link.binding else "",
                )
                for link in report.critical_chain
            ),
        ),
        *_reason_blocks(t, report),
        Heading(t("report.charts")),
        Charts(),
        Heading(t("report.assumptions")),
        Paragraph(t("report.assumptions_intro")),
        Table(
            t.columns("report.assumption_headers"),
            tuple(
                (f"`{a.field}`", a.reason, str(a.line) if a.line is not None else "")
                for a in report.assumptions
            ),
        ),
    ]


def _summary_blocks(t: Texts, report: PlanReport) -> list[Block]:
    """What the plan achieves beside the consultants' own timing, what holds it back, which
    decisions it needs when, and how to read the figures."""
    targeted = [y for y in report.years if y.target is not None]
    shares = ", ".join(
        f"{t('colour.' + colour)} {t.percent(pct)}"
        for colour, pct in report.realisation_pct.items()
    )
    differences = [
        t(
            "report.more_than_consultants"
            if y.savings >= y.consultants
            else "report.less_than_consultants",
            year=y.year,
            amount=t.kilo(abs(y.savings - y.consultants)),
            weighted=t.signed(y.risk_weighted - y.consultants_risk_weighted),
        )
        for y in targeted
    ]
    assumed = report.consultants_assumed_violations
    validity = t(
        "report.validity",
        plan=t("report.invalid", count=report.plan_violations)
        if report.plan_violations
        else t("report.valid"),
        consultants=report.consultants_violations,
        basis=t("report.validity_assumed", count=assumed)
        if assumed
        else t("report.validity_source"),
    )
    warning = (
        [Paragraph(t("report.warning_invalid", count=report.plan_violations))]
        if report.plan_violations
        else []
    )
    return [
        Heading(t("report.in_short")),
        *warning,
        Table(
            t.columns("report.summary_headers"),
            tuple(
                (
                    str(y.year),
                    t.kilo(y.target),
                    _carried(t, y.carried, y.risk_weighted_carried),
                    t.kilo(y.consultants),
                    t.kilo(y.savings),
                    t("word.reached" if y.shortfall == 0 else "word.not_reached"),
                    t.kilo(y.consultants_risk_weighted),
                    t.kilo(y.risk_weighted),
                    t("word.reached" if y.risk_weighted_shortfall == 0 else "word.not_reached"),
                )
                for y in targeted
            ),
        ),
        *(Paragraph(line) for line in differences),
        Paragraph(_holds_back(t, report)),
        *_trade_blocks(t, report),
        Paragraph(_decisions_when(t, report)),
        Paragraph(validity),
        Paragraph(t("report.how_to_read", shares=shares)),
    ]


def _holds_back(t: Texts, report: PlanReport) -> str:
    """The sections and pools that are full longest, and the meetings measures wait for."""
    full = sorted(
        (unit for unit in report.at_capacity if unit.full_months),
        key=lambda unit: (-len(unit.full_months), unit.id),
    )
    if not full:
        return t("report.nothing_full")
    units = t.listing(
        [
            t("report.full_unit", name=unit.name, months=t.months(len(unit.full_months)))
            for unit in full[:3]
        ]
    )
    return t("report.holds_back", units=units)


def _decisions_when(t: Texts, report: PlanReport) -> str:
    """Which meetings decide how many measures, in time order."""
    by_meeting: dict[tuple[int, str], list[str]] = {}
    for decision in report.decisions:
        if decision.meeting is not None:
            by_meeting.setdefault((decision.meeting, decision.kind), []).append(decision.id)
    if not by_meeting:
        return t("report.no_decisions")
    meetings = "; ".join(
        t(
            "report.meeting_decides",
            kind=t("word." + kind),
            month=t.month(month),
            count=len(ids),
            ids=", ".join(ids),
        )
        for (month, kind), ids in sorted(by_meeting.items())
    )
    return t("report.decisions_needed", meetings=meetings)


def _trade_blocks(t: Texts, report: PlanReport) -> list[Block]:
    if not report.trades:
        return []
    weights = t("report.weights_join").join(
        t("report.weight_in", weight=weight, year=year) for year, weight in report.weights.items()
    )
    return [
        Paragraph(t("report.trades_intro", weights=weights)),
        Table(
            t.columns("report.trade_headers"),
            tuple(
                (
                    str(trade.year),
                    trade.reason.id,
                    trade.name,
                    t.month(trade.reason.planned_effect),
                    t.month(trade.reason.effect),
                    t.signed(trade.nominal),
                    t.signed(trade.risk_weighted),
                    ", ".join(
                        f"{year} {t.signed(value)}" for year, value in trade.at_consultants.items()
                    ),
                    trade.reason.text,
                )
                for trade in report.trades
            ),
        ),
    ]


def _carried(t: Texts, nominal: int, weighted: int) -> str:
    if not (nominal or weighted):
        return ""
    return t("report.carried", nominal=t.kilo(nominal), weighted=t.kilo(weighted))


def _headlines(t: Texts, report: PlanReport) -> list[str]:
    lines = []
    for y in report.years:
        if y.target is None or y.shortfall is None or y.risk_weighted_shortfall is None:
            continue
        status = (
            t("report.met", target=t.kilo(y.target), savings=t.kilo(y.savings))
            if y.shortfall == 0
            else t("report.short", shortfall=t.kilo(y.shortfall), target=t.kilo(y.target))
        )
        weighted = (
            t("report.weighted_met")
            if y.risk_weighted_shortfall == 0
            else t("report.weighted_short", shortfall=t.kilo(y.risk_weighted_shortfall))
        )
        lines.append(f"{y.year}: {status} ({weighted}).")
    return lines


def _decision_summary(t: Texts, report: PlanReport) -> str:
    if not report.decisions:
        return t("report.no_decisions")
    waiting = [d for d in report.decisions if d.waited]
    total = t("report.waited_total", months=t.months(sum(d.waited for d in waiting)))
    return t(
        "report.decision_summary",
        count=len(report.decisions),
        waiting=len(waiting),
        total=total if waiting else "",
    )


def _chain_summary(t: Texts, report: PlanReport) -> str:
    chain = report.critical_chain
    if not chain:
        return t("report.no_chain")
    return t(
        "report.chain_binding" if all(link.binding for link in chain[1:]) else "report.chain_free",
        chain=" → ".join(link.id for link in chain),
        first=t.month(chain[0].start),
        last=t.month(chain[-1].effect),
        months=t.months(chain[-1].effect - chain[0].start),
    )


def _reason_blocks(t: Texts, report: PlanReport) -> list[Block]:
    """Why each measure takes effect when it does: the far moves first, then every measure."""
    return [
        Heading(t("report.why")),
        Paragraph(t("report.why_intro")),
        Heading(t("report.moved_far", months=t.months(MOVED_FAR_MONTHS)), 3),
        Paragraph(_moved_summary(t, report)),
        Table(
            t.columns("report.moved_headers"),
            tuple(
                (row.reason.id, row.name, *_timing_cells(t, row.reason), row.reason.text)
                for row in report.moved_far
            ),
        ),
        Heading(t("report.all_measures"), 3),
        Paragraph(_kind_summary(t, report)),
        Table(
            t.columns("report.reason_headers"),
            tuple(
                (
                    row.reason.id,
                    *_timing_cells(t, row.reason),
                    t("reason.kind." + row.reason.kind.value),
                    row.reason.text,
                )
                for row in report.reasons
            ),
        ),
    ]


def _timing_cells(t: Texts, reason: MeasureReason) -> tuple[str, str, str]:
    moved = f"{reason.moved:+d}" if reason.moved else "0"
    return t.month(reason.planned_effect), t.month(reason.effect), moved


def _moved_summary(t: Texts, report: PlanReport) -> str:
    far = [row.reason for row in report.moved_far]
    if not far:
        return t("report.none_moved_far", months=t.months(MOVED_FAR_MONTHS))
    later = sum(1 for reason in far if reason.moved > 0)
    return t(
        "report.moved_summary",
        count=len(far),
        measures=len(report.reasons),
        later=later,
        earlier=len(far) - later,
    )


def _kind_summary(t: Texts, report: PlanReport) -> str:
    counts = dict.fromkeys(ReasonKind, 0)
    for row in report.reasons:
        counts[row.reason.kind] += 1
    shown = ", ".join(
        f"{t('reason.kind.' + kind.value)} {count}" for kind, count in counts.items() if count
    )
    return t("report.kind_summary", measures=len(report.reasons), shown=shown)


# --- Markdown ----------------------------------------------------------------------------------
def report_markdown(report: PlanReport, images: Sequence[tuple[str, str]] = ()) -> str:
    """Markdown; ``images`` are (caption, relative file name) of rendered chart PNGs."""
    charts = (
        "\n\n".join(f"![{caption}]({name})" for caption, name in images)
        if images
        else Texts(report.lang)("report.no_images")
    )
    return blocks_markdown(report_blocks(report), charts)


def blocks_markdown(blocks: Sequence[Block], charts: str = "") -> str:
    """Markdown of the blocks; ``charts`` (Markdown) stands where the charts go."""
    parts = []
    for block in blocks:
        if isinstance(block, Heading):
            parts.append(f"{'#' * block.level} {markdown_text(block.text)}")
        elif isinstance(block, Paragraph):
            parts.append(markdown_text(block.text))
        elif isinstance(block, Table):
            if block.rows:
                parts.append(_markdown_table(block))
        elif charts:
            parts.append(charts)
    return "\n\n".join(parts) + "\n"


_MARKDOWN_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "\\": "\\\\",
        "[": "\\[",
        "]": "\\]",
        "|": "\\|",
        "\n": " ",
    }
)


def markdown_text(text: str) -> str:
    """Text (names from the instance among it) shown as written by a Markdown renderer: no
    HTML tag, no link and no table cell break can come from it."""
    return text.translate(_MARKDOWN_ESCAPES)


def _markdown_table(table: Table) -> str:
    def row(cells: Sequence[str]) -> str:
        return "| " + " | ".join(markdown_text(c) for c in cells) + " |"

    return "\n".join(
        [row(table.headers), row(["---"] * len(table.headers)), *(row(r) for r in table.rows)]
    )


# --- HTML --------------------------------------------------------------------------------------
_STYLE = (
    "table{border-collapse:collapse;margin:.5em 0 1.2em}"
    "th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}"
    "th{background:#dde4ee}td.n{text-align:right;white-space:nowrap}"
    "h1{font-size:1.6em}h2{margin-top:1.6em;border-bottom:1px solid #ccc}"
)


def report_html(report: PlanReport, figures: Sequence[go.Figure] = ()) -> str:
    """A self-contained HTML page; the figures are embedded with plotly.js inline, once."""
    title = Texts(report.lang)("report.title", instance=report.instance)
    return blocks_html(title, report_blocks(report), report.lang, figures)


def blocks_html(
    title: str, blocks: Sequence[Block], lang: str, figures: Sequence[go.Figure] = ()
) -> str:
    """A self-contained HTML page of the blocks, the figures where the charts go."""
    parts = []
    for block in blocks:
        if isinstance(block, Heading):
            parts.append(f"<h{block.level}>{html.escape(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            parts.append(f"<p>{html.escape(block.text)}</p>")
        elif isinstance(block, Table):
            if block.rows:
                parts.append(_html_table(block))
        else:
            parts += [f"<div>{div}</div>" for div in figure_divs(figures)]
    return html_page(title, "\n".join(parts), _STYLE, lang=lang)


def _html_table(table: Table) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in table.headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{html.escape(c)}</td>' if _numeric(c) else f"<td>{html.escape(c)}</td>"
            for c in row
        )
        + "</tr>"
        for row in table.rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _numeric(cell: str) -> bool:
    return cell.replace(" ", "").lstrip("-+").isdigit()
