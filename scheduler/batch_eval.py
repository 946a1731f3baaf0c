"""Evaluating one plan under many draws of realisation shares and targets, vectorised.

With the plan fixed, a measure's savings in a year are a fixed amount of risk-weighted
parts times its realisation share plus its other parts (investments, counted in full):
``weighted[i, y] = risky[i, y] * share[i] + other[i, y]`` (in 10 NOK). The year's
risk-weighted savings are the sum of each measure's, rounded down per measure as the
savings report rounds them, and the shortfalls follow the targets with their carry-over.
So a draw that changes only shares and targets costs a few array operations instead of an
instance built, validated and scored: the rows are the same as the general path's
(:func:`scheduler.batch_run.run_task`; a test compares them).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from scheduler.batch_run import Task
from scheduler.data import Instance
from scheduler.evaluate import shortfalls
from scheduler.result import Plan
from scheduler.savings import savings_by_effect
from scheduler.validate import check_plan

FAST_PARAMETERS = ("realisation_pct.", "targets.")
"""Parameters the vectorised path handles (with ``measures.<id>.realisation_pct``)."""


def vectorisable(parameters: Iterable[str]) -> bool:
    return all(
        name.startswith(FAST_PARAMETERS)
        or (name.startswith("measures.") and name.endswith(".realisation_pct"))
        for name in parameters
    )


@dataclass(frozen=True)
class PlanSavings:
    """The plan's savings split into what realisation shares scale and what they do not."""

    base: Instance
    measures: list[str]  # inside the chapter sums, in order
    years: list[int]
    nominal: dict[int, int]  # per year, all counted measures (no share in it)
    risky: np.ndarray  # measures x years, thousand NOK of risk-weighted parts
    other: np.ndarray  # measures x years, 10 NOK of parts counted in full
    status: str
    reason: str


def plan_savings(base: Instance, plan: Plan) -> PlanSavings:
    years = list(base.calendar.years)
    counted = [m for m in base.measures if m.in_chapter_sum]
    effects = plan.effect_by_measure()
    # The same instance with every share 0 and 100 gives the two parts apart.
    none, full = (_with_share(base, share) for share in (0, 100))
    # the copies' own measures: a copied instance may keep the original's lookup table
    plain = {m.id: m for m in none.measures}
    risky = np.zeros((len(counted), len(years)), dtype=np.int64)
    other = np.zeros_like(risky)
    nominal = dict.fromkeys(years, 0)
    for row, measure in enumerate(counted):
        effect = effects[measure.id]
        without = savings_by_effect(none, plain[measure.id], [effect])[effect]
        with_all = savings_by_effect(full, plain[measure.id], [effect])[effect]
        for column, year in enumerate(years):
            other[row, column] = without.weighted[year]
            risky[row, column] = (with_all.weighted[year] - without.weighted[year]) // 100
            nominal[year] += without.nominal[year]
    violations = check_plan(base, plan)
    return PlanSavings(
        base=base,
        measures=[m.id for m in counted],
        years=years,
        nominal=nominal,
        risky=risky,
        other=other,
        status="valid" if not violations else "invalid",
        reason=str(violations[0]) if violations else "",
    )


def _with_share(instance: Instance, share: int) -> Instance:
    """Every colour at ``share`` and no measure's own share: plain arithmetic on a valid
    instance (shares 0 and 100 are valid), so no validation is skipped that could fail."""
    colours = {
        c: spec.model_copy(update={"realisation_pct": share})
        for c, spec in instance.colours.items()
    }
    measures = tuple(m.model_copy(update={"realisation_pct": None}) for m in instance.measures)
    return instance.model_copy(update={"colours": colours, "measures": measures})


def evaluate_point(savings: PlanSavings, data: dict[str, Any]) -> dict[str, Any]:
    """The row figures of one point, given its scenario changes (as
    :func:`scheduler.batch_run.run_task` gives them when it evaluates the plan)."""
    base = savings.base
    colour_shares = {c.value: spec.realisation_pct for c, spec in base.colours.items()}
    colour_shares |= data.get("realisation_pct", {})
    own = data.get("measures", {})
    shares = np.array(
        [
            own.get(m, {}).get("realisation_pct", _share(base, m, colour_shares))
            for m in savings.measures
        ],
        dtype=np.int64,
    )
    weighted = savings.risky * shares[:, None] + savings.other  # 10 NOK
    report_weighted = dict(zip(savings.years, (weighted // 100).sum(axis=0).tolist(), strict=True))
    exact = dict(zip(savings.years, weighted.sum(axis=0).tolist(), strict=True))
    targets = _Targets(base, data.get("targets", {}))
    nominal_short = shortfalls(targets, savings.nominal)  # type: ignore[arg-type]
    weighted_short = shortfalls(targets, report_weighted)  # type: ignore[arg-type]
    by_year = shortfalls(targets, exact, scale=100)  # type: ignore[arg-type]
    weights = {target.year: target.weight for target in base.targets}
    row: dict[str, Any] = {
        "status": savings.status,
        "reason": savings.reason,
        "objective": sum(weights[year] * value for year, value in by_year.items()),
    }
    for target in base.targets:
        year = target.year
        row[f"savings_{year}"] = savings.nominal.get(year)
        row[f"risk_weighted_{year}"] = report_weighted.get(year)
        row[f"shortfall_{year}"] = nominal_short.get(year)
        row[f"risk_weighted_shortfall_{year}"] = weighted_short.get(year)
    return row


def _share(base: Instance, measure_id: str, colour_shares: dict[str, int]) -> int:
    measure = base.measure(measure_id)
    if measure.realisation_pct is not None:
        return measure.realisation_pct
    return colour_shares[measure.colour.value]


class _Targets:
    """The base's targets with a point's amounts: what :func:`shortfalls` reads."""

    def __init__(self, base: Instance, amounts: dict[int, int]):
        self.targets = tuple(
            t.model_copy(update={"amount": amounts.get(t.year, t.amount)}) for t in base.targets
        )


def evaluated(
    savings: PlanSavings, tasks: Iterable[Task]
) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Each task's row, in the columns of :func:`scheduler.batch_run.run_task`."""
    for task in tasks:
        started = time.perf_counter()
        row: dict[str, Any] = {"index": task.index, **{f"p:{k}": v for k, v in task.point.items()}}
        row |= {"seed": task.seed, "input_hash": task.input_hash}
        row |= evaluate_point(savings, task.changes)
        yield row | {"runtime": time.perf_counter() - started}, []
