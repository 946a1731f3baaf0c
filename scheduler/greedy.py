"""A greedy planner: what a careful planner with a spreadsheet or a levelling tool does.

Serial schedule generation: repeatedly take the most valuable measure whose prerequisites
are planned, and give it the earliest effect month that its window, political gate,
dependencies and every capacity allow. Value is risk-weighted yearly savings per unit of
work (effort x lead time); a prerequisite inherits the value of what waits for it; red
measures win ties (they take longest and must all be done). Used as the benchmark
baseline and as a warm start for CP-SAT.
"""

from __future__ import annotations

import heapq
import time
from collections import defaultdict
from fractions import Fraction

import networkx as nx

from scheduler.data import Colour, DependencyKind, Instance, Measure
from scheduler.evaluate import objective_values
from scheduler.graph import dependency_graph
from scheduler.result import Plan, Result, SolveStatus
from scheduler.rules import allowed_effects, effect_window, plan_of

_COLOUR_ORDER = {Colour.RED: 0, Colour.YELLOW: 1, Colour.GREEN: 2}


def priorities(instance: Instance) -> dict[str, Fraction]:
    """Value density of each measure, raised to the best density of its successors."""
    graph = dependency_graph(instance)
    own: dict[str, Fraction] = {}
    for measure in instance.measures:
        yearly = max(measure.amounts.values(), default=0) if measure.in_chapter_sum else 0
        share = instance.realisation_of(measure)
        work = max(1, instance.effort_of(measure) * max(1, instance.lead_time_of(measure)))
        own[measure.id] = Fraction(max(0, yearly) * share, work)
    inherited = dict(own)
    for measure_id in reversed(list(nx.topological_sort(graph))):
        for successor in graph.successors(measure_id):
            inherited[measure_id] = max(inherited[measure_id], inherited[successor])
    return inherited


class _Load:
    """Capacity used per unit (section or pool) and month."""

    def __init__(self, instance: Instance):
        self.instance = instance
        self.units = {unit.id: unit for unit in instance.sections + instance.pools}
        self.used: dict[tuple[str, int], int] = defaultdict(int)

    def _loads(self, measure: Measure) -> list[tuple[str, int]]:
        section = (self.instance.section_of(measure), self.instance.effort_of(measure))
        return [section, *measure.support.items()]

    def fits(self, measure: Measure, start: int, effect: int) -> bool:
        plan_start = self.instance.calendar.plan_start
        return all(
            self.used[unit_id, month] + load <= self.units[unit_id].capacity_in(month)
            for unit_id, load in self._loads(measure)
            if load > 0
            for month in range(max(start, plan_start), effect)
        )

    def book(self, measure: Measure, start: int, effect: int, sign: int = 1) -> None:
        for unit_id, load in self._loads(measure):
            for month in range(start, effect):
                self.used[unit_id, month] += sign * load


def greedy_plan(instance: Instance) -> Result:
    """Plan every measure greedily; status FEASIBLE, or UNKNOWN if a measure cannot be placed
    or the dependencies form a cycle (serial scheduling needs an order of prerequisites)."""
    started = time.perf_counter()
    if not nx.is_directed_acyclic_graph(dependency_graph(instance)):
        return _no_plan(
            "the greedy planner needs acyclic dependencies; these have a cycle "
            "(e.g. a maximum lag written as a negative minimum lag)",
            started,
        )
    placed = _serial_schedule(instance, _by_priority(instance))
    if isinstance(placed, str):
        return _no_plan(
            f"the greedy planner found no effect month for {placed} that its window, "
            "dependencies and the remaining capacity allow",
            started,
        )
    plan = plan_of(instance, placed)
    value = objective_values(instance, plan.effect_by_measure()).weighted_shortfall
    return _result(started, SolveStatus.FEASIBLE, objective=value, plan=plan)


def repaired_plan(instance: Instance, relaxed_effects: dict[str, int]) -> Plan | None:
    """A plan from a relaxation's months, which may overload capacity or break dependencies:
    serial scheduling that takes the measures in the order of those months (the greedy's
    priority within a month), each at its earliest feasible month; None where the greedy
    planner has none. On the 2 000-measure synthetic instance the LP's months (lp.py) gave
    176 359 880 against the greedy's 194 916 750."""
    if not nx.is_directed_acyclic_graph(dependency_graph(instance)):
        return None
    ranked = _by_priority(instance)
    position = {measure_id: index for index, measure_id in enumerate(ranked)}
    placed = _serial_schedule(
        instance, sorted(ranked, key=lambda m: (relaxed_effects[m], position[m]))
    )
    return None if isinstance(placed, str) else plan_of(instance, placed)


def _by_priority(instance: Instance) -> list[str]:
    """Measure ids: fixed and started ones first (their month is no choice, and placed late
    they can find their capacity taken), then most valuable first (:func:`priorities`), red
    first among equals."""
    priority = priorities(instance)
    fixed = {m.id for m in instance.measures if effect_window(instance, m).fixed}
    # Rank once: exact Fractions are slow to compare.
    ranked = sorted(
        range(len(instance.measures)),
        key=lambda i: (
            instance.measures[i].id not in fixed,
            -priority[instance.measures[i].id],
            _COLOUR_ORDER[instance.measures[i].colour],
            i,
        ),
    )
    return [instance.measures[i].id for i in ranked]


