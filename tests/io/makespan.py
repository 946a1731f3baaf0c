"""Solve a benchmark instance for its makespan, as the benchmark harness does."""

from scheduler.data import Instance
from scheduler.graph import check_graph
from scheduler.model.solver import Formulation, Objective, solve
from scheduler.result import Result


def solve_makespan(instance: Instance, formulation: Formulation) -> Result:
    check_graph(instance)
    return solve(
        instance, time_limit=60, workers=1, objective=Objective.MAKESPAN, formulation=formulation
    )
