"""Measures without counted savings that nothing counted waits for are planned after the
optimisation (reduction.py): which ones, that the result is still the proven optimum of
the whole instance, and that the whole instance is solved when they find no room."""

from scheduler.greedy import greedy_plan
from scheduler.model.reduction import valueless_measures
from scheduler.model.savings_model import SavingsModel
from scheduler.model.solver import solve
from scheduler.result import SolveStatus
from scheduler.validate import check_plan
from tests.model.builders import build, measure

LEFT_OUT = "were left out of the optimisation"


def test_valueless_measures_are_those_nothing_counted_waits_for() -> None:
    after = [{"measure": "P", "kind": "FS", "min_lag": 0}]
    instance = build(
        [
            measure("A", depends_on=after),  # counted, so its prerequisite P stays
            measure("P", amounts={}),
            measure("Q", amounts={}),  # unpriced, waited for only by the valueless L
            measure("L", amounts={}, depends_on=[{"measure": "Q", "kind": "FS", "min_lag": 0}]),
            measure("W", in_chapter_sum=False),  # water and sewage: priced, not counted
            measure("X", amounts={}, fixed_effect="2025-03"),  # fixed: stays in the model
        ]
    )
    assert valueless_measures(instance) == {"Q", "L", "W"}


def test_leaving_them_out_keeps_the_proven_optimum() -> None:
    # Capacity 3 and six measures of one month's work: the three counted ones take effect in
    # February (work in January), the valueless ones are planned afterwards into the room
    # left (work in February, effect in March).
    instance = build(
        [measure(f"A{i}") for i in range(3)] + [measure(f"L{i}", amounts={}) for i in range(3)],
        capacity=3,
    )
    result = solve(instance, time_limit=10)
    assert result.status == SolveStatus.OPTIMAL
    assert result.plan is not None
    assert check_plan(instance, result.plan) == []
    assert any(LEFT_OUT in line for line in result.explanation)
    effects = result.plan.effect_by_measure()
    assert {effects[f"L{i}"] for i in range(3)} == {2025 * 12 + 2}
    whole = SavingsModel(instance)
    greedy = greedy_plan(instance).plan
    assert greedy is not None
    whole.add_hint(greedy)
    expected = whole.solve(time_limit=10)
    assert expected.status == SolveStatus.OPTIMAL
    assert [level.value for level in result.levels] == [level.value for level in expected.levels]
    assert [level.bound for level in result.levels] == [level.value for level in expected.levels]
    # A warm start for the whole instance is cut down to the measures in the model.
    hinted = solve(instance, time_limit=10, hint=greedy)
    assert hinted.status == SolveStatus.OPTIMAL
    assert hinted.levels == result.levels


def test_the_whole_instance_is_solved_when_they_find_no_room() -> None:
    # Capacity 1, one month of work each. Without B, A would take effect in February (work
    # in January); B must take effect in February too (latest_effect), so it finds no room
    # and the whole instance is solved: B in February, A in March, saving 10 a month for
    # ten months of 2025, a shortfall of 100 000 - 100 * 100.
    instance = build(
        [measure("A"), measure("B", in_chapter_sum=False, latest_effect="2025-02")],
        capacity=1,
    )
    assert valueless_measures(instance) == {"B"}
    result = solve(instance, time_limit=10)
    assert result.status == SolveStatus.OPTIMAL
    assert result.plan is not None
    assert check_plan(instance, result.plan) == []
    assert result.plan.effect_by_measure() == {"A": 2025 * 12 + 2, "B": 2025 * 12 + 1}
    assert result.objective == 100_000 - 100 * 100
    assert not any(LEFT_OUT in line for line in result.explanation)


def test_an_instance_where_nothing_counts_is_planned_whole() -> None:
    # Both measures are valueless, so the model is empty: its optimum (the whole 2025
    # target missed, 100 * 1000) is proven at once and both are planned afterwards, at the
    # earliest month (work in January, effect in February).
    instance = build([measure("A", amounts={}), measure("B", in_chapter_sum=False)])
    result = solve(instance, time_limit=10)
    assert result.status == SolveStatus.OPTIMAL
    assert result.objective == result.bound == 100_000
    assert result.plan is not None
    assert check_plan(instance, result.plan) == []
    assert result.plan.effect_by_measure() == {"A": 2025 * 12 + 1, "B": 2025 * 12 + 1}
