"""The lexicographic objective, level by level, all in exact integers.

Money in the objective is risk-weighted: a measure's savings times its colour's
realisation percentage, so the unit is 1/100 thousand NOK (10 NOK) and nothing is rounded.

1. **Shortfall** (min): sum over target years y of weight_y * max(0, 100 * target_y - W_y),
   where W_y is the risk-weighted savings in calendar year y (chapter-sum measures only).
2. **Early savings** (max): risk-weighted savings summed over every month of the horizon;
   a measure that takes effect a month earlier adds one more month of savings, so this
   level prefers early money and big measures first.

A third, stabilising level is not solved here: measures without counted savings
(prerequisites, water and sewage) are moved as early as the rules allow by a deterministic
left shift after the solve (:func:`scheduler.greedy.left_shift`). Solving it as a CP-SAT
level cost 12 s against 4 s for the first two on the Øvre Eiker instance (docs/performance.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.data import Instance
from scheduler.model.variables import Variables
from scheduler.savings import yearly_savings_by_effect


@dataclass(frozen=True)
class Level:
    name: str
    sense: str  # "min" or "max"
    expression: cp_model.LinearExpr
    unit: str


@dataclass(frozen=True)
class YearSavings:
    """W_y as a linear expression of the booleans, and a lower bound on its value."""

    expression: cp_model.LinearExpr
    lowest: int


def risk_weighted_savings(instance: Instance, variables: Variables) -> dict[int, YearSavings]:
    """W_y for every calendar year of the horizon."""
    terms: dict[int, list[tuple[cp_model.IntVar, int]]] = {y: [] for y in instance.calendar.years}
    lowest = dict.fromkeys(instance.calendar.years, 0)
    for vars_ in variables:
        measure = vars_.measure
        if not measure.in_chapter_sum or not measure.priced:
            continue
        share = instance.colours[measure.colour].realisation_pct
        by_effect = yearly_savings_by_effect(instance, measure, vars_.effect_at)
        for year in lowest:
            # Each measure takes one effect month: its worst one bounds its contribution.
            lowest[year] += min([0] + [by_effect[e][year] * share for e in vars_.effect_at])
        for effect, var in vars_.effect_at.items():
            for year, amount in by_effect[effect].items():
                if amount:
                    terms[year].append((var, amount * share))
    return {
        year: YearSavings(
            cp_model.LinearExpr.weighted_sum([v for v, _ in pairs], [c for _, c in pairs]),
            lowest[year],
        )
        for year, pairs in terms.items()
    }


def objective_levels(
    model: cp_model.CpModel, instance: Instance, variables: Variables
) -> list[Level]:
    """Build the levels (adding the shortfall variables to the model)."""
    savings = risk_weighted_savings(instance, variables)
    shortfall_terms = []
    for target in instance.targets:
        if target.year not in savings or target.weight == 0:
            continue
        needed = 100 * target.amount
        year = savings[target.year]
        # Investments can make a year's savings negative: the shortfall may exceed the target.
        shortfall = model.new_int_var(0, max(0, needed - year.lowest), f"shortfall_{target.year}")
        model.add(shortfall >= needed - year.expression)
        shortfall_terms.append(target.weight * shortfall)
    return [
        Level(
            "weighted shortfall",
            "min",
            sum(shortfall_terms, cp_model.LinearExpr.constant(0)),
            "10 NOK x year weight (risk-weighted)",
        ),
        Level(
            "early savings",
            "max",
            sum((year.expression for year in savings.values()), cp_model.LinearExpr.constant(0)),
            "10 NOK (risk-weighted, summed over the horizon)",
        ),
    ]


def makespan_levels(
    model: cp_model.CpModel, instance: Instance, variables: Variables
) -> list[Level]:
    """Minimise the last effect month (project makespan), for classic RCPSP benchmarks:
    an effect is a task's finish, its start the finish minus its duration."""
    calendar = instance.calendar
    makespan = model.new_int_var(calendar.first_month, calendar.horizon_end, "makespan")
    for vars_ in variables:
        model.add(makespan >= vars_.effect)
    return [Level("makespan", "min", makespan - calendar.first_month, "periods")]
