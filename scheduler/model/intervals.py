"""The interval formulation of the makespan objective (RCPSP-style instances).

Per measure an integer start month and a fixed-size interval ``[start, start + L_i)`` of
preparation (``L_i`` its lead time), so that ``effect_i = start_i + L_i``. Windows and
political gates are the start variable's domain, dependencies are two-term linear
constraints and every section and pool is one ``add_cumulative``: PyJobShop's formulation,
plus redundant order literals for pairs of measures that cannot overlap. On makespan
problems it proves far more than the time-indexed booleans of
:mod:`scheduler.model.variables` (docs/benchmarks.md), which remain the model for the
savings objective, whose savings are linear only in those booleans.

The model is exact for any instance: capacities that vary by month become fixed intervals
that hold the difference to the unit's largest capacity in those months, and fixed or
started measures that began before the plan start only load the months from the plan start.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import networkx as nx
from ortools.sat.python import cp_model

from scheduler.data import Capacity, Instance, Measure, format_month
from scheduler.graph import start_lag_graph
from scheduler.model.constraints import add_dependencies
from scheduler.model.limits import MAX_MEMORY_MB
from scheduler.model.outcome import SOLVER_VERSION, no_plan, objective_level
from scheduler.model.progress import Levels, ProgressHook, solve_reporting
from scheduler.result import Plan, Result, SolveStatus
from scheduler.rules import effect_windows, gate_allows, plan_of, unit_loads


@dataclass(frozen=True)
class IntervalVars:
    """The variables of one measure: start month and its interval of preparation."""

    measure: Measure
    lead: int
    earliest_start: int  # before the plan start only for a fixed or started measure
    start: cp_model.IntVar
    interval: cp_model.IntervalVar

    @property
    def effect(self) -> cp_model.LinearExpr:
        return self.start + self.lead


class IntervalVariables:
    """Start variables over each measure's allowed months, by measure id.

    The domain of ``start_i`` is ``{e - L_i : e in the effect window, gate allows e}``: the
    window (calendar, earliest/latest/fixed effect, dependency heads, an optional makespan
    bound via ``latest``) and the political gates hold by construction.
    """

    def __init__(
        self,
        model: cp_model.CpModel,
        instance: Instance,
        latest: Mapping[str, int] | None = None,
    ):
        self.by_measure: dict[str, IntervalVars] = {}
        windows = effect_windows(instance, latest)
        for measure in instance.measures:
            lead = instance.lead_time_of(measure)
            starts = [
                effect - lead
                for effect in windows[measure.id]
                if gate_allows(instance, measure, effect)
            ]
            domain = cp_model.Domain.from_values(starts)
            start = model.new_int_var_from_domain(domain, f"{measure.id}_start")
            interval = model.new_fixed_size_interval_var(start, lead, f"{measure.id}_work")
            self.by_measure[measure.id] = IntervalVars(
                measure, lead, min(starts, default=instance.calendar.plan_start), start, interval
            )

    def __getitem__(self, measure_id: str) -> IntervalVars:
        return self.by_measure[measure_id]

    def __iter__(self) -> Iterator[IntervalVars]:
        return iter(self.by_measure.values())


class IntervalConstraints:
    """Adds every rule of the instance that the variables' domains do not hold already."""

    def __init__(self, model: cp_model.CpModel, instance: Instance, variables: IntervalVariables):
        self.model = model
        self.instance = instance
        self.variables = variables

    def add_all(self) -> None:
        self.dependencies()
        self.capacity()
        self.disjunctive_pairs()

    def dependencies(self) -> None:
        """Finish-to-start and start-to-start lags, as in the time-indexed model
        (:func:`scheduler.model.constraints.add_dependencies`), on the start variables."""
        add_dependencies(self.model, self.variables.by_measure)

    def capacity(self) -> None:
        """Per section and pool: at every month t, sum of load_i over the measures in
        preparation (start_i <= t < effect_i) <= capacity(t), as one cumulative."""
        for unit, load_by_measure in unit_loads(self.instance):
            self._cumulative(unit, load_by_measure)

    def disjunctive_pairs(self) -> None:
        """Redundant: two measures whose loads on one unit exceed its largest capacity
        cannot be in preparation at the same time, so one literal per pair orders them:
        o_ij => effect_i <= start_j and not o_ij => effect_j <= start_i.

        The cumulatives imply this, but only as propagation; with the order as a literal
        CP-SAT branches and learns on it (docs/benchmarks.md: on the hard PSPLIB j30
        instances this proves optima the cumulatives alone do not). Pairs already ordered
        by the dependencies are left out."""
        ordered = _finishing_order(self.instance)
        pairs: set[tuple[str, str]] = set()
        for unit, load_by_measure in unit_loads(self.instance):
            capacity = max(unit.capacity_in(month) for month in self._months())
            loaded = [
                (self.variables[measure_id], load)
                for measure_id, load in load_by_measure.items()
                if load > 0
                and self.variables[measure_id].lead > 0
                # Work before the plan start does not count, so such measures may overlap.
                and self.variables[measure_id].earliest_start >= self.instance.calendar.plan_start
            ]
            for index, (first, first_load) in enumerate(loaded):
                for second, second_load in loaded[index + 1 :]:
                    pair = (first.measure.id, second.measure.id)
                    if first_load + second_load <= capacity or pair in pairs:
                        continue
                    if ordered.has_edge(*pair) or ordered.has_edge(*reversed(pair)):
                        continue
                    pairs.add(pair)
                    before = self.model.new_bool_var(f"{pair[0]}_before_{pair[1]}")
                    self.model.add(second.start >= first.effect).only_enforce_if(before)
                    self.model.add(first.start >= second.effect).only_enforce_if(~before)

    def _months(self) -> range:
        """The months in which capacity counts (as in the validator)."""
        return range(self.instance.calendar.plan_start, self.instance.calendar.horizon_end + 1)

    def _cumulative(self, unit: Capacity, load_by_measure: dict[str, int]) -> None:
        """One cumulative at the unit's largest capacity; months with less capacity hold a
        fixed interval of the difference. Only months from the plan start count (as in the
        validator), so a measure fixed to have started earlier is clipped to them."""
        calendar = self.instance.calendar
        intervals, demands = [], []
        for measure_id, load in load_by_measure.items():
            vars_ = self.variables[measure_id]
            if load == 0 or vars_.lead == 0:
                continue
            if vars_.earliest_start < calendar.plan_start:
                size = vars_.earliest_start + vars_.lead - calendar.plan_start
                if size <= 0:
                    continue
                interval = self.model.new_fixed_size_interval_var(
                    calendar.plan_start, size, f"{measure_id}_work_in_plan"
                )
            else:
                interval = vars_.interval
            intervals.append(interval)
            demands.append(load)
        if not intervals:
            return
        capacity = max(unit.capacity_in(month) for month in self._months())
        reductions = [capacity - unit.capacity_in(month) for month in self._months()]
        for first, length, reduction in _runs(reductions):
            intervals.append(
                self.model.new_fixed_size_interval_var(
                    calendar.plan_start + first,
                    length,
                    f"{unit.id}_reduced_{format_month(calendar.plan_start + first)}",
                )
            )
            demands.append(reduction)
        self.model.add_cumulative(intervals, demands, capacity)


