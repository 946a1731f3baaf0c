"""Independent plan validator: checks any plan against every rule of the instance.

It imports no solver and none of the model's rule helpers: each rule is re-stated here
from the data, so that a bug in the model cannot hide itself. The tests run it on every
solver plan; `scheduler evaluate` runs it on plans edited by hand and on the consultants'
own timing.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from scheduler.data import DependencyKind, Instance, Measure, RuleField, Status
from scheduler.evaluate import capacity_use
from scheduler.i18n import DEFAULT_LANG, Lang, Texts
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
    rule: str  # an identifier ("lead time", "capacity"); text() names it in a language
    message: str  # in the language check_plan was asked for
    basis: Basis = Basis.PLAN
    line: int | None = None

    def text(self, t: Texts) -> str:
        """One line: subject, rule (in the language of ``t``), source line, what is wrong."""
        where = f" (l. {self.line})" if self.line is not None else ""
        return f"{self.subject}: {t(f'rule.{self.rule}')}{where}: {self.message}"

    def __str__(self) -> str:
        return self.text(Texts(Lang.EN))


def _assumption_line(instance: Instance, *fields: str) -> int | None:
    """The source line of the first named assumption that sets one of these fields."""
    for field in fields:
        for assumption in instance.assumptions:
            if assumption.field == field:
                return assumption.line
    return None


def check_plan(instance: Instance, plan: Plan, lang: Lang = DEFAULT_LANG) -> list[Violation]:
    """Every violation of the instance's rules by the plan (empty: the plan is valid), each
    message in ``lang``."""
    t = Texts(lang)
    violations = _coverage(t, instance, plan)
    if violations:
        return violations
    by_id = {item.id: item for item in plan.measures}
    for measure in instance.measures:
        item = by_id[measure.id]
        violations += _timing(t, instance, measure, item)
        violations += _decision(t, instance, measure, item)
        violations += _dependencies(t, measure, item, by_id)
    violations += _capacity(t, instance, plan)
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


def _coverage(t: Texts, instance: Instance, plan: Plan) -> list[Violation]:
    known = {m.id for m in instance.measures}
    seen: set[str] = set()
    violations = []
    for item in plan.measures:
        if item.id not in known:
            violations.append(
                Violation(subject=item.id, rule="unknown", message=t("violation.unknown"))
            )
        elif item.id in seen:
            violations.append(
                Violation(subject=item.id, rule="duplicate", message=t("violation.duplicate"))
            )
        seen.add(item.id)
    violations += [
        Violation(subject=m, rule="missing", message=t("violation.missing"))
        for m in sorted(known - seen)
    ]
    return violations


def _timing(
    t: Texts, instance: Instance, measure: Measure, item: ScheduledMeasure
) -> list[Violation]:
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
                t("violation.lead_time", lead=t.months(lead), has=item.effect - item.start),
                "colours.duration",
                "council.case_lead_months",
                "council.union_consultation_months",
            )
        )
    if item.effect > calendar.horizon_end:
        violations.append(assumed("horizon", t("violation.horizon"), "calendar"))
    if fixed is not None:
        if item.effect != fixed:
            field: RuleField = "fixed_effect" if measure.fixed_effect is not None else "status"
            violations.append(stated("fixed", t("violation.fixed", month=t.month(fixed)), field))
        return violations
    earliest_start = instance.earliest_start_of(measure)
    if item.start < earliest_start:
        first_year = earliest_start != calendar.plan_start
        violations.append(
            Violation(
                subject=measure.id,
                rule="plan start",
                message=t(
                    "violation.first_year_start" if first_year else "violation.plan_start",
                    start=t.month(item.start),
                    earliest=t.month(earliest_start),
                ),
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
                t("violation.before", month=t.month(measure.earliest_effect)),
                "earliest_effect",
            )
        )
    if measure.latest_effect is not None and item.effect > measure.latest_effect:
        violations.append(
            stated(
                "window",
                t("violation.after", month=t.month(measure.latest_effect)),
                "latest_effect",
            )
        )
    return violations


def _decision(
    t: Texts, instance: Instance, measure: Measure, item: ScheduledMeasure
) -> list[Violation]:
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
                    message=t("violation.budget"),
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
                message=t("violation.council", ready=t.month(ready), effect=t.month(item.effect)),
                basis=Basis.SOURCE,
                line=measure.source_lines.get("council_decision"),
            )
        ]
    return []


def _dependencies(
    t: Texts, measure: Measure, item: ScheduledMeasure, by_id: dict[str, ScheduledMeasure]
) -> list[Violation]:
    violations = []
    for dependency in measure.depends_on:
        other = by_id[dependency.measure]
        fs = dependency.kind == DependencyKind.FINISH_TO_START
        anchor = other.effect if fs else other.start
        distance = item.start - anchor
        what = t("violation.takes_effect" if fs else "violation.starts", measure=dependency.measure)
        basis = Basis.SOURCE if dependency.line is not None else Basis.ASSUMPTION
        broken = []
        if distance < dependency.min_lag:
            broken.append(t("violation.min_lag", lag=dependency.min_lag))
        if dependency.max_lag is not None and distance > dependency.max_lag:
            broken.append(t("violation.max_lag", lag=dependency.max_lag))
        violations += [
            Violation(
                subject=measure.id,
                rule="dependency",
                message=t("violation.dependency", distance=distance, what=what, limit=limit),
                basis=basis,
                line=dependency.line,
            )
            for limit in broken
        ]
    return violations


def _capacity(t: Texts, instance: Instance, plan: Plan) -> list[Violation]:
    units = {unit.id: unit for unit in instance.sections + instance.pools}
    pools = {pool.id for pool in instance.pools}
    return [
        Violation(
            subject=unit_id,
            rule="capacity",
            message=t(
                "violation.capacity",
                month=t.month(month),
                used=used,
                capacity=units[unit_id].capacity_in(month),
            ),
            basis=Basis.ASSUMPTION,
            line=_assumption_line(
                instance, "pools.capacity" if unit_id in pools else "sections.capacity"
            ),
        )
        for unit_id, by_month in capacity_use(instance, plan).items()
        for month, used in by_month.items()
        if used > units[unit_id].capacity_in(month)
    ]
