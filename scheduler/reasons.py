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
from scheduler.i18n import DEFAULT_LANG, Lang, Texts
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


def reasons(instance: Instance, plan: Plan, lang: Lang = DEFAULT_LANG) -> tuple[MeasureReason, ...]:
    """One reason per measure, in the instance's order (the plan must schedule them all),
    each sentence in ``lang``."""
    context = _Context.of(instance, plan, Texts(lang))
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
    texts: Texts

    @classmethod
    def of(cls, instance: Instance, plan: Plan, texts: Texts) -> _Context:
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
            texts=texts,
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
    t = context.texts
    if measure.fixed_effect is not None:
        line = measure.source_lines.get("fixed_effect")
        text = t("reason.fixed", month=t.month(window.first))
    else:
        line = measure.source_lines.get("status")
        text = t("reason.started", month=t.month(window.first))
    return _Binding(ReasonKind.FIXED, _cite(t, text, line), line)


def _window(context: _Context, measure: Measure, item: ScheduledMeasure) -> _Binding | None:
    instance, t = context.instance, context.texts
    first = effect_window(instance, measure).first
    if item.effect - 1 >= first:
        return None
    if measure.earliest_effect == first:
        line = measure.source_lines.get("earliest_effect")
        text = t("reason.earliest_effect", month=t.month(first))
        return _Binding(ReasonKind.WINDOW, _cite(t, text, line), line)
    text = t(
        "reason.lead_time",
        month=t.month(first),
        start=t.month(instance.earliest_start_of(measure)),
        lead=t.months(instance.lead_time_of(measure)),
    )
    return _Binding(ReasonKind.WINDOW, text)


def _decision(context: _Context, measure: Measure, item: ScheduledMeasure) -> _Binding | None:
    instance, t = context.instance, context.texts
    earlier = item.effect - 1
    if gate_allows(instance, measure, earlier):
        return None
    if measure.budget_decision:
        line = measure.source_lines.get("budget_decision")
        text = t("reason.budget", month=t.month(earlier))
        return _Binding(ReasonKind.DECISION, _cite(t, text, line), line)
    line = measure.source_lines.get("council_decision")
    ready = earlier - instance.lead_time_of(measure) + instance.council.case_lead_months
    meeting = decision_meeting(instance, measure, item.effect)
    waits = (
        t("reason.needs_council")
        if meeting is None
        else t("reason.waits_for_meeting", month=t.month(meeting))
    )
    text = t(
        "reason.council", waits=waits, month=t.month(earlier), span=_span(t, ready, earlier - 1)
    )
    return _Binding(ReasonKind.DECISION, _cite(t, text, line), line)


def _prerequisite(context: _Context, measure: Measure, item: ScheduledMeasure) -> _Binding | None:
    return _waits_for(context, measure, item) or _held_by(context, measure, item)


def _waits_for(context: _Context, measure: Measure, item: ScheduledMeasure) -> _Binding | None:
    """Its own dependencies at the earlier start: start - anchor >= min_lag."""
    t = context.texts
    for dependency in measure.depends_on:
        other = context.items[dependency.measure]
        if item.start - 1 < _anchor(dependency, other.start, other.effect) + dependency.min_lag:
            finish = dependency.kind == DependencyKind.FINISH_TO_START
            event = t(
                "reason.event_effect" if finish else "reason.event_start",
                month=t.month(other.effect if finish else other.start),
            )
            lag = t("reason.lag", months=t.months(dependency.min_lag)) if dependency.min_lag else ""
            text = t(
                "reason.waits_for",
                measure=dependency.measure,
                event=event,
                kind=dependency.kind.value,
                lag=lag,
            )
            return _Binding(
                ReasonKind.PREREQUISITE, _cite(t, text, dependency.line), dependency.line
            )
    return None


