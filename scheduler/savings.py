"""Savings semantics: what a measure saves in each month, as a function of its effect month.

The source gives each measure's savings per calendar year (2025-2028), timed as the
consultants timed it. We turn that into a monthly *planned stream* and move the stream
with the measure:

1. The planned effect month ``e0`` is the month the consultants' timing starts to save
   (stated in the source, or the instance's default rule).
2. In each amount year ``y``, the year's amount is spread evenly, in whole thousand NOK,
   over the months of ``y`` from ``max(January y, e0)`` to December; the remainder of the
   integer division goes one unit each to the first months. So every year sums exactly
   to the source's amount (negative amounts, one-offs and ramps included).
3. After the last amount year (2028), each month repeats the same calendar month of
   that year: savings go on at the 2028 level.
4. A measure whose effect month is ``e = e0 + k`` saves in month ``t`` what the planned
   stream saves in month ``t - k``: the whole stream moves by ``k`` months. Calendar-bound
   measures are kept in place by their windows (``fixed_effect``), not here.

Evaluating every measure at ``e0`` reproduces the source's yearly amounts exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import accumulate

from scheduler.data import Instance, Measure, month_of


def planned_stream(instance: Instance, measure: Measure) -> dict[int, int]:
    """Monthly savings (absolute month -> thousand NOK) of the consultants' timing.

    Covers the amount years only; :func:`monthly_savings` extends it past them.
    """
    planned_effect = instance.planned_effect_of(measure)
    stream: dict[int, int] = {}
    for year in instance.calendar.amount_years:
        amount = measure.amounts.get(year, 0)
        first = max(month_of(year), planned_effect)
        months = list(range(first, month_of(year, 12) + 1))
        if not months:
            continue
        base, remainder = divmod(amount, len(months))
        for position, month in enumerate(months):
            stream[month] = base + (1 if position < remainder else 0)
    return stream


def monthly_savings(
    instance: Instance, measure: Measure, effect_month: int, months: Iterable[int]
) -> dict[int, int]:
    """Savings in each of ``months`` when the measure takes effect in ``effect_month``."""
    stream = planned_stream(instance, measure)
    shift = effect_month - instance.planned_effect_of(measure)
    last_amount_month = month_of(instance.calendar.last_amount_year, 12)
    return {
        month: stream.get(_source_month(month - shift, last_amount_month), 0) for month in months
    }


def _source_month(month: int, last_amount_month: int) -> int:
    """The planned-stream month that ``month`` (already shifted) reads: past the source's
    last year, the same calendar month of that year."""
    if month > last_amount_month:
        return last_amount_month - 11 + (month - last_amount_month - 1) % 12
    return month


def yearly_savings(instance: Instance, measure: Measure, effect_month: int) -> dict[int, int]:
    """Savings per calendar year of the horizon when the measure takes effect then."""
    return yearly_savings_by_effect(instance, measure, [effect_month])[effect_month]


def yearly_savings_by_effect(
    instance: Instance, measure: Measure, effect_months: Iterable[int]
) -> dict[int, dict[int, int]]:
    """:func:`yearly_savings` for many effect months at once: effect month -> year ->
    thousand NOK. The stream is read once into prefix sums over every month any of the
    shifts reads, so each (effect month, year) total is one difference (the models ask
    this for every candidate month of thousands of measures)."""
    effects = list(effect_months)
    if not effects:
        return {}
    calendar = instance.calendar
    stream = planned_stream(instance, measure)
    planned_effect = instance.planned_effect_of(measure)
    last_amount_month = month_of(calendar.last_amount_year, 12)
    shifts = [effect - planned_effect for effect in effects]
    low = calendar.first_month - max(shifts)
    high = calendar.horizon_end - min(shifts)
    read = (
        stream.get(_source_month(month, last_amount_month), 0) for month in range(low, high + 1)
    )
    prefix = list(accumulate(read, initial=0))  # prefix[k - low]: sum over [low, k)
    years = [
        (
            year,
            max(calendar.first_month, month_of(year, 1)),
            min(calendar.horizon_end, month_of(year, 12)),
        )
        for year in calendar.years
    ]
    return {
        effect: {
            year: prefix[last - shift - low + 1] - prefix[first - shift - low]
            for year, first, last in years
        }
        for effect, shift in zip(effects, shifts, strict=True)
    }


class SavingsTable:
    """Yearly savings by measure and effect month (:func:`yearly_savings_by_effect`), each
    computed once.

    The neighbourhood search of large instances builds a model of the whole instance at
    every step (all measures but one slice fixed) and scores every candidate plan; a
    measure's savings at a month are the same each time, and computing them was about half
    of a step's build on the 2 000-measure instance. Rows are keyed by measure id, so a table
    serves the instance it was made for and its variants that only fix or narrow months.
    """

    def __init__(self, instance: Instance):
        self.instance = instance
        self._rows: dict[tuple[str, int], dict[int, int]] = {}

    def by_effect(
        self, measure: Measure, effect_months: Iterable[int]
    ) -> dict[int, dict[int, int]]:
        """Effect month -> year -> thousand NOK, for these months of the measure."""
        months = list(effect_months)
        missing = [month for month in months if (measure.id, month) not in self._rows]
        for month, row in yearly_savings_by_effect(self.instance, measure, missing).items():
            self._rows[measure.id, month] = row
        return {month: self._rows[measure.id, month] for month in months}
