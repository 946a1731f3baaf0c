"""Combining objective levels into one weighted CP-SAT objective, and reading them back."""

from ortools.sat.python import cp_model
from pytest import MonkeyPatch

import scheduler.model.objective as objective_module
import scheduler.model.solver as solver_module
from scheduler.greedy import greedy_plan
from scheduler.model.objective import Level, stages
from scheduler.model.savings_model import SavingsModel
from scheduler.result import SolveStatus
from scheduler.synthetic import SyntheticSpec, generate
from scheduler.validate import check_plan
from tests.model.builders import build, measure


def level(model: cp_model.CpModel, name: str, sense: str, lowest: int, highest: int) -> Level:
    var = model.new_int_var(lowest, highest, name)
    return Level(name, sense, var, "unit", lowest, highest)


def test_each_level_outweighs_the_whole_range_of_the_levels_after_it() -> None:
    model = cp_model.CpModel()
    first = level(model, "first", "min", 0, 1000)
    second = level(model, "second", "max", 10, 20)  # range 10
    third = level(model, "third", "min", 0, 4)  # range 4
    (stage,) = stages([first, second, third])
    # third weighs 1; second 4 + 1 = 5 > range of third; first 5 * 10 + 4 + 1 = 55 > the
    # weighted range 5 * 10 + 1 * 4 of the two after it.
    assert stage.weights == (55, 5, 1)


def test_bounds_read_back_exactly_at_the_optimum_and_validly_before() -> None:
    model = cp_model.CpModel()
    first = level(model, "shortfall", "min", 0, 1000)
    second = level(model, "savings", "max", 10, 20)
    (stage,) = stages([first, second])
    assert stage.weights == (11, 1)
    # Optimum shortfall 7, savings 15: cost 11 * 7 - 15 = 62; a proven stage bound of 62
    # gives back exactly 7 and 15.
    assert stage.bounds([7, 15], 62) == [7, 15]
    # A weaker stage bound 40: 11 * shortfall >= 40 + savings >= 40 + 10 for any plan, so
    # shortfall >= ceil(50 / 11) = 5; among plans with shortfall <= 7, savings <= 77 - 40.
    assert stage.bounds([7, 15], 40) == [5, 37]


def test_levels_too_wide_for_an_exact_float_objective_are_solved_in_turn() -> None:
    model = cp_model.CpModel()
    first = level(model, "first", "min", 0, 2**30)
    second = level(model, "second", "max", 0, 2**30)
    assert [len(stage.levels) for stage in stages([first, second])] == [1, 1]


def test_levels_are_solved_in_turn_on_request() -> None:
    model = cp_model.CpModel()
    first = level(model, "first", "min", 0, 1000)
    second = level(model, "second", "max", 10, 20)
    assert [len(stage.levels) for stage in stages([first, second])] == [2]
    assert [stage.levels for stage in stages([first, second], in_turn=True)] == [
        (first,),
        (second,),
    ]


def test_levels_solved_in_turn_reach_the_same_optimum(monkeypatch: MonkeyPatch) -> None:
    # Capacity 1: one measure takes effect in February, the other a month later. A month's
    # delay costs A 10 in 2025 and 90 in 2026 (its stream rises from 10 to 100 a month),
    # B 50 in 2025. With both targets out of reach, level 1 (weights 3 and 1) loses 120 by
    # delaying A and 150 by delaying B, level 2 (unweighted) 100 and 50: the levels
    # disagree, and the lexicographic optimum puts B first. Solved as one weighted sum and,
    # with the exact-float limit forced down, level by level (each optimum kept as a
    # constraint for the next): the same plan values, both proven.
    instance = build(
        [
            measure("A", amounts={2025: 120, 2026: 1200}),
            measure("B", amounts={2025: 600, 2026: 600}),
        ],
        capacity=1,
        targets=((2025, 10_000, 3), (2026, 10_000, 1)),
    )
    together = solver_module.solve(instance, time_limit=10)
    assert together.plan is not None
    assert together.plan.effect_by_measure() == {"A": 2025 * 12 + 2, "B": 2025 * 12 + 1}
    monkeypatch.setattr(objective_module, "_EXACT_FLOAT", 1)
    in_turn = solver_module.solve(instance, time_limit=10)
    assert together.status == in_turn.status == SolveStatus.OPTIMAL
    assert in_turn.plan == together.plan
    assert [lv.value for lv in in_turn.levels] == [lv.value for lv in together.levels]
    assert [lv.bound for lv in in_turn.levels] == [lv.value for lv in together.levels]


def test_the_warm_start_hint_is_complete_and_feasible() -> None:
    # A target only some plans reach keeps a shortfall variable; the hint must set it (and
    # every other variable), so that CP-SAT takes the greedy plan as its first solution.
    instance = build(
        [measure("A"), measure("B")], capacity=1, targets=((2025, 150, 1), (2026, 0, 1))
    )
    greedy = greedy_plan(instance)
    assert greedy.plan is not None
    savings_model = SavingsModel(instance)
    savings_model.add_hint(greedy.plan)
    proto = savings_model.model.proto
    assert len(proto.solution_hint.vars) == len(proto.variables)
    solver = cp_model.CpSolver()
    solver.parameters.fix_variables_to_their_hinted_value = True
    savings_model.model.minimize(savings_model.levels[0].expression)
    assert solver.solve(savings_model.model) == cp_model.OPTIMAL
    assert solver.objective_value == greedy.objective


def test_large_instance_path_returns_valid_reproducible_plans_with_valid_bounds(
    monkeypatch: MonkeyPatch,
) -> None:
    # The path of large instances (the LP bounds, then the search by section) on a
    # small instance: every plan passes the validator, is never worse than greedy, the same
    # seed gives the same plan, and the bounds hold against the full model's optimum.
    instance = generate(SyntheticSpec(measures=40, sections=3, months=36, seed=3))
    optimum = solver_module.solve(instance, time_limit=30)
    assert optimum.status == SolveStatus.OPTIMAL
    monkeypatch.setattr(solver_module, "LARGE_MODEL_BOOLEANS", 0)
    first = solver_module.solve(instance, time_limit=30)
    second = solver_module.solve(instance, time_limit=30)
    assert first.plan is not None and check_plan(instance, first.plan) == []
    assert first.plan == second.plan
    greedy = greedy_plan(instance)
    assert first.objective is not None and greedy.objective is not None
    assert first.objective <= greedy.objective
    shortfall, savings = first.levels
    assert shortfall.bound <= optimum.levels[0].value <= shortfall.value
    assert savings.bound >= optimum.levels[1].value
    (note,) = first.explanation
    assert "searched one section, pool or span of months at a time" in note
    assert "until no single section, pool or span could improve the plan" in note  # converged
    # Two workers: bound and search side by side, the same search and valid bounds.
    both = solver_module.solve(instance, time_limit=30, workers=2)
    assert both.plan == first.plan and both.workers == 2
    assert both.levels[0].bound <= optimum.levels[0].value
