"""Build the CP-SAT model, solve its objective levels and return a plain Result."""

from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor
from enum import StrEnum

from scheduler.data import Instance
from scheduler.evaluate import objective_values, risk_weighted_by_year
from scheduler.greedy import extend_plan, greedy_plan, left_shift, repaired_plan
from scheduler.model.intervals import IntervalModel
from scheduler.model.neighbourhoods import candidate_months, improve
from scheduler.model.objective import SAVINGS_UNIT, SHORTFALL_UNIT
from scheduler.model.outcome import SOLVER_VERSION, objective_level
from scheduler.model.prices import WholeLp
from scheduler.model.reduction import restricted, valueless_measures, without
from scheduler.model.relaxation import SectionBound, savings_highest, shortfall_lowest
from scheduler.model.savings_model import Objective, SavingsModel
from scheduler.result import Plan, Result, SolveStatus
from scheduler.rules import latest_effects

LARGE_MODEL_BOOLEANS = 50_000
"""Above this many effect booleans the savings objective is searched by section
(neighbourhoods.py) and bounded by the section relaxation (relaxation.py) instead of one
LP search of the whole model. Øvre Eiker has about 6 000 (3 650 once the valueless
measures are left out, proven optimal in about a second); the
2 000-measure synthetic instance about 113 000, whose LP did not solve in 100 s."""

RELAXATION_SHARE = 0.45
"""Share of the time limit the bounds take on a large instance with one worker, before
the search. On the 2 000-measure instance at 120 s (session 10) they need about 47 s:
the whole LP for the prices 16 s, the priced pass of the sections 16 s, the early-savings
LP 13 s (0.4 left the last one out of time). The search then has about 65 s; from the
repaired plan of the first pass it reached 168.28 M in 72 s and about 168.3 M in 65 s
(docs/benchmarks.md)."""

PRICES_SHARE = 0.5
"""At most this share of the weighted shortfall's bound time goes to the whole LP for the
pool prices (prices.py; about 16 s of 37.5 s on the 2 000-measure instance at 120 s); if
it is not solved in it, the sections are bounded unpriced in the time left."""

SAVINGS_BOUND_SHARE = 0.3
"""Share of the bound's time for the early-savings level: the whole LP re-solved for the
early savings from the shortfall's basis (13 s on the 2 000-measure instance, bound
707.85 M against 719.1 M from the sections alone and 790.6 M for every measure at its
best month), or, if it is not solved in that time, the sections alone."""

FINISHING_SECONDS = 1.0
"""Kept back from the search on a large instance for scoring and the left shift of the
final plan (about 0.5 s at 2 000 measures)."""


class Formulation(StrEnum):
    """How the makespan objective is modelled (the savings objective is time-indexed only)."""

    INTERVALS = "intervals"  # start variables and cumulatives (intervals.py), the default
    TIME_INDEXED = "time-indexed"  # the savings model's booleans (variables.py)


def solve(
    instance: Instance,
    time_limit: float = 60.0,
    seed: int = 0,
    workers: int = 1,
    hint: Plan | None = None,
    log: bool = False,
    objective: Objective = Objective.SAVINGS,
    formulation: Formulation = Formulation.INTERVALS,
) -> Result:
    """The best plan for the instance under its rules, with proven bounds (objective.py).

    Without a hint, the greedy plan (when it finds one) is the warm start. ``formulation``
    chooses the model of the makespan objective; the savings objective is linear only in
    the time-indexed booleans and always uses them. For the savings objective, measures
    that no level sees are left out of the model and planned afterwards where that is
    exact (reduction.py).
    """
    started = time.perf_counter()
    result = None
    if objective == Objective.SAVINGS:
        result = _solve_reduced(instance, time_limit, seed, workers, hint, log)
    if result is None:
        remaining = time_limit - (time.perf_counter() - started)
        result = _solve(instance, remaining, seed, workers, hint, log, objective, formulation)
    # Once, on the final plan: measures without counted savings as early as they fit.
    plan = left_shift(instance, result.plan) if result.plan is not None else None
    return result.model_copy(
        update={"plan": plan, "runtime_seconds": time.perf_counter() - started}
    )


