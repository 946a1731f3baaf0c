"""Readings the model settles where the data could mean more than one thing
(docs/instance-format.md, "Readings the model settles")."""

from __future__ import annotations

import pytest

from scheduler.data import month_of
from scheduler.io.instance import InputError
from scheduler.result import Plan, ScheduledMeasure
from scheduler.rules import decision_meeting, gate_allows
from scheduler.validate import check_plan
from tests.model.builders import build, measure


def test_a_budget_decision_takes_effect_in_a_january_after_the_budget_month() -> None:
    # budget_month 6: the budget meeting of June 2025 decides an effect in January 2026, so
    # the case (1 month, builders.py) starts in May 2025: a lead time of 1 + 7 months.
    instance = build([measure("A", budget_decision=True, planned_effect="2025-01")])
    council = instance.council.model_copy(update={"budget_month": 6})
    instance = instance.replaced(council=council)
    a = instance.measure("A")
    assert instance.lead_time_of(a) == 8
    assert decision_meeting(instance, a, month_of(2026, 1)) == month_of(2025, 6)
    assert decision_meeting(instance, a, month_of(2026, 2)) is None  # not a January


def test_fixed_and_started_measures_are_taken_as_decided() -> None:
    # A council decision with no meeting before its fixed month: no gate applies.
    instance = build(
        [measure("A", council_decision=True, fixed_effect="2025-03")], meetings=("2026-05",)
    )
    a = instance.measure("A")
    assert gate_allows(instance, a, month_of(2025, 3))
    plan = Plan(
        instance=instance.name,
        measures=(ScheduledMeasure(id="A", start=month_of(2025, 1), effect=month_of(2025, 3)),),
    )
    assert [v.rule for v in check_plan(instance, plan)] == []


def test_first_month_must_be_a_january() -> None:
    with pytest.raises(InputError, match="first_month must be a January"):
        instance = build([measure("A")])
        from scheduler.io.instance import instance_from_dict

        data = instance.model_dump(mode="json")
        data["calendar"]["first_month"] = "2025-02"
        data["calendar"]["plan_start"] = "2025-02"
        instance_from_dict(data, "test")
