"""Each constraint family alone on a hand-checkable instance, with the exact optimum.

Units of the first objective level (weighted shortfall): 10 NOK. With the default target of
1000 (thousand NOK) in 2025 and weight 1, the level is 100 * 1000 - 100 * savings_2025 for
green measures (100 % realised), i.e. 100 000 - 100 * S where S is the 2025 savings.
"""

import itertools

import pytest
from ortools.sat.python import cp_model

from scheduler.data import Instance, parse_month
from scheduler.evaluate import objective_values
from scheduler.model.constraints import Constraints
from scheduler.model.solver import solve
from scheduler.model.variables import Variables
from scheduler.result import Result, SolveStatus
from scheduler.synthetic import SyntheticSpec, generate
from scheduler.validate import check_plan
from tests.model.builders import build, measure


def solved(instance: Instance) -> Result:
    result = solve(instance, time_limit=10)
    assert result.status == SolveStatus.OPTIMAL
    assert result.plan is not None
    assert check_plan(instance, result.plan) == []
    # The solver's objective equals the data-only recomputation of the same plan.
    values = objective_values(instance, result.plan.effect_by_measure())
    assert result.levels[0].value == values.weighted_shortfall
    assert result.levels[1].value == values.early_savings
    assert result.bound == result.objective
    return result


def effect_of(result: Result, measure_id: str) -> str:
    assert result.plan is not None
    month = result.plan.effect_by_measure()[measure_id]
    return f"{month // 12}-{month % 12 + 1:02d}"


def test_window_plan_start_and_lead_time() -> None:
    # Start >= plan start (Jan) and 1 month of work: effect Feb, 11 months of 10 = 110.
    result = solved(build([measure("A")]))
    assert effect_of(result, "A") == "2025-02"
    assert result.objective == 100_000 - 100 * 110
    # Second level: 110 in 2025 + 120 in 2026, in 10 NOK.
    assert result.levels[1].value == 100 * (110 + 120)


def test_earliest_effect_window() -> None:
    # Not before June: 7 months of 10 = 70.
    result = solved(build([measure("A", earliest_effect="2025-06")]))
    assert result.objective == 100_000 - 100 * 70


def test_fixed_and_started_measures_keep_their_month() -> None:
    # A started measure stays at its planned March effect although February would be
    # possible, and saves what the source says for 2025 (120, spread over March-December).
    started = solved(build([measure("A", planned_effect="2025-03", status="started")]))
    assert effect_of(started, "A") == "2025-03"
    assert started.objective == 100_000 - 100 * 120
    # A fixed March effect on a measure planned for January moves its stream 2 months:
    # 10 months of 10 = 100.
    fixed = solved(build([measure("A", fixed_effect="2025-03")]))
    assert effect_of(fixed, "A") == "2025-03"
    assert fixed.objective == 100_000 - 100 * 100


def test_capacity_serialises_preparation() -> None:
    # Two measures of 3 months' work, effort 1 each. Capacity 2: both take effect in April,
    # 9 + 9 months = 180. Capacity 1: one in April (90), the other starts in April and takes
    # effect in July (60) = 150.
    duration_3 = {"duration": 3}
    both = solved(build([measure("A", **duration_3), measure("B", **duration_3)], capacity=2))
    one = solved(build([measure("A", **duration_3), measure("B", **duration_3)], capacity=1))
    assert both.objective == 100_000 - 100 * 180
    assert one.objective == 100_000 - 100 * 150


def test_pool_capacity() -> None:
    # Same as capacity 1, but the bottleneck is a shared HR pool of 1 unit.
    pools = ({"id": "HR", "name": "HR", "capacity": 1},)
    needs_hr = {"duration": 3, "support": {"HR": 1}}
    result = solved(build([measure("A", **needs_hr), measure("B", **needs_hr)], pools=pools))
    assert result.objective == 100_000 - 100 * 150


