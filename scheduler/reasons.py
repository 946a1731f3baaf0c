"""Why each measure of a plan takes effect when it does, from the data and the rules alone.

For every measure the question is "why not one month earlier, with everything else in the
plan unchanged?". The rules are tried in a fixed order and the first that blocks is the
reason: fixed -> window -> decision -> prerequisite -> capacity. Where none blocks, the
reason is the measure's value: an earlier month gains nothing, or the plan trades it off.
Each reason also says how far the plan moves the measure from the consultants' timing.

No solver: this reads the instance, the plan and :mod:`scheduler.rules` only, so it
explains any plan (the solver's, the greedy planner's, one edited by hand).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from scheduler.data import (
    Capacity,
    ComponentKind,
    Dependency,
    DependencyKind,
    Instance,
    Measure,
    Month,
    format_month,
)
from scheduler.evaluate import capacity_use
from scheduler.result import Plan, ScheduledMeasure
from scheduler.rules import decision_meeting, effect_window, gate_allows, unit_loads
from scheduler.savings import weighted_savings_by_effect

MOVED_FAR_MONTHS = 6
"""A measure the plan moves more than this many months from the consultants' timing is
listed first in the report."""


class ReasonKind(StrEnum):
    """What keeps a measure from taking effect one month earlier (the first that blocks)."""

    FIXED = "fixed"  # already started, or a fixed effect month
    WINDOW = "window"  # its earliest effect month, or the plan start plus its lead time
    DECISION = "decision"  # no council or budget meeting allows an earlier effect
    PREREQUISITE = "prerequisite"  # a dependency on (or of) another measure binds
    CAPACITY = "capacity"  # a section or pool has no room in the month an earlier start loads
    VALUE = "value"  # nothing binds: an earlier month gains nothing, or the plan trades it off


class MeasureReason(BaseModel):
    """What holds one measure at its month, and how far it moved from the consultants'."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    planned_effect: Month = Field(description="The consultants' effect month.")
    effect: Month = Field(description="The plan's effect month.")
    moved: int = Field(description="effect - planned_effect in months (negative: earlier).")
    kind: ReasonKind
    text: str = Field(description="One sentence: what keeps it from taking effect earlier.")
    line: int | None = Field(default=None, description="Source line of the binding rule.")
    months: tuple[str, ...] = Field(
        default=(),
        description="Capacity: the months around the start in which the unit has no room "
        "for the measure beside the others' work, as 'YYYY-MM'; else empty.",
    )


def reasons(instance: Instance, plan: Plan) -> tuple[MeasureReason, ...]:
    """One reason per measure, in the instance's order (the plan must schedule them all)."""
    context = _Context.of(instance, plan)
    return tuple(_reason(context, measure) for measure in instance.measures)


def moved_far(
    reasons: Iterable[MeasureReason], months: int = MOVED_FAR_MONTHS
) -> tuple[MeasureReason, ...]:
    """The measures the plan moves more than ``months`` from the consultants' timing."""
    return tuple(reason for reason in reasons if abs(reason.moved) > months)


@dataclass(frozen=True)
class _Binding:
    kind: ReasonKind
    text: str
    line: int | None = None
    months: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Context:
    """The plan as the checks read it: each measure's item, every unit's use per month,
    every measure's load on each unit, and who depends on each measure."""

    instance: Instance
    items: dict[str, ScheduledMeasure]
    use: dict[str, dict[int, int]]
    loads: list[tuple[Capacity, dict[str, int]]]
    dependents: dict[str, list[tuple[str, Dependency]]]

    @classmethod
    def of(cls, instance: Instance, plan: Plan) -> _Context:
        dependents: dict[str, list[tuple[str, Dependency]]] = defaultdict(list)
        for successor in instance.measures:
            for dependency in successor.depends_on:
                dependents[dependency.measure].append((successor.id, dependency))
        return cls(
            instance=instance,
            items={item.id: item for item in plan.measures},
            use=capacity_use(instance, plan),
            loads=unit_loads(instance),
            dependents=dependents,
        )


Check = Callable[[_Context, Measure, ScheduledMeasure], _Binding | None]


def _reason(context: _Context, measure: Measure) -> MeasureReason:
    item = context.items[measure.id]
    planned = context.instance.planned_effect_of(measure)
    binding = _first_binding(context, measure, item)
    return MeasureReason(
        id=measure.id,
        planned_effect=planned,
        effect=item.effect,
        moved=item.effect - planned,
        kind=binding.kind,
        text=binding.text,
        line=binding.line,
        months=binding.months,
    )


