"""The whole model's LP (scheduler/model/lp.py) on hand-checkable instances
(tests/model/builders.py: plan start January 2025, month 24 300)."""

import numpy as np

from scheduler.model.lp import DUAL_SCALE, LpShortfall, WholeLp, early_savings_at_best_months
from scheduler.model.solver import solve
from scheduler.result import SolveStatus
from scheduler.synthetic import SyntheticSpec, generate
from tests.model.builders import build, measure

JANUARY = 2025 * 12
HR = ({"id": "HR", "name": "HR", "capacity": 1},)
THREE_MONTHS = {"duration": 3}


def test_a_pool_shared_across_sections_holds_in_the_lp() -> None:
    # Two measures of 3 months in two sections share the HR pool of 1, which lets only
    # one prepare at a time: one takes effect in April (2025 savings 90), the other in
    # July (60), shortfall 100 000 - 15 000. The LP sees the pool whole: its bound is that
    # optimum, and its months are those of the optimum's plans, one in April, one in July.
    support = {**THREE_MONTHS, "support": {"HR": 1}}
    instance = build(
        [measure("A", **support), measure("B", group="H", **support)],
        pools=HR,
        second_section=True,
    )
    assert solve(instance, time_limit=10).objective == 85_000
    shortfall = WholeLp(instance).shortfall_lowest(time_limit=10)
    assert shortfall is not None and shortfall.lowest == 85_000
    assert sorted(shortfall.relaxed_effects.values()) == [JANUARY + 3, JANUARY + 6]


def test_a_measure_the_cut_lp_leaves_for_later_takes_the_month_after_the_cut() -> None:
    # Capacity 1 and the LP cut after March 2025: A (3 months) can take effect only from
    # April, so none of it is in the LP, which bounds nothing (no target year ends by the
    # cut) and leaves A for after it.
    instance = build([measure("A", **THREE_MONTHS)], capacity=1)
    shortfall = WholeLp(instance, until=JANUARY + 2).shortfall_lowest(time_limit=10)
    assert shortfall == LpShortfall(lowest=0, relaxed_effects={"A": JANUARY + 3})


def test_without_the_lp_the_early_savings_count_every_measure_at_its_best_month() -> None:
    # Both in April: (90 + 120) * 100 each = 42 000, although capacity 1 allows only
    # 21 000 + (60 + 120) * 100 = 39 000.
    instance = build([measure("A", **THREE_MONTHS), measure("B", **THREE_MONTHS)], capacity=1)
    assert early_savings_at_best_months(instance) == 42_000
    assert solve(instance, time_limit=10).levels[1].value == 39_000


def test_the_early_savings_bound_holds_for_any_multipliers() -> None:
    # Capacity 1: the best plan saves 21 000 + 18 000 = 39 000 early (both in April would
    # be 42 000). The LP's bound lies between; weak duality makes the bound of any other
    # multipliers (the LP's, disturbed) valid too, only weaker.
    instance = build([measure("A", **THREE_MONTHS), measure("B", **THREE_MONTHS)], capacity=1)
    optimum = solve(instance, time_limit=10).levels[1].value
    assert optimum == 39_000
    lp = WholeLp(instance)
    bound = lp.early_savings_highest(time_limit=10)
    assert bound is not None and optimum <= bound <= 42_000
    assert lp._highs is not None
    duals = np.array(lp._highs.getSolution().row_dual)
    noise = np.random.default_rng(0)
    for _ in range(20):
        costs = np.concatenate((-lp.early_savings, np.zeros(len(lp.targets), dtype=np.int64)))
        lowest = lp._lowest(costs, duals + noise.normal(0, 50, len(duals)))
        assert lowest is not None and -lowest // DUAL_SCALE >= bound


def test_rows_by_month_bound_the_shortfall_closer_than_rows_of_the_average_months() -> None:
    # One row of the average effect months lets a fractional successor take effect before
    # its predecessor is done; a row per month does not. On this small generated instance
    # (measured): 720 855 against 771 968, the optimum 772 710.
    instance = generate(SyntheticSpec(measures=40, sections=3, months=36, seed=2))
    optimum = solve(instance, time_limit=30)
    assert optimum.status == SolveStatus.OPTIMAL and optimum.objective is not None
    by_month = WholeLp(instance).shortfall_lowest(time_limit=10)
    average = WholeLp(instance, by_month=False).shortfall_lowest(time_limit=10)
    assert by_month is not None and average is not None
    assert average.lowest < by_month.lowest <= optimum.objective
    assert by_month.lowest >= 0.99 * optimum.objective


def test_a_cut_lp_lets_a_start_to_start_successor_go_first() -> None:
    # A prepares for 14 months (effect March 2026 at the earliest); B (3 months) may start
    # with A, so its effect may come 11 months before A's: B in April 2025, 2025 savings
    # 90, shortfall 91 000. Cut after 2025, A is outside the LP, and B, whose rows would
    # need A's months beyond the cut, keeps none of them: the bound is the optimum.
    instance = build(
        [
            measure("A", duration=14),
            measure("B", **THREE_MONTHS, depends_on=[{"measure": "A", "kind": "SS"}]),
        ]
    )
    assert solve(instance, time_limit=10).objective == 91_000
    cut = WholeLp(instance, until=JANUARY + 11)
    shortfall = cut.shortfall_lowest(time_limit=10)
    assert cut.truncated and shortfall is not None and shortfall.lowest == 91_000
