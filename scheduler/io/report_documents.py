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

from scheduler.data import format_month
from scheduler.io.chart_files import figure_divs, html_page
from scheduler.io.terminal import month_ranges
from scheduler.plan_report import PlanReport
from scheduler.reasons import MOVED_FAR_MONTHS, MeasureReason, ReasonKind


def _kilo(value: int | None) -> str:
    return "" if value is None else f"{value:,}".replace(",", " ")


def _months(count: int) -> str:
    return f"{count} month" if count == 1 else f"{count} months"


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
    """The report's content, in order."""
    how = f"Method {report.method} ({report.status}). " if report.method else ""
    blocks: list[Block] = [
        Heading(f"Plan report — {report.instance}", 1),
        Paragraph(
            f"{how}{report.measures} measures ({report.priced} with amounts). "
            "Money in thousand NOK; risk-weighted = each amount times its colour's "
            "realisation share."
        ),
        *_summary_blocks(report),
        Heading("Savings against the targets"),
        *(Paragraph(line) for line in _headlines(report)),
        Table(
            ("year", "target", "savings", "risk-weighted", "shortfall", "risk-weighted shortfall"),
            tuple(
                (
                    str(y.year),
                    _kilo(y.target),
                    _kilo(y.savings),
                    _kilo(y.risk_weighted),
                    _kilo(y.shortfall),
                    _kilo(y.risk_weighted_shortfall),
                )
                for y in report.years
            ),
        ),
        Heading("What binds"),
        Heading("Sections and pools at capacity", 3),
        Table(
            ("unit", "name", "months at capacity", "when"),
            tuple(
                (
                    f"{unit.id} ({unit.kind})",
                    unit.name,
                    f"{len(unit.full_months)} of {unit.months}",
                    month_ranges(list(unit.full_months)) or "never",
                )
                for unit in report.at_capacity
            ),
        ),
        Heading("Decisions and council meetings", 3),
        Paragraph(_decision_summary(report)),
        Table(
            ("measure", "name", "decision", "start", "case ready", "meeting", "effect", "waited"),
            tuple(
                (
                    d.id,
                    d.name,
                    d.kind,
                    format_month(d.start),
                    format_month(d.ready),
                    format_month(d.meeting) if d.meeting is not None else "before the plan",
                    format_month(d.effect),
                    _months(d.waited) if d.waited else "",
                )
                for d in report.decisions
            ),
        ),
        Heading("Critical dependency chain", 3),
        Paragraph(_chain_summary(report)),
        Table(
            ("measure", "name", "start", "effect", "dependency on the previous", "binding"),
            tuple(
                (
                    link.id,
                    link.name,
                    format_month(link.start),
                    format_month(link.effect),
                    link.via or "",
                    "yes" if link.binding else "",
                )
                for link in report.critical_chain
            ),
        ),
        *_reason_blocks(report),
        Heading("Charts"),
        Charts(),
        Heading("Assumptions used"),
        Paragraph(
            "Every number the source does not give, with its reason and the source line it "
            "rests on (change them in the instance file and plan again)."
        ),
        Table(
            ("field", "reason", "line"),
            tuple(
                (a.field, a.reason, str(a.line) if a.line is not None else "")
                for a in report.assumptions
            ),
        ),
    ]
    return blocks


