"""What a batch's rows say: which parameter moves the savings most, and how likely each
target is met under the batch's points.

Pure data from the rows table (``rows.parquet`` of :mod:`scheduler.batch_run`); charts
are :mod:`scheduler.plots.batch`, the documents :mod:`scheduler.io.batch_documents`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

PARAMETER_PREFIX = "p:"
SOLVED = ("optimal", "feasible", "valid", "invalid")
"""Statuses whose rows have figures (a failed or infeasible point has none)."""


@dataclass(frozen=True)
class Swing:
    """A parameter's effect on one figure: the figure's mean at each of its values."""

    parameter: str
    means: dict[float, float]  # value -> mean of the figure over the rows with that value

    @property
    def low(self) -> float:
        return min(self.means.values())

    @property
    def high(self) -> float:
        return max(self.means.values())

    @property
    def width(self) -> float:
        return self.high - self.low


@dataclass(frozen=True)
class Attainment:
    year: int
    target_met: float  # share of rows with no nominal shortfall
    risk_weighted_met: float  # share of rows with no risk-weighted shortfall


@dataclass(frozen=True)
class BatchSummary:
    rows: int
    with_figures: int
    statuses: dict[str, int]
    parameters: list[str]
    years: list[int]
    swings: dict[str, list[Swing]]  # figure -> the parameters, widest swing first
    attainment: list[Attainment]
    figures: pd.DataFrame  # the rows with figures


def parameters(rows: pd.DataFrame) -> list[str]:
    return [
        column.removeprefix(PARAMETER_PREFIX)
        for column in rows
        if column.startswith(PARAMETER_PREFIX)
    ]


def summarise(rows: pd.DataFrame) -> BatchSummary:
    figures = rows[rows["status"].isin(SOLVED)]
    years = sorted(
        int(column.removeprefix("shortfall_")) for column in rows if column.startswith("shortfall_")
    )
    names = parameters(rows)
    swings = {}
    for figure in [f"risk_weighted_{year}" for year in years] + [
        f"savings_{year}" for year in years
    ]:
        found = []
        for name in names:
            column = PARAMETER_PREFIX + name
            if figures[column].nunique() > 1:
                means = figures.groupby(column)[figure].mean()
                found.append(Swing(name, {float(k): float(v) for k, v in means.items()}))
        swings[figure] = sorted(found, key=lambda swing: -swing.width)
    attainment = [
        Attainment(
            year=year,
            target_met=float((figures[f"shortfall_{year}"] == 0).mean()) if len(figures) else 0.0,
            risk_weighted_met=float((figures[f"risk_weighted_shortfall_{year}"] == 0).mean())
            if len(figures)
            else 0.0,
        )
        for year in years
    ]
    return BatchSummary(
        rows=len(rows),
        with_figures=len(figures),
        statuses={str(k): int(v) for k, v in rows["status"].value_counts().items()},
        parameters=names,
        years=years,
        swings=swings,
        attainment=attainment,
        figures=figures,
    )
