"""The lexicographic objective, level by level, all in exact integers.

Money in the objective is risk-weighted: a measure's savings times its colour's
realisation percentage, so the unit is 1/100 thousand NOK (10 NOK) and nothing is rounded.

1. **Shortfall** (min): sum over target years y of weight_y * S_y with
   S_y = max(0, 100 * target_y + C_y - W_y), where W_y is the risk-weighted savings in
   calendar year y (chapter-sum measures only) and C_y the previous target year's S where
   that target carries over (a deficit must be covered the year after), else 0.
   Every weight is non-negative and S_y enters the next year's S only with a plus sign, so
   minimising keeps each S at its max.
   Where the bounds of W_y decide the sign, the max is dropped exactly: a year that every
   plan reaches adds 0, a year that no plan reaches adds weight_y * (100 * target_y - W_y),
   a linear term. Only undecided years get a shortfall variable. On the Øvre Eiker instance
   (2025 always reached, 2026 and 2027 never) the linear level is proven about three times
   faster than with shortfall variables (docs/performance.md).
2. **Early savings** (max): risk-weighted savings summed over every month of the horizon;
   a measure that takes effect a month earlier adds one more month of savings, so this
   level prefers early money and big measures first.

Levels are solved together as one weighted sum when that is exact (:func:`stages`): each
level weighs more than the whole range of the levels after it, so one better unit of a
level outweighs any change further down. One solve instead of two was about twice as fast
on the Øvre Eiker instance (docs/performance.md).

A third, stabilising level is not solved here: measures without counted savings
(prerequisites, water and sewage) are moved as early as the rules allow by a deterministic
left shift after the solve (:func:`scheduler.greedy.left_shift`). Solving it as a CP-SAT
level cost 12 s against 4 s for the first two on the Øvre Eiker instance (docs/performance.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.data import Instance
from scheduler.model.background import Background
from scheduler.model.variables import Variables
from scheduler.savings import SavingsTable, weighted_savings_by_effect

SHORTFALL_UNIT = "10 NOK x year weight (risk-weighted)"
SAVINGS_UNIT = "10 NOK (risk-weighted, summed over the horizon)"


@dataclass(frozen=True)
class Level:
    name: str
    sense: str  # "min" or "max"
    expression: cp_model.LinearExpr
    unit: str
    lowest: int  # bounds on the expression over all plans (for combining levels)
    highest: int
    shortfalls: tuple[Shortfall, ...] = ()  # its auxiliary variables, for complete hints

    def cost(self) -> tuple[cp_model.LinearExpr, int, int]:
        """The level as a cost to minimise, with that cost's lowest and highest value."""
        if self.sense == "min":
            return self.expression, self.lowest, self.highest
        return -self.expression, -self.highest, -self.lowest


@dataclass(frozen=True)
class YearSavings:
    """W_y as a linear expression of the booleans, with bounds on its value."""

    expression: cp_model.LinearExpr
    lowest: int
    highest: int
    share_of: dict[int, int]  # index of a boolean -> its share of W_y
    fixed: int = 0  # the background's share (measures outside the model)


@dataclass(frozen=True)
class Shortfall:
    """A target year's shortfall max(0, needed + carried - W_y): a variable (``var``) for
    a year that only some plans reach, else a linear expression or 0; ``carried`` is the
    previous target year's shortfall where that year carries over."""

    var: cp_model.IntVar | None
    needed: int
    savings: YearSavings
    carried: Shortfall | None = None

    def value(self, chosen: set[int]) -> int:
        """Its value in the plan whose true booleans have these indices."""
        share_of = self.savings.share_of
        reached = self.savings.fixed + sum(share_of.get(index, 0) for index in chosen)
        carried = self.carried.value(chosen) if self.carried is not None else 0
        return max(0, self.needed + carried - reached)


def risk_weighted_savings(
    instance: Instance,
    variables: Variables,
    table: SavingsTable | None = None,
    background: Background | None = None,
) -> dict[int, YearSavings]:
    """W_y for every calendar year of the horizon, the background's savings included as a
    constant (savings read from ``table`` if given; without one they are computed directly,
    which is faster for a single model)."""
    terms: dict[int, list[tuple[cp_model.IntVar, int]]] = {y: [] for y in instance.calendar.years}
    fixed = background.savings if background is not None else {}
    lowest = {year: fixed.get(year, 0) for year in instance.calendar.years}
    highest = dict(lowest)
    for vars_ in variables:
        measure = vars_.measure
        if not measure.counted:
            continue
        by_effect = (
            table.weighted_by_effect(measure, vars_.effect_at)
            if table is not None
            else weighted_savings_by_effect(instance, measure, vars_.effect_at)
        )
        for year in lowest:
            # Each measure takes one effect month: its worst and best ones bound its share.
            shares = [0] + [by_effect[e][year] for e in vars_.effect_at]
            lowest[year] += min(shares)
            highest[year] += max(shares)
        for effect, var in vars_.effect_at.items():
            for year, amount in by_effect[effect].items():
                if amount:
                    terms[year].append((var, amount))
    return {
        year: YearSavings(
            cp_model.LinearExpr.weighted_sum([v for v, _ in pairs], [c for _, c in pairs])
            + fixed.get(year, 0),
            lowest[year],
            highest[year],
            {var.index: share for var, share in pairs},
            fixed.get(year, 0),
        )
        for year, pairs in terms.items()
    }


