"""Proven bounds for instances too large for one LP search: a relaxation by section.

For ``0 <= lambda_y <= weight_y``: ``weight_y * max(0, N_y - W_y) >= lambda_y * (N_y - W_y)``,
and the savings of a year are the sum of the sections' savings, ``W_y = sum_s W_y^s``. A
plan uses at most ``C_pt`` of pool ``p`` in month ``t``, and that use is the sum of the
sections' uses ``u_pt^s``, so for prices ``mu_pt >= 0`` ``sum mu_pt (C_pt - sum_s u_pt^s)
>= 0``. Adding it, every plan's weighted shortfall is at least

    sum_y lambda_y N_y  -  sum_pt mu_pt C_pt  -  sum_s U_s,
    U_s >= max [sum_y lambda_y W_y^s - sum_pt mu_pt u_pt^s],

where the maximum runs over the plans of section ``s`` alone: its measures, its capacity,
their windows, gates and the dependencies among them, and each support pool's whole
capacity for the section's measures alone, without the dependencies on other sections'
measures. Dropping rules only adds plans (a pool that holds every section's measures
together holds each section's alone), so each ``U_s`` (CP-SAT's proven bound of that small
model) stays an upper bound, and the sum is a proven lower bound on the weighted
shortfall. Without prices each section may use every pool whole, blind to the others; the
prices of the LP relaxation's dual (prices.py) charge it for the months it takes: on the
2 000-measure instance (120 s, one worker) the bound rose from 157.4 M to 165.3 M against
plans of 169-174 M (docs/benchmarks.md). Early savings are bounded from above by every
measure's best month in its window, or, with time, by the same section relaxation with
every year weighing 1 and no prices (:func:`savings_highest`).

``lambda``: the LP's year prices; without them (the LP not solved in its share of the
time) first a year's full weight where the warm-start plan misses the target,
0 where it reaches it (weighting every year fully gave a bound of 0 on the 2 000-measure
synthetic instance: the sections, freed of the pools, overshoot the early targets by far).
Then, without the LP's prices, while time is left, better ``lambda`` from a small LP over
the sections' plans found so far (Kelley's cutting planes, the Dantzig-Wolfe master of this
decomposition, without pool prices): maximise ``sum_y lambda_y N_y - sum_s theta_s`` with
``theta_s >= sum_y lambda_y W_y^s(k)`` for each plan ``k`` of section ``s``; each pass bounds
every section again with the LP's multipliers (rounded to hundredths of a weight) and the
best bound of all passes counts. Each pass's section plans together are close to a plan
of the whole instance: the search starts from them, repaired (solver.py).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from scheduler.data import Instance
from scheduler.evaluate import risk_weighted_by_year
from scheduler.model.constraints import Constraints
from scheduler.model.objective import risk_weighted_savings
from scheduler.model.prices import SCALE, Prices, priced_pool_use
from scheduler.model.variables import Variables
from scheduler.result import Plan
from scheduler.rules import effect_windows
from scheduler.savings import yearly_savings_by_effect

SECTION_WORK = 1.0
"""CP-SAT's deterministic time per section model (most sections of the 2 000-measure
instance are proven optimal within it; an unfinished one still gives its proven bound)."""

MIN_SECTION_SECONDS = 0.5
"""Below this share of the time a section's early-savings bound is its best months: its
model alone takes about 0.4 s to build on the 2 000-measure instance."""

Multipliers = dict[int, int]  # target year -> lambda_y * SCALE
YearSavings = dict[int, int]  # target year -> W_y^s of one plan of a section
PricedUse = dict[str, dict[int, int]]  # measure -> effect month -> mu . pool use (prices.py)


@dataclass(frozen=True)
class SectionBound:
    """One pass's lower bound on the weighted shortfall, and the effect months of every
    measure in the sections' plans of that pass. Each section's plan holds alone; together
    they may overload a pool or break a dependency across sections, but with the pools
    priced they are close to a plan (greedy.repaired_plan makes one of them)."""

    shortfall: int
    relaxed_effects: dict[str, int]


def shortfall_lowest(
    instance: Instance,
    plan: Plan,
    time_limit: float,
    prices: Prices | None = None,
    on_pass: Callable[[SectionBound], None] = lambda bound: None,
) -> int:
    """The best lower bound on the weighted shortfall of the passes that fit in the time
    (the module docstring), each pass reported to ``on_pass`` as it ends.
    Sections that the time leaves unsolved count with every measure at its best month
    (valid, but weaker: a pass may then give 0) and keep the plan's months."""
    started = time.perf_counter()
    targets = {
        target.year: (100 * target.amount, target.weight)
        for target in instance.targets
        if target.weight > 0 and target.year in instance.calendar.years
    }
    pools = prices.pools if prices is not None else {}
    capacity = {pool.id: pool for pool in instance.pools}
    priced_capacity = sum(
        price * capacity[pool].capacity_in(month) for (pool, month), price in pools.items()
    )
    sections = [_section_alone(instance, section.id) for section in instance.sections]
    priced_use = [priced_pool_use(section, pools) for section in sections]
    effects = plan.effect_by_measure()
    columns = [[_plan_savings(section, effects, targets)] for section in sections]
    if prices is not None:
        multipliers = prices.years
    else:
        weighted = risk_weighted_by_year(instance, effects)
        multipliers = {
            year: SCALE * weight
            for year, (needed, weight) in targets.items()
            if weighted[year] < needed
        }
    hints = [effects for _ in sections]  # each section's last plan starts its next solve
    best = 0
    while True:
        bound = sum(multipliers.get(year, 0) * needed for year, (needed, _) in targets.items())
        bound -= priced_capacity
        for index, section in enumerate(sections):
            # Every measure at its best month bounds U_s too; CP-SAT's bound replaces it
            # where lower. Each section gets an even share of the time left: one cut short
            # still proves something, where a pass that ran out of time before its last
            # sections left them at their best months, losing the pass (2 000-measure
            # instance, 47 s: 29.8 M when the second pass finished just in time, 24.4 M
            # when it did not; with shares 30.2 M, and 30.1 M at 40 s).
            share = (time_limit - (time.perf_counter() - started)) / (len(sections) - index)
            term, solved = _section_term(
                section, multipliers, priced_use[index], hints[index], share
            )
            bound -= term
            if solved is not None:
                hints[index] = solved
                columns[index].append(_plan_savings(section, solved, targets))
        lowest = -(-bound // SCALE)  # shortfalls are integers: round the bound up
        relaxed = {
            measure.id: hint[measure.id]
            for section, hint in zip(sections, hints, strict=True)
            for measure in section.measures
        }
        on_pass(SectionBound(lowest, relaxed))
        best = max(best, lowest)
        if prices is not None:
            # The LP's year prices are already near the best for these columns (on the
            # 2 000-measure instance the master stopped the passes after the first in
            # every priced run), and its columns do not see the pool prices.
            return best
        following = _master(targets, columns)
        if time.perf_counter() - started >= time_limit or following in (None, multipliers):
            return best
        multipliers = following


def _master(
    targets: dict[int, tuple[int, int]], columns: list[list[YearSavings]]
) -> Multipliers | None:
    """The multipliers that maximise the bound over the sections' plans found so far."""
    solver = pywraplp.Solver.CreateSolver("GLOP")
    lam = {
        year: solver.NumVar(0, weight, f"lambda_{year}") for year, (_, weight) in targets.items()
    }
    theta = [
        solver.NumVar(-solver.infinity(), solver.infinity(), f"theta_{s}")
        for s in range(len(columns))
    ]
    for section_theta, section_columns in zip(theta, columns, strict=True):
        for found in section_columns:
            solver.Add(section_theta >= sum(lam[year] * found[year] for year in targets))
    solver.Maximize(sum(lam[year] * needed for year, (needed, _) in targets.items()) - sum(theta))
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    scaled = {year: round(var.solution_value() * SCALE) for year, var in lam.items()}
    return {year: value for year, value in scaled.items() if value > 0}


def _plan_savings(
    section: Instance, effects: dict[str, int], targets: dict[int, tuple[int, int]]
) -> YearSavings:
    """W_y^s of the plan's months for the section's measures (a column for the master)."""
    weighted = risk_weighted_by_year(section, effects)
    return {year: weighted[year] for year in targets}


def savings_highest(instance: Instance, plan: Plan, time_limit: float = 0.0) -> int:
    """No plan has larger early savings: each counted measure at its best month, or, where
    the time allows, the sum of each section's most alone (the relaxation of
    :func:`shortfall_lowest` with every year weighing 1 and no pool prices; each section's
    term the lower of CP-SAT's bound and its measures' best months, the time shared evenly
    as there)."""
    ones = dict.fromkeys(instance.calendar.years, 1)
    best_months = _best_months(instance, ones, {})
    if time_limit < MIN_SECTION_SECONDS * len(instance.sections):
        return best_months
    started = time.perf_counter()
    effects = plan.effect_by_measure()
    total = 0
    for index, section in enumerate(instance.sections):
        share = (time_limit - (time.perf_counter() - started)) / (len(instance.sections) - index)
        alone = _section_alone(instance, section.id)
        term, _ = _section_term(
            alone, ones, {}, effects, share if share >= MIN_SECTION_SECONDS else 0
        )
        total += term
    return min(total, best_months)


def _section_term(
    section: Instance,
    multipliers: Multipliers,
    priced_use: PricedUse,
    hint: dict[str, int],
    share: float,
) -> tuple[int, dict[str, int] | None]:
    """U_s: the lower of two valid bounds, every measure at its best month and CP-SAT's
    bound of the section solved within ``share`` seconds (none without time or a plan),
    with the effect months of the best plan that solve found."""
    highest = _best_months(section, multipliers, priced_use)
    solved = None
    if share > 0 and section.measures:
        solved = _section_upper_bound(section, multipliers, priced_use, hint, share)
    if solved is None:
        return highest, None
    return min(solved[0], highest), solved[1]


def _best_months(instance: Instance, multipliers: Multipliers, priced_use: PricedUse) -> int:
    """Upper bound on sum_y lambda_y * W_y - mu . u: each measure at its best month in its
    window, priced pool use deducted."""
    total = 0
    windows = effect_windows(instance)
    for measure in instance.measures:
        window = windows[measure.id]
        cost = priced_use.get(measure.id, {})
        if not window or not (measure.counted or cost):
            continue
        share = instance.colours[measure.colour].realisation_pct if measure.counted else 0
        by_effect = yearly_savings_by_effect(instance, measure, window)
        total += max(
            share * sum(weight * by_year[year] for year, weight in multipliers.items())
            - cost.get(month, 0)
            for month, by_year in by_effect.items()
        )
    return total


def _section_alone(instance: Instance, section_id: str) -> Instance:
    """The section's measures, with the pools, without dependencies on other sections."""
    own = [m for m in instance.measures if instance.section_of(m) == section_id]
    ids = {m.id for m in own}
    measures = tuple(
        m.model_copy(update={"depends_on": tuple(d for d in m.depends_on if d.measure in ids)})
        for m in own
    )
    return instance.replaced(measures=measures)


def _section_upper_bound(
    section: Instance,
    multipliers: Multipliers,
    priced_use: PricedUse,
    hint: dict[str, int],
    time_limit: float,
) -> tuple[int, dict[str, int]] | None:
    """U_s, CP-SAT's proven bound of the section alone, with the effect months of the best
    plan it found (None if it found none)."""
    model = cp_model.CpModel()
    variables = Variables(model, section)
    Constraints(model, section, variables).add_all()
    savings = risk_weighted_savings(section, variables)
    terms = [weight * savings[year].expression for year, weight in multipliers.items()]
    priced = [
        (var, -use[month])
        for vars_ in variables
        if (use := priced_use.get(vars_.measure.id))
        for month, var in vars_.effect_at.items()
        if use[month]
    ]
    if priced:
        booleans, costs = zip(*priced, strict=True)
        terms.append(cp_model.LinearExpr.weighted_sum(booleans, costs))
    model.maximize(sum(terms, cp_model.LinearExpr.constant(0)))
    for vars_ in variables:
        for month, var in vars_.effect_at.items():
            model.add_hint(var, month == hint[vars_.measure.id])
    solver = cp_model.CpSolver()
    solver.parameters.linearization_level = 2  # as the savings model (measured faster here)
    solver.parameters.cp_model_presolve = False
    solver.parameters.max_deterministic_time = SECTION_WORK
    solver.parameters.max_time_in_seconds = time_limit
    # One worker: the plan found seeds the search (solver.py), so it must not depend on
    # how parallel workers race.
    solver.parameters.num_workers = 1
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return math.floor(solver.best_objective_bound + 1e-6), variables.effects(solver)
