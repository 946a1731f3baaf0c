"""Savings of a schedule, recomputed from the data alone (no solver).

A *schedule* here is the effect month of each measure. The as-planned schedule times
every measure as the consultants did; its savings reproduce the source's tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise

from pydantic import BaseModel, ConfigDict, Field

from scheduler.data import Instance, Measure
from scheduler.result import Plan, ScheduledMeasure
from scheduler.savings import (
    SavingsTable,
    monthly_savings,
    savings_by_effect,
    weighted_monthly_savings,
    weighted_savings_by_effect,
)

YearlyAmounts = dict[int, int]


class SavingsReport(BaseModel):
    """Savings per year (thousand NOK) of one schedule, in every cut people ask for.

    Totals count only measures inside the chapter sums; ``outside_sums_by_group`` shows the
    others (water and sewage) so that nothing disappears from view.
    """

    model_config = ConfigDict(frozen=True)

    savings_by_year: YearlyAmounts
    risk_weighted_by_year: YearlyAmounts = Field(
        description="Each measure's savings times its colour's realisation share, rounded down."
    )
    savings_by_section: dict[str, YearlyAmounts]
    savings_by_group: dict[str, YearlyAmounts]
    outside_sums_by_group: dict[str, YearlyAmounts]
    targets: YearlyAmounts
    carried_by_year: YearlyAmounts = Field(
        description="Shortfall carried into each target year from the one before, nominal."
    )
    risk_weighted_carried_by_year: YearlyAmounts
    shortfall_by_year: YearlyAmounts = Field(
        description="max(0, target + carried - savings), nominal."
    )
    risk_weighted_shortfall_by_year: YearlyAmounts


def planned_effects(instance: Instance) -> dict[str, int]:
    """The consultants' timing: each measure's planned effect month."""
    return {measure.id: instance.planned_effect_of(measure) for measure in instance.measures}


def savings_report(instance: Instance, effect_by_measure: Mapping[str, int]) -> SavingsReport:
    """Savings of the schedule that gives each measure the effect month in the mapping."""
    years = list(instance.calendar.years)
    zero = dict.fromkeys(years, 0)
    total, weighted = dict(zero), dict(zero)
    by_section = {section.id: dict(zero) for section in instance.sections}
    by_group = {group.id: dict(zero) for group in instance.groups}
    outside: dict[str, YearlyAmounts] = {}
    for measure in instance.measures:
        effect = effect_by_measure[measure.id]
        both = savings_by_effect(instance, measure, [effect])[effect]
        savings = both.nominal
        if not measure.in_chapter_sum:
            group_outside = outside.setdefault(measure.group, dict(zero))
            for year in years:
                group_outside[year] += savings[year]
            continue
        section = by_section[instance.section_of(measure)]
        group = by_group[measure.group]
        for year in years:
            total[year] += savings[year]
            weighted[year] += both.weighted[year] // 100
            section[year] += savings[year]
            group[year] += savings[year]
    nominal_shortfall = shortfalls(instance, total)
    weighted_shortfall = shortfalls(instance, weighted)
    return SavingsReport(
        savings_by_year=total,
        risk_weighted_by_year=weighted,
        savings_by_section=by_section,
        savings_by_group=by_group,
        outside_sums_by_group=outside,
        targets={target.year: target.amount for target in instance.targets},
        carried_by_year=carried_into(instance, nominal_shortfall),
        risk_weighted_carried_by_year=carried_into(instance, weighted_shortfall),
        shortfall_by_year=nominal_shortfall,
        risk_weighted_shortfall_by_year=weighted_shortfall,
    )


def shortfalls(instance: Instance, savings: YearlyAmounts, scale: int = 1) -> YearlyAmounts:
    """Each target year's shortfall max(0, scale * target + carried - savings), where
    ``carried`` is the previous target year's shortfall if that target carries over (the
    objective's S_y, scheduler/model/objective.py). Target years outside ``savings`` (past
    the horizon) get none and carry nothing."""
    result: YearlyAmounts = {}
    carried = 0
    for target in sorted(instance.targets, key=lambda t: t.year):
        if target.year not in savings:
            carried = 0
            continue
        result[target.year] = max(0, scale * target.amount + carried - savings[target.year])
        carried = result[target.year] if target.carry_over else 0
    return result


def carried_into(instance: Instance, shortfall: YearlyAmounts) -> YearlyAmounts:
    """What each target year receives from the year before it (0 where nothing carries)."""
    targets = sorted(instance.targets, key=lambda t: t.year)
    return {
        later.year: shortfall.get(earlier.year, 0) if earlier.carry_over else 0
        for earlier, later in pairwise(targets)
        if later.year in shortfall
    }


class ObjectiveValues(BaseModel):
    """The three objective levels of a plan (see scheduler/model/objective.py), recomputed
    from the data: what the solver optimises, scored without it."""

    model_config = ConfigDict(frozen=True)

    weighted_shortfall: int
    early_savings: int
    sum_of_effect_months: int


def risk_weighted_by_year(
    instance: Instance, effect_by_measure: Mapping[str, int], table: SavingsTable | None = None
) -> YearlyAmounts:
    """W_y of the objective: each chapter-sum measure's savings times its colour's
    realisation percentage, summed per year, exact (unit 10 NOK). ``table`` reuses
    savings computed before."""
    weighted = dict.fromkeys(instance.calendar.years, 0)
    for measure in instance.measures:
        if not measure.in_chapter_sum:
            continue
        effect = effect_by_measure[measure.id]
        savings = (
            table.weighted_by_effect(measure, [effect])[effect]
            if table is not None
            else weighted_savings_by_effect(instance, measure, [effect])[effect]
        )
        for year in weighted:
            weighted[year] += savings[year]
    return weighted


def objective_values(
    instance: Instance, effect_by_measure: Mapping[str, int], table: SavingsTable | None = None
) -> ObjectiveValues:
    """Score a schedule on the lexicographic objective, in the solver's units (10 NOK)."""
    weighted = risk_weighted_by_year(instance, effect_by_measure, table)
    by_year = shortfalls(instance, weighted, scale=100)
    weights = {target.year: target.weight for target in instance.targets}
    shortfall = sum(weights[year] * value for year, value in by_year.items())
    return ObjectiveValues(
        weighted_shortfall=shortfall,
        early_savings=sum(weighted.values()),
        sum_of_effect_months=sum(effect_by_measure[m.id] for m in instance.measures),
    )


