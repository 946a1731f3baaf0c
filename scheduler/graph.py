"""Dependency-graph checks on an instance (networkx): cycles and windows that cannot hold.

These run once at the boundary, so that the solver never meets an instance whose
precedence graph is broken; what the solver can still find infeasible (capacities,
council meetings, maximum lags) it explains itself.
"""

from __future__ import annotations

import networkx as nx

from scheduler.data import (
    DependencyKind,
    Instance,
    InstanceRuleError,
    Status,
    format_month,
)


def dependency_graph(instance: Instance) -> nx.DiGraph:
    """Arc predecessor -> successor for every dependency, with kind and lags as data."""
    graph = nx.DiGraph()
    graph.add_nodes_from(measure.id for measure in instance.measures)
    for measure in instance.measures:
        for dependency in measure.depends_on:
            graph.add_edge(
                dependency.measure,
                measure.id,
                kind=dependency.kind,
                min_lag=dependency.min_lag,
                max_lag=dependency.max_lag,
            )
    return graph


def earliest_times(instance: Instance) -> dict[str, tuple[int, int]]:
    """Earliest (start, effect) month of each measure from precedence and windows alone.

    start >= plan_start (a started measure keeps its planned timing), effect >= start + lead
    time and >= earliest_effect, and each dependency pushes the successor's start. Council
    meetings and capacities are ignored, so these are lower bounds.
    """
    graph = dependency_graph(instance)
    times: dict[str, tuple[int, int]] = {}
    for measure_id in nx.topological_sort(graph):
        measure = instance.measure(measure_id)
        lead = instance.lead_time_of(measure)
        fixed = _fixed_effect(instance, measure_id)
        if fixed is not None:
            times[measure_id] = (fixed - lead, fixed)
            continue
        start = instance.calendar.plan_start
        for predecessor, _, data in graph.in_edges(measure_id, data=True):
            pred_start, pred_effect = times[predecessor]
            anchor = pred_effect if data["kind"] == DependencyKind.FINISH_TO_START else pred_start
            start = max(start, anchor + data["min_lag"])
        effect = start + lead
        if measure.earliest_effect is not None:
            effect = max(effect, measure.earliest_effect)
        times[measure_id] = (effect - lead, effect)
    return times


def _fixed_effect(instance: Instance, measure_id: str) -> int | None:
    measure = instance.measure(measure_id)
    if measure.fixed_effect is not None:
        return measure.fixed_effect
    if measure.status == Status.STARTED:
        return instance.planned_effect_of(measure)
    return None


def check_graph(instance: Instance) -> None:
    """Raise :class:`InstanceRuleError` for a dependency cycle or a window that cannot hold."""
    graph = dependency_graph(instance)
    index_of = {measure.id: index for index, measure in enumerate(instance.measures)}
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        cycle = None
    if cycle is not None:
        ids = [arc[0] for arc in cycle] + [cycle[0][0]]
        raise InstanceRuleError(
            "measures", index_of[ids[0]], "depends_on", "dependency cycle " + " -> ".join(ids)
        )
    times = earliest_times(instance)
    horizon_end = instance.calendar.horizon_end
    for measure in instance.measures:
        _, effect = times[measure.id]
        latest = measure.latest_effect if measure.latest_effect is not None else horizon_end
        if effect > latest and _fixed_effect(instance, measure.id) is None:
            field = "latest_effect" if measure.latest_effect is not None else "depends_on"
            chain = " -> ".join(_critical_chain(graph, times, measure.id))
            raise InstanceRuleError(
                "measures",
                index_of[measure.id],
                field,
                f"cannot take effect by {format_month(latest)}: earliest possible effect is "
                f"{format_month(effect)} (chain {chain})",
            )
        for dependency in measure.depends_on:
            pred_start, pred_effect = times[dependency.measure]
            own_start = effect - instance.lead_time_of(measure)
            fixed = _fixed_effect(instance, measure.id)
            anchor = (
                pred_effect if dependency.kind == DependencyKind.FINISH_TO_START else pred_start
            )
            if fixed is not None and own_start < anchor + dependency.min_lag:
                raise InstanceRuleError(
                    "measures",
                    index_of[measure.id],
                    "depends_on",
                    f"fixed timing (effect {format_month(fixed)}) comes before its "
                    f"prerequisite {dependency.measure} allows",
                )


def _critical_chain(
    graph: nx.DiGraph, times: dict[str, tuple[int, int]], measure_id: str
) -> list[str]:
    """Follow the predecessor that sets each start, back to a measure with none."""
    chain = [measure_id]
    current = measure_id
    while True:
        binding = [
            predecessor
            for predecessor, _, data in graph.in_edges(current, data=True)
            if times[current][0]
            == (
                times[predecessor][1]
                if data["kind"] == DependencyKind.FINISH_TO_START
                else times[predecessor][0]
            )
            + data["min_lag"]
        ]
        if not binding:
            return list(reversed(chain))
        current = sorted(binding)[0]
        chain.append(current)