def _solve_reduced(
    instance: Instance, time_limit: float, seed: int, workers: int, hint: Plan | None, log: bool
) -> Result | None:
    """Solve without the valueless measures, then plan them into the room left; None when
    there are none, the reduced instance is large (its search and bound work by section,
    where the left-out measures' capacity matters) or the plan does not extend."""
    left_out = valueless_measures(instance)
    if not left_out:
        return None
    reduced = without(instance, left_out)
    if candidate_months(reduced) > LARGE_MODEL_BOOLEANS:
        return None
    reduced_hint = restricted(reduced, hint) if hint is not None else None
    result = _solve(reduced, time_limit, seed, workers, reduced_hint, log, Objective.SAVINGS)
    plan = extend_plan(instance, result.plan) if result.plan is not None else None
    if plan is None:
        return None
    return result.model_copy(
        update={
            "plan": plan,
            "explanation": (
                *result.explanation,
                f"{len(left_out)} measures without counted savings, on which no counted "
                "measure waits, were left out of the optimisation and planned afterwards "
                "into the capacity left: they change no objective value, so the bound holds "
                "for the whole plan",
            ),
        }
    )


def _solve(
    instance: Instance,
    time_limit: float,
    seed: int,
    workers: int,
    hint: Plan | None,
    log: bool,
    objective: Objective,
    formulation: Formulation = Formulation.INTERVALS,
) -> Result:
    """Solve the instance as it is (see solve())."""
    started = time.perf_counter()
    greedy = greedy_plan(instance) if hint is None else None
    if greedy is not None:
        hint = greedy.plan
    latest = None
    if objective == Objective.MAKESPAN and hint is not None:
        # No plan needs to end later than the warm start: narrow every window to that bound.
        latest = latest_effects(instance, max(item.effect for item in hint.measures))
    if (
        objective == Objective.SAVINGS
        and hint is not None
        and candidate_months(instance) > LARGE_MODEL_BOOLEANS
    ):
        remaining = time_limit - (time.perf_counter() - started)
        return _large(instance, hint, remaining, seed, workers, started)
    model: SavingsModel | IntervalModel
    if objective == Objective.MAKESPAN and formulation == Formulation.INTERVALS:
        model = IntervalModel(instance, latest)
    else:
        model = SavingsModel(instance, objective, latest)
    if hint is not None:
        model.add_hint(hint)
    remaining = time_limit - (time.perf_counter() - started)
    result = model.solve(time_limit=remaining, seed=seed, workers=workers, log=log)
    if result.status == SolveStatus.UNKNOWN and objective == Objective.SAVINGS and hint:
        return _fallback(instance, hint, result, time.perf_counter() - started)
    return result


def _bounds(
    instance: Instance, plan: Plan, time_limit: float, first_pass: Future[Plan | None]
) -> tuple[int, int]:
    """Bounds on both levels. The weighted shortfall's by the LP up to the end of the last
    year the plan misses (prices.py), and by the section relaxation with that LP's prices
    (``PRICES_SHARE`` of its time for the LP), whichever is higher; the early savings' by
    the whole LP in the last ``SAVINGS_BOUND_SHARE`` of the time (or by the sections alone
    if that LP is not solved in it). The first pass's section plans, repaired, are handed to
    the search through ``first_pass`` (None if they give no plan)."""
    started = time.perf_counter()

    def left(until: float) -> float:
        return until - (time.perf_counter() - started)

    def offer(bound: SectionBound) -> None:
        if not first_pass.done():
            first_pass.set_result(repaired_plan(instance, bound.relaxed_effects))

    shortfall_time = (1 - SAVINGS_BOUND_SHARE) * time_limit
    try:
        lp = WholeLp(instance, _last_missed_month(instance, plan))
        prices = lp.shortfall_prices(left(PRICES_SHARE * shortfall_time))
        lowest = shortfall_lowest(instance, plan, left(shortfall_time), prices, offer)
    finally:  # never leave the search waiting
        if not first_pass.done():
            first_pass.set_result(None)
    if prices is not None:
        lowest = max(lowest, prices.lowest)
    highest = WholeLp(instance, by_month=False).early_savings_highest(left(time_limit))
    if highest is None:
        return lowest, savings_highest(instance, plan, left(time_limit))
    return lowest, min(highest, savings_highest(instance, plan))


