"""Proven bounds for instances too large for one LP search: a relaxation by section.

For ``0 <= lambda_y <= weight_y``: ``weight_y * max(0, N_y - W_y) >= lambda_y * (N_y - W_y)``,
and the savings of a year are the sum of the sections' savings, ``W_y = sum_s W_y^s``. So
every plan's weighted shortfall is at least

    sum_y lambda_y * N_y  -  sum_s U_s,   U_s >= max sum_y lambda_y * W_y^s,

where the maximum runs over the plans of section ``s`` alone: its measures, its capacity,
their windows, gates and the dependencies among them, without the support pools and the
dependencies on other sections' measures. Dropping rules only adds plans, so each ``U_s``
(CP-SAT's proven bound of that small model) stays an upper bound, and the sum is a proven
lower bound on the weighted shortfall. Early savings are bounded from above by every
measure's best month in its window (:func:`savings_highest`).

``lambda``: a year's full weight where the warm-start plan misses the target, 0 where it
reaches it. Weighting every year fully gave a bound of 0 on the 2 000-measure synthetic
instance (the sections, freed of the pools, overshoot the early years' targets by far);
this choice gave 24.4 M against plans of 38-48 M (docs/benchmarks.md). Better multipliers
(a Dantzig-Wolfe master over the sections' plans) reached 30.3 M, but only after 100 s.
"""

from __future__ import annotations

import math
import time

from ortools.sat.python import cp_model

from scheduler.data import Instance
from scheduler.evaluate import risk_weighted_by_year
from scheduler.model.constraints import Constraints
from scheduler.model.objective import risk_weighted_savings
from scheduler.model.variables import Variables
from scheduler.result import Plan
from scheduler.rules import effect_windows
from scheduler.savings import yearly_savings_by_effect

SECTION_WORK = 1.0
"""CP-SAT's deterministic time per section model (most sections of the 2 000-measure
instance are proven optimal within it; an unfinished one still gives its proven bound)."""


def shortfall_lowest(instance: Instance, plan: Plan, time_limit: float) -> int:
    """The lower bound on the weighted shortfall of the module docstring. Sections that
    the time limit leaves unsolved count with every measure at its best month (valid, but
    weaker: the bound may fall to 0)."""
    started = time.perf_counter()
    multipliers = _multipliers(instance, plan)
    bound = sum(
        100 * target.amount * multipliers.get(target.year, 0) for target in instance.targets
    )
    for section in instance.sections:
        alone = _section_alone(instance, section.id)
        remaining = time_limit - (time.perf_counter() - started)
        upper = _best_months(alone, multipliers)
        if remaining > 0 and alone.measures:
            proven = _section_upper_bound(alone, multipliers, plan, remaining)
            upper = upper if proven is None else min(upper, proven)
        bound -= upper
    return max(0, bound)


def savings_highest(instance: Instance) -> int:
    """No plan has larger early savings: each counted measure at its best month."""
    return _best_months(instance, dict.fromkeys(instance.calendar.years, 1))


def _best_months(instance: Instance, multipliers: dict[int, int]) -> int:
    """Upper bound on sum_y lambda_y * W_y: each measure at its best month in its window."""
    total = 0
    windows = effect_windows(instance)
    for measure in instance.measures:
        window = windows[measure.id]
        if not (measure.in_chapter_sum and measure.priced) or not window:
            continue
        share = instance.colours[measure.colour].realisation_pct
        by_effect = yearly_savings_by_effect(instance, measure, window)
        total += share * max(
            sum(weight * by_year[year] for year, weight in multipliers.items())
            for by_year in by_effect.values()
        )
    return total


def _multipliers(instance: Instance, plan: Plan) -> dict[int, int]:
    """lambda_y: the target's weight in the years the plan misses, else 0."""
    weighted = risk_weighted_by_year(instance, plan.effect_by_measure())
    return {
        target.year: target.weight
        for target in instance.targets
        if target.year in weighted and weighted[target.year] < 100 * target.amount
    }


def _section_alone(instance: Instance, section_id: str) -> Instance:
    """The section's measures without pools and without dependencies on other sections."""
    own = [m for m in instance.measures if instance.section_of(m) == section_id]
    ids = {m.id for m in own}
    measures = tuple(
        m.model_copy(
            update={
                "support": {},
                "depends_on": tuple(d for d in m.depends_on if d.measure in ids),
            }
        )
        for m in own
    )
    return instance.replaced(measures=measures, pools=())


def _section_upper_bound(
    section: Instance, multipliers: dict[int, int], plan: Plan, time_limit: float
) -> int | None:
    """U_s: CP-SAT's proven bound of the section alone (None if it found no plan)."""
    model = cp_model.CpModel()
    variables = Variables(model, section)
    Constraints(model, section, variables).add_all()
    savings = risk_weighted_savings(section, variables)
    objective = sum(
        (weight * savings[year].expression for year, weight in multipliers.items()),
        cp_model.LinearExpr.constant(0),
    )
    model.maximize(objective)
    effects = plan.effect_by_measure()
    for vars_ in variables:
        for month, var in vars_.effect_at.items():
            model.add_hint(var, month == effects[vars_.measure.id])
    solver = cp_model.CpSolver()
    solver.parameters.linearization_level = 2  # as the savings model (measured faster here)
    solver.parameters.cp_model_presolve = False
    solver.parameters.max_deterministic_time = SECTION_WORK
    solver.parameters.max_time_in_seconds = time_limit
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return math.floor(solver.best_objective_bound + 1e-6)
