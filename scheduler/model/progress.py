"""What a running solve reports while it works, for a progress display.

Plain values only (no solver objects). The hook is called from the solver's threads, so a
receiver must be quick and thread-safe (the display just keeps the latest report).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from ortools.sat.python import cp_model


class Phase(StrEnum):
    WARM_START = "warm start"  # the greedy plan the search starts from
    SEARCH = "search"  # CP-SAT (or the neighbourhood search of a large instance)
    FINISHING = "finishing"  # the measures left out, the final left shift


@dataclass(frozen=True)
class Progress:
    """The solve's phase and, during a search, its stage (1-based, of ``stages``) with the
    best value and proven bound so far of the stage's first objective level, ``level``."""

    phase: Phase
    stage: int = 0
    stages: int = 0
    level: str = ""
    objective: float | None = None
    bound: float | None = None

    @property
    def gap(self) -> float | None:
        """|objective - bound| / |objective| (0 when both are 0), or None without both."""
        if self.objective is None or self.bound is None:
            return None
        difference = abs(self.objective - self.bound)
        return difference / abs(self.objective) if self.objective else float(difference > 0)


ProgressHook = Callable[[Progress], None]


@dataclass(frozen=True)
class Levels:
    """How a search's objective splits into its levels: the levels' names and expressions,
    the first level's bound from the search's bound and the levels' values
    (objective.Stage), and the best the first level could be at all (``best``, in its own
    sense): early in a search CP-SAT's bound can be far weaker (a shortfall bound of
    -123 M on a 300-measure instance), and a bound past ``best`` says nothing."""

    names: Sequence[str]
    expressions: Sequence[cp_model.LinearExprT]
    first_bound: Callable[[list[int], float], int]
    sense: str = "min"
    best: int | None = None

    def bound(self, values: list[int], stage_bound: float) -> int:
        bound = self.first_bound(values, stage_bound)
        if self.best is None:
            return bound
        return max(bound, self.best) if self.sense == "min" else min(bound, self.best)


def solve_reporting(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    hook: ProgressHook | None,
    levels: Levels,
    stage: int = 1,
    stages: int = 1,
) -> cp_model.CpSolverStatus:
    """``solver.solve(model)``, telling ``hook`` (if any) of each better solution and bound."""
    if hook is None:
        return solver.solve(model)
    reporter = SearchReporter(hook, levels, stage, stages)
    solver.best_bound_callback = reporter.best_bound
    return solver.solve(model, reporter)


class SearchReporter(cp_model.CpSolverSolutionCallback):
    """Passes the first level's value and bound at each better solution and bound of one
    CP-SAT search on to a hook (a bound before the first solution waits for it)."""

    def __init__(self, hook: ProgressHook, levels: Levels, stage: int, stages: int) -> None:
        super().__init__()
        self._hook, self._levels = hook, levels
        self._stage, self._stages = stage, stages
        self._values: list[int] | None = None

    def on_solution_callback(self) -> None:
        self._values = [self.value(expression) for expression in self._levels.expressions]
        self.best_bound(self.BestObjectiveBound())

    def best_bound(self, bound: float) -> None:
        if self._values is None:
            return
        self._hook(
            Progress(
                Phase.SEARCH,
                self._stage,
                self._stages,
                self._levels.names[0],
                self._values[0],
                self._levels.bound(self._values, bound),
            )
        )
