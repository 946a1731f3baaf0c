"""The whole model's LP (scheduler/model/prices.py) on hand-checkable instances
(tests/model/builders.py: plan start January 2025, month 24 300)."""

import numpy as np

from scheduler.model.prices import SCALE, WholeLp, priced_pool_use
from scheduler.model.solver import solve
from tests.model.builders import build, measure

JANUARY = 2025 * 12
HR = ({"id": "HR", "name": "HR", "capacity": 1},)
THREE_MONTHS = {"duration": 3}


def test_a_measures_priced_use_sums_the_prices_of_its_preparation_months() -> None:
    # Three months' preparation with support 2: effect in April prepares January-March,
    # in May February-April. A measure without support has no priced use.
    instance = build(
        [measure("A", support={"HR": 2}, **THREE_MONTHS), measure("B", **THREE_MONTHS)],
        pools=({"id": "HR", "name": "HR", "capacity": 2},),
    )
    prices = {("HR", JANUARY): 100, ("HR", JANUARY + 1): 50}
    use = priced_pool_use(instance, prices)
    assert set(use) == {"A"}
    assert use["A"][JANUARY + 3] == 2 * (100 + 50)
    assert use["A"][JANUARY + 4] == 2 * 50
    assert use["A"][JANUARY + 5] == 0
    assert priced_pool_use(instance, {}) == {}


def test_a_shared_pool_that_holds_the_target_back_is_priced() -> None:
    # Two measures in two sections share the HR pool of 1, which lets only one prepare at
    # a time; the 2025 target is out of reach. The LP weighs 2025 fully and prices HR's
    # months before the earliest effect, where both measures would prepare at once.
    support = {**THREE_MONTHS, "support": {"HR": 1}}
    instance = build(
        [measure("A", **support), measure("B", group="H", **support)],
        pools=HR,
        second_section=True,
    )
    prices = WholeLp(instance).shortfall_prices(time_limit=10)
    assert prices is not None
    assert prices.years == {2025: SCALE}
    assert prices.pools
    assert all(pool == "HR" and month < JANUARY + 3 for pool, month in prices.pools)


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
        disturbed = lp._dual_bound(duals + noise.normal(0, 50, len(duals)))
        assert disturbed is not None and disturbed >= bound - 1