def _serial_schedule(instance: Instance, ranked: list[str]) -> dict[str, int] | str:
    """Serial schedule generation over acyclic dependencies: repeatedly the first measure in
    ``ranked`` whose prerequisites are placed, at its earliest feasible month. The effect
    months, or the id of a measure that found none."""
    graph = dependency_graph(instance)
    load = _Load(instance)
    placed: dict[str, tuple[int, int]] = {}
    waiting = {m: graph.in_degree(m) for m in graph.nodes}
    rank = {measure_id: position for position, measure_id in enumerate(ranked)}
    eligible = [rank[m] for m, count in waiting.items() if count == 0]
    heapq.heapify(eligible)
    while eligible:
        measure_id = ranked[heapq.heappop(eligible)]
        if not _place_earliest(instance, instance.measure(measure_id), placed, load):
            return measure_id
        for successor in graph.successors(measure_id):
            waiting[successor] -= 1
            if waiting[successor] == 0:
                heapq.heappush(eligible, rank[successor])
    return {measure_id: effect for measure_id, (_, effect) in placed.items()}


def extend_plan(instance: Instance, plan: Plan) -> Plan | None:
    """Add the instance's measures that ``plan`` leaves out, in dependency order, each at
    the earliest effect month that its window, gate, dependencies and the capacity left by
    the others allow; None if one finds no month. The planned measures stay where they are
    (none of them may depend on a missing one)."""
    placed = {item.id: (item.start, item.effect) for item in plan.measures}
    load = _Load(instance)
    for item in plan.measures:
        load.book(instance.measure(item.id), item.start, item.effect)
    for measure_id in nx.topological_sort(dependency_graph(instance)):
        if measure_id not in placed and not _place_earliest(
            instance, instance.measure(measure_id), placed, load
        ):
            return None
    return plan_of(instance, {m: effect for m, (_, effect) in placed.items()})


def _place_earliest(
    instance: Instance, measure: Measure, placed: dict[str, tuple[int, int]], load: _Load
) -> bool:
    """Give the measure its earliest feasible effect month and book its work; False if it
    has none."""
    effect = _earliest_effect(instance, measure, placed, load)
    if effect is None:
        return False
    start = effect - instance.lead_time_of(measure)
    placed[measure.id] = (start, effect)
    load.book(measure, start, effect)
    return True


def _earliest_effect(
    instance: Instance, measure: Measure, placed: dict[str, tuple[int, int]], load: _Load
) -> int | None:
    lead = instance.lead_time_of(measure)
    for effect in allowed_effects(instance, measure):
        start = effect - lead
        if _dependencies_hold(measure, start, placed) and load.fits(measure, start, effect):
            return effect
    return None


def left_shift(instance: Instance, plan: Plan) -> Plan:
    """Move each measure without counted savings (prerequisites, measures outside the
    chapter sums) to the earliest effect month that its window, gate, dependencies (both
    ways, max lags included) and the capacity left by all others allow.

    This changes no objective value (those measures save nothing that counts), makes plans
    stable and shows prerequisites as early as they can be done. Deterministic: measures
    are taken in plan order (effect month, then instance order).
    """
    placed = {item.id: (item.start, item.effect) for item in plan.measures}
    load = _Load(instance)
    for measure in instance.measures:
        load.book(measure, *placed[measure.id])
    successors = dependency_graph(instance).succ
    movable = [m for m in instance.measures if not m.counted]
    position = {m.id: i for i, m in enumerate(instance.measures)}
    movable.sort(key=lambda m: (placed[m.id][1], position[m.id]))
    for measure in movable:
        lead = instance.lead_time_of(measure)
        current_start, current_effect = placed[measure.id]
        load.book(measure, current_start, current_effect, sign=-1)
        for effect in allowed_effects(instance, measure):
            if effect >= current_effect:
                break
            start = effect - lead
            placed[measure.id] = (start, effect)
            if (
                _dependencies_hold(measure, start, placed)
                and all(
                    _dependencies_hold(instance.measure(s), placed[s][0], placed)
                    for s in successors[measure.id]
                )
                and load.fits(measure, start, effect)
            ):
                break
            placed[measure.id] = (current_start, current_effect)
        load.book(measure, *placed[measure.id])
    return plan_of(instance, {m: effect for m, (_, effect) in placed.items()})


def _dependencies_hold(measure: Measure, start: int, placed: dict[str, tuple[int, int]]) -> bool:
    for dependency in measure.depends_on:
        pred_start, pred_effect = placed[dependency.measure]
        anchor = pred_effect if dependency.kind == DependencyKind.FINISH_TO_START else pred_start
        if start < anchor + dependency.min_lag:
            return False
        if dependency.max_lag is not None and start > anchor + dependency.max_lag:
            return False
    return True


def _no_plan(reason: str, started: float) -> Result:
    return _result(started, SolveStatus.UNKNOWN, explanation=(reason,))


def _result(
    started: float,
    status: SolveStatus,
    objective: int | None = None,
    plan: Plan | None = None,
    explanation: tuple[str, ...] = (),
) -> Result:
    """The greedy planner's result: no bound, so no gap."""
    return Result(
        method="greedy",
        status=status,
        objective=objective,
        bound=None,
        gap=None,
        runtime_seconds=time.perf_counter() - started,
        plan=plan,
        explanation=explanation,
    )
