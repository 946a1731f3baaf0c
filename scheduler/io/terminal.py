"""Plain-text tables of savings for the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scheduler.consultants import PlannedTiming
from scheduler.data import Instance, format_month
from scheduler.evaluate import SavingsReport
from scheduler.i18n import Texts
from scheduler.result import Plan, Result

if TYPE_CHECKING:
    from scheduler.marginal import Answer


def _row(t: Texts, label: str, values: list[int], width: int = 46) -> str:
    cells = "".join(f"{t.kilo(value):>10}" for value in values)
    return f"{label[:width]:<{width}}{cells}"


def format_savings_report(instance: Instance, report: SavingsReport, title: str, t: Texts) -> str:
    """Savings per year by section and group, and against the targets (thousand NOK)."""
    years = sorted(report.savings_by_year)
    header = f"{t('unit.kilo_nok'):<46}" + "".join(f"{year:>10}" for year in years)
    lines = [title, "", header]
    for section in instance.sections:
        lines.append(
            _row(t, section.name, [report.savings_by_section[section.id][y] for y in years])
        )
        for group in instance.groups:
            if group.section == section.id and group.id in report.savings_by_group:
                amounts = report.savings_by_group[group.id]
                if any(amounts.values()):
                    lines.append(_row(t, f"  {group.id} {group.name}", [amounts[y] for y in years]))
    lines.append(_row(t, t("terminal.sum"), [report.savings_by_year[y] for y in years]))
    lines.append(
        _row(t, t("terminal.sum_weighted"), [report.risk_weighted_by_year[y] for y in years])
    )
    for group_id, amounts in report.outside_sums_by_group.items():
        lines.append(_row(t, t("terminal.outside", group=group_id), [amounts[y] for y in years]))
    lines.append("")
    for year, target in sorted(report.targets.items()):
        if year not in report.shortfall_by_year:
            continue  # a target year past the horizon
        carried = report.carried_by_year.get(year, 0)
        carried_weighted = report.risk_weighted_carried_by_year.get(year, 0)
        plus = (
            t("terminal.carried", nominal=t.kilo(carried), weighted=t.kilo(carried_weighted))
            if carried or carried_weighted
            else ""
        )
        lines.append(
            t(
                "terminal.target_line",
                year=year,
                target=t.kilo(target),
                carried=plus,
                savings=t.kilo(report.savings_by_year.get(year, 0)),
                weighted=t.kilo(report.risk_weighted_by_year.get(year, 0)),
                shortfall=t.kilo(report.shortfall_by_year[year]),
                weighted_shortfall=t.kilo(report.risk_weighted_shortfall_by_year[year]),
            )
        )
    return "\n".join(lines)


def format_against_consultants(consultants: SavingsReport, plan: SavingsReport, t: Texts) -> str:
    """Savings per year of the plan beside the consultants' timing, nominal and
    risk-weighted, with each year's target (thousand NOK)."""
    headers = t.columns("terminal.against_headers")
    widths = [max(10, len(header) + 2) for header in headers]
    lines = ["".join(f"{h:>{w}}" for h, w in zip(headers, widths, strict=True))]
    for year in sorted(plan.savings_by_year):
        target = plan.targets.get(year)
        cells = [
            str(year),
            t.kilo(target),
            t.kilo(consultants.savings_by_year[year]),
            t.kilo(plan.savings_by_year[year]),
            t.kilo(consultants.risk_weighted_by_year[year]),
            t.kilo(plan.risk_weighted_by_year[year]),
        ]
        lines.append("".join(f"{c:>{w}}" for c, w in zip(cells, widths, strict=True)))
    lines.append(t("terminal.rw_note"))
    return "\n".join(lines)


def month_ranges(t: Texts, months: list[int]) -> str:
    """[2025-07, 2025-08, 2025-09, 2026-01] -> 'jul. 2025–sep. 2025, jan. 2026'."""
    ranges: list[tuple[int, int]] = []
    for month in sorted(months):
        if ranges and month == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], month)
        else:
            ranges.append((month, month))
    return ", ".join(t.month(a) if a == b else f"{t.month(a)}–{t.month(b)}" for a, b in ranges)