def _first_binding(context: _Context, measure: Measure, item: ScheduledMeasure) -> _Binding:
    checks: tuple[Check, ...] = (_fixed, _window, _decision, _prerequisite, _capacity)
    for check in checks:
        binding = check(context, measure, item)
        if binding is not None:
            return binding
    return _value(context, measure, item)


# --- the checks, in order: each returns the rule that blocks one month earlier, or None -----
def _fixed(context: _Context, measure: Measure, item: ScheduledMeasure) -> _Binding | None:
    window = effect_window(context.instance, measure)
    if not window.fixed:
        return None
    if measure.fixed_effect is not None:
        line = measure.source_lines.get("fixed_effect")
        text = f"fixed to take effect in {format_month(window.first)}"
    else:
        line = measure.source_lines.get("status")
        text = f"already under way: kept at its planned effect {format_month(window.first)}"
    return _Binding(ReasonKind.FIXED, _cite(text, line), line)


def _window(context: _Context, measure: Measure, item: ScheduledMeasure) -> _Binding | None:
    instance = context.instance
    first = effect_window(instance, measure).first
    if item.effect - 1 >= first:
        return None
    if measure.earliest_effect == first:
        line = measure.source_lines.get("earliest_effect")
        text = f"cannot take effect before {format_month(first)}, its earliest effect month"
        return _Binding(ReasonKind.WINDOW, _cite(text, line), line)
    return _Binding(
        ReasonKind.WINDOW,
        f"cannot take effect before {format_month(first)}: work can start in "
        f"{format_month(instance.earliest_start_of(measure))} at the earliest and needs "
        f"{_months(instance.lead_time_of(measure))} before the effect",
    )


def _decision(context: _Context, measure: Measure, item: ScheduledMeasure) -> _Binding | None:
    instance = context.instance
    earlier = item.effect - 1
    if gate_allows(instance, measure, earlier):
        return None
    if measure.budget_decision:
        line = measure.source_lines.get("budget_decision")
        text = (
            "a budget decision lets it take effect only in a January, with its case ready for "
            f"the December budget meeting before it, and {format_month(earlier)} is not one"
        )
        return _Binding(ReasonKind.DECISION, _cite(text, line), line)
    line = measure.source_lines.get("council_decision")
    ready = earlier - instance.lead_time_of(measure) + instance.council.case_lead_months
    meeting = decision_meeting(instance, measure, item.effect)
    waits = (
        "needs a council decision"
        if meeting is None
        else f"waits for the council meeting of {format_month(meeting)}"
    )
    text = (
        f"{waits}: an effect in {format_month(earlier)} would need a meeting "
        f"{_span(ready, earlier - 1)} (once its case is ready), and there is none"
    )
    return _Binding(ReasonKind.DECISION, _cite(text, line), line)


def _prerequisite(context: _Context, measure: Measure, item: ScheduledMeasure) -> _Binding | None:
    return _waits_for(context, measure, item) or _held_by(context, measure, item)


def _waits_for(context: _Context, measure: Measure, item: ScheduledMeasure) -> _Binding | None:
    """Its own dependencies at the earlier start: start - anchor >= min_lag."""
    for dependency in measure.depends_on:
        other = context.items[dependency.measure]
        if item.start - 1 < _anchor(dependency, other.start, other.effect) + dependency.min_lag:
            event = (
                f"takes effect {format_month(other.effect)}"
                if dependency.kind == DependencyKind.FINISH_TO_START
                else f"starts {format_month(other.start)}"
            )
            text = (
                f"waits for {dependency.measure} ({event}): {dependency.kind.value} dependency"
                f"{_lag(dependency.min_lag)}"
            )
            return _Binding(ReasonKind.PREREQUISITE, _cite(text, dependency.line), dependency.line)
    return None


def _held_by(context: _Context, measure: Measure, item: ScheduledMeasure) -> _Binding | None:
    """The maximum lags of the measures that depend on it, at its earlier months: their
    start - its anchor <= max_lag."""
    for successor_id, dependency in context.dependents.get(measure.id, []):
        later = context.items[successor_id]
        anchor = _anchor(dependency, item.start - 1, item.effect - 1)
        if dependency.max_lag is not None and later.start > anchor + dependency.max_lag:
            what = "takes effect" if dependency.kind == DependencyKind.FINISH_TO_START else "starts"
            text = (
                f"{successor_id} (starts {format_month(later.start)}) must start at most "
                f"{_months(dependency.max_lag)} after it {what}: {dependency.kind.value} "
                "dependency with a maximum lag"
            )
            return _Binding(ReasonKind.PREREQUISITE, _cite(text, dependency.line), dependency.line)
    return None


