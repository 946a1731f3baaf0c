"""Amount components, the effect month read from the amounts, and the carried shortfall
(docs/savings.md), on small instances checked by hand."""

from __future__ import annotations

from typing import Any

import pytest

from scheduler.data import Instance, effect_from_amounts, month_of, parse_month
from scheduler.evaluate import objective_values, savings_report
from scheduler.io.instance import InputError
from scheduler.model.solver import solve
from scheduler.savings import savings_by_effect, yearly_savings
from tests.model.builders import build, measure


def _one(**fields: Any) -> Instance:
    fields.setdefault("planned_effect", None)
    return build([measure("A", **fields)], targets=((2025, 0, 1),))


@pytest.mark.parametrize(
    ("amounts", "expected"),
    [
        ({2025: 500, 2026: 1000}, "2025-07"),  # half the level: 6 months
        ({2025: 500, 2026: 1390}, "2025-09"),  # 4.3 months -> 4
        ({2025: 195, 2026: 780}, "2025-10"),  # 3 months
        ({2025: 65, 2026: 780}, "2025-12"),  # exactly 1 month
        ({2025: 10, 2026: 780}, "2025-12"),  # less than half a month: at least one
        ({2025: 156, 2026: 156}, "2025-01"),  # a full year
        ({2025: 505, 2026: 102}, "2025-01"),  # more than the level: from January
        ({2026: 500, 2027: 1000}, "2026-07"),  # the rule reads any first year
        ({2026: -733, 2027: 1475, 2028: 1504}, "2027-01"),  # an investment year first
        ({2025: -30}, None),  # no saving at all
    ],
)
def test_effect_month_read_from_the_amounts(amounts: dict[int, int], expected: str | None) -> None:
    assert effect_from_amounts(amounts) == (None if expected is None else parse_month(expected))


def test_the_derived_month_reproduces_the_amounts_and_delay_never_raises_a_later_year() -> None:
    # 120 in 2025 at the 2026 level of 120: a full year from January. Delayed, 2025 loses
    # 10 a month and 2026 keeps 120: the stream is flat, so nothing moves into 2026.
    instance = _one(amounts={2025: 120, 2026: 120})
    a = instance.measure("A")
    assert instance.planned_effect_of(a) == month_of(2025, 1)
    for delay in range(12):
        savings = yearly_savings(instance, a, month_of(2025, 1) + delay)
        assert savings[2025] == 120 - 10 * delay
        assert savings[2026] == 120


def test_a_one_off_missed_is_lost_and_never_re_booked() -> None:
    # 60 one-off in 2025 (until 2025-08) on top of a run rate of 120 a year from 2025-07.
    instance = _one(
        amounts={2025: 120, 2026: 120},
        components=[
            {
                "kind": "one_off",
                "amounts": {2025: 60},
                "until": "2025-08",
                "line": 1,
                "reason": "t",
            }
        ],
    )
    a = instance.measure("A")
    assert instance.planned_effect_of(a) == month_of(2025, 7)  # 60 of 120: six months
    on_time = yearly_savings(instance, a, month_of(2025, 6))
    assert on_time == {2025: 60 + 70, 2026: 120}  # the one-off and 7 months of 10
    late = yearly_savings(instance, a, month_of(2025, 9))
    assert late == {2025: 40, 2026: 120}  # 4 months of run rate; the one-off is gone


def test_a_calendar_bound_part_stays_in_its_year() -> None:
    # Falling refugee numbers: 120 in 2025 from 2025-07 (20 a month), 60 in 2026 (5 a month).
    # Three months late the 2026 level stays 60: nothing of 2025's higher rate moves into it.
    instance = _one(
        amounts={2025: 120, 2026: 60},
        planned_effect="2025-07",
        components=[
            {"kind": "calendar", "amounts": {2025: 120, 2026: 60}, "line": 1, "reason": "t"}
        ],
    )
    a = instance.measure("A")
    assert yearly_savings(instance, a, month_of(2025, 10)) == {2025: 60, 2026: 60}
    # Two months early it gains nothing: the source gives no amount before July.
    assert yearly_savings(instance, a, month_of(2025, 5)) == {2025: 120, 2026: 60}


def test_an_investment_moves_with_the_measure_and_is_not_risk_weighted() -> None:
    # Red (50 % realised): -60 invested in 2025 (whole year: the effect is 2026-01), then 120.
    instance = _one(
        colour="red",
        amounts={2025: -60, 2026: 120},
        components=[{"kind": "investment", "amounts": {2025: -60}, "line": 1, "reason": "t"}],
    )
    a = instance.measure("A")
    planned = instance.planned_effect_of(a)
    assert planned == month_of(2026, 1)
    at_plan = savings_by_effect(instance, a, [planned])[planned]
    assert at_plan.nominal == {2025: -60, 2026: 120}
    assert at_plan.weighted == {2025: -60 * 100, 2026: 120 * 50}  # the cost in full
    # Six months later the investment moves too: half of it falls in 2026.
    assert yearly_savings(instance, a, month_of(2026, 7)) == {2025: -30, 2026: -30 + 60}


def test_components_must_be_parts_of_the_amounts() -> None:
    with pytest.raises(InputError, match="is not a part of the year's amount"):
        _one(
            amounts={2025: 120, 2026: 120},
            components=[{"kind": "one_off", "amounts": {2025: 200}, "line": 1, "reason": "t"}],
        )
    with pytest.raises(InputError, match="must be <= 0"):
        _one(
            amounts={2025: 120, 2026: 120},
            components=[{"kind": "investment", "amounts": {2025: 20}, "line": 1, "reason": "t"}],
        )
    with pytest.raises(InputError, match="before the planned effect"):
        _one(
            amounts={2025: 60, 2026: 120},
            components=[
                {
                    "kind": "one_off",
                    "amounts": {2025: 30},
                    "until": "2025-03",
                    "line": 1,
                    "reason": "t",
                }
            ],
        )


def test_a_shortfall_carried_over_raises_the_next_target() -> None:
    # One green measure, 10 a month from its effect; plan start 2025-01 and one month of
    # preparation, so the earliest effect is 2025-02: 110 in 2025, 120 in 2026 (at most).
    # Targets 2025: 200 (carried over), 2026: 100. Short 90 in 2025, so 2026 needs 190:
    # short 70.
    instance = build(
        [measure("A")],
        targets=((2025, 200, 1), (2026, 100, 1)),
    )
    carried = instance.replaced(
        targets=tuple(t.model_copy(update={"carry_over": t.year == 2025}) for t in instance.targets)
    )
    effects = {"A": month_of(2025, 2)}
    plain = savings_report(instance, effects)
    report = savings_report(carried, effects)
    assert plain.shortfall_by_year == {2025: 90, 2026: 0}
    assert report.carried_by_year == {2026: 90}
    assert report.shortfall_by_year == {2025: 90, 2026: 70}
    # The objective (10 NOK units) counts the same: 9 000 + 7 000.
    assert objective_values(carried, effects).weighted_shortfall == 16_000
    result = solve(carried, time_limit=10)
    assert result.objective == 16_000
    assert result.bound == 16_000
