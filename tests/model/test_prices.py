"""The pool prices of the LP relaxation (scheduler/model/prices.py) on hand-checkable
instances (tests/model/builders.py: plan start January 2025, month 24 300)."""

from scheduler.model.prices import SCALE, lp_prices, priced_pool_use
from tests.model.builders import build, measure

JANUARY = 2025 * 12
HR = ({"id": "HR", "name": "HR", "capacity": 1},)
SUPPORTED = {"duration": 3, "support": {"HR": 2}}


def test_a_measures_priced_use_sums_the_prices_of_its_preparation_months() -> None:
    # Three months' preparation with support 2: effect in April prepares January-March,
    # in May February-April. A measure without support has no priced use.
    instance = build(
        [measure("A", **SUPPORTED), measure("B", duration=3)],
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
    support = {"duration": 3, "support": {"HR": 1}}
    instance = build(
        [measure("A", **support), measure("B", group="H", **support)],
        pools=HR,
        second_section=True,
    )
    prices = lp_prices(instance, time_limit=10)
    assert prices is not None
    assert prices.years == {2025: SCALE}
    assert prices.pools
    assert all(pool == "HR" and month < JANUARY + 3 for pool, month in prices.pools)
