"""Property tests: on random valid instances, every CP-SAT plan passes the independent
validator and is never worse than the greedy plan on the first objective level, and the
bounds of the large-instance path hold."""

from typing import Any
from unittest.mock import patch

from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

import scheduler.model.solver as solver_module
from scheduler.evaluate import objective_values
from scheduler.greedy import greedy_plan
from scheduler.io.instance import InputError
from scheduler.model.solver import solve
from scheduler.result import SolveStatus
from scheduler.validate import check_plan
from tests.model.builders import build, measure

MONTHS = [f"2025-{m:02d}" for m in range(1, 13)]


@st.composite
def random_instances(draw: st.DrawFn) -> Any:
    count = draw(st.integers(min_value=1, max_value=6))
    measures = []
    for index in range(count):
        fields: dict[str, Any] = {
            "amounts": {
                2025: draw(st.integers(-50, 300).filter(bool)),  # planned in 2025
                2026: draw(st.integers(min_value=0, max_value=600)),
            },
            "colour": draw(st.sampled_from(["red", "yellow", "green"])),
            "duration": draw(st.integers(min_value=0, max_value=4)),
            "effort": draw(st.integers(min_value=1, max_value=2)),
            "council_decision": draw(st.booleans()),
            "union_consultation": draw(st.booleans()),
            "support": draw(st.sampled_from([{}, {"HR": 1}])),
        }
        if draw(st.booleans()):
            fields["earliest_effect"] = draw(st.sampled_from(MONTHS))
        predecessors = draw(st.sets(st.integers(0, index - 1))) if index else set()
        if predecessors:
            fields["depends_on"] = [
                {
                    "measure": f"M{p}",
                    "kind": draw(st.sampled_from(["FS", "SS"])),
                    "min_lag": draw(st.integers(min_value=0, max_value=2)),
                }
                for p in sorted(predecessors)
            ]
        measures.append(measure(f"M{index}", **fields))
    try:
        return build(
            measures,
            capacity=draw(st.integers(min_value=2, max_value=4)),
            targets=((2025, draw(st.integers(0, 800)), 2), (2026, draw(st.integers(0, 2000)), 1)),
            meetings=tuple(sorted(draw(st.sets(st.sampled_from(MONTHS), min_size=1, max_size=4)))),
            pools=({"id": "HR", "name": "HR", "capacity": draw(st.integers(1, 2))},),
        )
    except InputError:  # e.g. a window the dependencies make impossible: not a valid instance
        reject()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instance=random_instances())
def test_solver_plans_are_valid_and_never_worse_than_greedy(instance: Any) -> None:
    greedy = greedy_plan(instance)
    result = solve(instance, time_limit=10)
    if greedy.plan is not None:
        assert check_plan(instance, greedy.plan) == []
        # A greedy plan exists, so the instance is feasible and small enough to prove.
        assert result.status == SolveStatus.OPTIMAL
        assert result.objective is not None and greedy.objective is not None
        assert result.objective <= greedy.objective
    if result.plan is not None:
        assert check_plan(instance, result.plan) == []
        values = objective_values(instance, result.plan.effect_by_measure())
        assert values.weighted_shortfall == result.objective
    else:
        assert result.status == SolveStatus.INFEASIBLE and result.explanation


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instance=random_instances())
def test_large_instance_path_gives_valid_plans_and_bounds(instance: Any) -> None:
    # The path of large instances (section relaxation and section search), forced on small
    # random instances: its plans pass the validator, are never worse than greedy, and its
    # bounds hold against the proven optimum of the whole model.
    greedy = greedy_plan(instance)
    if greedy.plan is None or greedy.objective is None:
        reject()  # the large path starts from the greedy plan
    optimum = solve(instance, time_limit=10)
    with patch.object(solver_module, "LARGE_MODEL_BOOLEANS", 0):
        result = solve(instance, time_limit=10)
    assert result.plan is not None and check_plan(instance, result.plan) == []
    assert result.objective is not None and result.objective <= greedy.objective
    shortfall, savings = result.levels
    assert shortfall.bound <= optimum.levels[0].value <= shortfall.value
    assert savings.bound >= optimum.levels[1].value