def _last_missed_month(instance: Instance, plan: Plan) -> int:
    """The end of the last weighted target year the plan misses (the horizon's end if it
    misses none): the LP of the weighted shortfall need not look beyond it, since a plan
    that misses no later year has no shortfall there (on the 2 000-measure instance 2025
    and 2026 of five years; that LP solves in 9 s instead of 26 s)."""
    weighted = risk_weighted_by_year(instance, plan.effect_by_measure())
    missed = [
        target.year
        for target in instance.targets
        if target.weight > 0
        and target.year in instance.calendar.years
        and weighted[target.year] < 100 * target.amount
    ]
    return (
        min(12 * max(missed) + 11, instance.calendar.horizon_end)
        if missed
        else (instance.calendar.horizon_end)
    )


def _large(
    instance: Instance, plan: Plan, time_limit: float, seed: int, workers: int, started: float
) -> Result:
    """A large instance: bound it by the whole LP and the priced sections, and improve the
    better of the plan and the sections' repaired plan a section, pool or span at a time.
    With one worker the bounds come first, in their share of the time; with more, bounds
    and search run side by side (CP-SAT and HiGHS release the GIL while they solve), the
    search from the first pass's end.
    """
    budget = time_limit - (time.perf_counter() - started) - FINISHING_SECONDS
    first_pass: Future[Plan | None] = Future()
    if workers > 1:
        with ThreadPoolExecutor(max_workers=1) as bounding:
            bound = bounding.submit(_bounds, instance, plan, budget, first_pass)
            search = improve(instance, plan, budget, seed, first_pass.result)
            lowest, highest = bound.result()
    else:
        lowest, highest = _bounds(instance, plan, RELAXATION_SHARE * budget, first_pass)
        remaining = time_limit - (time.perf_counter() - started) - FINISHING_SECONDS
        search = improve(instance, plan, remaining, seed, first_pass.result)
    values = objective_values(instance, search.plan.effect_by_measure())
    levels = (
        objective_level(
            "weighted shortfall", "min", values.weighted_shortfall, lowest, SHORTFALL_UNIT
        ),
        objective_level("early savings", "max", values.early_savings, highest, SAVINGS_UNIT),
    )
    return Result(
        method="cp-sat",
        status=SolveStatus.FEASIBLE,
        objective=levels[0].value,
        bound=levels[0].bound,
        gap=max(level.gap for level in levels),
        levels=levels,
        runtime_seconds=time.perf_counter() - started,
        solver_version=SOLVER_VERSION,
        seed=seed,
        workers=min(workers, 2),
        plan=search.plan,
        explanation=(
            f"a large instance ({candidate_months(instance)} candidate effect months): "
            "bounded by the section relaxation and searched one section, pool or span of "
            "months at a time "
            f"({search.steps} steps in {search.sweeps} sweep{'s' if search.sweeps > 1 else ''}), "
            + (
                "until no single section, pool or span could improve the plan"
                if search.converged
                else "until the time limit (more time may improve the plan)"
            ),
        ),
    )


def _fallback(instance: Instance, plan: Plan, result: Result, runtime: float) -> Result:
    """CP-SAT found no plan in the time: return the warm-start plan, honestly labelled.

    Its bound is the trivial one (a shortfall is never negative), so the gap is 100 %.
    """
    shortfall = objective_values(instance, plan.effect_by_measure()).weighted_shortfall
    return result.model_copy(
        update={
            "status": SolveStatus.FEASIBLE,
            "objective": shortfall,
            "bound": 0,
            "gap": 1.0 if shortfall else 0.0,
            "runtime_seconds": runtime,
            "plan": plan,
            "explanation": (
                "CP-SAT found no plan within the time limit; this is the warm-start "
                "(greedy) plan, with no proven bound",
            ),
        }
    )