def capacity_use(instance: Instance, plan: Plan) -> dict[str, dict[int, int]]:
    """Effort used per unit (section or pool) and month, from plan start to horizon end:
    each measure loads its section (effort) and its pools (support) in [start, effect)."""
    calendar = instance.calendar
    months = range(calendar.plan_start, calendar.horizon_end + 1)
    use = {unit.id: dict.fromkeys(months, 0) for unit in instance.sections + instance.pools}
    for item in plan.measures:
        measure = instance.measure(item.id)
        loads = [(instance.section_of(measure), instance.effort_of(measure))]
        loads += list(measure.support.items())
        for unit_id, load in loads:
            for month in range(max(item.start, calendar.plan_start), item.effect):
                if month in use[unit_id]:
                    use[unit_id][month] += load
    return use


class MonthlySavings(BaseModel):
    """Savings per month (thousand NOK) of one schedule, chapter sums only: what the
    savings charts draw. Risk-weighted values are exact fractions shown as floats."""

    model_config = ConfigDict(frozen=True)

    nominal: dict[int, int]
    risk_weighted: dict[int, float]


def savings_by_month(instance: Instance, effect_by_measure: Mapping[str, int]) -> MonthlySavings:
    """Savings in every month of the horizon when each measure takes effect as mapped."""
    months = range(instance.calendar.first_month, instance.calendar.horizon_end + 1)
    nominal = dict.fromkeys(months, 0)
    weighted = dict.fromkeys(months, 0.0)
    for measure in instance.measures:
        if not measure.in_chapter_sum:
            continue
        effect = effect_by_measure[measure.id]
        by_month = monthly_savings(instance, measure, effect, months)
        weighted_by_month = weighted_monthly_savings(instance, measure, effect, months)
        for month, amount in by_month.items():
            nominal[month] += amount
            weighted[month] += weighted_by_month[month] / 100
    return MonthlySavings(nominal=nominal, risk_weighted=weighted)


def rows_by_section(instance: Instance, plan: Plan) -> list[tuple[Measure, ScheduledMeasure]]:
    """The plan's measures in reading order for charts and tables: by section in the
    instance's section order (HEV, OPP, KUL, ADM for Øvre Eiker), within a section in the
    instance's (the source's) order."""
    by_id = {item.id: item for item in plan.measures}
    section_rank = {section.id: rank for rank, section in enumerate(instance.sections)}
    measures = sorted(
        (measure for measure in instance.measures if measure.id in by_id),
        key=lambda m: section_rank[instance.section_of(m)],
    )
    return [(measure, by_id[measure.id]) for measure in measures]
