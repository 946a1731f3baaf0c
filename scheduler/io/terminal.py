"""Plain-text tables of savings for the terminal."""

from __future__ import annotations

from scheduler.consultants import PlannedTiming
from scheduler.data import Instance, format_month
from scheduler.evaluate import SavingsReport
from scheduler.result import Result


def _kilo(value: int) -> str:
    """12591 -> '12 591' (Norwegian thousands separator)."""
    return f"{value:,}".replace(",", " ")


def _row(label: str, values: list[int], width: int = 46) -> str:
    cells = "".join(f"{_kilo(value):>10}" for value in values)
    return f"{label[:width]:<{width}}{cells}"


def format_savings_report(instance: Instance, report: SavingsReport, title: str) -> str:
    """Savings per year by section and group, and against the targets (thousand NOK)."""
    years = sorted(report.savings_by_year)
    header = f"{'thousand NOK':<46}" + "".join(f"{year:>10}" for year in years)
    lines = [title, "", header]
    for section in instance.sections:
        lines.append(_row(section.name, [report.savings_by_section[section.id][y] for y in years]))
        for group in instance.groups:
            if group.section == section.id and group.id in report.savings_by_group:
                amounts = report.savings_by_group[group.id]
                if any(amounts.values()):
                    lines.append(_row(f"  {group.id} {group.name}", [amounts[y] for y in years]))
    lines.append(_row("Sum (chapter sums)", [report.savings_by_year[y] for y in years]))
    lines.append(_row("Sum, risk-weighted", [report.risk_weighted_by_year[y] for y in years]))
    for group_id, amounts in report.outside_sums_by_group.items():
        lines.append(_row(f"Outside the sums: {group_id}", [amounts[y] for y in years]))
    lines.append("")
    for year, target in sorted(report.targets.items()):
        if year not in report.shortfall_by_year:
            continue  # a target year past the horizon
        savings = report.savings_by_year.get(year, 0)
        carried = report.carried_by_year.get(year, 0)
        carried_weighted = report.risk_weighted_carried_by_year.get(year, 0)
        plus = (
            f" + {_kilo(carried)} carried (risk-weighted {_kilo(carried_weighted)})"
            if carried or carried_weighted
            else ""
        )
        lines.append(
            f"{year}: target {_kilo(target)}{plus} — savings {_kilo(savings)} "
            f"(risk-weighted {_kilo(report.risk_weighted_by_year.get(year, 0))}), "
            f"shortfall {_kilo(report.shortfall_by_year[year])} "
            f"(risk-weighted {_kilo(report.risk_weighted_shortfall_by_year[year])})"
        )
    return "\n".join(lines)


def format_against_consultants(consultants: SavingsReport, plan: SavingsReport) -> str:
    """Savings per year of the plan beside the consultants' timing, nominal and
    risk-weighted, with each year's target (thousand NOK)."""
    lines = [
        f"{'thousand NOK':<8}{'target':>10}{'consultants':>13}{'plan':>10}"
        f"{'consultants rw':>16}{'plan rw':>10}"
    ]
    for year in sorted(plan.savings_by_year):
        target = plan.targets.get(year)
        lines.append(
            f"{year:<8}{'' if target is None else _kilo(target):>10}"
            f"{_kilo(consultants.savings_by_year[year]):>13}{_kilo(plan.savings_by_year[year]):>10}"
            f"{_kilo(consultants.risk_weighted_by_year[year]):>16}"
            f"{_kilo(plan.risk_weighted_by_year[year]):>10}"
        )
    lines.append("(rw: risk-weighted by each colour's realisation share; investments in full)")
    return "\n".join(lines)


def month_ranges(months: list[int]) -> str:
    """[2025-07, 2025-08, 2025-09, 2026-01] -> '2025-07..2025-09, 2026-01'."""
    ranges: list[tuple[int, int]] = []
    for month in sorted(months):
        if ranges and month == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], month)
        else:
            ranges.append((month, month))
    return ", ".join(
        format_month(a) if a == b else f"{format_month(a)}..{format_month(b)}" for a, b in ranges
    )


def format_binding_capacity(instance: Instance, use: dict[str, dict[int, int]]) -> str:
    """Which sections and pools are fully used, and when."""
    lines = ["At capacity:"]
    for unit in instance.sections + instance.pools:
        full = [m for m, used in use[unit.id].items() if used >= unit.capacity_in(m) > 0]
        if full:
            lines.append(f"  {unit.id:<8} {month_ranges(full)}")
    return "\n".join(lines) if len(lines) > 1 else "At capacity: no section or pool"


def format_result(result: Result) -> str:
    """Status, objective levels with proven bounds and gaps, runtime."""
    lines = [
        f"Method {result.method}: {result.status.value}"
        + (f", gap {result.gap:.2%}" if result.gap is not None else "")
        + f", {result.runtime_seconds:.2f} s"
        + (
            f" ({result.solver_version}, seed {result.seed}, {result.workers} worker(s))"
            if result.solver_version
            else ""
        )
    ]
    for level in result.levels:
        lines.append(
            f"  {level.sense} {level.name}: {_kilo(level.value)} "
            f"(bound {_kilo(level.bound)}) [{level.unit}]"
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
        + " | ".join(_kilo(t.amounts[y]) if y in t.amounts else "" for y in years)
        + f" | {format_month(t.effect)} | {t.basis} | {t.parts} |"
        for t in timings
    ]
    return "\n".join([header, rule, *rows])