def _held_by(context: _Context, measure: Measure, item: ScheduledMeasure) -> _Binding | None:
    """The maximum lags of the measures that depend on it, at its earlier months: their
    start - its anchor <= max_lag."""
    t = context.texts
    for successor_id, dependency in context.dependents.get(measure.id, []):
        later = context.items[successor_id]
        anchor = _anchor(dependency, item.start - 1, item.effect - 1)
        if dependency.max_lag is not None and later.start > anchor + dependency.max_lag:
            finish = dependency.kind == DependencyKind.FINISH_TO_START
            text = t(
                "reason.held_by",
                measure=successor_id,
                start=t.month(later.start),
                months=t.months(dependency.max_lag),
                what=t("reason.what_effect" if finish else "reason.what_start"),
                kind=dependency.kind.value,
            )
            return _Binding(
                ReasonKind.PREREQUISITE, _cite(t, text, dependency.line), dependency.line
            )
    return None


def _capacity(context: _Context, measure: Measure, item: ScheduledMeasure) -> _Binding | None:
    """Starting a month earlier adds the measure's load to the month before its start (the
    last month of its preparation is freed); before the plan start nothing is loaded."""
    month = item.start - 1
    if month < context.instance.calendar.plan_start:
        return None
    t = context.texts
    for unit, loads in context.loads:
        load = loads[measure.id]
        used, capacity = context.use[unit.id][month], unit.capacity_in(month)
        if load and used + load > capacity:
            text = (
                t("reason.at_capacity", unit=unit.name, month=t.month(month), used=used,
                  capacity=capacity)
                if used >= capacity
                else t("reason.short_of_capacity", unit=unit.name, free=capacity - used,
                       capacity=capacity, month=t.month(month), load=load)
            )  # fmt: skip
            return _Binding(ReasonKind.CAPACITY, text, months=_no_room(context, unit, load, item))
    return None


def _value(context: _Context, measure: Measure, item: ScheduledMeasure) -> _Binding:
    """Nothing blocks: say what an earlier month would change in risk-weighted savings."""
    t = context.texts
    earlier = item.effect - 1
    could = t("reason.could", month=t.month(earlier))
    if not measure.counted:
        why = t("reason.not_counted" if measure.priced else "reason.no_amount")
        return _Binding(ReasonKind.VALUE, t("reason.gains_nothing", could=could, why=why))
    savings = weighted_savings_by_effect(context.instance, measure, [earlier, item.effect])
    changes = {
        year: change
        for year in savings[earlier]
        if (change := savings[earlier][year] - savings[item.effect][year])
    }
    shown = t("word.and").join(
        t("reason.change_in", change=_signed_decimal(t, change / 100), year=year)
        for year, change in changes.items()
    )
    if not changes:
        text = t("reason.adds_nothing", could=could, one_off=_one_off(t, measure, item.effect))
    elif min(changes.values()) < 0:
        text = t("reason.trade_off", could=could, shown=shown)
    else:
        text = t("reason.gain_left", could=could, shown=shown)
    return _Binding(ReasonKind.VALUE, text)


# --- helpers -----------------------------------------------------------------------------
def _one_off(t: Texts, measure: Measure, effect: int) -> str:
    """Why an earlier month adds nothing to a measure's one-off: it is booked at ``effect``
    already, or lost a month earlier too."""
    parts = [part for part in measure.components if part.kind == ComponentKind.ONE_OFF]
    if not parts:
        return ""
    if effect <= parts[0].last_effect:
        return t("reason.one_off_booked", month=t.month(effect))
    return t("reason.one_off_lost", month=t.month(parts[0].last_effect))


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


def _cite(t: Texts, text: str, line: int | None) -> str:
    return text if line is None else t("reason.cite", text=text, line=line)


def _signed_decimal(t: Texts, value: float) -> str:
    return ("+" if value >= 0 else "-") + t.decimal(abs(value))


def _span(t: Texts, first: int, last: int) -> str:
    if first >= last:
        return t("reason.span_one", month=t.month(first))
    return t("reason.span", first=t.month(first), last=t.month(last))
