"""Prices of the years and of the pools' months from the LP relaxation of the whole model.

The section relaxation (relaxation.py) gives each section every pool's whole capacity, so
alone it cannot see that the pools are shared: on the 2 000-measure synthetic instance,
without the pools the same search and bound were 2.1 % apart, with them 9.6 %. Pricing a
pool's capacity in each month (Lagrangian multipliers ``mu_pt >= 0``) lets the relaxation
see it, and any prices keep it valid (the proof is in relaxation.py). Good prices come
from the dual of the linear relaxation of the time-indexed model: a column per measure and
allowed effect month; rows for each measure (one month), each section's and pool's months
(capacity), each dependency (the effect months' difference, aggregated over the months)
and each target year (risk-weighted savings plus shortfall at least the target). Its year
duals are the first ``lambda``, its pool-capacity duals the ``mu``.

The LP is solved by HiGHS's dual simplex (highspy): on that instance (104 486 columns,
3 517 rows) 15-18 s, against 53-60 s for GLOP, OR-Tools' own simplex, and more than 120 s
for PDLP; OR-Tools' HiGHS interface reported row activities as duals (9.15), so it could
not be used. HiGHS releases the GIL while it solves, so the two-worker search goes on
beside it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import highspy
import numpy as np

from scheduler.data import Instance
from scheduler.rules import effect_gaps, effect_windows, gate_allows, unit_loads
from scheduler.savings import yearly_savings_by_effect

SCALE = 100
"""Prices are integers in hundredths of a year weight (CP-SAT objectives are integer)."""

UnitMonth = tuple[str, int]


@dataclass(frozen=True)
class Prices:
    """Multipliers times ``SCALE``: per target year (``lambda``) and per pool and month
    (``mu``, only those above 0)."""

    years: dict[int, int]
    pools: dict[UnitMonth, int]


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


def lp_prices(instance: Instance, time_limit: float) -> Prices | None:
    """The LP dual's year and pool prices (years rounded to the nearest hundredth within
    their weight, pools down); None if the LP is not solved to optimality in the time."""
    infinity = highspy.kHighsInf
    targets = {
        target.year: target
        for target in instance.targets
        if target.weight > 0 and target.year in instance.calendar.years
    }
    windows = effect_windows(instance)
    rows = _Rows()
    columns: dict[str, dict[int, int]] = {}  # measure -> effect month -> column
    savings_in: dict[int, tuple[list[int], list[float]]] = {year: ([], []) for year in targets}
    for measure in instance.measures:
        months = [e for e in windows[measure.id] if gate_allows(instance, measure, e)]
        first = sum(len(c) for c in columns.values())
        columns[measure.id] = {month: first + k for k, month in enumerate(months)}
        rows.add(list(columns[measure.id].values()), [1.0] * len(months), 1.0, 1.0)
        if not measure.counted:
            continue
        share = instance.colours[measure.colour].realisation_pct
        for month, by_year in yearly_savings_by_effect(instance, measure, months).items():
            for year in targets:
                if by_year.get(year):
                    savings_in[year][0].append(columns[measure.id][month])
                    savings_in[year][1].append(float(share * by_year[year]))
    measure_columns = sum(len(c) for c in columns.values())
    pool_ids = {pool.id for pool in instance.pools}
    capacity_rows: dict[UnitMonth, int] = {}
    plan_start = instance.calendar.plan_start
    for unit, loads in unit_loads(instance):
        in_month: dict[int, tuple[list[int], list[float]]] = {}
        for measure in instance.measures:
            if not loads[measure.id]:
                continue
            lead = instance.lead_time_of(measure)
            for effect, column in columns[measure.id].items():
                for month in range(max(effect - lead, plan_start), effect):
                    entry = in_month.setdefault(month, ([], []))
                    entry[0].append(column)
                    entry[1].append(float(loads[measure.id]))
        for month, (used, values) in sorted(in_month.items()):
            row = rows.add(used, values, -infinity, float(unit.capacity_in(month)))
            if unit.id in pool_ids:
                capacity_rows[unit.id, month] = row
    for measure in instance.measures:
        for dependency in measure.depends_on:
            gap, widest = effect_gaps(instance, measure, dependency)
            successor, predecessor = columns[measure.id], columns[dependency.measure]
            rows.add(
                [*successor.values(), *predecessor.values()],
                [float(e) for e in successor] + [-float(e) for e in predecessor],
                float(gap),
                infinity if widest is None else float(widest),
            )
    year_rows = {}
    for index, (year, target) in enumerate(targets.items()):
        used, values = savings_in[year]
        shortfall = measure_columns + index
        year_rows[year] = rows.add(
            [*used, shortfall], [*values, 1.0], float(100 * target.amount), infinity
        )
    duals = _solve(rows, measure_columns, [t.weight for t in targets.values()], time_limit)
    if duals is None:
        return None
    return Prices(
        years={
            year: price
            for year, row in year_rows.items()
            if (price := min(SCALE * targets[year].weight, round(SCALE * duals[row]))) > 0
        },
        pools={
            key: price
            for key, row in capacity_rows.items()
            if (price := math.floor(-SCALE * duals[row])) > 0
        },
    )


def _solve(
    rows: _Rows, measure_columns: int, weights: list[int], time_limit: float
) -> np.ndarray | None:
    """Minimise the weighted shortfall (one column per target year after the measures'
    columns, weighing its year's weight); the row duals, or None if not proven optimal."""
    lp = highspy.HighsLp()
    lp.num_col_ = measure_columns + len(weights)
    lp.num_row_ = len(rows.lower)
    lp.col_cost_ = np.array([0.0] * measure_columns + [float(w) for w in weights])
    lp.col_lower_ = np.zeros(lp.num_col_)
    lp.col_upper_ = np.array([1.0] * measure_columns + [highspy.kHighsInf] * len(weights))
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
    highs.setOptionValue("time_limit", max(time_limit, 0.01))
    highs.passModel(lp)
    highs.run()
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    return np.array(highs.getSolution().row_dual)


def priced_pool_use(instance: Instance, pools: dict[UnitMonth, int]) -> dict[str, dict[int, int]]:
    """``mu . u``: each supported measure's pool use priced, by effect month in its window
    (its support on each pool in every month of its preparation, as the capacity rows
    count it), in ``SCALE``-ths; measures without a priced month are left out."""
    if not pools:
        return {}
    calendar = instance.calendar
    months = range(calendar.plan_start, calendar.horizon_end + 1)
    # Prefix sums: the prices of pool p before month t, so a preparation costs two lookups.
    before = {
        pool.id: np.concatenate(([0], np.cumsum([pools.get((pool.id, t), 0) for t in months])))
        for pool in instance.pools
    }
    windows = effect_windows(instance)
    priced = {}
    for measure in instance.measures:
        if not measure.support:
            continue
        lead = instance.lead_time_of(measure)
        use = {}
        for effect in windows[measure.id]:
            first = max(effect - lead, calendar.plan_start) - calendar.plan_start
            last = max(effect - calendar.plan_start, first)  # none before the plan start
            use[effect] = sum(
                load * int(before[pool][last] - before[pool][first])
                for pool, load in measure.support.items()
            )
        if any(use.values()):
            priced[measure.id] = use
    return priced
