"""The serial planners: the greedy plan and the plan repaired from a relaxation's months."""

import random

import pytest

from scheduler.greedy import repaired_plan
from scheduler.rules import effect_windows
from scheduler.synthetic import SyntheticSpec, generate
from scheduler.validate import check_plan
from tests.model.builders import build, measure

APRIL, JULY = 2025 * 12 + 3, 2025 * 12 + 6
THREE_MONTHS = {"duration": 3}


def test_a_repaired_plan_takes_the_measures_in_the_relaxations_order() -> None:
    # Capacity 1 lets one measure of three months' work prepare at a time. The relaxation
    # puts B in April and A in July: B keeps April, A takes the first month after it.
    instance = build([measure("A", **THREE_MONTHS), measure("B", **THREE_MONTHS)], capacity=1)
    plan = repaired_plan(instance, {"A": JULY, "B": APRIL})
    assert plan is not None and check_plan(instance, plan) == []
    assert plan.effect_by_measure() == {"A": JULY, "B": APRIL}
    # Both in April overloads the section: the greedy's priority (here instance order)
    # decides, and the other follows.
    plan = repaired_plan(instance, {"A": APRIL, "B": APRIL})
    assert plan is not None and plan.effect_by_measure() == {"A": APRIL, "B": JULY}


def test_a_repaired_plan_keeps_a_dependency_the_relaxation_broke() -> None:
    # B waits for A's effect; the relaxation (sections alone) put B first. A is placed
    # first anyway, at April, and B prepares after it.
    instance = build(
        [
            measure("A", **THREE_MONTHS),
            measure("B", depends_on=[{"measure": "A"}], **THREE_MONTHS),
        ]
    )
    plan = repaired_plan(instance, {"A": JULY, "B": APRIL})
    assert plan is not None and check_plan(instance, plan) == []
    assert plan.effect_by_measure() == {"A": APRIL, "B": JULY}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_repaired_plans_of_any_months_are_valid(seed: int) -> None:
    # Months drawn at random in each window, capacity and dependencies ignored.
    instance = generate(SyntheticSpec(measures=60, sections=3, months=36, seed=seed))
    draw = random.Random(seed)
    relaxed = {m: draw.choice(list(window)) for m, window in effect_windows(instance).items()}
    plan = repaired_plan(instance, relaxed)
    assert plan is not None and check_plan(instance, plan) == []
