"""Plain-text tables of savings for the terminal."""

from __future__ import annotations

from scheduler.data import Instance
from scheduler.evaluate import SavingsReport


def _row(label: str, values: list[int], width: int = 46) -> str:
    cells = "".join(f"{value:>10,}".replace(",", " ") for value in values)
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
        lines.append(
            f"{year}: target {target:,} — savings {report.savings_by_year.get(year, 0):,}, "
            f"shortfall {report.shortfall_by_year[year]:,} "
            f"(risk-weighted {report.risk_weighted_shortfall_by_year[year]:,})".replace(",", " ")
        )
    return "\n".join(lines)
