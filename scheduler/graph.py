"""Dependency-graph checks on an instance (networkx): cycles and windows that cannot hold.

These run once at the boundary, so that the solver never meets an instance whose
precedence graph is broken; what the solver can still find infeasible (capacities,
council meetings, maximum lags) it explains itself.

Each dependency is a difference constraint on start months: ``start_j >= start_i + w``
with ``w = lead_i + min_lag`` (FS) or ``w = min_lag`` (SS). A cycle of such arcs is
harmless when its total length is not positive (RCPSP/max encodes maximum lags as SS arcs
with negative lags, which close cycles); a cycle of positive length can never hold.
"""

from __future__ import annotations

import itertools

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


def start_lag_graph(instance: Instance) -> nx.DiGraph:
    """Arc predecessor -> successor weighted by the least distance ``w`` of their starts.

    ``start_j >= start_i + w`` with ``w = lead_i + min_lag`` (FS) or ``min_lag`` (SS);
    where one pair has several dependencies the longest distance binds.
    """
    graph = nx.DiGraph()
    graph.add_nodes_from(measure.id for measure in instance.measures)
    for measure in instance.measures:
        for dependency in measure.depends_on:
            weight = _start_distance(instance, dependency.measure, dependency.kind)
            weight += dependency.min_lag
            if graph.has_edge(dependency.measure, measure.id):
                known = graph[dependency.measure][measure.id]
                if known["weight"] >= weight:
                    continue
            graph.add_edge(
                dependency.measure, measure.id, weight=weight, min_lag=dependency.min_lag
            )
    return graph


def _start_distance(instance: Instance, predecessor_id: str, kind: DependencyKind) -> int:
    """Months from the predecessor's start to the anchor of a dependency of this kind."""
    if kind == DependencyKind.FINISH_TO_START:
        return instance.lead_time_of(instance.measure(predecessor_id))
    return 0


def earliest_times(instance: Instance) -> dict[str, tuple[int, int]]:
    """Earliest (start, effect) month of each measure from precedence and windows alone.

    start >= its earliest start (:meth:`Instance.earliest_start_of`; a started measure keeps
    its planned timing), effect >= start + lead
    time and >= earliest_effect, and each dependency pushes the successor's start. Council
    meetings, capacities and maximum lags are ignored, so these are lower bounds.

    A longest-path computation (Bellman-Ford rounds in topological order, so one round on an
    acyclic graph). On a graph with a cycle of positive length there is no fixed point:
    raises ``ValueError`` (:func:`check_graph` reports such cycles first).
    """
    graph = dependency_graph(instance)
    order = (
        list(nx.topological_sort(graph))
        if nx.is_directed_acyclic_graph(graph)
        else [measure.id for measure in instance.measures]
    )
    floor: dict[str, int] = {}
    fixed_start: dict[str, int] = {}
    for measure in instance.measures:
        lead = instance.lead_time_of(measure)
        fixed = _fixed_effect(instance, measure.id)
        if fixed is not None:
            fixed_start[measure.id] = fixed - lead
        floor[measure.id] = instance.earliest_start_of(measure)
        if measure.earliest_effect is not None:
            floor[measure.id] = max(floor[measure.id], measure.earliest_effect - lead)
    start = {measure_id: fixed_start.get(measure_id, floor[measure_id]) for measure_id in order}
    for _ in range(len(order) + 1):
        changed = False
        for measure_id in order:
            if measure_id in fixed_start:
                continue
            best = floor[measure_id]
            for predecessor in instance.measure(measure_id).depends_on:
                distance = _start_distance(instance, predecessor.measure, predecessor.kind)
                best = max(best, start[predecessor.measure] + distance + predecessor.min_lag)
            if best != start[measure_id]:
                start[measure_id] = best
                changed = True
        if not changed:
            return {
                measure.id: (start[measure.id], start[measure.id] + instance.lead_time_of(measure))
                for measure in instance.measures
            }
    raise ValueError("the dependencies contain a cycle of positive length")


def _fixed_effect(instance: Instance, measure_id: str) -> int | None:
    measure = instance.measure(measure_id)
    if measure.fixed_effect is not None:
        return measure.fixed_effect
    if measure.status == Status.STARTED:
        return instance.planned_effect_of(measure)
    return None


def positive_cycle(instance: Instance) -> tuple[list[str], int] | None:
    """A dependency cycle of positive total length (measure ids, first repeated at the end,
    and the length in months), or None when every cycle has length <= 0.

    Bellman-Ford on the negated start distances finds a negative cycle there. The cycle is
    turned to begin at the measure that comes first in the instance, so that messages are
    stable.
    """
    graph = start_lag_graph(instance)
    if nx.is_directed_acyclic_graph(graph):
        return None
    source = object()  # a node of its own, joined to every measure at distance 0
    search = nx.DiGraph()
    search.add_weighted_edges_from(
        (pred, succ, -data["weight"]) for pred, succ, data in graph.edges(data=True)
    )
    search.add_weighted_edges_from((source, node, 0) for node in graph.nodes)
    try:
        nodes = nx.find_negative_cycle(search, source)
    except nx.NetworkXError:
        return None
    cycle = nodes[:-1]
    position = {measure.id: index for index, measure in enumerate(instance.measures)}
    first = min(range(len(cycle)), key=lambda index: position[cycle[index]])
    cycle = cycle[first:] + cycle[:first]
    ids = [*cycle, cycle[0]]
    return ids, sum(graph[pred][succ]["weight"] for pred, succ in itertools.pairwise(ids))


def check_graph(instance: Instance) -> None:
    """Raise :class:`InstanceRuleError` for a dependency cycle of positive length (it can
    never hold) or a window that cannot hold. Cycles of length <= 0 are allowed.

    A cycle of non-negative lags keeps the plain message ``dependency cycle a -> b -> a``;
    one through a negative lag also says by how much it is too long.
    """
    graph = dependency_graph(instance)
    index_of = {measure.id: index for index, measure in enumerate(instance.measures)}
    found = positive_cycle(instance)
    if found is not None:
        ids, length = found
        message = "dependency cycle " + " -> ".join(ids)
        lags = start_lag_graph(instance)
        if any(lags[pred][succ]["min_lag"] < 0 for pred, succ in itertools.pairwise(ids)):
            message += f": its lags and lead times add up to {length} > 0 months"
        raise InstanceRuleError("measures", index_of[ids[0]], "depends_on", message)
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
        binding = [predecessor for predecessor in binding if predecessor not in chain]
        if not binding:  # a measure with no binding predecessor, or a cycle of length 0
            return list(reversed(chain))
        current = sorted(binding)[0]
        chain.append(current)
