"""The interval formulation of the makespan objective on hand-checkable instances, each
with the exact optimum, and the time-indexed formulation giving the same value.

Months count from the first month 2025-01 (= 0); the makespan is the last effect month.
The builders' defaults: plan start 2025-01, green measures with effort 1 on section S of
capacity 10 (never binding here), lead time = duration.
"""

import pytest

from scheduler.data import Instance
from scheduler.model.solver import Formulation, Objective, solve
from scheduler.result import SolveStatus
from scheduler.validate import check_plan
from tests.model.builders import build, measure


def makespan(instance: Instance, formulation: Formulation) -> int:
    result = solve(instance, time_limit=10, objective=Objective.MAKESPAN, formulation=formulation)
    assert result.status == SolveStatus.OPTIMAL
    assert result.plan is not None
    assert check_plan(instance, result.plan) == []
    assert result.bound == result.objective
    assert result.objective is not None
    return result.objective


BOTH = pytest.mark.parametrize("formulation", list(Formulation))
HR_WORK = {"duration": 2, "support": {"HR": 1}}


@BOTH
def test_capacity_reduced_in_some_months(formulation: Formulation) -> None:
    # A and B need 2 months of 1 HR unit each. With 2 units every month both run in
    # January-February and take effect in March: makespan 2. With 1 unit in February and
    # March, they cannot share February or March: one runs January-February (effect
    # March), the other March-April at the earliest (March has 1 unit, left free by the
    # first), effect May: makespan 4. Nothing better: starting both later only delays.
    def hr(**by_month: int) -> tuple[dict, ...]:
        return ({"id": "HR", "name": "HR", "capacity": 2, "capacity_by_calendar_month": by_month},)

    measures = [measure("A", **HR_WORK), measure("B", **HR_WORK)]
    assert makespan(build(measures, pools=hr()), formulation) == 2
    assert makespan(build(measures, pools=hr(**{"2": 1, "3": 1})), formulation) == 4


@BOTH
def test_council_gate(formulation: Formulation) -> None:
    # A council decision needs case preparation (1 month) before the only meeting, May
    # (4), and takes effect the month after: June, makespan 5 (without it: lead 1, Feb).
    assert makespan(build([measure("A", council_decision=True)]), formulation) == 5


@BOTH
def test_fixed_measure_loads_only_months_from_the_plan_start(formulation: Formulation) -> None:
    # B is fixed to take effect in February after 3 months (started November 2024): of
    # its work only January counts, taking the one HR unit. A (2 months on HR) starts in
    # February and takes effect in April: makespan 3.
    pools = ({"id": "HR", "name": "HR", "capacity": 1},)
    fixed = measure("B", fixed_effect="2025-02", duration=3, support={"HR": 1})
    assert makespan(build([measure("A", **HR_WORK), fixed], pools=pools), formulation) == 3


@BOTH
def test_finish_to_start_and_max_lag(formulation: Formulation) -> None:
    # A (2 months, effect March) then B at least 1 month later (start April, 2 months,
    # effect June): 5. C must start at most 1 month after B starts (SS, 0..1) and lasts
    # 3 months: effect by August at the latest, at best July (start April): 6.
    b = measure("B", duration=2, depends_on=[{"measure": "A", "kind": "FS", "min_lag": 1}])
    c = measure(
        "C", duration=3, depends_on=[{"measure": "B", "kind": "SS", "min_lag": 0, "max_lag": 1}]
    )
    assert makespan(build([measure("A", duration=2), b, c]), formulation) == 6
