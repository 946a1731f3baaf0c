"""Build the CP-SAT model, solve its objective levels in turn, and return a plain Result."""

from __future__ import annotations

import time

import ortools
from ortools.sat.python import cp_model

from scheduler.data import Instance
from scheduler.model.constraints import Constraints
from scheduler.model.explain import explain_infeasibility
from scheduler.model.objective import Level, objective_levels
from scheduler.model.variables import Variables
from scheduler.result import ObjectiveLevel, Plan, Result, ScheduledMeasure, SolveStatus
from scheduler.rules import decision_meeting, effect_window

SOLVER_VERSION = f"ortools {ortools.__version__}"


class SavingsModel:
    """The CP-SAT model of an instance: variables, constraints and objective levels."""

    def __init__(self, instance: Instance):
        self.instance = instance
        self.model = cp_model.CpModel()
        self.variables = Variables(self.model, instance)
        Constraints(self.model, instance, self.variables).add_all()
        self.levels = objective_levels(self.model, instance, self.variables)

    def add_hint(self, plan: Plan) -> None:
        effects = plan.effect_by_measure()
        for vars_ in self.variables:
            for month, var in vars_.effect_at.items():
                self.model.add_hint(var, month == effects.get(vars_.measure.id))

    def solve(
        self, time_limit: float = 10.0, seed: int = 0, workers: int = 2, log: bool = False
    ) -> Result:
        """Solve the levels lexicographically; each level's optimum is fixed for the next."""
        started = time.perf_counter()
        solver = cp_model.CpSolver()
        solver.parameters.random_seed = seed
        solver.parameters.num_workers = workers
        # Interleaved search is deterministic for a given seed, whatever the machine's speed.
        solver.parameters.interleave_search = True
        solver.parameters.log_search_progress = log
        results: list[ObjectiveLevel] = []
        proven = True
        for level in self.levels:
            solver.parameters.max_time_in_seconds = max(
                0.1, time_limit - (time.perf_counter() - started)
            )
            self._set_objective(level)
            status = solver.solve(self.model)
            if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                return self._no_plan(status, results, started, seed, workers)
            value = round(solver.objective_value)
            bound = round(solver.best_objective_bound)
            proven = proven and status == cp_model.OPTIMAL
            results.append(
                ObjectiveLevel(
                    name=level.name,
                    sense=level.sense,
                    value=value,
                    bound=bound,
                    gap=abs(value - bound) / max(1, abs(value)),
                    unit=level.unit,
                )
            )
            self._keep(level, value, solver)
        plan = self._plan(solver)
        return Result(
            method="cp-sat",
            status=SolveStatus.OPTIMAL if proven else SolveStatus.FEASIBLE,
            objective=results[0].value,
            bound=results[0].bound,
            gap=max(level.gap for level in results),
            levels=tuple(results),
            runtime_seconds=time.perf_counter() - started,
            solver_version=SOLVER_VERSION,
            seed=seed,
            workers=workers,
            plan=plan,
        )

    def _set_objective(self, level: Level) -> None:
        if level.sense == "min":
            self.model.minimize(level.expression)
        else:
            self.model.maximize(level.expression)

    def _keep(self, level: Level, value: int, solver: cp_model.CpSolver) -> None:
        """Hold this level at least as good as found, and hint the solution to the next."""
        if level.sense == "min":
            self.model.add(level.expression <= value)
        else:
            self.model.add(level.expression >= value)
        self.model.clear_hints()
        for vars_ in self.variables:
            for var in vars_.effect_at.values():
                self.model.add_hint(var, solver.boolean_value(var))

    def _plan(self, solver: cp_model.CpSolver) -> Plan:
        scheduled = []
        for vars_ in self.variables:
            measure = vars_.measure
            effect = next(m for m, var in vars_.effect_at.items() if solver.boolean_value(var))
            fixed = effect_window(self.instance, measure).fixed
            scheduled.append(
                ScheduledMeasure(
                    id=measure.id,
                    start=effect - vars_.lead,
                    effect=effect,
                    decision_meeting=None
                    if fixed
                    else decision_meeting(self.instance, measure, effect),
                )
            )
        return Plan(instance=self.instance.name, measures=tuple(scheduled))

    def _no_plan(
        self, status: int, levels: list[ObjectiveLevel], started: float, seed: int, workers: int
    ) -> Result:
        infeasible = status == cp_model.INFEASIBLE
        return Result(
            method="cp-sat",
            status=SolveStatus.INFEASIBLE if infeasible else SolveStatus.UNKNOWN,
            objective=None,
            bound=None,
            gap=None,
            levels=tuple(levels),
            runtime_seconds=time.perf_counter() - started,
            solver_version=SOLVER_VERSION,
            seed=seed,
            workers=workers,
            explanation=tuple(explain_infeasibility(self.instance)) if infeasible else (),
        )


def solve(
    instance: Instance,
    time_limit: float = 10.0,
    seed: int = 0,
    workers: int = 2,
    hint: Plan | None = None,
    log: bool = False,
) -> Result:
    """Best plan for the instance under its rules, with proven bounds (see objective.py)."""
    savings_model = SavingsModel(instance)
    if hint is not None:
        savings_model.add_hint(hint)
    return savings_model.solve(time_limit=time_limit, seed=seed, workers=workers, log=log)
