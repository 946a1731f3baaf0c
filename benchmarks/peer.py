"""The peer: PyJobShop (CP-SAT through its own interval model) on the same instance.

The model is built from our :class:`~scheduler.data.Instance`, so both solvers read the
same data: every measure is a task with one mode (its lead time as duration, its support
loads as demands on renewable resources), every dependency a start/end constraint with the
same lag, and the same horizon as every task's latest end. PyJobShop is an optional
dependency (``pip install -e ".[bench]"``), imported only when the peer runs.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from scheduler.data import DependencyKind, Instance


@dataclass(frozen=True)
class PeerResult:
    status: str  # optimal | feasible | infeasible | unknown
    value: int | None
    bound: int | None
    solve_seconds: float  # the solver's own wall time
    seconds: float  # model building and solving
    note: str = ""


def pyjobshop_model(instance: Instance) -> Any:
    """PyJobShop's ``Model`` of a benchmark instance; time 0 is the plan start.

    Sections carry no load in benchmark instances and pools are renewable resources; a
    measure's section effort, if any, is a demand on a resource for its section.
    """
    from pyjobshop import Model

    calendar = instance.calendar
    offset = calendar.plan_start
    model = Model()
    units = instance.sections + instance.pools
    resources = {unit.id: model.add_renewable(unit.capacity, name=unit.id) for unit in units}
    tasks = {}
    for measure in instance.measures:
        tasks[measure.id] = model.add_task(
            earliest_start=0, latest_end=calendar.horizon_end - offset, name=measure.id
        )
        loads = dict(measure.support)
        section = instance.section_of(measure)
        loads[section] = loads.get(section, 0) + instance.effort_of(measure)
        used = [unit_id for unit_id, load in loads.items() if load > 0]
        model.add_mode(
            tasks[measure.id],
            [resources[unit_id] for unit_id in used],
            instance.lead_time_of(measure),
            [loads[unit_id] for unit_id in used],
        )
    for measure in instance.measures:
        successor = tasks[measure.id]
        for dependency in measure.depends_on:
            predecessor = tasks[dependency.measure]
            if dependency.kind == DependencyKind.FINISH_TO_START:
                model.add_end_before_start(predecessor, successor, dependency.min_lag)
            else:
                model.add_start_before_start(predecessor, successor, dependency.min_lag)
            if dependency.max_lag is not None:
                raise NotImplementedError("the peer model has no maximum lags")
    model.set_objective(weight_makespan=1)
    return model


def solve_with_pyjobshop(instance: Instance, time_limit: float, workers: int) -> PeerResult:
    """Build and solve with PyJobShop's OR-Tools backend: same time limit and threads."""
    from pyjobshop import SolveStatus

    started = time.perf_counter()
    model = pyjobshop_model(instance)
    try:
        result = model.solve(
            solver="ortools", time_limit=time_limit, display=False, num_workers=workers
        )
    except ValueError as error:
        # PyJobShop validates its data first and refuses, e.g., a task whose demand exceeds
        # a resource's capacity (an instance that is infeasible on its face).
        seconds = time.perf_counter() - started
        return PeerResult("rejected", None, None, seconds, seconds, str(error))
    seconds = time.perf_counter() - started
    has_plan = result.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
    status = {
        SolveStatus.OPTIMAL: "optimal",
        SolveStatus.FEASIBLE: "feasible",
        SolveStatus.INFEASIBLE: "infeasible",
    }.get(result.status, "unknown")
    return PeerResult(
        status=status,
        value=round(result.objective) if has_plan else None,
        bound=round(result.lower_bound) if has_plan else None,
        solve_seconds=result.runtime,
        seconds=seconds,
    )
