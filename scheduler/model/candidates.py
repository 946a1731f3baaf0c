"""Candidate plans: several good plans, different on purpose, for the project group.

All candidates are within a stated tolerance of the best plan on both objective levels
(weighted shortfall at most ``(1 + tolerance)`` times the best, early savings at least
``(1 - tolerance)`` times the best), so none gives up more than the tolerance. They are:

- the best plan (:func:`scheduler.model.solver.solve`);
- *alternatives*: each the best plan (early savings) among those in which at least
  ``differ`` measures with counted savings take effect at least ``months`` months from where every
  earlier candidate has them: different on purpose, not by a tie;
- *policies* a project group recognises: closest to the consultants' timing (fewest
  months moved, summed over the priced measures), certain money first (the green and
  yellow measures as early as the tolerance allows), and least load on the busiest
  section (the section most months at capacity in the best plan, its heaviest month as
  light as the tolerance allows).

Each candidate is labelled by what makes it different. Where fewer alternatives exist
within the tolerance than asked for, the list is shorter and says so.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from enum import StrEnum

from ortools.sat.python import cp_model

from scheduler.data import Capacity, Colour, Instance
from scheduler.evaluate import capacity_use, objective_values
from scheduler.greedy import left_shift
from scheduler.model.limits import MAX_MEMORY_MB
from scheduler.model.objective import SAVINGS_UNIT, SHORTFALL_UNIT
from scheduler.model.outcome import SOLVER_VERSION, objective_level
from scheduler.model.savings_model import SavingsModel
from scheduler.model.solver import solve
from scheduler.result import ObjectiveLevel, Plan, Result, SolveStatus
from scheduler.rules import plan_of


class Kind(StrEnum):
    BEST = "best"
    ALTERNATIVE = "alternative"
    CLOSEST = "closest to the consultants"
    CERTAIN_FIRST = "certain money first"
    LIGHTEST = "least load on the busiest section"


@dataclass(frozen=True)
class CandidatePlan:
    """One candidate: what kind it is, its solve, and what makes it different: for an
    alternative the measures that take effect at least ``months`` from the best plan's
    month; for the closest plan its distance from the consultants' timing (months,
    summed over the priced measures)."""

    kind: Kind
    result: Result
    moved: tuple[str, ...] = ()
    distance: int | None = None
    section: str | None = None  # least load: the busiest section and its heaviest month
    peak: int | None = None


@dataclass(frozen=True)
class CandidateSearch:
    candidates: tuple[CandidatePlan, ...]
    asked: int  # alternatives asked for
    tolerance: float
    differ: int
    months: int


def candidates(
    instance: Instance,
    alternatives: int = 4,
    tolerance: float = 0.01,
    differ: int = 10,
    months: int = 3,
    time_limit: float = 30.0,
    seed: int = 0,
) -> CandidateSearch:
    """The best plan, up to ``alternatives`` alternatives and the two policy plans (see
    the module docstring), within ``time_limit`` seconds in all."""
    started = time.perf_counter()
    share = time_limit / (alternatives + 4)
    best = solve(instance, time_limit=share, seed=seed)
    if best.plan is None:
        return CandidateSearch((), alternatives, tolerance, differ, months)
    found = [CandidatePlan(Kind.BEST, best)]
    bounds = {level.name: level for level in best.levels}
    counted = [m.id for m in instance.measures if m.counted]
    alternative_model = TolerantModel(instance, best, tolerance)
    for _ in range(alternatives):
        latest = found[-1].result.plan
        assert latest is not None  # the constraints of the earlier ones are in the model
        alternative_model.differ_from(latest, counted, differ, months)
        left = time_limit - (time.perf_counter() - started)
        result = alternative_model.solve(
            alternative_model.early_savings(), maximise=True, time_limit=left / 3, seed=seed
        )
        if result is None or result.plan is None:
            break
        moved = _moved(best.plan, result.plan, counted, months)
        found.append(CandidatePlan(Kind.ALTERNATIVE, _scored(instance, result, bounds), moved))
    busiest = _busiest_section(instance, best.plan)
    for kind, objective in (
        (Kind.CLOSEST, _distance_to_consultants),
        (Kind.CERTAIN_FIRST, _certain_effects),
        (Kind.LIGHTEST, lambda instance, model: _peak_load(instance, model, busiest)),
    ):
        model = TolerantModel(instance, best, tolerance)
        left = time_limit - (time.perf_counter() - started)
        result = model.solve(objective(instance, model), maximise=False, time_limit=left / 3)
        if result is None or result.plan is None:
            continue
        scored = _scored(instance, result, bounds)
        if kind == Kind.CLOSEST:
            found.append(CandidatePlan(kind, scored, distance=_distance(instance, result.plan)))
        elif kind == Kind.LIGHTEST:
            peak = max(capacity_use(instance, result.plan)[busiest].values(), default=0)
            found.append(CandidatePlan(kind, scored, section=busiest, peak=peak))
        else:
            found.append(CandidatePlan(kind, scored))
    return CandidateSearch(tuple(found), alternatives, tolerance, differ, months)


class TolerantModel:
    """The savings model of the whole instance held within the tolerance of the best plan
    (tolerance 0: at its optimum), started from it."""

    def __init__(self, instance: Instance, best: Result, tolerance: float):
        self.instance = instance
        self.savings = SavingsModel(instance)
        values = {level.name: level.value for level in best.levels}
        for level in self.savings.levels:
            value = values[level.name]
            if level.sense == "min":
                self.savings.model.add(level.expression <= math.floor(value * (1 + tolerance)))
            else:
                self.savings.model.add(level.expression >= math.ceil(value * (1 - tolerance)))
        assert best.plan is not None
        self.savings.add_hint(best.plan)

    def early_savings(self) -> cp_model.LinearExpr:
        (level,) = [level for level in self.savings.levels if level.sense == "max"]
        return level.expression

    def distance_to(self, effects: dict[str, int]) -> cp_model.LinearExpr:
        """Months between each of these measures' effect and the month given, summed."""
        terms = [
            (var, abs(month - effect))
            for measure, effect in effects.items()
            for month, var in self.savings.variables[measure].effect_at.items()
        ]
        return cp_model.LinearExpr.weighted_sum([v for v, _ in terms], [c for _, c in terms])

    def differ_from(self, plan: Plan, measures: list[str], differ: int, months: int) -> None:
        """At least ``differ`` of ``measures`` take effect ``months`` or more from ``plan``."""
        effects = plan.effect_by_measure()
        far = [
            var
            for measure in measures
            for month, var in self.savings.variables[measure].effect_at.items()
            if abs(month - effects[measure]) >= months
        ]
        self.savings.model.add(sum(far) >= differ)

    def solve(
        self, objective: cp_model.LinearExpr, maximise: bool, time_limit: float, seed: int = 0
    ) -> Result | None:
        """The best plan under the model's constraints by ``objective``; None when there is
        none (or none found in the time)."""
        started = time.perf_counter()
        model = self.savings.model
        if maximise:
            model.maximize(objective)
        else:
            model.minimize(objective)
        solver = cp_model.CpSolver()
        solver.parameters.random_seed = seed
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = max(0.1, time_limit)
        solver.parameters.max_memory_in_mb = MAX_MEMORY_MB
        solver.parameters.catch_sigint_signal = False
        solver.parameters.linearization_level = 2
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        plan = plan_of(self.instance, self.savings.variables.effects(solver))
        self.savings.add_hint(plan)  # the next search starts from this plan
        return Result(
            method="cp-sat candidates",
            status=SolveStatus.OPTIMAL if status == cp_model.OPTIMAL else SolveStatus.FEASIBLE,
            objective=None,
            bound=None,
            gap=None,
            runtime_seconds=time.perf_counter() - started,
            solver_version=SOLVER_VERSION,
            seed=seed,
            workers=1,
            plan=left_shift(self.instance, plan),
        )


