"""Savings of a schedule, recomputed from the data alone (no solver).

A *schedule* here is the effect month of each measure. The as-planned schedule times
every measure as the consultants did; its savings reproduce the source's tables.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field

from scheduler.data import Instance, Measure
from scheduler.result import Plan, ScheduledMeasure
from scheduler.savings import SavingsTable, monthly_savings, yearly_savings

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
    shortfall_by_year: YearlyAmounts = Field(description="max(0, target - savings), nominal.")
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
        savings = yearly_savings(instance, measure, effect_by_measure[measure.id])
        share = instance.colours[measure.colour].realisation_pct
        if not measure.in_chapter_sum:
            group_outside = outside.setdefault(measure.group, dict(zero))
            for year in years:
                group_outside[year] += savings[year]
            continue
        section = by_section[instance.section_of(measure)]
        group = by_group[measure.group]
        for year in years:
            total[year] += savings[year]
            weighted[year] += savings[year] * share // 100
            section[year] += savings[year]
            group[year] += savings[year]
    targets = {target.year: target.amount for target in instance.targets}
    return SavingsReport(
        savings_by_year=total,
        risk_weighted_by_year=weighted,
        savings_by_section=by_section,
        savings_by_group=by_group,
        outside_sums_by_group=outside,
        targets=targets,
        shortfall_by_year=_shortfall(targets, total),
        risk_weighted_shortfall_by_year=_shortfall(targets, weighted),
    )


def _shortfall(targets: YearlyAmounts, savings: YearlyAmounts) -> YearlyAmounts:
    return {year: max(0, amount - savings.get(year, 0)) for year, amount in targets.items()}


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
        share = instance.colours[measure.colour].realisation_pct
        effect = effect_by_measure[measure.id]
        savings = (
            table.by_effect(measure, [effect])[effect]
            if table is not None
            else yearly_savings(instance, measure, effect)
        )
        for year in weighted:
            weighted[year] += savings[year] * share
    return weighted


def objective_values(
    instance: Instance, effect_by_measure: Mapping[str, int], table: SavingsTable | None = None
) -> ObjectiveValues:
    """Score a schedule on the lexicographic objective, in the solver's units (10 NOK)."""
    weighted = risk_weighted_by_year(instance, effect_by_measure, table)
    shortfall = sum(
        target.weight * max(0, 100 * target.amount - weighted[target.year])
        for target in instance.targets
        if target.year in weighted
    )
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
        share = instance.colours[measure.colour].realisation_pct / 100
        by_month = monthly_savings(instance, measure, effect_by_measure[measure.id], months)
        for month, amount in by_month.items():
            nominal[month] += amount
            weighted[month] += amount * share
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
