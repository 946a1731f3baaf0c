"""Timing rules of one measure, as pure functions of the data.

Shared by the CP-SAT model and the greedy planner so that both read the same rules; the
independent validator (:mod:`scheduler.validate`) checks plans without them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from scheduler.data import Instance, Measure, Status


@dataclass(frozen=True)
class Window:
    """Months in which a measure's effect may fall, before political gates."""

    first: int
    last: int
    fixed: bool

    def __iter__(self) -> Iterator[int]:
        return iter(range(self.first, self.last + 1))


def lead_time(instance: Instance, measure: Measure) -> int:
    """Months from start of work to effect.

    The longest of: the preparation (colour default or override); the union consultation
    period where drøfting is needed; for a council decision, the case preparation plus the
    meeting month (the effect comes the month after the meeting).
    """
    lead = instance.lead_time_of(measure)
    if measure.council_decision or measure.budget_decision:
        lead = max(lead, instance.council.case_lead_months + 1)
    return lead


def effect_window(instance: Instance, measure: Measure) -> Window:
    """The effect months the calendar allows: a fixed or started measure keeps its month;
    otherwise from plan start + lead time (and earliest_effect) to latest_effect or the
    horizon end."""
    fixed = measure.fixed_effect
    if fixed is None and measure.status == Status.STARTED:
        fixed = instance.planned_effect_of(measure)
    if fixed is not None:
        return Window(fixed, fixed, fixed=True)
    first = instance.calendar.plan_start + lead_time(instance, measure)
    if measure.earliest_effect is not None:
        first = max(first, measure.earliest_effect)
    last = instance.calendar.horizon_end
    if measure.latest_effect is not None:
        last = min(last, measure.latest_effect)
    return Window(first, last, fixed=False)


def decision_meeting(instance: Instance, measure: Measure, effect: int) -> int | None:
    """The council meeting that decides the measure when it takes effect in ``effect``.

    Council decision: the first meeting at least ``case_lead_months`` after the start of
    work and before the effect month. Budget decision: the effect must be a January and the
    budget meeting is the previous ``budget_month``. Returns None when no meeting fits (the
    effect month is then not allowed), and also for measures that need no decision.
    Fixed and started measures are taken as decided.
    """
    if not (measure.council_decision or measure.budget_decision):
        return None
    start = effect - lead_time(instance, measure)
    ready = start + instance.council.case_lead_months
    if measure.budget_decision:
        budget_meeting = (effect // 12 - 1) * 12 + instance.council.budget_month - 1
        if effect % 12 == 0 and ready <= budget_meeting < effect:
            return budget_meeting
        return None
    for meeting in sorted(instance.council.meetings):
        if ready <= meeting < effect:
            return meeting
    return None


def gate_allows(instance: Instance, measure: Measure, effect: int) -> bool:
    """Whether political gates allow this effect month (always true without a gate)."""
    if not (measure.council_decision or measure.budget_decision):
        return True
    if effect_window(instance, measure).fixed:
        return True
    return decision_meeting(instance, measure, effect) is not None


def allowed_effects(instance: Instance, measure: Measure) -> list[int]:
    """Effect months allowed by windows and political gates (not by other measures)."""
    return [e for e in effect_window(instance, measure) if gate_allows(instance, measure, e)]