def objective_levels(
    model: cp_model.CpModel,
    instance: Instance,
    variables: Variables,
    table: SavingsTable | None = None,
    background: Background | None = None,
) -> list[Level]:
    """Build the levels (adding shortfall variables for the years whose sign is open)."""
    savings = risk_weighted_savings(instance, variables, table, background)
    shortfall_terms = []
    shortfalls = []
    lowest = highest = 0
    # The previous target year's shortfall where it carries over: an expression, its
    # largest value, and its Shortfall (for hint values).
    nothing = cp_model.LinearExpr.constant(0)
    carried, carried_highest, carried_from = nothing, 0, None
    for target in sorted(instance.targets, key=lambda t: t.year):
        if target.year not in savings or (target.weight == 0 and not target.carry_over):
            carried, carried_highest, carried_from = nothing, 0, None
            continue
        needed = 100 * target.amount
        year = savings[target.year]
        # Investments can make a year's savings negative: the shortfall may exceed the target.
        largest = max(0, needed + carried_highest - year.lowest)
        var = None
        if year.lowest >= needed + carried_highest:  # every plan reaches this target
            shortfall, largest = nothing, 0
        elif year.highest <= needed:  # no plan reaches it: the shortfall is linear
            shortfall = needed + carried - year.expression
        else:
            var = model.new_int_var(0, largest, f"shortfall_{target.year}")
            model.add(var >= needed + carried - year.expression)
            shortfall = cp_model.LinearExpr.term(var, 1)
        this = Shortfall(var, needed, year, carried_from)
        if var is not None:
            shortfalls.append(this)
        shortfall_terms.append(target.weight * shortfall)
        lowest += target.weight * max(0, needed - year.highest)
        highest += target.weight * largest
        if target.carry_over:
            carried, carried_highest, carried_from = shortfall, largest, this
        else:
            carried, carried_highest, carried_from = nothing, 0, None
    return [
        Level(
            "weighted shortfall",
            "min",
            sum(shortfall_terms, cp_model.LinearExpr.constant(0)),
            SHORTFALL_UNIT,
            lowest,
            highest,
            tuple(shortfalls),
        ),
        Level(
            "early savings",
            "max",
            sum((year.expression for year in savings.values()), cp_model.LinearExpr.constant(0)),
            SAVINGS_UNIT,
            sum(year.lowest for year in savings.values()),
            sum(year.highest for year in savings.values()),
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
    span = calendar.horizon_end - calendar.first_month
    return [Level("makespan", "min", makespan - calendar.first_month, "periods", 0, span)]


# CP-SAT reports objective values and bounds as floats: a weighted sum stays exact below 2^53.
_EXACT_FLOAT = 2**53


@dataclass(frozen=True)
class Stage:
    """Levels solved in one CP-SAT call: minimise sum_k weight_k * cost_k."""

    levels: tuple[Level, ...]
    weights: tuple[int, ...]

    def objective(self) -> cp_model.LinearExpr:
        return sum(
            (w * level.cost()[0] for w, level in zip(self.weights, self.levels, strict=True)),
            cp_model.LinearExpr.constant(0),
        )

    def bounds(self, values: list[int], stage_bound: float) -> list[int]:
        """Each level's proven bound, in its own sense, from the stage's bound.

        Among plans at least as good as ``values`` on the levels before level j,
        weight_j * cost_j >= bound - sum_{k<j} weight_k * cost_k(values)
        - sum_{k>j} weight_k * highest cost_k.
        """
        costs = [
            value if level.sense == "min" else -value
            for value, level in zip(values, self.levels, strict=True)
        ]
        result = []
        for j, (weight, level) in enumerate(zip(self.weights, self.levels, strict=True)):
            rest = sum(w * c for w, c in zip(self.weights[:j], costs[:j], strict=True))
            rest += sum(
                w * lv.cost()[2]
                for w, lv in zip(self.weights[j + 1 :], self.levels[j + 1 :], strict=True)
            )
            cost_bound = math.ceil((round(stage_bound) - rest) / weight)
            result.append(cost_bound if level.sense == "min" else -cost_bound)
        return result


def stages(levels: list[Level], in_turn: bool = False) -> list[Stage]:
    """All levels in one stage when the weighted sum is exact in CP-SAT's float objective
    (unless ``in_turn``), otherwise one stage per level (solved in turn, each optimum kept
    as a constraint)."""
    weights = [1]
    span = 0  # the weighted range of the levels after the next one to weigh
    for level in reversed(levels[1:]):
        _, lowest, highest = level.cost()
        span += weights[0] * (highest - lowest)
        weights.insert(0, span + 1)
    largest = sum(
        w * max(abs(level.cost()[1]), abs(level.cost()[2]))
        for w, level in zip(weights, levels, strict=True)
    )
    if largest < _EXACT_FLOAT and not in_turn:
        return [Stage(tuple(levels), tuple(weights))]
    return [Stage((level,), (1,)) for level in levels]
