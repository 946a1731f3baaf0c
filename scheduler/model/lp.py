"""The LP relaxation of the time-indexed model: proven bounds for large instances, and a
plan's order.

A column per measure and allowed effect month (in [0, 1]); rows for each measure (one
month), each section's and pool's capacity in each month, each dependency (one row per
month of the successor, :meth:`WholeLp._precedence`) and each target year (risk-weighted
savings plus a shortfall column at least the target). Minimising the weighted shortfall
over it bounds that level from below; maximising the early savings bounds that level
from above. Both bounds are computed from the LP's duals rounded to integers, by weak
duality, so they hold whatever the floating-point LP's tolerances. The LP of the weighted
shortfall is cut after the last year the plan misses (:class:`WholeLp`), and its primal
solution orders the measures for a plan (``relaxed_effects``, greedy.repaired_plan).

On the 2 000-measure synthetic instance (docs/benchmarks.md) the cut LP (37 853 columns,
8 811 rows) bounds the weighted shortfall at 166.85 M in 10 s, and the whole LP with a row
of the average months per dependency (104 486 columns, 3 517 rows) bounds the early
savings at 707.85 M in 9.4 s. HiGHS (highspy) solves them, the first by its dual simplex,
the second by its interior-point method (:meth:`WholeLp._solve`), and releases the GIL
while it solves, so the two-worker search goes on beside it. The relaxations and LP
solvers measured against these (a section relaxation priced by this LP's duals, GLOP,
PDLP, OR-Tools' HiGHS interface) are in docs/decisions.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np

from scheduler.data import Instance, Month, month_of
from scheduler.rules import (
    effect_gaps,
    effect_windows,
    gate_allows,
    preparation_months,
    unit_loads,
)
from scheduler.savings import weighted_savings_by_effect

DUAL_SCALE = 1024
"""The duals are rounded to 1/1024 for the bounds in integers (any multipliers give a
valid bound; rounding them loses a little, not validity: on the 2 000-measure instance the
shortfall's bound is the LP's value rounded up)."""

WHOLLY = 1 - 1e-6
"""A measure's relaxed effect month is the first by which the LP has this much of it in
effect. On the 2 000-measure instance the plans repaired from those months (serial
scheduling in their order) shortfall 176.36 M with this, 176.57 M at 0.9, 177.78 M at 0.5
(the median month), 178.88 M with the mean month, and 178.92 M with the priced sections'
months (docs/decisions.md)."""


@dataclass(frozen=True)
class LpShortfall:
    """The LP's bound on the weighted shortfall and each measure's relaxed effect month
    (``WHOLLY`` in effect by then; the month after the cut for a measure the LP leaves
    for later)."""

    lowest: int
    relaxed_effects: dict[str, int]


class _Rows:
    """The LP's rows in compressed row form, added one at a time."""

    def __init__(self) -> None:
        self.starts: list[int] = [0]
        self.columns: list[int] = []
        self.values: list[float] = []
        self.lower: list[float] = []
        self.upper: list[float] = []

    def add(self, columns: list[int], values: list[float], lower: float, upper: float) -> int:
        self.columns.extend(columns)
        self.values.extend(values)
        self.starts.append(len(self.columns))
        self.lower.append(lower)
        self.upper.append(upper)
        return len(self.lower) - 1


