"""Plans side by side: what each achieves, what it loads, what it moves, what it needs.

Each plan comes with the instance it was made for (a scenario's plan with the scenario's
instance), so that each column is judged by its own assumptions: its targets, its
realisation shares, its capacities. Rendering is :mod:`scheduler.io.compare_documents`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from scheduler.consultants import as_planned
from scheduler.data import Instance
from scheduler.evaluate import capacity_use, savings_report
from scheduler.result import Plan, Result
from scheduler.validate import check_plan


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


@dataclass(frozen=True)
class Candidate:
    """One plan to compare: its label, the instance it was made for, and its solve."""

    label: str
    instance: Instance
    plan: Plan
    result: Result | None = None


class YearColumn(_Frozen):
    year: int
    target: int | None
    savings: int
    risk_weighted: int
    shortfall: int | None
    risk_weighted_shortfall: int | None


class UnitLoad(_Frozen):
    """A section's or pool's heaviest month and how many months it is full."""

    unit: str
    peak: int  # the most effort used in a month
    capacity: int  # the capacity in that month
    full_months: int


class Column(_Frozen):
    label: str
    instance: str
    status: str | None
    gap: float | None
    violations: int
    years: tuple[YearColumn, ...]
    loads: tuple[UnitLoad, ...]
    decisions: tuple[tuple[int, str, tuple[str, ...]], ...]  # meeting, kind, measures
    effects: dict[str, int]  # measure -> effect month


class Move(_Frozen):
    """A measure whose effect month differs between the plans."""

    id: str
    name: str
    effects: tuple[int | None, ...]  # per column; None where the plan leaves it out
    spread: int  # latest minus earliest effect month


class Comparison(_Frozen):
    columns: tuple[Column, ...]
    moves: tuple[Move, ...]  # largest spread first


def consultants_candidate(instance: Instance, label: str) -> Candidate:
    """The consultants' own timing as a column."""
    return Candidate(label, instance, as_planned(instance))


def compare(candidates: Sequence[Candidate]) -> Comparison:
    columns = tuple(_column(candidate) for candidate in candidates)
    names = {m.id: m.name for c in candidates for m in c.instance.measures}
    moves = []
    for measure_id, name in names.items():
        effects = tuple(column.effects.get(measure_id) for column in columns)
        present = [effect for effect in effects if effect is not None]
        spread = max(present) - min(present) if present else 0
        if spread or len(present) < len(effects):
            moves.append(Move(id=measure_id, name=name, effects=effects, spread=spread))
    return Comparison(
        columns=columns, moves=tuple(sorted(moves, key=lambda move: (-move.spread, move.id)))
    )


def _column(candidate: Candidate) -> Column:
    instance, plan, result = candidate.instance, candidate.plan, candidate.result
    report = savings_report(instance, plan.effect_by_measure())
    years = tuple(
        YearColumn(
            year=year,
            target=report.targets.get(year),
            savings=report.savings_by_year[year],
            risk_weighted=report.risk_weighted_by_year[year],
            shortfall=report.shortfall_by_year.get(year),
            risk_weighted_shortfall=report.risk_weighted_shortfall_by_year.get(year),
        )
        for year in report.savings_by_year
    )
    use = capacity_use(instance, plan)
    loads = []
    for unit in instance.sections + instance.pools:
        months = use[unit.id]
        peak = max(months, key=lambda month: (months[month], -month), default=None)
        loads.append(
            UnitLoad(
                unit=unit.id,
                peak=months[peak] if peak is not None else 0,
                capacity=unit.capacity_in(peak) if peak is not None else unit.capacity,
                full_months=sum(
                    1 for month, used in months.items() if used >= unit.capacity_in(month) > 0
                ),
            )
        )
    meetings: dict[tuple[int, str], list[str]] = {}
    for item in plan.measures:
        measure = instance.measure(item.id)
        if item.decision_meeting is not None:
            kind = "budget" if measure.budget_decision else "council"
            meetings.setdefault((item.decision_meeting, kind), []).append(item.id)
    return Column(
        label=candidate.label,
        instance=instance.name,
        status=result.status.value if result is not None else None,
        gap=result.gap if result is not None else None,
        violations=len(check_plan(instance, plan)),
        years=years,
        loads=tuple(loads),
        decisions=tuple(
            (month, kind, tuple(ids)) for (month, kind), ids in sorted(meetings.items())
        ),
        effects=plan.effect_by_measure(),
    )