def _capacity(context: _Context, measure: Measure, item: ScheduledMeasure) -> _Binding | None:
    """Starting a month earlier adds the measure's load to the month before its start (the
    last month of its preparation is freed); before the plan start nothing is loaded."""
    month = item.start - 1
    if month < context.instance.calendar.plan_start:
        return None
    for unit, loads in context.loads:
        load = loads[measure.id]
        used, capacity = context.use[unit.id][month], unit.capacity_in(month)
        if load and used + load > capacity:
            text = (
                f"{unit.name} is at capacity in {format_month(month)} ({used} of {capacity} units)"
                if used >= capacity
                else f"{unit.name} has {capacity - used} of {capacity} units free in "
                f"{format_month(month)}, and starting a month earlier needs {load}"
            )
            return _Binding(ReasonKind.CAPACITY, text, months=_no_room(context, unit, load, item))
    return None


def _value(context: _Context, measure: Measure, item: ScheduledMeasure) -> _Binding:
    """Nothing blocks: say what an earlier month would change in risk-weighted savings."""
    earlier = item.effect - 1
    could = f"nothing binds: it could take effect in {format_month(earlier)}"
    if not measure.counted:
        why = (
            "its savings count toward no target (outside the chapter sums)"
            if measure.priced
            else "it has no amount of its own"
        )
        return _Binding(ReasonKind.VALUE, f"{could}, but {why}, so that gains nothing")
    savings = weighted_savings_by_effect(context.instance, measure, [earlier, item.effect])
    changes = {
        year: change
        for year in savings[earlier]
        if (change := savings[earlier][year] - savings[item.effect][year])
    }
    shown = " and ".join(
        f"{change / 100:+,.1f} in {year}".replace(",", " ") for year, change in changes.items()
    )
    if not changes:
        text = f"{could}, but that adds no savings{_one_off(measure, item.effect)}"
    elif min(changes.values()) < 0:
        text = (
            f"{could}, but its risk-weighted savings would change by {shown} (thousand NOK): "
            "the plan's trade-off between years"
        )
    else:
        text = (
            f"{could}, and its risk-weighted savings would change by {shown} (thousand NOK): "
            "a gain the plan leaves"
        )
    return _Binding(ReasonKind.VALUE, text)


# --- helpers -----------------------------------------------------------------------------
def _one_off(measure: Measure, effect: int) -> str:
    """Why an earlier month adds nothing to a measure's one-off: it is booked at ``effect``
    already, or lost a month earlier too."""
    parts = [part for part in measure.components if part.kind == ComponentKind.ONE_OFF]
    if not parts:
        return ""
    if effect <= parts[0].last_effect:
        return f": its one-off is booked at {format_month(effect)} already"
    return f": its one-off books only with an effect by {format_month(parts[0].last_effect)}"


def _anchor(dependency: Dependency, start: int, effect: int) -> int:
    """The predecessor's month a dependency counts from: its effect (FS) or start (SS)."""
    return effect if dependency.kind == DependencyKind.FINISH_TO_START else start


def _no_room(
    context: _Context, unit: Capacity, load: int, item: ScheduledMeasure
) -> tuple[str, ...]:
    """The run of months around the month before the start in which ``unit`` cannot take
    the measure's load beside the others' work (its own load left out)."""
    use = context.use[unit.id]

    def blocked(month: int) -> bool:
        own = load if item.start <= month < item.effect else 0
        return month in use and use[month] - own + load > unit.capacity_in(month)

    first = last = item.start - 1
    while blocked(first - 1):
        first -= 1
    while blocked(last + 1):
        last += 1
    return tuple(format_month(month) for month in range(first, last + 1))


def _cite(text: str, line: int | None) -> str:
    return text if line is None else f"{text}, source l.{line}"


def _months(count: int) -> str:
    return f"{count} month" if count == 1 else f"{count} months"


def _lag(months: int) -> str:
    return f" with a lag of {_months(months)}" if months else ""


def _span(first: int, last: int) -> str:
    if first >= last:
        return f"in {format_month(first)}"
    return f"between {format_month(first)} and {format_month(last)}"
