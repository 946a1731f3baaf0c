"""Build the CP-SAT model, solve its objective levels and return a plain Result."""

from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor
from enum import StrEnum

from scheduler.data import Instance, month_of
from scheduler.evaluate import objective_values, risk_weighted_by_year
from scheduler.greedy import extend_plan, greedy_plan, left_shift, repaired_plan
from scheduler.model.intervals import IntervalModel
from scheduler.model.lp import WholeLp, early_savings_at_best_months
from scheduler.model.neighbourhoods import candidate_months, improve
from scheduler.model.objective import SAVINGS_UNIT, SHORTFALL_UNIT
from scheduler.model.outcome import SOLVER_VERSION, objective_level
from scheduler.model.progress import Phase, Progress, ProgressHook
from scheduler.model.reduction import restricted, valueless_measures, without
from scheduler.model.savings_model import Objective, SavingsModel
from scheduler.result import Plan, Result, SolveStatus
from scheduler.rules import latest_effects

LARGE_MODEL_BOOLEANS = 50_000
"""Above this many effect booleans the savings objective is searched by section, pool and
span (neighbourhoods.py) and bounded by the LP alone (lp.py, HiGHS) instead of one CP-SAT
LP search of the whole model. Øvre Eiker has about 6 000 (3 650 once the valueless
measures are left out, proven optimal in about a second); the 2 000-measure synthetic
instance about 113 000, whose CP-SAT model's LP did not solve in 100 s."""

BOUNDS_SHARE = 0.4
"""Share of the time limit the bounds may take on a large instance with one worker, before
the search (which gets whatever they leave). On the 2 000-measure instance at 120 s they
need about 22 s: the cut LP of the weighted shortfall 11 s and the
whole LP of the early savings 9.4 s (lp.py; 13 s for seeds 2 and 3), so 0.4 (48 s)
leaves room for a machine twice as slow. At 80 s, 0.3 (24 s) had left the early savings'
LP, then solved by the simplex in 15.4 s, out of time (bound 770.7 M instead of
707.85 M, gap 9.57 % instead of about 0.3 %)."""

SHORTFALL_SHARE = 0.5
"""Of the bounds' time, at most this share for the LP of the weighted shortfall; the
early savings' LP gets the rest."""

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
    on_progress: ProgressHook | None = None,
) -> Result:
    """The best plan for the instance under its rules, with proven bounds (objective.py).

    Without a hint, the greedy plan (when it finds one) is the warm start. ``formulation``
    chooses the model of the makespan objective; the savings objective is linear only in
    the time-indexed booleans and always uses them. For the savings objective, measures
    that no level sees are left out of the model and planned afterwards where that is
    exact (reduction.py). ``on_progress`` hears of each phase, and during a CP-SAT search
    of each better solution and bound (progress.py).
    """
    started = time.perf_counter()
    report = on_progress or _ignore
    result = None
    if objective == Objective.SAVINGS:
        result = _solve_reduced(instance, time_limit, seed, workers, hint, log, on_progress)
    if result is None:
        remaining = time_limit - (time.perf_counter() - started)
        result = _solve(
            instance, remaining, seed, workers, hint, log, objective, formulation, on_progress
        )
    report(Progress(Phase.FINISHING))
    # Once, on the final plan: measures without counted savings as early as they fit.
    plan = left_shift(instance, result.plan) if result.plan is not None else None
    return result.model_copy(
        update={"plan": plan, "runtime_seconds": time.perf_counter() - started}
    )


def _ignore(progress: Progress) -> None:
    """The progress hook when nobody listens."""


def _solve_reduced(
    instance: Instance,
    time_limit: float,
    seed: int,
    workers: int,
    hint: Plan | None,
    log: bool,
    on_progress: ProgressHook | None,
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
    result = _solve(
        reduced,
        time_limit,
        seed,
        workers,
        reduced_hint,
        log,
        Objective.SAVINGS,
        on_progress=on_progress,
    )
    (on_progress or _ignore)(Progress(Phase.FINISHING))
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
    on_progress: ProgressHook | None = None,
) -> Result:
    """Solve the instance as it is (see solve())."""
    started = time.perf_counter()
    report = on_progress or _ignore
    report(Progress(Phase.WARM_START))
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
        report(Progress(Phase.SEARCH))
        return _large(instance, hint, remaining, seed, workers, started)
    model: SavingsModel | IntervalModel
    if objective == Objective.MAKESPAN and formulation == Formulation.INTERVALS:
        model = IntervalModel(instance, latest)
    else:
        model = SavingsModel(instance, objective, latest)
    if hint is not None:
        model.add_hint(hint)
    remaining = time_limit - (time.perf_counter() - started)
    report(Progress(Phase.SEARCH))
    result = model.solve(
        time_limit=remaining, seed=seed, workers=workers, log=log, on_progress=on_progress
    )
    if result.status == SolveStatus.UNKNOWN and objective == Objective.SAVINGS and hint:
        return _fallback(instance, hint, result, time.perf_counter() - started)
    return result


def _bounds(
    instance: Instance, plan: Plan, time_limit: float, lp_start: Future[Plan | None]
) -> tuple[int, int]:
    """Bounds on both levels by the LP (lp.py): the weighted shortfall's, cut after the
    last year the plan misses, in ``SHORTFALL_SHARE`` of the time, the early savings' over
    the whole horizon in the rest; a level whose LP is not solved in its time keeps the
    trivial bound (0, every measure at its best month). The plan repaired from the first
    LP's months is handed to the search through ``lp_start`` (None without it)."""
    started = time.perf_counter()
    shortfall = None
    try:
        cut = WholeLp(instance, _last_missed_month(instance, plan))
        shortfall = cut.shortfall_lowest(SHORTFALL_SHARE * time_limit)
    finally:  # never leave the search waiting
        lp_start.set_result(
            None if shortfall is None else repaired_plan(instance, shortfall.relaxed_effects)
        )
    whole = WholeLp(instance, by_month=False)
    highest = whole.early_savings_highest(time_limit - (time.perf_counter() - started))
    best_months = early_savings_at_best_months(instance)
    return (
        0 if shortfall is None else shortfall.lowest,
        best_months if highest is None else min(highest, best_months),
    )


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
    end = instance.calendar.horizon_end
    return min(month_of(max(missed), 12), end) if missed else end


def _large(
    instance: Instance, plan: Plan, time_limit: float, seed: int, workers: int, started: float
) -> Result:
    """A large instance: bound it by the LP, and improve the better of the plan and the one
    repaired from the LP's months a section, pool or span at a time. With one worker the
    bounds come first, in their share of the time; with more, bounds and search run side
    by side (CP-SAT and HiGHS release the GIL while they solve), the search from the
    repaired plan, once the shortfall's LP is solved.
    """
    budget = time_limit - (time.perf_counter() - started) - FINISHING_SECONDS
    lp_start: Future[Plan | None] = Future()
    if workers > 1:
        with ThreadPoolExecutor(max_workers=1) as bounding:
            bound = bounding.submit(_bounds, instance, plan, budget, lp_start)
            search = improve(instance, plan, budget, seed, lp_start.result)
            lowest, highest = bound.result()
    else:
        lowest, highest = _bounds(instance, plan, BOUNDS_SHARE * budget, lp_start)
        remaining = time_limit - (time.perf_counter() - started) - FINISHING_SECONDS
        search = improve(instance, plan, remaining, seed, lp_start.result)
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
            "bounded by the LP of the whole model and searched one section, pool or span of "
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