class WholeLp:
    """The LP relaxation of the instance's time-indexed model (the module docstring), built
    once and solved for the weighted shortfall or the early savings (from the last basis,
    if solved before).

    With ``until`` before the horizon end the LP holds only effect months up to it: a
    measure may take none of them (it then takes effect later, outside the LP, and loads
    nothing up to ``until``), only the target years that end by ``until`` count, and
    maximum lags are left out (a later successor could allow an earlier predecessor). Every
    plan, cut there, is a solution, so it is still a relaxation of the weighted shortfall
    of those years; no later year's shortfall is negative, so its bound holds for all.
    A target's carry-over is left out: it only adds to a later year's shortfall, so the LP
    without it still bounds the weighted shortfall from below.

    ``by_month`` writes each dependency as one row per month of the successor
    (:meth:`_precedence`), otherwise as one row of the average effect months. On the
    2 000-measure instance the weighted shortfall's LP bound is 166.87 M with the first
    (26 s) and 152.43 M with the second (15 s); cut after 2026, the last year the plans
    miss, 166.85 M in 10 s. For the early savings over the whole horizon the rows by
    month give almost nothing (707.82 against 707.85 M) in twice the time (31 s).
    """

    def __init__(self, instance: Instance, until: Month | None = None, by_month: bool = True):
        infinity = highspy.kHighsInf
        self.until = instance.calendar.horizon_end if until is None else until
        self.truncated = truncated = self.until < instance.calendar.horizon_end
        if truncated and not by_month:
            raise ValueError("rows of the average months need every measure in the LP")
        self.targets = {
            target.year: target
            for target in instance.targets
            if target.weight > 0
            and target.year in instance.calendar.years
            and (not truncated or month_of(target.year, 12) <= self.until)
        }
        windows = effect_windows(instance)
        self.rows = _Rows()
        self.columns: dict[str, dict[int, int]] = {}  # measure -> effect month -> column
        columns = self.columns
        savings_in: dict[int, tuple[list[int], list[float]]] = {y: ([], []) for y in self.targets}
        early_savings: list[int] = []  # each measure column's, summed over the horizon
        for measure in instance.measures:
            months = [
                e
                for e in windows[measure.id]
                if e <= self.until and gate_allows(instance, measure, e)
            ]
            columns[measure.id] = {month: len(early_savings) + k for k, month in enumerate(months)}
            if months:
                self.rows.add(
                    list(columns[measure.id].values()),
                    [1.0] * len(months),
                    0.0 if truncated else 1.0,
                    1.0,
                )
            by_effect = (
                weighted_savings_by_effect(instance, measure, months) if measure.counted else {}
            )
            for month in months:
                by_year = by_effect.get(month, {})
                early_savings.append(sum(by_year.values()))
                for year in self.targets:
                    if by_year.get(year):
                        savings_in[year][0].append(columns[measure.id][month])
                        savings_in[year][1].append(float(by_year[year]))
        self.early_savings = np.array(early_savings, dtype=np.int64)
        for unit, loads in unit_loads(instance):
            in_month: dict[int, tuple[list[int], list[float]]] = {}
            for measure in instance.measures:
                if not loads[measure.id]:
                    continue
                for effect, column in columns[measure.id].items():
                    for month in preparation_months(instance, measure, effect):
                        entry = in_month.setdefault(month, ([], []))
                        entry[0].append(column)
                        entry[1].append(float(loads[measure.id]))
            for month, (used, values) in sorted(in_month.items()):
                self.rows.add(used, values, -infinity, float(unit.capacity_in(month)))
        for measure in instance.measures:
            for dependency in measure.depends_on:
                gap, widest = effect_gaps(instance, measure, dependency)
                successor, predecessor = columns[measure.id], columns[dependency.measure]
                if not by_month:
                    self.rows.add(
                        [*successor.values(), *predecessor.values()],
                        [float(e) for e in successor] + [-float(e) for e in predecessor],
                        float(gap),
                        infinity if widest is None else float(widest),
                    )
                    continue
                self._precedence(predecessor, successor, gap)
                if widest is not None and not truncated:
                    self._precedence(successor, predecessor, -widest)
        self.year_rows = {}
        for index, (year, target) in enumerate(self.targets.items()):
            used, values = savings_in[year]
            shortfall = len(early_savings) + index  # a column per target year after the measures'
            self.year_rows[year] = self.rows.add(
                [*used, shortfall], [*values, 1.0], float(100 * target.amount), infinity
            )
        self._highs: Any = None

    def _precedence(self, first: dict[int, int], then: dict[int, int], gap: int) -> None:
        """``e_then >= e_first + gap`` as one row per month t of ``then``: its share in
        effect by t at most ``first``'s by t - gap (the disaggregated precedence of
        time-indexed models, as in constraints.py). Rows stop where t - gap passes
        ``until``: beyond it, in a cut LP, ``first`` may take effect outside the LP (a
        start-to-start dependency's gap can be negative); and in a whole one they stop
        once ``first``'s whole window is by t - gap, where, taking one of its months, it
        holds them all."""
        ahead = sorted(first.items())
        by = 0  # how many of first's months are <= t - gap
        reached: list[int] = []
        for month, column in sorted(then.items()):
            if month - gap > self.until:
                return
            reached.append(column)
            while by < len(ahead) and ahead[by][0] <= month - gap:
                by += 1
            if by == len(ahead) and not self.truncated:
                return
            self.rows.add(
                [*reached, *(column for _, column in ahead[:by])],
                [1.0] * len(reached) + [-1.0] * by,
                -highspy.kHighsInf,
                0.0,
            )

    def shortfall_lowest(self, time_limit: float) -> LpShortfall | None:
        """Minimise the weighted shortfall: its bound (rounded up, shortfalls are integers)
        and relaxed effect months; None if the LP is not solved to optimality in the time
        or its bound could overflow."""
        weights = np.array([target.weight for target in self.targets.values()], dtype=np.int64)
        costs = np.concatenate((np.zeros(len(self.early_savings), dtype=np.int64), weights))
        duals = self._solve(costs, time_limit)
        lowest = None if duals is None else self._lowest(costs, duals)
        if lowest is None:
            return None
        shares = np.array(self._highs.getSolution().col_value)
        relaxed = {}
        for measure_id, months in self.columns.items():
            in_effect = np.cumsum([shares[column] for column in months.values()])
            reached = np.flatnonzero(in_effect >= WHOLLY)
            relaxed[measure_id] = list(months)[reached[0]] if reached.size else self.until + 1
        return LpShortfall(-(-lowest // DUAL_SCALE), relaxed)

    def early_savings_highest(self, time_limit: float) -> int | None:
        """An upper bound on the early savings: maximise them over the LP and bound them by
        weak duality from its (rounded) duals, in integers, so that the bound holds
        whatever the LP's tolerances; None if not solved to optimality in the time."""
        costs = np.concatenate((-self.early_savings, np.zeros(len(self.targets), dtype=np.int64)))
        duals = self._solve(costs, time_limit, interior=True)
        lowest = None if duals is None else self._lowest(costs, duals)
        return None if lowest is None else (-lowest) // DUAL_SCALE

    def _lowest(self, costs: np.ndarray, duals: np.ndarray) -> int | None:
        """``DUAL_SCALE`` times a lower bound on ``costs . x`` over the LP, by weak duality:
        for any row multipliers y the minimum over the rows and the column bounds is at
        least sum_r y_r b_r + sum_j min over x_j of (c_j - y a_j) x_j, with b_r the row's
        lower bound where y_r > 0 and its upper where y_r < 0 (HiGHS's sign of a row dual).
        The duals are rounded to 1/DUAL_SCALE and every coefficient is an integer. A measure
        column lies in [0, 1]; a year's shortfall column has no upper bound, so that year's
        multiplier is kept within [0, its cost], where the column's term is 0 at x = 0.
        None if int64 could overflow."""
        rows = self.rows
        scaled = np.rint(duals * DUAL_SCALE).astype(np.int64)  # HiGHS: > 0 at the lower
        measures = len(self.early_savings)
        year_rows = list(self.year_rows.values())
        scaled[year_rows] = np.clip(scaled[year_rows], 0, DUAL_SCALE * costs[measures:])
        lower, upper = np.array(rows.lower), np.array(rows.upper)
        scaled[(scaled > 0) & ~np.isfinite(lower)] = 0
        scaled[(scaled < 0) & ~np.isfinite(upper)] = 0
        chosen = np.where(scaled > 0, lower, upper)
        bound_of_row = np.rint(np.where(scaled != 0, chosen, 0.0)).astype(np.int64)
        values = np.rint(np.array(rows.values)).astype(np.int64)
        columns = np.array(rows.columns, dtype=np.int64)
        # Each reduced cost is summed in int64 (the sums over rows and columns in Python's
        # integers, which do not overflow): give up where one could exceed it.
        largest = int(np.abs(scaled).max(initial=0)) * int(np.abs(values).max(initial=0)) * int(
            np.bincount(columns).max(initial=0)
        ) + DUAL_SCALE * int(np.abs(costs).max(initial=0))
        if largest >= 2**62:
            return None
        rows_term = sum(int(scaled[r]) * int(bound_of_row[r]) for r in np.flatnonzero(scaled))
        reduced = DUAL_SCALE * costs[:measures]  # the measure columns' reduced costs, scaled
        in_measures = columns < measures
        lengths = np.diff(np.array(rows.starts, dtype=np.int64)).astype(np.int64)
        products = np.repeat(scaled, lengths) * values
        np.subtract.at(reduced, columns[in_measures], products[in_measures])
        return rows_term + sum(map(int, np.minimum(reduced, 0)))

    def _solve(
        self, costs: np.ndarray, time_limit: float, interior: bool = False
    ) -> np.ndarray | None:
        """Solve with these column costs (minimised), by the dual simplex from the last
        basis after the first time, or ``interior`` by the interior-point method without
        crossover, whose duals bound as well (weak duality needs no basis); the row duals,
        or None if not proven optimal in the time. On the 2 000-measure instances of seeds
        1, 2 and 3 the early savings' LP took the interior-point method 9.4, 13.2 and 13.1 s
        against the simplex's 15.4, 37.5 and 19.8 s, for bounds within 0.0001 %; on the
        cut LP of the weighted shortfall it stopped after 3.4 s calling the LP infeasible
        (its year rows' targets of about 1e8 scale it badly), where the simplex solves it."""
        if self._highs is None:
            self._highs = _highs(self.rows, len(self.early_savings), len(self.targets))
        highs = self._highs
        highs.setOptionValue("solver", "ipm" if interior else "simplex")
        highs.setOptionValue("run_crossover", "off" if interior else "on")
        highs.changeColsCost(
            len(costs), np.arange(len(costs), dtype=np.int32), costs.astype(np.float64)
        )
        # HiGHS's time limit counts from the instance's first run, not from this one.
        highs.setOptionValue("time_limit", highs.getRunTime() + max(time_limit, 0.01))
        highs.run()
        status = highs.getModelStatus()
        if status == highspy.HighsModelStatus.kModelEmpty:  # cut before any effect month
            return np.zeros(len(self.rows.lower))
        if status != highspy.HighsModelStatus.kOptimal:
            return None
        return np.array(highs.getSolution().row_dual)


def _highs(rows: _Rows, measure_columns: int, years: int) -> Any:
    """A HiGHS instance holding the rows, the measures' columns in [0, 1] and after them
    one shortfall column per target year, from 0 up."""
    lp = highspy.HighsLp()
    lp.num_col_ = measure_columns + years
    lp.num_row_ = len(rows.lower)
    lp.col_cost_ = np.zeros(lp.num_col_)
    lp.col_lower_ = np.zeros(lp.num_col_)
    lp.col_upper_ = np.array([1.0] * measure_columns + [highspy.kHighsInf] * years)
    lp.row_lower_ = np.array(rows.lower)
    lp.row_upper_ = np.array(rows.upper)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(rows.starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(rows.columns, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(rows.values)
    # The core class: the public ``Highs`` sets a callback in its constructor, which prints
    # HiGHS's banner to stdout before any option can turn the output off (HiGHS #1702, #2749).
    highs = highspy._Highs()  # type: ignore[attr-defined]
    highs.setOptionValue("output_flag", False)
    highs.passModel(lp)
    return highs


def early_savings_at_best_months(instance: Instance) -> int:
    """The trivial upper bound on the early savings, for when the LP is not solved in time:
    every counted measure at its best month in its window (770.7 M on the 2 000-measure
    instance, against the LP's 707.85 M)."""
    windows = effect_windows(instance)
    total = 0
    for measure in instance.measures:
        if not measure.counted or not windows[measure.id]:
            continue
        by_effect = weighted_savings_by_effect(instance, measure, windows[measure.id])
        total += max(sum(by_year.values()) for by_year in by_effect.values())
    return total
