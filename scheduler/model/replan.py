"""Re-planning as of a month: keep what has happened, re-optimise the rest, move little.

As of month ``A``, a measure whose work started before ``A``, or whose decision meeting
came before it, is frozen: it takes effect where the earlier plan (or the actuals) put
it. Every other measure can start from ``A`` at the earliest. The rest is re-optimised on
both objective levels; then, among the plans optimal on both, the one that moves the
fewest months from the earlier plan (summed over the measures not frozen) is chosen, so
that a re-plan changes only what it must.

The changes are a scenario (:mod:`scheduler.scenario`): ``plan_start`` = ``A`` and a
``fixed_effect`` per frozen measure, written beside the results so that the re-plan can
be read, rerun and drawn like any other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scheduler.data import Instance, format_month
from scheduler.model.candidates import TolerantModel
from scheduler.model.solver import solve
from scheduler.result import Plan, Result


@dataclass(frozen=True)
class Replan:
    result: Result
    frozen: tuple[str, ...]
    moved: dict[str, tuple[int, int]]  # measure -> (earlier effect, new effect)


def frozen_measures(plan: Plan, as_of: int, actuals: Mapping[str, int]) -> dict[str, int]:
    """The measures started or decided before ``as_of``, and the actual ones, with the
    effect month each keeps (an actual month wins over the plan's)."""
    kept = {
        item.id: item.effect
        for item in plan.measures
        if item.start < as_of
        or (item.decision_meeting is not None and item.decision_meeting < as_of)
    }
    return {**kept, **actuals}


def replan_changes(
    name: str, description: str, base: str, plan: Plan, as_of: int, actuals: Mapping[str, int]
) -> dict[str, Any]:
    """The scenario (as plain data) of a re-plan: ``base`` is the instance file's path as
    the scenario file will name it."""
    return {
        "name": name,
        "description": description,
        "base": base,
        "plan_start": format_month(as_of),
        "measures": {
            measure: {"fixed_effect": format_month(effect)}
            for measure, effect in sorted(frozen_measures(plan, as_of, actuals).items())
        },
    }


def replan(
    instance: Instance, earlier: Plan, frozen: tuple[str, ...], time_limit: float, seed: int = 0
) -> Replan:
    """Re-optimise ``instance`` (the re-plan scenario applied), then move as little as
    possible from ``earlier`` among the plans optimal on both levels."""
    best = solve(instance, time_limit=time_limit / 2, seed=seed)
    if best.plan is None:
        return Replan(best, frozen, {})
    before = earlier.effect_by_measure()
    free = {m.id: before[m.id] for m in instance.measures if m.id not in frozen}
    model = TolerantModel(instance, best, tolerance=0.0)
    closest = model.solve(model.distance_to(free), maximise=False, time_limit=time_limit / 2)
    result = best
    if closest is not None and closest.plan is not None:
        result = best.model_copy(
            update={
                "plan": closest.plan,
                "runtime_seconds": best.runtime_seconds + closest.runtime_seconds,
            }
        )
    assert result.plan is not None
    after = result.plan.effect_by_measure()
    moved = {m: (before[m], after[m]) for m in free if before[m] != after[m]}
    return Replan(result, frozen, moved)
