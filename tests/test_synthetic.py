"""The synthetic generator: valid, deterministic in its seed, shaped by its spec; and on
small instances the solver's plans pass the validator and never lose to the greedy plan."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from scheduler.data import Colour
from scheduler.evaluate import risk_weighted_by_year
from scheduler.graph import check_graph, dependency_graph
from scheduler.greedy import greedy_plan
from scheduler.model.solver import solve
from scheduler.result import SolveStatus
from scheduler.rules import allowed_effects
from scheduler.savings import planned_stream
from scheduler.synthetic import SyntheticSpec, generate
from scheduler.validate import check_plan


def test_same_seed_same_instance_other_seed_other_instance() -> None:
    spec = SyntheticSpec(measures=80, sections=4, seed=7)
    assert generate(spec) == generate(spec)
    assert generate(spec) != generate(spec.model_copy(update={"seed": 8}))


def test_instance_has_the_requested_shape() -> None:
    spec = SyntheticSpec(
        measures=400,
        sections=6,
        pools=3,
        months=60,
        colour_mix=(0.5, 0.5, 0.0),
        political_share=0.25,
        dependency_density=1.0,
        seed=3,
    )
    instance = generate(spec)
    assert len(instance.measures) == 400
    assert len(instance.sections) == 6
    assert len(instance.pools) == 3
    calendar = instance.calendar
    assert calendar.horizon_end - calendar.plan_start + 1 == 60
    assert calendar.first_month % 12 == 0
    colours = [m.colour for m in instance.measures]
    assert Colour.GREEN not in colours
    assert 150 <= colours.count(Colour.RED) <= 250  # about half of 400
    political = sum(m.council_decision or m.budget_decision for m in instance.measures)
    assert 60 <= political <= 140  # about a quarter of 400
    assert nx.is_directed_acyclic_graph(dependency_graph(instance))
    assert sum(len(m.depends_on) for m in instance.measures) > 50
    assert instance.council.meetings
    assert all(t.amount > 0 for t in instance.targets)
    check_graph(instance)


def test_savings_run_at_an_even_rate_from_the_effect_month() -> None:
    """The first year's amount covers its months from the default effect month only, so
    a moved stream never runs faster than the measure's yearly amount / 12."""
    instance = generate(SyntheticSpec(measures=200, sections=3, seed=4))
    starting_now = 0
    for measure in instance.measures:
        if not measure.amounts:
            continue
        yearly = max(measure.amounts.values())
        stream = planned_stream(instance, measure)
        assert max(stream.values()) <= -(-yearly // 12)
        if instance.first_amount_year(measure) == instance.calendar.first_year:
            starting_now += 1
            assert measure.amounts[instance.calendar.first_year] == yearly // 2
    assert starting_now > 20


def test_targets_are_reachable_without_capacity_and_missed_with_it() -> None:
    """No year asks more than every measure at its earliest allowed month saves; the
    greedy plan, which respects capacity, misses the first year's target."""
    instance = generate(SyntheticSpec(measures=300, sections=5, months=48, seed=2))
    earliest = {m.id: allowed_effects(instance, m)[0] for m in instance.measures}
    most = risk_weighted_by_year(instance, earliest)
    assert all(100 * target.amount <= most[target.year] for target in instance.targets)
    greedy = greedy_plan(instance)
    assert greedy.plan is not None
    planned = risk_weighted_by_year(instance, greedy.plan.effect_by_measure())
    first = instance.targets[0]
    assert planned[first.year] < 100 * first.amount


def test_spec_is_validated() -> None:
    with pytest.raises(ValidationError):
        SyntheticSpec(months=12)
    with pytest.raises(ValidationError):
        SyntheticSpec(colour_mix=(0.0, 0.0, 0.0))


def test_greedy_plans_a_medium_instance() -> None:
    instance = generate(SyntheticSpec(measures=300, sections=5, months=48, seed=2))
    result = greedy_plan(instance)
    assert result.status == SolveStatus.FEASIBLE
    assert result.plan is not None
    assert check_plan(instance, result.plan) == []


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), measures=st.integers(5, 25))
def test_solver_plan_is_valid_and_no_worse_than_greedy(seed: int, measures: int) -> None:
    instance = generate(SyntheticSpec(measures=measures, sections=2, pools=1, months=36, seed=seed))
    greedy = greedy_plan(instance)
    result = solve(instance, time_limit=5)
    assert result.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
    assert result.plan is not None
    assert check_plan(instance, result.plan) == []
    if greedy.objective is not None and result.objective is not None:
        assert result.objective <= greedy.objective