def _summary_blocks(report: PlanReport) -> list[Block]:
    """What the plan achieves beside the consultants' own timing, and how to read it."""
    targeted = [y for y in report.years if y.target is not None]
    shares = ", ".join(f"{colour} {pct} %" for colour, pct in report.realisation_pct.items())
    differences = []
    for y in targeted:
        nominal = y.savings - y.consultants
        weighted = y.risk_weighted - y.consultants_risk_weighted
        more_or_less = "more" if nominal >= 0 else "less"
        differences.append(
            f"{y.year}: {_kilo(abs(nominal))} {more_or_less} than the consultants' timing "
            f"(risk-weighted {'+' if weighted >= 0 else '-'}{_kilo(abs(weighted))})."
        )
    assumed = report.consultants_assumed_violations
    validity = (
        f"This plan breaks {report.plan_violations} rule(s); the consultants' timing breaks "
        f"{report.consultants_violations}, "
        + (
            f"{assumed} of them resting on a project assumption (`scheduler calibrate`)"
            if assumed
            else "each a rule the source states"
        )
        + " (`scheduler evaluate` lists them with their source lines)."
    )
    warning = (
        [
            Paragraph(
                f"Warning: this plan breaks {report.plan_violations} rule(s) of the instance "
                "(`scheduler evaluate` lists them): its figures are not those of a valid plan."
            )
        ]
        if report.plan_violations
        else []
    )
    return [
        Heading("In short"),
        *warning,
        Table(
            (
                "year",
                "target",
                "carried in",
                "consultants' timing",
                "this plan",
                "consultants, risk-weighted",
                "this plan, risk-weighted",
            ),
            tuple(
                (
                    str(y.year),
                    _kilo(y.target),
                    _carried(y.carried, y.risk_weighted_carried),
                    _kilo(y.consultants),
                    _kilo(y.savings),
                    _kilo(y.consultants_risk_weighted),
                    _kilo(y.risk_weighted),
                )
                for y in targeted
            ),
        ),
        *(Paragraph(line) for line in differences),
        *_trade_blocks(report),
        Paragraph(validity),
        Paragraph(
            "Nominal savings are the source's amounts at the plan's months. Risk-weighted "
            f"savings count each saving at its colour's realisation share ({shares}; "
            "assumptions, not in the source) and investments in full: the optimiser plans "
            "on these. A target year's shortfall is carried into the next where the instance "
            "says so (the 2025 deficit into 2026); the assumptions are listed at the end."
        ),
    ]


def _trade_blocks(report: PlanReport) -> list[Block]:
    if not report.trades:
        return []
    return [
        Paragraph(
            "Where a target year falls below the consultants' timing, these measures save "
            "less in it than there. At the consultants' month each would change the target "
            "years' risk-weighted savings as shown; the plan weighs a year's shortfall by "
            f"{_weights(report)} (assumption targets.weight), and that decides the trade:"
        ),
        Table(
            (
                "year",
                "measure",
                "name",
                "consultants'",
                "plan",
                "nominal",
                "risk-weighted",
                "at the consultants' month (risk-weighted)",
                "what holds it",
            ),
            tuple(
                (
                    str(trade.year),
                    trade.reason.id,
                    trade.name,
                    format_month(trade.reason.planned_effect),
                    format_month(trade.reason.effect),
                    _signed(trade.nominal),
                    _signed(trade.risk_weighted),
                    ", ".join(
                        f"{year} {_signed(value)}" for year, value in trade.at_consultants.items()
                    ),
                    trade.reason.text,
                )
                for trade in report.trades
            ),
        ),
    ]


def _weights(report: PlanReport) -> str:
    return " / ".join(f"{weight} in {year}" for year, weight in report.weights.items())


def _signed(value: int) -> str:
    return f"{'+' if value >= 0 else '-'}{_kilo(abs(value))}"


def _carried(nominal: int, weighted: int) -> str:
    if not (nominal or weighted):
        return ""
    return f"{_kilo(nominal)} (risk-weighted {_kilo(weighted)})"


def _headlines(report: PlanReport) -> list[str]:
    lines = []
    for y in report.years:
        if y.target is None or y.shortfall is None or y.risk_weighted_shortfall is None:
            continue
        if y.shortfall == 0:
            status = f"target {_kilo(y.target)} met with {_kilo(y.savings)}"
        else:
            status = f"{_kilo(y.shortfall)} short of the target {_kilo(y.target)}"
        weighted = (
            "risk-weighted also met"
            if y.risk_weighted_shortfall == 0
            else f"risk-weighted {_kilo(y.risk_weighted_shortfall)} short"
        )
        lines.append(f"{y.year}: {status} ({weighted}).")
    return lines


def _decision_summary(report: PlanReport) -> str:
    if not report.decisions:
        return "No measure needs a council or budget decision."
    waiting = [d for d in report.decisions if d.waited]
    text = (
        f"{len(report.decisions)} measures need a council or budget decision; "
        f"{len(waiting)} wait for a meeting after their case is ready"
    )
    if waiting:
        text += f" ({_months(sum(d.waited for d in waiting))} in all)"
    return text + ". Budget decisions take effect in January after the December budget."


