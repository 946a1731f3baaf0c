"""The section relaxation's bounds on hand-checkable instances (tests/model/builders.py).

Two measures of 3 months' work, effort 1, planned to save 10 a month from their effect;
plan start January 2025, so April 2025 is the earliest effect: 9 months (90) in 2025 and
120 in 2026 each. The 2025 target of 1000 is out of reach, so the weighted shortfall is
100 000 - 100 * (2025 savings), in 10 NOK.
"""

from typing import Any

import pytest

from scheduler.greedy import greedy_plan
from scheduler.model import relaxation
from scheduler.model.prices import WholeLp
from scheduler.model.relaxation import savings_highest, shortfall_lowest
from scheduler.model.solver import solve
from scheduler.result import Plan
from scheduler.synthetic import SyntheticSpec, generate
from tests.model.builders import build, measure

THREE_MONTHS = {"duration": 3}
HR = ({"id": "HR", "name": "HR", "capacity": 1},)


def warm_start(instance_plan: Plan | None) -> Plan:
    assert instance_plan is not None
    return instance_plan


def test_bound_is_exact_for_one_section_without_pools() -> None:
    # Capacity 1: one measure in April (90), the other in July (60): optimum 100 000 - 15 000.
    # One section and no pools: the relaxation is the instance, so the bound is the optimum.
    instance = build([measure("A", **THREE_MONTHS), measure("B", **THREE_MONTHS)], capacity=1)
    optimum = solve(instance, time_limit=10)
    assert optimum.objective == 85_000
    plan = warm_start(greedy_plan(instance).plan)
    assert shortfall_lowest(instance, plan, time_limit=10) == 85_000


def test_pool_prices_let_the_sections_see_a_shared_pool() -> None:
    # The HR pool of 1 serialises the two measures (optimum 85 000 as above). In one
    # section the pool holds in the relaxation too, so the bound is that optimum. With A in
    # section S and B in section T, each section alone may use the whole pool: unpriced,
    # both take effect in April, 2025 savings 180, bound 100 000 - 18 000 = 82 000. The
    # LP's prices of HR's months charge each section for its use, and the bound is the
    # optimum again.
    support = {**THREE_MONTHS, "support": {"HR": 1}}
    one = build([measure("A", **support), measure("B", **support)], pools=HR)
    assert solve(one, time_limit=10).objective == 85_000
    assert shortfall_lowest(one, warm_start(greedy_plan(one).plan), time_limit=10) == 85_000
    two = build(
        [measure("A", **support), measure("B", group="H", **support)],
        pools=HR,
        second_section=True,
    )
    assert solve(two, time_limit=10).objective == 85_000
    plan = warm_start(greedy_plan(two).plan)
    assert shortfall_lowest(two, plan, time_limit=10) == 82_000
    prices = WholeLp(two).shortfall_prices(time_limit=10)
    assert shortfall_lowest(two, plan, time_limit=10, prices=prices) == 85_000


def test_a_target_the_plan_reaches_is_not_weighed() -> None:
    # A 2025 target of 100 is reached (the greedy plan saves 150): lambda = 0, bound 0.
    instance = build(
        [measure("A", **THREE_MONTHS), measure("B", **THREE_MONTHS)],
        capacity=1,
        targets=((2025, 100, 1),),
    )
    plan = warm_start(greedy_plan(instance).plan)
    assert shortfall_lowest(instance, plan, time_limit=10) == 0


def test_without_time_every_measure_counts_at_its_best_month() -> None:
    # No time to solve the section: both measures in April, as if capacity allowed both.
    instance = build([measure("A", **THREE_MONTHS), measure("B", **THREE_MONTHS)], capacity=1)
    plan = warm_start(greedy_plan(instance).plan)
    assert shortfall_lowest(instance, plan, time_limit=0) == 82_000


def test_early_savings_bound_takes_every_measure_at_its_best_month_or_the_section() -> None:
    # Both in April: (90 + 120) * 100 each = 42 000, although capacity 1 allows only
    # 21 000 + (60 + 120) * 100 = 39 000. With time, the section alone (here the whole
    # instance) is solved, and its bound is that optimum.
    instance = build([measure("A", **THREE_MONTHS), measure("B", **THREE_MONTHS)], capacity=1)
    plan = warm_start(greedy_plan(instance).plan)
    assert savings_highest(instance, plan) == 42_000
    assert solve(instance, time_limit=10).levels[1].value == 39_000
    assert savings_highest(instance, plan, time_limit=10) == 39_000


def test_multiplier_passes_never_lower_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    # Later passes use the master LP's multipliers; the best pass counts, so the bound
    # with passes is at least the first pass's, and never above the proven optimum.
    instance = generate(SyntheticSpec(measures=40, sections=3, months=36, seed=5))
    plan = warm_start(greedy_plan(instance).plan)
    with_passes = shortfall_lowest(instance, plan, time_limit=30)
    monkeypatch.setattr(relaxation, "_master", lambda targets, columns: None)
    first_pass = shortfall_lowest(instance, plan, time_limit=30)
    optimum = solve(instance, time_limit=30)
    assert optimum.objective is not None
    assert first_pass <= with_passes <= optimum.objective


def test_a_section_bound_cut_short_is_never_weaker_than_its_best_months(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A section solve stopped before its root LP proves almost nothing: simulated by
    # CP-SAT bounds far too high. Each section's term is then its best-month bound, so the
    # whole bound equals the one without any time (both measures of the 2-measure instance
    # in April), instead of dropping to 0.
    instance = build([measure("A", **THREE_MONTHS), measure("B", **THREE_MONTHS)], capacity=1)
    plan = warm_start(greedy_plan(instance).plan)
    solve_section = relaxation._section_upper_bound

    def starved(*args: Any) -> Any:
        solved = solve_section(*args)
        return None if solved is None else (solved[0] + 10**9, *solved[1:])

    monkeypatch.setattr(relaxation, "_section_upper_bound", starved)
    monkeypatch.setattr(relaxation, "_master", lambda targets, columns: None)
    assert shortfall_lowest(instance, plan, time_limit=10) == 82_000
