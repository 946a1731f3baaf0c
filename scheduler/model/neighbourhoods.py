"""Large neighbourhood search by section, for savings models too large for one LP search.

Above about 50 000 candidate effect months the LP of the whole time-indexed model does not
solve in minutes (docs/benchmarks.md). Each step here frees the measures of one section
or of one support pool (or a slice of a large one), fixes every other measure at its
month in the incumbent plan, and solves that model exactly as the small instances are
solved (LP search, warm-started from the incumbent). Fixing measures only removes plans,
so every plan of a step is a plan of the instance, and its objective, which still counts
every measure, is the instance's objective. The fixed measures are not in the step's
model: they enter as background (capacity used, savings, windows from their dependencies,
background.py), so a step's model has the size of its slice, not of the instance.
Sections are the natural neighbourhoods: a section's measures share its capacity, and
most dependencies stay inside one section; the users of a pool come from several
sections, so their steps move what ties them together.

Measured on the 2 000-measure synthetic instance (docs/benchmarks.md, session 9): from the
greedy plan's 194.9 M these steps reach a weighted shortfall of about 174.0 M in 120 s.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from scheduler.data import Instance
from scheduler.evaluate import objective_values
from scheduler.model.background import sliced
from scheduler.model.savings_model import SavingsModel
from scheduler.result import Plan
from scheduler.rules import effect_windows, plan_of
from scheduler.savings import SavingsTable

NEIGHBOURHOOD_BOOLEANS = 12_000
"""At most this many free candidate months per step: a whole section (6 000-9 000 on the
2 000-measure instance) or pool. Measured there at 120 s, 1 worker (docs/benchmarks.md,
session 9): 174.05 M with 12 000 against 186.40 M with slices of 3 000, which stopped
in a plan no slice could improve while each whole section still could, and 184.72 M
with slices doubling from 3 000 whenever a sweep improved nothing. (On the generator's
earlier instance, whose savings could rise with delay, 3 000 had been better: 34.35
against 35.85 M.)"""

STEP_WORK = 1.0
"""CP-SAT's deterministic time per stage of a step (on the 2 000-measure instance, whole
sections, session 9: 174.05 M at 120 s against 174.10 M with 0.5 and 174.23 M with 2.0;
on the earlier instance 0.5, 0.3 for early savings only, and shortfall-only steps had
all ended worse, the last by 0.3 %). A deterministic
limit, not a wall-clock one, so that a run that converges gives the same plan every
time. The levels are solved in turn even where one weighted stage would be exact: in one
stage, a step spent its whole limit (6.3 s wall) on small early-savings gains; in turn,
its shortfall level was proven in 0.15 s."""


@dataclass(frozen=True)
class SearchOutcome:
    plan: Plan
    steps: int
    sweeps: int
    converged: bool  # a whole sweep improved nothing: no single neighbourhood can do better


def candidate_months(instance: Instance) -> int:
    """The number of effect booleans the whole savings model would have."""
    return sum(len(window) for window in effect_windows(instance).values())


def neighbourhoods(instance: Instance) -> list[tuple[str, ...]]:
    """Measure ids of each section, then of the users of each support pool (which links
    sections), in instance order and cut into slices of at most ``NEIGHBOURHOOD_BOOLEANS``
    candidate effect months. Every measure is in its section's slices."""
    windows = effect_windows(instance)
    groups = [
        [m.id for m in instance.measures if instance.section_of(m) == section.id]
        for section in instance.sections
    ]
    groups += [
        [m.id for m in instance.measures if m.support.get(pool.id, 0) > 0]
        for pool in instance.pools
    ]
    result = []
    for group in groups:
        current: list[str] = []
        size = 0
        for measure_id in group:
            months = len(windows[measure_id])
            if current and size + months > NEIGHBOURHOOD_BOOLEANS:
                result.append(tuple(current))
                current, size = [], 0
            current.append(measure_id)
            size += months
        if current:
            result.append(tuple(current))
    return result


def improve(
    instance: Instance,
    plan: Plan,
    time_limit: float,
    seed: int = 0,
    offered: Callable[[], Plan | None] = lambda: None,
) -> SearchOutcome:
    """Re-optimise one neighbourhood at a time, in sweeps over all of them, until a sweep
    improves nothing or the time is up. A step's plan replaces the incumbent only if it is
    better on the lexicographic objective (weighted shortfall, then early savings), and so
    does the plan ``offered`` gives before the first step (it may wait for it: the
    relaxation's repaired plan, solver.py; taken at that one point, so the search is the
    same whenever the plan arrives)."""
    started = time.perf_counter()
    slices = neighbourhoods(instance)
    savings = SavingsTable(instance)  # every step's model and score reads the same savings
    score = _score(instance, plan, savings)
    alternative = offered()
    if alternative is not None:
        plan, score = min(
            (plan, score),
            (alternative, _score(instance, alternative, savings)),
            key=lambda pair: pair[1],
        )
    steps = sweeps = 0
    build_seconds = 0.0  # of the last step's model: no step starts that could not search
    while True:
        sweeps += 1
        improved = False
        for free in slices:
            step_started = time.perf_counter()
            if time_limit - (step_started - started) <= build_seconds:
                return SearchOutcome(plan, steps, sweeps, converged=False)
            effects = plan.effect_by_measure()
            measures, background = sliced(instance, effects, free, savings)
            model = SavingsModel(measures, savings=savings, background=background)
            model.add_hint(plan)
            build_seconds = time.perf_counter() - step_started
            remaining = time_limit - (time.perf_counter() - started)
            result = model.solve(
                time_limit=remaining,
                seed=seed,
                work_limit=STEP_WORK,
                in_turn=True,
                steer_by_hint=True,
            )
            steps += 1
            if result.plan is None:
                continue
            candidate = plan_of(instance, effects | result.plan.effect_by_measure())
            candidate_score = _score(instance, candidate, savings)
            if candidate_score < score:
                plan, score, improved = candidate, candidate_score, True
        if not improved:
            return SearchOutcome(plan, steps, sweeps, converged=True)


def _score(instance: Instance, plan: Plan, savings: SavingsTable) -> tuple[int, int]:
    values = objective_values(instance, plan.effect_by_measure(), savings)
    return values.weighted_shortfall, -values.early_savings