def _scored(instance: Instance, result: Result, best: dict[str, ObjectiveLevel]) -> Result:
    """The candidate's own levels, each against the best plan's proven bound: its gap is
    how far it is from the best any plan can do."""
    assert result.plan is not None
    values = objective_values(instance, result.plan.effect_by_measure())
    shortfall_bound = best["weighted shortfall"].bound
    savings_bound = best["early savings"].bound
    levels = (
        objective_level(
            "weighted shortfall", "min", values.weighted_shortfall, shortfall_bound, SHORTFALL_UNIT
        ),
        objective_level("early savings", "max", values.early_savings, savings_bound, SAVINGS_UNIT),
    )
    return result.model_copy(
        update={
            "levels": levels,
            "objective": levels[0].value,
            "bound": levels[0].bound,
            "gap": max(level.gap for level in levels),
        }
    )


def _distance_to_consultants(instance: Instance, model: TolerantModel) -> cp_model.LinearExpr:
    """Months between each priced measure's effect and the consultants', summed."""
    planned = {m.id: instance.planned_effect_of(m) for m in instance.measures if m.priced}
    return model.distance_to(planned)


def _certain_effects(instance: Instance, model: TolerantModel) -> cp_model.LinearExpr:
    """The green and yellow priced measures' effect months, summed: the lower, the sooner
    the certain money comes."""
    certain = [
        model.savings.variables[m.id].effect
        for m in instance.measures
        if m.priced and m.colour in (Colour.GREEN, Colour.YELLOW)
    ]
    return cp_model.LinearExpr.sum(certain)


def _moved(best: Plan, plan: Plan, measures: list[str], months: int) -> tuple[str, ...]:
    ours, theirs = plan.effect_by_measure(), best.effect_by_measure()
    return tuple(m for m in measures if abs(ours[m] - theirs[m]) >= months)


def _busiest_section(instance: Instance, plan: Plan) -> str:
    """The section most months at capacity in ``plan`` (the first of a tie)."""
    use = capacity_use(instance, plan)

    def full(section: Capacity) -> int:
        return sum(1 for m, used in use[section.id].items() if used >= section.capacity_in(m) > 0)

    return max(instance.sections, key=full).id


def _peak_load(instance: Instance, model: TolerantModel, section: str) -> cp_model.IntVar:
    """The heaviest month's effort on ``section`` (from the plan start), as a variable held
    at or above every month's load."""
    efforts = {
        m.id: instance.effort_of(m)
        for m in instance.measures
        if instance.section_of(m) == section and instance.effort_of(m)
    }
    peak = model.savings.model.new_int_var(0, sum(efforts.values()), f"peak_{section}")
    calendar = instance.calendar
    for month in range(calendar.plan_start, calendar.horizon_end + 1):
        terms = [
            (var, effort)
            for measure, effort in efforts.items()
            for effect, var in model.savings.variables[measure].effect_at.items()
            if effect - model.savings.variables[measure].lead <= month < effect
        ]
        if terms:
            load = cp_model.LinearExpr.weighted_sum([v for v, _ in terms], [e for _, e in terms])
            model.savings.model.add(peak >= load)
    return peak


def _distance(instance: Instance, plan: Plan) -> int:
    effects = plan.effect_by_measure()
    return sum(
        abs(effects[m.id] - instance.planned_effect_of(m)) for m in instance.measures if m.priced
    )
