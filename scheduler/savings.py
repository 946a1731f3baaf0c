"""Savings semantics: what a measure saves in each month, as a function of its effect month.

The source gives each measure's savings per calendar year (2025-2028), timed as the
consultants timed it. We turn that into monthly *planned streams* and say how each part of
the amounts behaves when the measure moves (docs/savings.md):

1. The planned effect month ``e0`` is the month the consultants' timing starts to save:
   stated in the source, or read from the run rate's amounts
   (:meth:`scheduler.data.Instance.planned_effect_of`).
2. Each part's amount in year ``y`` is spread evenly, in whole thousand NOK, over the months
   of ``y`` from ``max(January y, e0)`` to December (the whole year when ``e0`` comes
   after it, e.g. an investment the year before the effect); the remainder of the integer
   division goes one unit each to the first months. Every year sums exactly to the source.
3. A measure taking effect in ``e = e0 + k``:
   - run rate and investment move with it: month ``t`` saves what the planned stream saves
     in ``t - k``; after the last amount year each month repeats that year's same month;
   - a one-off is booked in its planned months if ``e`` is at most its ``until``, and is
     lost otherwise; it never repeats;
   - a calendar-bound part stays in its months and is booked from ``e`` on: a later
     effect loses the months before it, an earlier one gains nothing; after the last amount
     year it repeats like a run rate.
4. Risk: savings count at the colour's realisation share, investments in full.

Evaluating every measure at ``e0`` reproduces the source's yearly amounts exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate

from scheduler.data import ComponentKind, Instance, Measure, month_of

MOVING = (None, ComponentKind.INVESTMENT)
"""Parts that move with the measure (None: the run rate)."""


@dataclass(frozen=True)
class Part:
    """One part of a measure's amounts: the run rate (``kind`` None) or a component."""

    kind: ComponentKind | None
    amounts: dict[int, int]
    last_effect: int | None = None  # one-off: the last effect month that books it

    @property
    def risk_weighted(self) -> bool:
        """Savings are weighted by the realisation share; investment costs are not."""
        return self.kind != ComponentKind.INVESTMENT


def parts_of(measure: Measure) -> list[Part]:
    """The run rate (if any) and the measure's components."""
    parts = [Part(None, measure.run_rate_amounts)] if measure.run_rate_amounts else []
    return parts + [
        Part(
            c.kind,
            dict(c.amounts),
            c.last_effect if c.kind == ComponentKind.ONE_OFF else None,
        )
        for c in measure.components
    ]


def _spread(amounts: dict[int, int], planned_effect: int) -> dict[int, int]:
    """Monthly stream of yearly amounts (rule 2 of the module docstring)."""
    stream: dict[int, int] = {}
    for year, amount in amounts.items():
        first = max(month_of(year), planned_effect)
        if first > month_of(year, 12):
            first = month_of(year)
        months = range(first, month_of(year, 12) + 1)
        base, remainder = divmod(amount, len(months))
        for position, month in enumerate(months):
            stream[month] = base + (1 if position < remainder else 0)
    return stream


def planned_stream(instance: Instance, measure: Measure) -> dict[int, int]:
    """Monthly savings (absolute month -> thousand NOK) of the consultants' timing, all
    parts together. Covers the amount years only; :func:`monthly_savings` extends it."""
    planned_effect = instance.planned_effect_of(measure)
    stream: dict[int, int] = {}
    for part in parts_of(measure):
        for month, amount in _spread(part.amounts, planned_effect).items():
            stream[month] = stream.get(month, 0) + amount
    return stream


class _PartReader:
    """Reads one part's savings in any month for any effect month (rule 3)."""

    def __init__(self, instance: Instance, measure: Measure, part: Part):
        self.part = part
        self.planned_effect = instance.planned_effect_of(measure)
        self.stream = _spread(part.amounts, self.planned_effect)
        self.last_amount_month = month_of(instance.calendar.last_amount_year, 12)

    def _repeated(self, month: int) -> int:
        """The planned stream at ``month``; past the last amount year, the same calendar
        month of that year."""
        if month > self.last_amount_month:
            month = self.last_amount_month - 11 + (month - self.last_amount_month - 1) % 12
        return self.stream.get(month, 0)

    def at(self, effect: int, month: int) -> int:
        kind = self.part.kind
        if kind in MOVING:
            return self._repeated(month - (effect - self.planned_effect))
        if kind == ComponentKind.ONE_OFF:
            assert self.part.last_effect is not None
            return self.stream.get(month, 0) if effect <= self.part.last_effect else 0
        # calendar-bound: the source's months, from the effect on; never more than those
        return self._repeated(month) if month >= effect else 0

    def yearly(self, effects: list[int], years: list[tuple[int, int, int]]) -> dict[int, list[int]]:
        """Effect month -> the part's amount in each of ``years`` (year, first, last
        month), through prefix sums over every month any effect reads: the models ask this
        for every candidate month of thousands of measures."""
        if self.part.kind == ComponentKind.ONE_OFF:
            booked = [
                sum(self.stream.get(month, 0) for month in range(first, last + 1))
                for _, first, last in years
            ]
            assert self.part.last_effect is not None
            return {e: booked if e <= self.part.last_effect else [0] * len(years) for e in effects}
        low = min(first for _, first, _ in years)
        high = max(last for _, _, last in years)
        if self.part.kind in MOVING:
            shifts = [effect - self.planned_effect for effect in effects]
            low, high = low - max(shifts), high - min(shifts)
            read = (self._repeated(month) for month in range(low, high + 1))
            prefix = list(accumulate(read, initial=0))  # prefix[k - low]: sum over [low, k)
            return {
                effect: [
                    prefix[last - shift - low + 1] - prefix[first - shift - low]
                    for _, first, last in years
                ]
                for effect, shift in zip(effects, shifts, strict=True)
            }
        read = (self.at(low, month) for month in range(low, high + 1))
        prefix = list(accumulate(read, initial=0))
        return {
            effect: [
                prefix[last - low + 1] - prefix[min(max(first, effect), last + 1) - low]
                for _, first, last in years
            ]
            for effect in effects
        }