def format_binding_capacity(instance: Instance, use: dict[str, dict[int, int]], t: Texts) -> str:
    """Which sections and pools are fully used, and when."""
    lines = [t("terminal.at_capacity")]
    for unit in instance.sections + instance.pools:
        full = [m for m, used in use[unit.id].items() if used >= unit.capacity_in(m) > 0]
        if full:
            lines.append(f"  {unit.id:<8} {month_ranges(t, full)}")
    return "\n".join(lines) if len(lines) > 1 else t("terminal.none_at_capacity")


def format_result(result: Result, t: Texts) -> str:
    """Status, objective levels with proven bounds and gaps, runtime."""
    gap = (
        t("terminal.gap", gap=t.percent(round(result.gap * 100, 2)))
        if result.gap is not None
        else ""
    )
    version = (
        t(
            "terminal.solver",
            version=result.solver_version,
            seed=result.seed,
            workers=result.workers,
        )
        if result.solver_version
        else ""
    )
    lines = [
        t(
            "terminal.result",
            method=result.method,
            status=t("status." + result.status.value),
            gap=gap,
            seconds=t.decimal(result.runtime_seconds, 2),
            solver=version,
        )
    ]
    for level in result.levels:
        lines.append(
            t(
                "terminal.level",
                sense=level.sense,
                name=t(f"level.{level.name}"),
                value=t.kilo(level.value),
                bound=t.kilo(level.bound),
                unit=t(f"level.{level.name}.unit"),
            )
        )
    lines += [f"  {sentence}" for sentence in result.explanation]
    return "\n".join(lines)


def format_planned_timings(timings: list[PlannedTiming], years: range) -> str:
    """The priced measures' planned effect months as a Markdown table."""
    header = (
        "| measure | "
        + " | ".join(str(y) for y in years)
        + " | planned effect | from | not run rate |"
    )
    rule = "|---|" + "---:|" * len(years) + "---|---|---|"
    rows = [
        f"| {t.id} | "
        + " | ".join(f"{t.amounts[y]:,}".replace(",", " ") if y in t.amounts else "" for y in years)
        + f" | {format_month(t.effect)} | {t.basis} | {t.parts} |"
        for t in timings
    ]
    return "\n".join([header, rule, *rows])


def format_marginal(answers: list[Answer], years: list[int], t: Texts) -> str:
    """The what-if answers as a table: per answer the change of the weighted shortfall and
    of each target year's savings (risk-weighted in brackets)."""
    lines = [t("marginal.title"), ""]
    header = f"{t('marginal.subject'):<14}{t('marginal.change'):<26}{t('marginal.shortfall'):>16}"
    lines.append(header + "".join(f"{year:>20}" for year in years))
    for answer in answers:
        change = t(f"marginal.{answer.kind}", year=answer.year)
        cells = "".join(
            f"{t.signed(answer.nominal[y]) + ' (' + t.signed(answer.risk_weighted[y]) + ')':>20}"
            for y in years
        )
        proven = " " if answer.proven else "*"
        lines.append(
            f"{answer.subject:<14}{change:<26}{t.signed(answer.shortfall_change):>15}{proven}"
            + cells
        )
    lines.append(t("marginal.note"))
    return "\n".join(lines)


def format_moves(
    t: Texts, instance: Instance, plan: Plan, moved: dict[str, tuple[int, int]]
) -> str:
    """Each moved measure: its earlier and new effect month, and why it is where it is."""
    from scheduler.reasons import reasons

    why = {reason.id: reason.text for reason in reasons(instance, plan, t.lang)}
    return "\n".join(
        f"  {measure}: {t.month(before)} → {t.month(after)} ({after - before:+d}): {why[measure]}"
        for measure, (before, after) in sorted(moved.items(), key=lambda m: -abs(m[1][1] - m[1][0]))
    )