def test_finish_to_start_with_lag() -> None:
    # A takes effect in Feb; B may start 2 months later (Apr) and takes effect in May:
    # 110 + 80 = 190.
    dependent = measure("B", depends_on=[{"measure": "A", "kind": "FS", "min_lag": 2}])
    result = solved(build([measure("A"), dependent]))
    assert effect_of(result, "B") == "2025-05"
    assert result.objective == 100_000 - 100 * 190


def test_start_to_start_with_min_and_max_lag() -> None:
    # B cannot take effect before October (starts September: 3 months = 30). B may start
    # at most 2 months after A starts (SS, lag 0..2), so A starts in July at the earliest
    # and takes effect in August: 5 months = 50; total 80. Without the max lag A takes
    # effect in February (110): total 140.
    def b(**lags: int) -> dict:
        dependency = {"measure": "A", "kind": "SS", **lags}
        return measure("B", earliest_effect="2025-10", depends_on=[dependency])

    assert solved(build([measure("A"), b(min_lag=0, max_lag=2)])).objective == 100_000 - 8_000
    assert solved(build([measure("A"), b(min_lag=0)])).objective == 100_000 - 14_000


@pytest.mark.parametrize(
    ("kind", "lags", "b_duration", "allowed"),
    [
        # FS, lag 2, B prepares 1 month: B may start 2 months after A's effect.
        ("FS", {"min_lag": 2}, 1, lambda a, b: b - 1 >= a + 2),
        # SS with min and max lag, A prepares 1 month and B 3: starts 1..2 months apart.
        ("SS", {"min_lag": 1, "max_lag": 2}, 3, lambda a, b: 1 <= (b - 3) - (a - 1) <= 2),
        # A negative lag: B may start up to 2 months before A takes effect.
        ("FS", {"min_lag": -2}, 1, lambda a, b: b - 1 >= a - 2),
    ],
)
def test_dependency_rows_allow_exactly_the_lagged_pairs(kind, lags, b_duration, allowed) -> None:
    # Enumerates every (effect A, effect B) the family's rows admit, the disaggregated
    # rows included, and compares with the rule itself: they must cut off no valid pair.
    dependent = measure(
        "B", duration=b_duration, depends_on=[{"measure": "A", "kind": kind, **lags}]
    )
    instance = build([measure("A", latest_effect="2025-08"), dependent])
    model = cp_model.CpModel()
    variables = Variables(model, instance)
    family = Constraints(model, instance, variables)
    family.every_measure_scheduled()
    family.dependencies()
    found: set[tuple[int, int]] = set()

    class Collect(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:
            a, b = (
                next(m for m, v in variables[i].effect_at.items() if self.value(v)) for i in "AB"
            )
            found.add((a, b))

    solver = cp_model.CpSolver()
    solver.parameters.enumerate_all_solutions = True
    assert solver.solve(model, Collect()) == cp_model.OPTIMAL
    windows = (variables["A"].effect_at, variables["B"].effect_at)
    expected = {(a, b) for a, b in itertools.product(*windows) if allowed(a, b)}
    assert found == expected and expected


def test_council_decision_waits_for_a_meeting() -> None:
    # Case lead 1 month, only meeting May: start <= April, effect the month after the
    # meeting, June: 7 months = 70. Without the decision: Feb, 110.
    result = solved(build([measure("A", council_decision=True)], meetings=("2025-05",)))
    assert effect_of(result, "A") == "2025-06"
    assert result.plan is not None
    assert result.plan.measures[0].decision_meeting == parse_month("2025-05")
    assert result.objective == 100_000 - 100 * 70


def test_budget_decision_takes_effect_in_january() -> None:
    # Effect only in a January after the December budget meeting: 2026-01, nothing in 2025.
    result = solved(build([measure("A", budget_decision=True)]))
    assert effect_of(result, "A") == "2026-01"
    assert result.objective == 100_000


def test_union_consultation_lead_time() -> None:
    # Drøfting needs 3 months from start to effect: effect April, 9 months = 90.
    result = solved(build([measure("A", union_consultation=True)]))
    assert effect_of(result, "A") == "2025-04"
    assert result.objective == 100_000 - 100 * 90


def test_targets_risk_weights_and_year_weights() -> None:
    # Yellow realises 80 %: 110 * 80 = 8 800 against 100 000 in 2025. A 2026 target of 100
    # (weight 5) is met by 120 * 80 = 9 600 > 10 000? No: 10 000 - 9 600 = 400, times 5.
    instance = build([measure("A", colour="yellow")], targets=((2025, 1000, 1), (2026, 100, 5)))
    result = solved(instance)
    assert result.objective == (100_000 - 8_800) + 5 * (10_000 - 9_600)


def test_infeasible_instance_is_explained_in_domain_words() -> None:
    # Both must take effect in June after 3 months of work, but capacity is 1.
    fixed = {"fixed_effect": "2025-06", "duration": 3}
    result = solve(build([measure("A", **fixed), measure("B", **fixed)], capacity=1))
    assert result.status == SolveStatus.INFEASIBLE
    assert result.plan is None
    text = " ".join(result.explanation)
    assert "Section can carry at most 1" in text
    assert "measure A" in text and "measure B" in text


def test_a_plan_is_always_returned_when_the_warm_start_has_one() -> None:
    # 600 synthetic measures and 0.05 s: CP-SAT rarely finds a plan that fast; the result
    # then falls back to the greedy plan with the trivial bound 0 and says so.
    instance = generate(SyntheticSpec(measures=600, sections=6))
    result = solve(instance, time_limit=0.05)
    assert result.status in (SolveStatus.FEASIBLE, SolveStatus.OPTIMAL)
    assert result.plan is not None and check_plan(instance, result.plan) == []
    if result.explanation:
        assert "greedy" in result.explanation[0]
        assert result.bound == 0 and result.gap == 1.0


def test_council_lead_time_counts_for_dependent_measures() -> None:
    # Regression (found by the property test): A needs a council decision; the only meeting
    # is June, so A starts in May (case lead 1 + meeting month) and takes effect in July
    # (60). B starts with A (SS) in May and takes effect after 4 months, in September (40).
    # Narrowing B's window with a lead time that forgot the council step cut this plan off.
    a = measure("A", council_decision=True, duration=0, earliest_effect="2025-07")
    b = measure("B", duration=4, depends_on=[{"measure": "A", "kind": "SS"}])
    result = solved(build([a, b], meetings=("2025-06",)))
    assert effect_of(result, "B") == "2025-09"
    assert result.objective == 100_000 - 100 * (60 + 40)


def test_targets_every_plan_reaches_or_only_some_plans_reach() -> None:
    # A 2026 target of 0 is reached by every plan (savings are never negative): it adds 0.
    # A 2025 target of 150 is reached only if both measures take effect early: with
    # capacity 1 one takes effect in February (110) and the other in March (100), so 210
    # >= 150 and the shortfall is 0; the second level then counts 110 + 100 in 2025 and
    # 120 + 120 in 2026 (10 NOK units: x 100).
    reachable = build(
        [measure("A"), measure("B")], capacity=1, targets=((2025, 150, 1), (2026, 0, 1))
    )
    result = solved(reachable)
    assert result.objective == 0
    assert result.levels[1].value == 100 * (110 + 100 + 120 + 120)
    # Above, 2025's sign was open (0 to 220 possible), so it kept a shortfall variable. One
    # measure alone saves at most 110 in 2025: no plan reaches 150, the level is linear.
    assert solved(build([measure("A")], targets=((2025, 150, 1),))).objective == 100 * (150 - 110)


def test_the_explanation_names_the_capacity_that_binds_in_an_override_month() -> None:
    # Capacity 2, but 1 in June: both measures prepared in May-June cannot fit in June.
    fixed = {"fixed_effect": "2025-07", "duration": 2}
    instance = build([measure("A", **fixed), measure("B", **fixed)], capacity=2)
    section = instance.sections[0].model_copy(update={"capacity_by_calendar_month": {6: 1}})
    result = solve(instance.replaced(sections=(section,)))
    assert result.status == SolveStatus.INFEASIBLE
    assert "Section can carry at most 2 effort units of change work a month (June 1)" in " ".join(
        result.explanation
    )