def monthly_savings(
    instance: Instance, measure: Measure, effect_month: int, months: Iterable[int]
) -> dict[int, int]:
    """Savings in each of ``months`` when the measure takes effect in ``effect_month``."""
    readers = [_PartReader(instance, measure, part) for part in parts_of(measure)]
    return {month: sum(r.at(effect_month, month) for r in readers) for month in months}


def weighted_monthly_savings(
    instance: Instance, measure: Measure, effect_month: int, months: Iterable[int]
) -> dict[int, int]:
    """Risk-weighted savings in each of ``months``, in 10 NOK (1/100 thousand NOK)."""
    share = instance.realisation_of(measure)
    readers = [_PartReader(instance, measure, part) for part in parts_of(measure)]
    return {
        month: sum(
            r.at(effect_month, month) * (share if r.part.risk_weighted else 100) for r in readers
        )
        for month in months
    }


@dataclass(frozen=True)
class YearlySavings:
    """A measure's savings per calendar year at one effect month: nominal (thousand NOK)
    and risk-weighted (10 NOK, exact: savings times the realisation percentage,
    investments times 100)."""

    nominal: dict[int, int]
    weighted: dict[int, int]


def savings_by_effect(
    instance: Instance, measure: Measure, effect_months: Iterable[int]
) -> dict[int, YearlySavings]:
    """Effect month -> the measure's yearly savings, nominal and risk-weighted, for every
    calendar year of the horizon."""
    effects = list(effect_months)
    if not effects:
        return {}
    calendar = instance.calendar
    years = [
        (
            year,
            max(calendar.first_month, month_of(year, 1)),
            min(calendar.horizon_end, month_of(year, 12)),
        )
        for year in calendar.years
    ]
    share = instance.realisation_of(measure)
    nominal = {effect: [0] * len(years) for effect in effects}
    weighted = {effect: [0] * len(years) for effect in effects}
    for part in parts_of(measure):
        factor = share if part.risk_weighted else 100
        for effect, amounts in _PartReader(instance, measure, part).yearly(effects, years).items():
            for index, amount in enumerate(amounts):
                nominal[effect][index] += amount
                weighted[effect][index] += amount * factor
    names = [year for year, _, _ in years]
    return {
        effect: YearlySavings(
            dict(zip(names, nominal[effect], strict=True)),
            dict(zip(names, weighted[effect], strict=True)),
        )
        for effect in effects
    }


def yearly_savings_by_effect(
    instance: Instance, measure: Measure, effect_months: Iterable[int]
) -> dict[int, dict[int, int]]:
    """Effect month -> year -> nominal thousand NOK."""
    return {e: s.nominal for e, s in savings_by_effect(instance, measure, effect_months).items()}


def weighted_savings_by_effect(
    instance: Instance, measure: Measure, effect_months: Iterable[int]
) -> dict[int, dict[int, int]]:
    """Effect month -> year -> risk-weighted savings in 10 NOK."""
    return {e: s.weighted for e, s in savings_by_effect(instance, measure, effect_months).items()}


def yearly_savings(instance: Instance, measure: Measure, effect_month: int) -> dict[int, int]:
    """Nominal savings per calendar year of the horizon when the measure takes effect then."""
    return yearly_savings_by_effect(instance, measure, [effect_month])[effect_month]


class SavingsTable:
    """Yearly savings by measure and effect month (:func:`savings_by_effect`), each
    computed once.

    The neighbourhood search of large instances builds a model of the whole instance at
    every step (all measures but one slice fixed) and scores every candidate plan; a
    measure's savings at a month are the same each time, and computing them was about half
    of a step's build on the 2 000-measure instance. Rows are keyed by measure id, so a table
    serves the instance it was made for and its variants that only fix or narrow months.
    """

    def __init__(self, instance: Instance):
        self.instance = instance
        self._rows: dict[tuple[str, int], YearlySavings] = {}

    def _fill(self, measure: Measure, months: list[int]) -> None:
        missing = [month for month in months if (measure.id, month) not in self._rows]
        for month, row in savings_by_effect(self.instance, measure, missing).items():
            self._rows[measure.id, month] = row

    def by_effect(
        self, measure: Measure, effect_months: Iterable[int]
    ) -> dict[int, dict[int, int]]:
        """Effect month -> year -> nominal thousand NOK, for these months of the measure."""
        months = list(effect_months)
        self._fill(measure, months)
        return {month: self._rows[measure.id, month].nominal for month in months}

    def weighted_by_effect(
        self, measure: Measure, effect_months: Iterable[int]
    ) -> dict[int, dict[int, int]]:
        """Effect month -> year -> risk-weighted savings in 10 NOK."""
        months = list(effect_months)
        self._fill(measure, months)
        return {month: self._rows[measure.id, month].weighted for month in months}
