"""The savings model as one CP-SAT model: variables, constraints and objective levels,
solved level by level into a plain Result."""

from __future__ import annotations

import time
from collections.abc import Mapping
from enum import StrEnum
from functools import partial

from ortools.sat.python import cp_model

from scheduler.data import Instance
from scheduler.model.background import Background
from scheduler.model.constraints import Constraints
from scheduler.model.limits import MAX_MEMORY_MB
from scheduler.model.objective import Stage, makespan_levels, objective_levels, stages
from scheduler.model.outcome import SOLVER_VERSION, no_plan, objective_level
from scheduler.model.progress import Levels, ProgressHook, solve_reporting
from scheduler.model.variables import Variables
from scheduler.result import ObjectiveLevel, Plan, Result, SolveStatus
from scheduler.rules import plan_of
from scheduler.savings import SavingsTable


class Objective(StrEnum):
    SAVINGS = "savings"  # the lexicographic savings objective (objective.py)
    MAKESPAN = "makespan"  # the last effect month, for RCPSP benchmarks


class SavingsModel:
    """The CP-SAT model of an instance: variables, constraints and objective levels."""

    def __init__(
        self,
        instance: Instance,
        objective: Objective = Objective.SAVINGS,
        latest: Mapping[str, int] | None = None,
        savings: SavingsTable | None = None,
        background: Background | None = None,
    ):
        """``latest`` optionally caps effect months (a makespan bound, see solve());
        ``savings`` reuses the measures' savings computed for earlier models;
        ``background`` is what measures left outside the model use and save
        (background.py): the levels are then the whole instance's."""
        self.instance = instance
        self.model = cp_model.CpModel()
        self.variables = Variables(self.model, instance, latest)
        Constraints(self.model, instance, self.variables, background=background).add_all()
        if objective == Objective.SAVINGS:
            self.levels = objective_levels(
                self.model, instance, self.variables, savings, background
            )
        else:
            self.levels = makespan_levels(self.model, instance, self.variables)

    def add_hint(self, plan: Plan) -> None:
        """Start the search from a known plan (e.g. the greedy one).

        The hint is complete (every variable, shortfalls included), so CP-SAT can take the
        plan as its first solution at once. It is written into the proto in bulk: one
        ``CpModel.add_hint`` call per boolean took 0.7 s of the 2 000-measure build.
        """
        effects = plan.effect_by_measure()
        indices: list[int] = []
        values: list[int] = []
        chosen: set[int] = set()
        for vars_ in self.variables:
            effect = effects.get(vars_.measure.id)
            indices.append(vars_.scheduled.index)
            values.append(int(effect is not None))
            for month, var in vars_.effect_at.items():
                indices.append(var.index)
                values.append(int(month == effect))
                if month == effect:
                    chosen.add(var.index)
        for level in self.levels:
            for shortfall in level.shortfalls:
                assert shortfall.var is not None  # a level keeps only its variables
                indices.append(shortfall.var.index)
                values.append(shortfall.value(chosen))
        self.model.clear_hints()
        self.model.proto.solution_hint.vars.extend(indices)
        self.model.proto.solution_hint.values.extend(values)

    def solve(
        self,
        time_limit: float = 60.0,
        seed: int = 0,
        workers: int = 1,
        log: bool = False,
        work_limit: float | None = None,
        in_turn: bool = False,
        steer_by_hint: bool = False,
        on_progress: ProgressHook | None = None,
        presolve: bool = True,
    ) -> Result:
        """Solve the levels lexicographically; each level's value is kept for the next.

        Parameters measured (docs/decisions.md): the LP-heavy single search (linearization
        level 2), with a light CP-SAT presolve: on its harder scenarios (red measures at
        70-90 %, a section with fewer people) it proves in 0.3-0.6 s what took more than
        8 s without, and on the Øvre Eiker instance itself it is no slower; the
        neighbourhood steps of large instances (``presolve=False``) keep their measured
        settings. One worker is deterministic by construction; with more, interleaved search
        keeps runs reproducible, and only two full-problem searches take turns (the LP
        search and one that raises the bound by a search tree over the LP): CP-SAT's whole
        interleaved portfolio with its LNS took 16.9 s on Øvre Eiker against 1.9 s for the
        pair.
        ``work_limit`` caps each stage's deterministic time as well (the neighbourhood
        search uses it so that its steps do not depend on the machine). ``in_turn`` solves
        the levels one after the other even where one weighted stage would be exact.
        The hint is always taken as the first solution; ``steer_by_hint`` also lets it
        guide the search's choices (the neighbourhood steps, which start from the
        incumbent, do so). ``on_progress`` hears of each better solution and bound.
        """
        started = time.perf_counter()
        solver = cp_model.CpSolver()
        solver.parameters.random_seed = seed
        solver.parameters.max_memory_in_mb = MAX_MEMORY_MB
        # The CLI handles Ctrl-C; CP-SAT's own handler would only end one search of several.
        solver.parameters.catch_sigint_signal = False
        solver.parameters.num_workers = workers
        solver.parameters.log_search_progress = log
        if workers > 1:
            solver.parameters.interleave_search = True
            solver.parameters.subsolvers.extend(["default_lp", "lb_tree_search"])
            solver.parameters.use_lns = False
        solver.parameters.linearization_level = 2
        solver.parameters.cp_model_presolve = presolve
        # A light presolve (no probing, one pass) keeps what proves the hard scenarios and
        # drops most of its cost: Øvre Eiker 0.19 s against 0.29 s with the full presolve.
        solver.parameters.cp_model_probing_level = 0
        solver.parameters.max_presolve_iterations = 1
        # The SAT inprocessing between restarts and the Chvátal-Gomory cuts cost more than
        # they give here: on Øvre Eiker, seeds 0-15, median 0.87 s with both off against
        # 1.18 s with both on (1 worker; 2 workers 1.07 against 1.45; docs/performance.md).
        solver.parameters.use_sat_inprocessing = False
        solver.parameters.add_cg_cuts = False
        # The hint is a complete plan, taken as the first solution at once; re-following it
        # in search cost 0.3 s on Øvre Eiker and 3 s per neighbourhood step at scale.
        solver.parameters.hint_conflict_limit = 0
        # Steered towards the greedy plan, the LP search found the Øvre Eiker optimum later:
        # seeds 16-47, CP-SAT alone, median 0.74 s steered against 0.66 s not steered; the
        # complete hint is still CP-SAT's first solution either way (docs/performance.md).
        solver.parameters.use_optimization_hints = steer_by_hint
        if work_limit is not None:
            solver.parameters.max_deterministic_time = work_limit
        levels: list[ObjectiveLevel] = []
        plan: Plan | None = None
        planned = stages(self.levels, in_turn)
        for number, stage in enumerate(planned, start=1):
            remaining = time_limit - (time.perf_counter() - started)
            if plan is not None and remaining <= 0:
                break
            solver.parameters.max_time_in_seconds = max(0.01, remaining)
            self.model.minimize(stage.objective())
            first = stage.levels[0]
            lowest_cost = first.cost()[1]
            split = Levels(
                [level.name for level in stage.levels],
                [level.expression for level in stage.levels],
                partial(_first_bound, stage),
                first.sense,
                lowest_cost if first.sense == "min" else -lowest_cost,
            )
            status = solve_reporting(solver, self.model, on_progress, split, number, len(planned))
            if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                if plan is None:
                    return no_plan(self.instance, status, started, seed, workers, time_limit)
                break  # keep the plan of the previous stage
            values = [solver.value(level.expression) for level in stage.levels]
            bounds = stage.bounds(values, solver.best_objective_bound)
            for level, value, bound in zip(stage.levels, values, bounds, strict=True):
                levels.append(objective_level(level.name, level.sense, value, bound, level.unit))
            plan = self._plan(solver)
            if stage is not planned[-1]:
                self._keep(stage, values, plan)
        assert plan is not None
        proven = len(levels) == len(self.levels) and all(level.gap == 0 for level in levels)
        return Result(
            method="cp-sat",
            status=SolveStatus.OPTIMAL if proven else SolveStatus.FEASIBLE,
            objective=levels[0].value,
            bound=levels[0].bound,
            gap=max(level.gap for level in levels),
            levels=tuple(levels),
            runtime_seconds=time.perf_counter() - started,
            solver_version=SOLVER_VERSION,
            seed=seed,
            workers=workers,
            plan=plan,
        )

    def _keep(self, stage: Stage, values: list[int], plan: Plan) -> None:
        """Hold the stage's levels at least as good as found; start the next from the plan."""
        for level, value in zip(stage.levels, values, strict=True):
            if level.sense == "min":
                self.model.add(level.expression <= value)
            else:
                self.model.add(level.expression >= value)
        self.add_hint(plan)

    def _plan(self, solver: cp_model.CpSolver) -> Plan:
        return plan_of(self.instance, self.variables.effects(solver))


def _first_bound(stage: Stage, values: list[int], stage_bound: float) -> int:
    """The proven bound of the stage's first level, from the stage's bound."""
    return stage.bounds(values, stage_bound)[0]
