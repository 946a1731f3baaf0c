"""What both CP-SAT formulations hand back: objective levels and no-plan results."""

from __future__ import annotations

import time
from importlib.metadata import version

from ortools.sat.python import cp_model

from scheduler.data import Instance
from scheduler.model.explain import explain_infeasibility
from scheduler.result import ObjectiveLevel, Result, SolveStatus

SOLVER_VERSION = f"ortools {version('ortools')}"


def objective_level(name: str, sense: str, value: int, bound: int, unit: str) -> ObjectiveLevel:
    return ObjectiveLevel(
        name=name,
        sense=sense,
        value=value,
        bound=bound,
        gap=abs(value - bound) / max(1, abs(value)),
        unit=unit,
    )


MIN_EXPLANATION_SECONDS = 0.5
"""Below this much time left in the limit the conflicting rules are not searched for."""


def no_plan(
    instance: Instance,
    status: cp_model.CpSolverStatus,
    started: float,
    seed: int,
    workers: int,
    time_limit: float,
) -> Result:
    """No plan found: proven infeasible (with the conflicting rules named, within what is
    left of the time limit) or unknown."""
    infeasible = status == cp_model.INFEASIBLE
    left = time_limit - (time.perf_counter() - started)
    if not infeasible:
        explanation: tuple[str, ...] = ()
    elif left < MIN_EXPLANATION_SECONDS:
        explanation = (
            "no time was left within the time limit to name the rules that conflict; "
            "a longer --time-limit names them",
        )
    else:
        explanation = tuple(explain_infeasibility(instance, time_limit=left)) or (
            "the rules that conflict were not found within the time limit; "
            "a longer --time-limit may name them",
        )
    return Result(
        method="cp-sat",
        status=SolveStatus.INFEASIBLE if infeasible else SolveStatus.UNKNOWN,
        objective=None,
        bound=None,
        gap=None,
        runtime_seconds=time.perf_counter() - started,
        solver_version=SOLVER_VERSION,
        seed=seed,
        workers=workers,
        explanation=explanation,
    )
