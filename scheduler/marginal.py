"""Marginal values, by re-solving: what one more unit of capacity in a year is worth, and
what a month's delay of a council decision costs.

Each answer is a what-if: the instance changed in one respect (a scenario made in code,
validated like any other), solved again to optimality, and set beside the plan of the
instance as it is. The change in the weighted shortfall (the first objective level) is
never positive for more capacity when both solves are proven optimal: the old plan stays
feasible. The savings per target year may move either way (the plan trades years against
each other by the targets' weights), so they are given as they come.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from scheduler.data import Instance, format_month, month_of
from scheduler.evaluate import savings_report
from scheduler.io.instance import instance_from_dict
from scheduler.model.solver import solve
from scheduler.result import Result, SolveStatus
from scheduler.scenario import Scenario, apply


@dataclass(frozen=True)
class Answer:
    """One what-if: what changed, and what that does to the plan."""

    subject: str  # a section or pool id, or a measure id
    kind: str  # "capacity" (one unit more in ``year``) or "delay" (decided a month later)
    year: int | None
    shortfall_change: int  # weighted shortfall (10 NOK x year weight): negative is better
    nominal: dict[int, int]  # change of savings per target year, thousand NOK
    risk_weighted: dict[int, int]
    proven: bool  # both solves proven optimal


@dataclass(frozen=True)
class Baseline:
    result: Result
    nominal: dict[int, int]
    risk_weighted: dict[int, int]


def baseline(instance: Instance, time_limit: float, seed: int = 0) -> Baseline:
    result = solve(instance, time_limit=time_limit, seed=seed)
    assert result.plan is not None, "the instance as it is has no plan"
    report = savings_report(instance, result.plan.effect_by_measure())
    return Baseline(result, report.savings_by_year, report.risk_weighted_by_year)


def capacity_values(
    instance: Instance, base: Baseline, years: Sequence[int], time_limit: float, seed: int = 0
) -> list[Answer]:
    """One more unit of capacity for each section and pool in each of ``years``."""
    answers = []
    for unit in instance.sections + instance.pools:
        for year in years:
            first = max(month_of(year), instance.calendar.first_month)
            last = min(month_of(year, 12), instance.calendar.horizon_end)
            change = {"capacity": [{"unit": unit.id, "first": format_month(first),
                                    "last": format_month(last), "add": 1}]}  # fmt: skip
            answers.append(
                _answer(instance, base, (unit.id, "capacity", year), change, time_limit, seed)
            )
    return answers


def delay_values(
    instance: Instance, base: Baseline, time_limit: float, seed: int = 0
) -> list[Answer]:
    """For each measure decided by the council in the plan: its effect a month later than
    the plan has it (an earliest effect), everything else re-planned."""
    assert base.result.plan is not None
    answers = []
    for item in base.result.plan.measures:
        measure = instance.measure(item.id)
        latest = min(instance.calendar.horizon_end, measure.latest_effect or item.effect + 1)
        if item.decision_meeting is None or item.effect + 1 > latest:
            continue
        later = {"measures": {item.id: {"earliest_effect": format_month(item.effect + 1)}}}
        answers.append(
            _answer(instance, base, (measure.id, "delay", None), later, time_limit, seed)
        )
    return answers


def _answer(
    instance: Instance,
    base: Baseline,
    what: tuple[str, str, int | None],
    changes: dict[str, Any],
    time_limit: float,
    seed: int,
) -> Answer:
    subject, kind, year = what
    name = f"{subject} {kind} {year or ''}".strip()
    scenario = Scenario.model_validate(
        {"name": name, "base": "(in memory)", **changes}, context={"from_file": True}
    )
    changed = instance_from_dict(apply(instance, scenario), f"what-if: {name}")
    result = solve(changed, time_limit=time_limit, seed=seed)
    assert result.plan is not None  # more capacity or a later effect keeps a plan possible
    report = savings_report(changed, result.plan.effect_by_measure())
    before = base.result.levels[0].value
    return Answer(
        subject=subject,
        kind=kind,
        year=year,
        shortfall_change=result.levels[0].value - before,
        nominal=_difference(report.savings_by_year, base.nominal, instance),
        risk_weighted=_difference(report.risk_weighted_by_year, base.risk_weighted, instance),
        proven=result.status == SolveStatus.OPTIMAL and base.result.status == SolveStatus.OPTIMAL,
    )


def _difference(
    after: dict[int, int], before: dict[int, int], instance: Instance
) -> dict[int, int]:
    return {t.year: after.get(t.year, 0) - before.get(t.year, 0) for t in instance.targets}
