"""Independent plan validator: checks any plan against every rule of the instance.

It imports no solver and none of the model's rule helpers: each rule is re-stated here
from the data, so that a bug in the model cannot hide itself. The tests run it on every
solver plan; `scheduler evaluate` runs it on plans edited by hand and on the consultants'
own timing.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from scheduler.data import DependencyKind, Instance, Measure, RuleField, Status, format_month
from scheduler.evaluate import capacity_use
from scheduler.result import Plan, ScheduledMeasure


class Basis(StrEnum):
    """Where a broken rule comes from."""

    SOURCE = "source"  # stated by the source (a window, a dependency, a decision, the plan start)
    ASSUMPTION = "assumption"  # a number the project assumed (lead times, capacities, horizon)
    PLAN = "plan"  # the plan file itself (a measure missing, unknown or planned twice)


class Violation(BaseModel):
    """One broken rule: which measure (or unit), which rule, what is wrong, and the source
    line the rule rests on (a measure's own line for its stated rules, an assumption's
    line for the project's numbers; None where neither names one)."""

    model_config = ConfigDict(frozen=True)

    subject: str
    rule: str
    message: str
    basis: Basis = Basis.PLAN
    line: int | None = None

    def __str__(self) -> str:
        where = f" (l.{self.line})" if self.line is not None else ""
        return f"{self.subject}: {self.rule}{where}: {self.message}"


def _assumption_line(instance: Instance, *fields: str) -> int | None:
    """The source line of the first named assumption that sets one of these fields."""
    for field in fields:
        for assumption in instance.assumptions:
            if assumption.field == field:
                return assumption.line
    return None


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


def _required_lead(instance: Instance, measure: Measure) -> int:
    """Preparation, drøfting period and (for a decision) case lead plus the meeting month."""
    lead = instance.duration_of(measure)
    if measure.union_consultation:
        lead = max(lead, instance.council.union_consultation_months)
    if measure.council_decision:
        lead = max(lead, instance.council.case_lead_months + 1)
    if measure.budget_decision:  # effect in the January after the budget meeting
        lead = max(lead, instance.council.case_lead_months + 13 - instance.council.budget_month)
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
    def stated(rule: str, message: str, field: RuleField) -> Violation:
        line = measure.source_lines.get(field)
        return Violation(
            subject=measure.id, rule=rule, message=message, basis=Basis.SOURCE, line=line
        )

    def assumed(rule: str, message: str, *fields: str) -> Violation:
        return Violation(
            subject=measure.id,
            rule=rule,
            message=message,
            basis=Basis.ASSUMPTION,
            line=_assumption_line(instance, *fields),
        )

    calendar = instance.calendar
    violations = []
    fixed = _fixed_month(instance, measure)
    lead = _required_lead(instance, measure)
    if item.effect - item.start < lead:
        violations.append(
            assumed(
                "lead time",
                f"needs {lead} months from start to effect, has {item.effect - item.start}",
                "colours.duration",
                "council.case_lead_months",
                "council.union_consultation_months",
            )
        )
    if item.effect > calendar.horizon_end:
        violations.append(assumed("horizon", "takes effect after the horizon", "calendar"))
    if fixed is not None:
        if item.effect != fixed:
            field: RuleField = "fixed_effect" if measure.fixed_effect is not None else "status"
            violations.append(stated("fixed", f"must take effect in {format_month(fixed)}", field))
        return violations
    earliest_start = instance.earliest_start_of(measure)
    if item.start < earliest_start:
        first_year = earliest_start != calendar.plan_start
        violations.append(
            Violation(
                subject=measure.id,
                rule="plan start",
                message=f"starts {format_month(item.start)}, before "
                + ("work on first-year measures began" if first_year else "the plan start")
                + f" ({format_month(earliest_start)})",
                basis=Basis.SOURCE,
                line=_assumption_line(
                    instance, "calendar.first_year_start" if first_year else "calendar.plan_start"
                ),
            )
        )
    if measure.earliest_effect is not None and item.effect < measure.earliest_effect:
        violations.append(
            stated(
                "window",
                f"effect before {format_month(measure.earliest_effect)}",
                "earliest_effect",
            )
        )
    if measure.latest_effect is not None and item.effect > measure.latest_effect:
        violations.append(
            stated("window", f"effect after {format_month(measure.latest_effect)}", "latest_effect")
        )
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
                    basis=Basis.SOURCE,
                    line=measure.source_lines.get("budget_decision"),
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
                basis=Basis.SOURCE,
                line=measure.source_lines.get("council_decision"),
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
        basis = Basis.SOURCE if dependency.line is not None else Basis.ASSUMPTION
        broken = []
        if distance < dependency.min_lag:
            broken.append(f"needs at least {dependency.min_lag}")
        if dependency.max_lag is not None and distance > dependency.max_lag:
            broken.append(f"allows at most {dependency.max_lag}")
        violations += [
            Violation(
                subject=measure.id,
                rule="dependency",
                message=f"starts {distance} months after {what}, {limit}",
                basis=basis,
                line=dependency.line,
            )
            for limit in broken
        ]
    return violations


def _capacity(instance: Instance, plan: Plan) -> list[Violation]:
    units = {unit.id: unit for unit in instance.sections + instance.pools}
    pools = {pool.id for pool in instance.pools}
    return [
        Violation(
            subject=unit_id,
            rule="capacity",
            message=f"{format_month(month)} uses {used} of {units[unit_id].capacity_in(month)}",
            basis=Basis.ASSUMPTION,
            line=_assumption_line(
                instance, "pools.capacity" if unit_id in pools else "sections.capacity"
            ),
        )
        for unit_id, by_month in capacity_use(instance, plan).items()
        for month, used in by_month.items()
        if used > units[unit_id].capacity_in(month)
    ]
