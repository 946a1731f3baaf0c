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
sections, so their steps move what ties them together. Then spans of months: every
measure whose effect lies in the span, of any section, each kept within it, so that the
work of one month can pass from a section to another across the pools.

Measured on the 2 000-measure synthetic instance (docs/decisions.md): from
the greedy plan's 194.9 M the section and pool steps reach a weighted shortfall of about
174.0 M in 120 s; from the plan repaired from a relaxation's months 169.6 M in one sweep of
31 s, where they converge (169.37 M after 139 s), and spans of 8 months then reach
168.24 M in 21 s more.
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
2 000-measure instance) or pool. Measured there at 120 s, 1 worker (docs/decisions.md):
174.05 M with 12 000 against 186.40 M with slices of 3 000, which stopped in a plan no
slice could improve while each whole section still could, and 184.72 M with slices
doubling from 3 000 whenever a sweep improved nothing. (On the generator's earlier
instance, whose savings could rise with delay, 3 000 had been better: 34.35 against
35.85 M with 10 000.)"""

STEP_WORK = 1.0
"""CP-SAT's deterministic time per stage of a step (on the 2 000-measure instance, whole
sections: 174.05 M at 120 s against 174.10 M with 0.5 and 174.23 M with 2.0; on the
generator's earlier instance 0.5, 0.3 for early savings only, and shortfall-only steps had
all ended worse, the last by 0.3 %; docs/decisions.md). A deterministic limit, not a
wall-clock one, so that a run that converges gives the same plan every time. The levels
are solved in turn even where one weighted stage would be exact: on the earlier instance,
in one stage, a step spent its whole limit (6.3 s wall) on small early-savings gains; in
turn, its shortfall level was proven in 0.15 s."""


SPAN_MONTHS = 8
"""Months in a span neighbourhood; spans start every ``SPAN_MONTHS // 2`` months, so each
month is in two. On the 2 000-measure instance, from the plan where the section and pool
steps stopped (169.58 M), 60-80 s of spans alone: 168.99 M with spans of 12 (every 6),
168.50 M with 6 (every 3), 168.93 M with 4 (every 2), **168.24 M** with 8 (every 4), and
nothing with 24 (every 12), whose steps found no better plan within ``STEP_WORK``."""


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


def spans(instance: Instance) -> list[tuple[int, int]]:
    """The span neighbourhoods' first and last months, from the plan start to the horizon."""
    calendar = instance.calendar
    return [
        (first, min(first + SPAN_MONTHS - 1, calendar.horizon_end))
        for first in range(calendar.plan_start, calendar.horizon_end + 1, SPAN_MONTHS // 2)
    ]


def _in_span(
    effects: dict[str, int], instance: Instance, span: tuple[int, int]
) -> list[tuple[str, ...]]:
    """The measures taking effect within the span, in instance order, in slices of at most
    ``NEIGHBOURHOOD_BOOLEANS`` candidate months (each has at most the span's months)."""
    inside = [m.id for m in instance.measures if span[0] <= effects[m.id] <= span[1]]
    size = max(1, NEIGHBOURHOOD_BOOLEANS // (span[1] - span[0] + 1))
    return [tuple(inside[k : k + size]) for k in range(0, len(inside), size)]


def improve(
    instance: Instance,
    plan: Plan,
    time_limit: float,
    seed: int = 0,
    offered: Callable[[], Plan | None] = lambda: None,
) -> SearchOutcome:
    """Re-optimise one neighbourhood at a time, in sweeps over all of them (sections and
    pools, then spans), until a sweep improves nothing or the time is up. A step's plan
    replaces the incumbent only if it is better on the lexicographic objective (weighted
    shortfall, then early savings), and so does the plan ``offered`` gives before the
    first step (it may wait for it: the plan repaired from the LP's months, solver.py;
    taken at that one point, so the search is the same whenever the plan arrives)."""
    search = _Search(instance, plan, time_limit, seed)
    alternative = offered()
    if alternative is not None:
        search.offer(alternative)
    slices = neighbourhoods(instance)
    while True:
        search.sweeps += 1
        before = search.score
        for free in slices:
            if not search.step(free):
                return search.outcome(converged=False)
        for span in spans(instance):
            for free in _in_span(search.plan.effect_by_measure(), instance, span):
                if not search.step(free, span):
                    return search.outcome(converged=False)
        if search.score == before:
            return search.outcome(converged=True)


class _Search:
    """The incumbent plan and its score, and the steps taken so far."""

    def __init__(self, instance: Instance, plan: Plan, time_limit: float, seed: int):
        self.started = time.perf_counter()
        self.instance, self.time_limit, self.seed = instance, time_limit, seed
        self.savings = SavingsTable(instance)  # every step's model and score reads these
        self.plan, self.score = plan, _score(instance, plan, self.savings)
        self.steps = self.sweeps = 0
        self.build_seconds = 0.0  # of the last step's model: no step starts that could not search

    def offer(self, plan: Plan) -> None:
        """Take the plan if it is better than the incumbent."""
        score = _score(self.instance, plan, self.savings)
        if score < self.score:
            self.plan, self.score = plan, score

    def step(self, free: tuple[str, ...], within: tuple[int, int] | None = None) -> bool:
        """Re-optimise the free measures (kept ``within`` those months where given) with the
        others fixed; False, without a step, once the time left would not cover a build."""
        step_started = time.perf_counter()
        if self.time_limit - (step_started - self.started) <= self.build_seconds:
            return False
        effects = self.plan.effect_by_measure()
        measures, background = sliced(self.instance, effects, free, self.savings, within)
        model = SavingsModel(measures, savings=self.savings, background=background)
        model.add_hint(self.plan)
        self.build_seconds = time.perf_counter() - step_started
        result = model.solve(
            time_limit=self.time_limit - (time.perf_counter() - self.started),
            seed=self.seed,
            work_limit=STEP_WORK,
            in_turn=True,
            steer_by_hint=True,
            presolve=False,  # its steps are budgeted in deterministic work without it
        )
        self.steps += 1
        if result.plan is not None:
            self.offer(plan_of(self.instance, effects | result.plan.effect_by_measure()))
        return True

    def outcome(self, converged: bool) -> SearchOutcome:
        return SearchOutcome(self.plan, self.steps, self.sweeps, converged)


def _score(instance: Instance, plan: Plan, savings: SavingsTable) -> tuple[int, int]:
    values = objective_values(instance, plan.effect_by_measure(), savings)
    return values.weighted_shortfall, -values.early_savings
