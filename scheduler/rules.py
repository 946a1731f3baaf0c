"""Timing rules of one measure, as pure functions of the data.

Shared by the CP-SAT model and the greedy planner so that both read the same rules; the
independent validator (:mod:`scheduler.validate`) checks plans without them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import networkx as nx

from scheduler.data import Capacity, Dependency, DependencyKind, Instance, Measure, Status
from scheduler.graph import dependency_graph, earliest_times
from scheduler.result import Plan, ScheduledMeasure


@dataclass(frozen=True)
class Window:
    """Months in which a measure's effect may fall, before political gates."""

    first: int
    last: int
    fixed: bool

    def __iter__(self) -> Iterator[int]:
        return iter(range(self.first, self.last + 1))

    def __len__(self) -> int:
        return max(0, self.last - self.first + 1)


def effect_window(instance: Instance, measure: Measure) -> Window:
    """The effect months the calendar allows: a fixed or started measure keeps its month;
    otherwise from its earliest start (the plan start, or the first-year start for a
    measure the consultants put in the first year) + lead time (and earliest_effect) to
    latest_effect or the horizon end."""
    fixed = measure.fixed_effect
    if fixed is None and measure.status == Status.STARTED:
        fixed = instance.planned_effect_of(measure)
    if fixed is not None:
        return Window(fixed, fixed, fixed=True)
    first = instance.earliest_start_of(measure) + instance.lead_time_of(measure)
    if measure.earliest_effect is not None:
        first = max(first, measure.earliest_effect)
    last = instance.calendar.horizon_end
    if measure.latest_effect is not None:
        last = min(last, measure.latest_effect)
    return Window(first, last, fixed=False)


def effect_windows(
    instance: Instance, latest: Mapping[str, int] | None = None
) -> dict[str, Window]:
    """Every measure's window, narrowed by its prerequisites: no measure takes effect before
    the earliest month its dependency chain allows (:func:`scheduler.graph.earliest_times`,
    a lower bound that ignores capacity and meetings, so no plan is cut off), nor after
    ``latest`` where given (see :func:`latest_effects`)."""
    try:
        earliest = {m: effect for m, (_, effect) in earliest_times(instance).items()}
    except ValueError:  # a positive dependency cycle: the solver proves it infeasible
        earliest = {}
    windows = {}
    for measure in instance.measures:
        window = effect_window(instance, measure)
        if not window.fixed:
            first = max(window.first, earliest.get(measure.id, window.first))
            last = min(window.last, (latest or {}).get(measure.id, window.last))
            window = Window(first, last, fixed=False)
        windows[measure.id] = window
    return windows


def effect_gaps(
    instance: Instance, successor: Measure, dependency: Dependency
) -> tuple[int, int | None]:
    """A dependency as bounds on effect months: ``effect_j - effect_i >= gap`` and, under a
    maximum lag, ``<= widest``. FS: start_j - effect_i >= min_lag with start_j = effect_j -
    L_j, so gap = L_j + min_lag; SS: start_j - start_i, so gap = L_j - L_i + min_lag."""
    gap = instance.lead_time_of(successor) + dependency.min_lag
    if dependency.kind == DependencyKind.START_TO_START:
        gap -= instance.lead_time_of(instance.measure(dependency.measure))
    if dependency.max_lag is None:
        return gap, None
    return gap, gap - dependency.min_lag + dependency.max_lag