def _finishing_order(instance: Instance) -> nx.DiGraph:
    """i -> j when a chain of dependencies makes j start no earlier than i takes effect:
    the transitive closure of the arcs whose start distance is at least the lead time of
    their predecessor (every FS arc with a lag >= 0; an SS arc with a lag >= that lead)."""
    lags = start_lag_graph(instance)
    finishing = nx.DiGraph()
    finishing.add_nodes_from(lags)
    finishing.add_edges_from(
        (i, j)
        for i, j, distance in lags.edges(data="weight")
        if distance >= instance.lead_time_of(instance.measure(i))
    )
    return nx.transitive_closure(finishing, reflexive=False)


def _runs(values: list[int]) -> list[tuple[int, int, int]]:
    """(first index, length, value) of each run of equal positive values."""
    runs: list[tuple[int, int, int]] = []
    for index, value in enumerate(values):
        if value <= 0:
            continue
        if runs and runs[-1][0] + runs[-1][1] == index and runs[-1][2] == value:
            first, length, _ = runs[-1]
            runs[-1] = (first, length + 1, value)
        else:
            runs.append((index, 1, value))
    return runs


class IntervalModel:
    """The interval model of an instance with the makespan objective."""

    def __init__(self, instance: Instance, latest: Mapping[str, int] | None = None):
        """``latest`` optionally caps effect months (a makespan bound, see solve())."""
        self.instance = instance
        self.model = cp_model.CpModel()
        self.variables = IntervalVariables(self.model, instance, latest)
        IntervalConstraints(self.model, instance, self.variables).add_all()
        calendar = instance.calendar
        self.makespan = self.model.new_int_var(calendar.first_month, calendar.horizon_end, "end")
        for vars_ in self.variables:
            self.model.add(self.makespan >= vars_.effect)
        self.model.minimize(self.makespan - calendar.first_month)

    def add_hint(self, plan: Plan) -> None:
        """Start the search from a known plan (e.g. the greedy one)."""
        self.model.clear_hints()
        starts = {item.id: item.start for item in plan.measures}
        for vars_ in self.variables:
            self.model.add_hint(vars_.start, starts[vars_.measure.id])

    def solve(
        self,
        time_limit: float = 60.0,
        seed: int = 0,
        workers: int = 1,
        log: bool = False,
        on_progress: ProgressHook | None = None,
    ) -> Result:
        """Minimise the makespan (periods from the first month to the last effect);
        ``on_progress`` hears of each better solution and bound."""
        started = time.perf_counter()
        solver = cp_model.CpSolver()
        solver.parameters.random_seed = seed
        solver.parameters.num_workers = workers
        solver.parameters.interleave_search = workers > 1  # reproducible with more workers
        solver.parameters.max_time_in_seconds = max(0.01, time_limit)
        solver.parameters.max_memory_in_mb = MAX_MEMORY_MB
        # The CLI handles Ctrl-C; CP-SAT's own handler would only end one search of several.
        solver.parameters.catch_sigint_signal = False
        solver.parameters.log_search_progress = log
        # Measured on PSPLIB j30 (docs/benchmarks.md): without the LP the search explores
        # far more nodes per second, which proves more of the hard instances in time.
        solver.parameters.linearization_level = 0
        span = self.makespan - self.instance.calendar.first_month
        levels = Levels(["makespan"], [span], lambda values, bound: math.ceil(bound), best=0)
        status = solve_reporting(solver, self.model, on_progress, levels)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return no_plan(self.instance, status, started, seed, workers, time_limit)
        level = objective_level(
            "makespan",
            "min",
            round(solver.objective_value),
            round(solver.best_objective_bound),
            "periods",
        )
        effects = {vars_.measure.id: solver.value(vars_.effect) for vars_ in self.variables}
        plan = plan_of(self.instance, effects)
        return Result(
            method="cp-sat",
            status=SolveStatus.OPTIMAL if level.gap == 0 else SolveStatus.FEASIBLE,
            objective=level.value,
            bound=level.bound,
            gap=level.gap,
            levels=(level,),
            runtime_seconds=time.perf_counter() - started,
            solver_version=SOLVER_VERSION,
            seed=seed,
            workers=workers,
            plan=plan,
        )
