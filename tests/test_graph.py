"""Dependency-graph checks on cycles: a cycle of length <= 0 is allowed (RCPSP/max writes
maximum lags as negative minimum lags), one of positive length never holds."""

from __future__ import annotations

import pytest

from scheduler.data import Dependency, DependencyKind, Instance, InstanceRuleError
from scheduler.graph import check_graph, earliest_times, positive_cycle
from scheduler.greedy import greedy_plan
from scheduler.result import SolveStatus


def with_dependencies(instance: Instance, extra: dict[str, list[Dependency]]) -> Instance:
    measures = tuple(
        m.model_copy(update={"depends_on": m.depends_on + tuple(extra.get(m.id, []))})
        for m in instance.measures
    )
    return Instance.model_validate(instance.model_copy(update={"measures": measures}).model_dump())


def ss(measure: str, lag: int) -> Dependency:
    return Dependency(measure=measure, kind=DependencyKind.START_TO_START, min_lag=lag)


def test_cycle_of_length_zero_is_allowed_and_binds_both_ways(tiny: Instance) -> None:
    # starts at least 2 months after starts, and at least -2 months after
    # together, exactly 2 months apart. is green (1 month) from plan start.
    instance = with_dependencies(tiny, {"A-1.3": [ss("A-1.1", 2)], "A-1.1": [ss("A-1.3", -2)]})
    assert positive_cycle(instance) is None
    check_graph(instance)
    times = earliest_times(instance)
    assert times["A-1.3"][0] - times["A-1.1"][0] == 2
    assert times["A-1.1"][0] == instance.calendar.plan_start


def test_negative_lag_pulls_nothing_earlier_than_plan_start(tiny: Instance) -> None:
    instance = with_dependencies(tiny, {"A-1.3": [ss("A-1.1", -5)]})
    assert earliest_times(instance)["A-1.3"][0] == instance.calendar.plan_start


def test_positive_cycle_through_a_negative_lag_is_rejected(tiny: Instance) -> None:
    # A-1.2 starts >= A-1.1's effect (A-1.1 lasts 1 month, FS in the fixture); A-1.1 starts
    # >= A-1.2's start - 0: the cycle's length is 1 + 0 > 0. With -1 it would be 0.
    instance = with_dependencies(tiny, {"A-1.1": [ss("A-1.2", 0)]})
    assert positive_cycle(instance) == (["A-1.1", "A-1.2", "A-1.1"], 1)
    with pytest.raises(InstanceRuleError, match=r"^dependency cycle A-1\.1 -> A-1\.2 -> A-1\.1$"):
        check_graph(instance)
    instance = with_dependencies(tiny, {"A-1.1": [ss("A-1.2", -1)]})
    check_graph(instance)
    # A-1.1 -(FS, 1 month)-> A-1.2 -(SS 3)-> A-1.3 -(SS -1)-> A-1.1: 1 + 3 - 1 = 3 > 0.
    instance = with_dependencies(tiny, {"A-1.3": [ss("A-1.2", 3)], "A-1.1": [ss("A-1.3", -1)]})
    with pytest.raises(
        InstanceRuleError, match=r"A-1\.1 -> A-1\.2 -> A-1\.3 -> A-1\.1: .* add up to 3 > 0 months$"
    ):
        check_graph(instance)


def test_earliest_times_refuse_a_positive_cycle(tiny: Instance) -> None:
    instance = with_dependencies(tiny, {"A-1.1": [ss("A-1.2", 0)]})
    with pytest.raises(ValueError, match="positive length"):
        earliest_times(instance)


def test_greedy_declines_a_cyclic_instance(tiny: Instance) -> None:
    instance = with_dependencies(tiny, {"A-1.1": [ss("A-1.2", -1)]})
    result = greedy_plan(instance)
    assert result.status == SolveStatus.UNKNOWN
    assert result.plan is None
    assert "cycle" in result.explanation[0]
