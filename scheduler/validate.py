"""Independent plan validator: checks any plan against every rule of the instance.

It imports no solver and none of the model's rule helpers: each rule is re-stated here
from the data, so that a bug in the model cannot hide itself. The tests run it on every
solver plan; `scheduler evaluate` runs it on plans edited by hand and on the consultants'
own timing.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from scheduler.data import DependencyKind, Instance, Measure, Status, format_month
from scheduler.evaluate import capacity_use
from scheduler.result import Plan, ScheduledMeasure


class Violation(BaseModel):
    """One broken rule: which measure (or unit), which rule, and what is wrong."""

    model_config = ConfigDict(frozen=True)

    subject: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.subject}: {self.rule}: {self.message}"


def check_plan(instance: Instance, plan: Plan) -> list[Violation]:
    """Every violation of the instance's rules by the plan (empty: the plan is valid)."""
    violations = _coverage(instance, plan)
    if violations:
        return violations
    by_id = {item.id: item for item in plan.measures}
    for measure in instance.measures:
        item = by_id[measure.id]
        violations += _timing(instance, measure, item)
        violations += _decision(instance, measure, item)
        violations += _dependencies(measure, item, by_id)
    violations += _capacity(instance, plan)
    return violations


def as_planned(instance: Instance) -> Plan:
    """The consultants' timing as a plan: effect at the planned month, work before it."""
    return Plan(
        instance=instance.name,
        measures=tuple(
            ScheduledMeasure(
                id=measure.id,
                start=instance.planned_effect_of(measure) - _required_lead(instance, measure),
                effect=instance.planned_effect_of(measure),
            )
            for measure in instance.measures
        ),
    )


def _required_lead(instance: Instance, measure: Measure) -> int:
    """Preparation, drøfting period and (for a decision) case lead plus the meeting month."""
    lead = instance.duration_of(measure)
    if measure.union_consultation:
        lead = max(lead, instance.council.union_consultation_months)
    if measure.council_decision or measure.budget_decision:
        lead = max(lead, instance.council.case_lead_months + 1)
    return lead


def _fixed_month(instance: Instance, measure: Measure) -> int | None:
    if measure.fixed_effect is not None:
        return measure.fixed_effect
    if measure.status == Status.STARTED:
        return instance.planned_effect_of(measure)
    return None


def _coverage(instance: Instance, plan: Plan) -> list[Violation]:
    known = {m.id for m in instance.measures}
    seen: set[str] = set()
    violations = []
    for item in plan.measures:
        if item.id not in known:
            violations.append(
                Violation(subject=item.id, rule="unknown", message="not in the instance")
            )
        elif item.id in seen:
            violations.append(Violation(subject=item.id, rule="duplicate", message="planned twice"))
        seen.add(item.id)
    violations += [
        Violation(subject=m, rule="missing", message="every measure must be scheduled")
        for m in sorted(known - seen)
    ]
    return violations


def _timing(instance: Instance, measure: Measure, item: ScheduledMeasure) -> list[Violation]:
    def broken(rule: str, message: str) -> Violation:
        return Violation(subject=measure.id, rule=rule, message=message)

    calendar = instance.calendar
    violations = []
    fixed = _fixed_month(instance, measure)
    lead = _required_lead(instance, measure)
    if item.effect - item.start < lead:
        violations.append(
            broken(
                "lead time",
                f"needs {lead} months from start to effect, has {item.effect - item.start}",
            )
        )
    if fixed is not None:
        if item.effect != fixed:
            violations.append(broken("fixed", f"must take effect in {format_month(fixed)}"))
        return violations
    if item.start < calendar.plan_start:
        violations.append(
            broken(
                "plan start",
                f"starts {format_month(item.start)}, before "
                f"the plan start {format_month(calendar.plan_start)}",
            )
        )
    if item.effect > calendar.horizon_end:
        violations.append(broken("horizon", "takes effect after the horizon"))
    if measure.earliest_effect is not None and item.effect < measure.earliest_effect:
        violations.append(
            broken("window", f"effect before {format_month(measure.earliest_effect)}")
        )
    if measure.latest_effect is not None and item.effect > measure.latest_effect:
        violations.append(broken("window", f"effect after {format_month(measure.latest_effect)}"))
    return violations


def _decision(instance: Instance, measure: Measure, item: ScheduledMeasure) -> list[Violation]:
    if _fixed_month(instance, measure) is not None:
        return []
    council = instance.council
    ready = item.start + council.case_lead_months
    if measure.budget_decision:
        budget_meeting = (item.effect // 12 - 1) * 12 + council.budget_month - 1
        if item.effect % 12 != 0 or ready > budget_meeting:
            return [
                Violation(
                    subject=measure.id,
                    rule="budget decision",
                    message="must take effect in a January, with the case ready by "
                    "the budget meeting before it",
                )
            ]
    elif measure.council_decision and not any(
        ready <= meeting < item.effect for meeting in council.meetings
    ):
        return [
            Violation(
                subject=measure.id,
                rule="council decision",
                message=f"no council meeting between {format_month(ready)} (case "
                f"ready) and its effect {format_month(item.effect)}",
            )
        ]
    return []


def _dependencies(
    measure: Measure, item: ScheduledMeasure, by_id: dict[str, ScheduledMeasure]
) -> list[Violation]:
    violations = []
    for dependency in measure.depends_on:
        other = by_id[dependency.measure]
        fs = dependency.kind == DependencyKind.FINISH_TO_START
        anchor = other.effect if fs else other.start
        distance = item.start - anchor
        what = f"{dependency.measure} {'takes effect' if fs else 'starts'}"
        if distance < dependency.min_lag:
            violations.append(
                Violation(
                    subject=measure.id,
                    rule="dependency",
                    message=f"starts {distance} months after {what}, "
                    f"needs at least {dependency.min_lag}",
                )
            )
        if dependency.max_lag is not None and distance > dependency.max_lag:
            violations.append(
                Violation(
                    subject=measure.id,
                    rule="dependency",
                    message=f"starts {distance} months after {what}, "
                    f"allows at most {dependency.max_lag}",
                )
            )
    return violations


def _capacity(instance: Instance, plan: Plan) -> list[Violation]:
    units = {unit.id: unit for unit in instance.sections + instance.pools}
    return [
        Violation(
            subject=unit_id,
            rule="capacity",
            message=f"{format_month(month)} uses {used} of {units[unit_id].capacity_in(month)}",
        )
        for unit_id, by_month in capacity_use(instance, plan).items()
        for month, used in by_month.items()
        if used > units[unit_id].capacity_in(month)
    ]
