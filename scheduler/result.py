"""Solver-free results: a plan and what the solver proved about it.

Nothing here refers to OR-Tools; io, plots, the validator and the CLI read only these.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from scheduler.data import Month

YearlyAmounts = dict[int, int]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SolveStatus(StrEnum):
    OPTIMAL = "optimal"  # every objective level proven optimal
    FEASIBLE = "feasible"  # a plan, but some level not proven optimal in the time limit
    INFEASIBLE = "infeasible"  # proven: no plan satisfies every rule (see explanation)
    UNKNOWN = "unknown"  # no plan found and nothing proven in the time limit


class ScheduledMeasure(_Frozen):
    """When one measure is worked on and when it takes effect."""

    id: str
    start: Month = Field(description="First month of preparation work.")
    effect: Month = Field(description="First month the savings stream runs at the new timing.")
    decision_meeting: Month | None = Field(
        default=None, description="Council (or budget) meeting that decides it, if it needs one."
    )


class ObjectiveLevel(_Frozen):
    """One level of the lexicographic objective, in its own units."""

    name: str
    sense: str = Field(description="'min' or 'max'.")
    value: int
    bound: int = Field(description="Proven bound: no plan does better than this.")
    gap: float = Field(description="|value - bound| / max(1, |value|).")
    unit: str


class Plan(_Frozen):
    """A schedule of every measure. The savings are recomputed from the data when scored."""

    instance: str = Field(description="Name of the instance the plan is for.")
    measures: tuple[ScheduledMeasure, ...]

    def effect_by_measure(self) -> dict[str, int]:
        return {item.id: item.effect for item in self.measures}


class Result(_Frozen):
    """What a planning method returns: status, proven bound, gap and the plan."""

    method: str = Field(description="'cp-sat' or 'greedy'.")
    status: SolveStatus
    objective: int | None = Field(description="Value of the first objective level.")
    bound: int | None = Field(description="Proven bound of the first objective level.")
    gap: float | None = Field(description="Largest gap over the objective levels.")
    levels: tuple[ObjectiveLevel, ...] = ()
    runtime_seconds: float = Field(
        default=0.0,
        description="Wall-clock seconds. Left out of plan.json (which must be identical for "
        "the same input and seed) and written to run.json instead.",
    )
    solver_version: str = ""
    seed: int = 0
    workers: int = 1
    plan: Plan | None = None
    explanation: tuple[str, ...] = Field(
        default=(),
        description="In domain words: why no plan exists (infeasible instances), or how the "
        "plan was found when not by one proven solve (warm-start fallback, large instances).",
    )
