"""Limits the tool honours: redundant maximum lags, the horizon for fixed timing, the time
left for explaining an infeasible instance."""

from __future__ import annotations

import time

import pytest

import scheduler.model.outcome as outcome
from scheduler.model.solver import solve
from scheduler.result import Plan, ScheduledMeasure, SolveStatus
from scheduler.validate import check_plan
from tests.model.builders import build, measure


def test_a_maximum_lag_longer_than_the_horizon_is_accepted_as_redundant() -> None:
    # RCPSP/max files state such lags; they only say "no later than", which always holds.
    instance = build(
        [
            measure("A"),
            measure("B", depends_on=[{"measure": "A", "kind": "SS", "min_lag": 0, "max_lag": 500}]),
        ]
    )
    assert instance.measure("B").depends_on[0].max_lag == 500


def test_a_fixed_measure_after_the_horizon_breaks_the_horizon_rule() -> None:
    instance = build([measure("A", status="started")])
    late = Plan(
        instance=instance.name,
        measures=(
            ScheduledMeasure(
                id="A",
                start=instance.calendar.horizon_end,
                effect=instance.calendar.horizon_end + 1,
            ),
        ),
    )
    rules = {violation.rule for violation in check_plan(instance, late)}
    assert "horizon" in rules


def test_explaining_an_infeasible_instance_gets_only_the_time_left(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A section without capacity: no plan. The explanation is searched within what is left
    # of the limit, and not at all when nothing is.
    instance = build([measure("A")], capacity=0)
    limits: list[float] = []

    def recorded(instance: object, time_limit: float) -> list[str]:
        limits.append(time_limit)
        return ["the section has no capacity"]

    monkeypatch.setattr(outcome, "explain_infeasibility", recorded)
    started = time.perf_counter()
    result = solve(instance, time_limit=3)
    assert result.status == SolveStatus.INFEASIBLE
    assert limits and 0 < limits[0] <= 3
    assert time.perf_counter() - started < 3 * 1.1 + 1
    monkeypatch.setattr(outcome, "MIN_EXPLANATION_SECONDS", 10.0)
    result = solve(instance, time_limit=3)
    assert len(limits) == 1  # not searched again
    assert "longer --time-limit" in result.explanation[0]


def test_an_infeasible_instance_with_a_30_year_horizon_keeps_the_time_limit() -> None:
    # 40 measures of two months each must all take effect in June 2025 on a section of
    # capacity 1 over a 30-year horizon: the explanation model has a boolean per measure
    # and month of the horizon, and must still fit in what the limit leaves.
    instance = build(
        [measure(f"M{index}", fixed_effect="2025-06", duration=2) for index in range(40)],
        capacity=1,
    )
    calendar = instance.calendar.model_copy(
        update={"horizon_end": instance.calendar.first_month + 359}
    )
    long = instance.replaced(calendar=calendar)
    started = time.perf_counter()
    result = solve(long, time_limit=3)
    assert result.status == SolveStatus.INFEASIBLE
    assert time.perf_counter() - started < 3 * 1.1 + 1
    assert result.explanation