def _chain_summary(report: PlanReport) -> str:
    chain = report.critical_chain
    if not chain:
        return "No measure depends on another."
    months = chain[-1].effect - chain[0].start
    binding = all(link.binding for link in chain[1:])
    return (
        " → ".join(link.id for link in chain)
        + f": from {format_month(chain[0].start)} to {format_month(chain[-1].effect)} "
        f"({_months(months)}). "
        + (
            "Each measure starts as soon as its prerequisite allows: moving the first one "
            "earlier moves the whole chain."
            if binding
            else "No dependency binds in this plan; this is the longest chain."
        )
    )


def _reason_blocks(report: PlanReport) -> list[Block]:
    """Why each measure takes effect when it does: the far moves first, then every measure."""
    return [
        Heading("Why each measure takes effect when it does"),
        Paragraph(
            "What keeps each measure from taking effect one month earlier, every other measure "
            "staying where the plan has it: the first rule that blocks, in the order fixed "
            "(started, or a fixed month), window (earliest effect, or the plan start plus the "
            "lead time), decision (no council or budget meeting allows it), prerequisite (a "
            "dependency), capacity (a section or pool has no room) and value (nothing binds: "
            "an earlier month is not worth it to the plan). Moved: the plan's effect month "
            "minus the consultants', in months."
        ),
        Heading(f"Moved more than {MOVED_FAR_MONTHS} months from the consultants' timing", 3),
        Paragraph(_moved_summary(report)),
        Table(
            ("measure", "name", "consultants' effect", "plan effect", "moved", "reason"),
            tuple(
                (row.reason.id, row.name, *_timing_cells(row.reason), row.reason.text)
                for row in report.moved_far
            ),
        ),
        Heading("All measures", 3),
        Paragraph(_kind_summary(report)),
        Table(
            ("measure", "consultants' effect", "plan effect", "moved", "binds", "reason"),
            tuple(
                (row.reason.id, *_timing_cells(row.reason), row.reason.kind.value, row.reason.text)
                for row in report.reasons
            ),
        ),
    ]


def _timing_cells(reason: MeasureReason) -> tuple[str, str, str]:
    moved = f"{reason.moved:+d}" if reason.moved else "0"
    return format_month(reason.planned_effect), format_month(reason.effect), moved


def _moved_summary(report: PlanReport) -> str:
    far = [row.reason for row in report.moved_far]
    if not far:
        return f"No measure moves more than {_months(MOVED_FAR_MONTHS)}."
    later = sum(1 for reason in far if reason.moved > 0)
    return (
        f"{len(far)} of {len(report.reasons)} measures: {later} later and "
        f"{len(far) - later} earlier than the consultants' timing."
    )


def _kind_summary(report: PlanReport) -> str:
    counts = dict.fromkeys(ReasonKind, 0)
    for row in report.reasons:
        counts[row.reason.kind] += 1
    shown = ", ".join(f"{kind} {count}" for kind, count in counts.items() if count)
    return f"What binds, over {len(report.reasons)} measures: {shown}."


# --- Markdown ----------------------------------------------------------------------------------
def report_markdown(report: PlanReport, images: Sequence[tuple[str, str]] = ()) -> str:
    """Markdown; ``images`` are (caption, relative file name) of rendered chart PNGs."""
    parts = []
    for block in report_blocks(report):
        if isinstance(block, Heading):
            parts.append(f"{'#' * block.level} {markdown_text(block.text)}")
        elif isinstance(block, Paragraph):
            parts.append(markdown_text(block.text))
        elif isinstance(block, Table):
            if block.rows:
                parts.append(_markdown_table(block))
        elif images:
            parts.append("\n\n".join(f"![{caption}]({name})" for caption, name in images))
        else:
            parts.append(
                "No chart images were rendered (no browser found); the charts are in "
                "gantt.html and report.html."
            )
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
    parts = []
    for block in report_blocks(report):
        if isinstance(block, Heading):
            parts.append(f"<h{block.level}>{html.escape(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            parts.append(f"<p>{html.escape(block.text)}</p>")
        elif isinstance(block, Table):
            if block.rows:
                parts.append(_html_table(block))
        else:
            parts += [f"<div>{div}</div>" for div in figure_divs(figures)]
    return html_page(f"Plan report — {report.instance}", "\n".join(parts), _STYLE)


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