def latest_effects(instance: Instance, end: int) -> dict[str, int]:
    """The latest effect month of each measure that still lets everything after it in the
    dependency graph take effect by ``end`` (a known makespan bound): each arc forces
    effect_j >= effect_i + d_ij, so effect_i <= end - (longest chain of d after i).
    Acyclic graphs only; with a cycle (maximum lags) nothing is narrowed."""
    graph = dependency_graph(instance)
    if not nx.is_directed_acyclic_graph(graph):
        return {}
    tail: dict[str, int] = {}
    for measure_id in reversed(list(nx.topological_sort(graph))):
        measure = instance.measure(measure_id)
        tail[measure_id] = 0
        for successor_id in graph.successors(measure_id):
            successor = instance.measure(successor_id)
            for dependency in successor.depends_on:
                if dependency.measure == measure_id:
                    own_lead = instance.lead_time_of(measure)
                    anchor = 0 if dependency.kind == DependencyKind.FINISH_TO_START else own_lead
                    distance = dependency.min_lag + instance.lead_time_of(successor) - anchor
                    tail[measure_id] = max(tail[measure_id], distance + tail[successor_id])
    return {measure_id: end - length for measure_id, length in tail.items()}


def decision_meeting(instance: Instance, measure: Measure, effect: int) -> int | None:
    """The council meeting that decides the measure when it takes effect in ``effect``.

    Council decision: the first meeting at least ``case_lead_months`` after the start of
    work and before the effect month. Budget decision: the effect must be a January and the
    budget meeting is the previous ``budget_month``. Returns None when no meeting fits (the
    effect month is then not allowed), and also for measures that need no decision.
    Fixed and started measures are taken as decided.
    """
    if not (measure.council_decision or measure.budget_decision):
        return None
    start = effect - instance.lead_time_of(measure)
    ready = start + instance.council.case_lead_months
    if measure.budget_decision:
        budget_meeting = (effect // 12 - 1) * 12 + instance.council.budget_month - 1
        if effect % 12 == 0 and ready <= budget_meeting < effect:
            return budget_meeting
        return None
    for meeting in sorted(instance.council.meetings):
        if ready <= meeting < effect:
            return meeting
    return None


def gate_allows(instance: Instance, measure: Measure, effect: int) -> bool:
    """Whether political gates allow this effect month (always true without a gate)."""
    if not (measure.council_decision or measure.budget_decision):
        return True
    if effect_window(instance, measure).fixed:
        return True
    return decision_meeting(instance, measure, effect) is not None


def allowed_effects(instance: Instance, measure: Measure) -> list[int]:
    """Effect months allowed by windows and political gates (not by other measures)."""
    return [e for e in effect_window(instance, measure) if gate_allows(instance, measure, e)]


def preparation_months(instance: Instance, measure: Measure, effect: int) -> range:
    """The months from the plan start on in which the measure, taking effect in
    ``effect``, is in preparation and loads its section and pools (empty before the plan
    start)."""
    return range(max(effect - instance.lead_time_of(measure), instance.calendar.plan_start), effect)


def unit_loads(instance: Instance) -> list[tuple[Capacity, dict[str, int]]]:
    """Each section and pool with every measure's load on it (0 where it draws nothing):
    a measure loads its section with its effort and each pool with its support."""
    by_section = {
        section.id: dict.fromkeys((m.id for m in instance.measures), 0)
        for section in instance.sections
    }
    for measure in instance.measures:  # one pass: each measure loads only its own section
        by_section[instance.section_of(measure)][measure.id] = instance.effort_of(measure)
    sections = [(section, by_section[section.id]) for section in instance.sections]
    pools = [
        (pool, {m.id: m.support.get(pool.id, 0) for m in instance.measures})
        for pool in instance.pools
    ]
    return sections + pools


def plan_of(instance: Instance, effects: Mapping[str, int]) -> Plan:
    """The plan in which each measure takes effect in the given month, its work starting a
    lead time before and its decision meeting the one the gate picks (a fixed or started
    measure is taken as decided)."""
    return Plan(
        instance=instance.name,
        measures=tuple(
            ScheduledMeasure(
                id=m.id,
                start=effects[m.id] - instance.lead_time_of(m),
                effect=effects[m.id],
                decision_meeting=None
                if effect_window(instance, m).fixed
                else decision_meeting(instance, m, effects[m.id]),
            )
            for m in instance.measures
        ),
    )
