"""The savings panel: target steps, yearly cumulative lines, quarterly bars."""

from __future__ import annotations

import pytest

from scheduler.data import Instance, month_of
from scheduler.evaluate import savings_report
from scheduler.i18n import Lang
from scheduler.plots import gantt_figure, savings_figure
from scheduler.result import Plan


def trace(fig, name):  # type: ignore[no-untyped-def]
    (found,) = [t for t in fig.data if t.name == name]
    return found


def years(line):  # type: ignore[no-untyped-def]
    """The line's points split at its gaps: one list of (x, y) per year."""
    segments: list[list[tuple[float, float]]] = [[]]
    for x, y in zip(line.x, line.y, strict=True):
        if x is None:
            segments.append([])
        else:
            segments[-1].append((x, y))
    return segments


def test_target_is_a_step_per_year_at_the_target_amount(tiny: Instance, tiny_plan: Plan) -> None:
    target = trace(savings_figure(tiny, tiny_plan, Lang.EN), "yearly target")
    jan25, jan26, jan27 = month_of(2025), month_of(2026), month_of(2027)
    assert list(target.x) == [jan25, jan26, None, jan26, jan27]
    assert list(target.y) == [100, 100, None, 500, 500]


def test_cumulative_lines_restart_in_january_and_end_at_the_yearly_totals(
    tiny: Instance, tiny_plan: Plan
) -> None:
    fig = savings_figure(tiny, tiny_plan, Lang.EN)
    report = savings_report(tiny, tiny_plan.effect_by_measure())
    nominal = trace(fig, "nominal, cumulative in the year")
    weighted = trace(fig, "risk-weighted, cumulative in the year")
    segments = list(zip(years(nominal), years(weighted), strict=True))
    assert len(segments) == len(report.savings_by_year)
    for (year, total), (line, weighted_line) in zip(
        report.savings_by_year.items(), segments, strict=True
    ):
        # From 0 at the start of January to the year's total at the end of December.
        assert line[0] == (month_of(year), 0)
        assert line[-1] == (month_of(year + 1), total)
        assert len(line) == 13
        # The report rounds each measure's year down; the line does not round.
        assert weighted_line[-1][1] == pytest.approx(report.risk_weighted_by_year[year], abs=3)


def test_quarter_bars_add_up_to_the_horizon_savings(tiny: Instance, tiny_plan: Plan) -> None:
    fig = savings_figure(tiny, tiny_plan, Lang.EN)
    report = savings_report(tiny, tiny_plan.effect_by_measure())
    bars = trace(fig, "nominal per quarter")
    assert len(bars.x) == 12  # 2025-2027, four quarters each
    assert sum(bars.y) == sum(report.savings_by_year.values())


def test_gantt_figure_carries_the_savings_panel_on_the_same_axis(
    tiny: Instance, tiny_plan: Plan
) -> None:
    fig = gantt_figure(tiny, tiny_plan, Lang.EN)
    target = trace(fig, "yearly target")
    assert (target.xaxis, target.yaxis) == ("x2", "y2")
    assert fig.layout.xaxis2.matches == "x" or fig.layout.xaxis.matches == "x2"
