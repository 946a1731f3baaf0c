"""Why each measure takes effect when it does: one hand-checked case per kind of reason,
and every measure of solved plans explained in agreement with the independent validator.

The small instances are those of tests/model/builders.py: plan start 2025-01, one month of
preparation (lead time 1), effort 1, section S with capacity 10, a council meeting in
2025-05 with one month of case preparation (lead time 2 for a decision).
"""

from __future__ import annotations

from typing import Any

import pytest

from scheduler.data import Instance, format_month, parse_month
from scheduler.model.solver import solve
from scheduler.reasons import MeasureReason, ReasonKind, moved_far, reasons
from scheduler.result import Plan
from scheduler.rules import plan_of
from scheduler.validate import check_plan
from tests.model.builders import build, measure

HR = ({"id": "HR", "name": "HR pool", "capacity": 1},)
ONE_OFF = {"kind": "one_off", "amounts": {2025: 100}, "until": "2025-06", "line": 3, "reason": "a"}


def _reason_of(instance: Instance, effects: dict[str, str], measure_id: str) -> MeasureReason:
    """The reason of one measure in the plan that gives each measure these effect months
    (work a lead time before, decided in the meeting the gate picks)."""
    plan = plan_of(instance, {m: parse_month(month) for m, month in effects.items()})
    assert check_plan(instance, plan) == []  # every case is a valid plan
    by_id = {reason.id: reason for reason in reasons(instance, plan, lang="en")}
    return by_id[measure_id]


@pytest.mark.parametrize(
    ("measures", "build_options", "effects", "subject", "kind", "line", "months", "words"),
    [
        pytest.param(
            [measure("F", status="started", planned_effect="2025-03", source_lines={"status": 7})],
            {},
            {"F": "2025-03"},
            "F",
            ReasonKind.FIXED,
            7,
            (),
            "already under way: kept at its planned effect Mar 2025, source l.7",
            id="fixed-started",
        ),
        pytest.param(
            [measure("F", fixed_effect="2025-04", source_lines={"fixed_effect": 8})],
            {},
            {"F": "2025-04"},
            "F",
            ReasonKind.FIXED,
            8,
            (),
            "fixed to take effect in Apr 2025, source l.8",
            id="fixed-effect",
        ),
        pytest.param(
            # earliest_effect 2025-06 is later than plan start + lead time (2025-02).
            [measure("W", earliest_effect="2025-06", source_lines={"earliest_effect": 9})],
            {},
            {"W": "2025-06"},
            "W",
            ReasonKind.WINDOW,
            9,
            (),
            "cannot take effect before Jun 2025, its earliest effect month, source l.9",
            id="window-earliest-effect",
        ),
        pytest.param(
            # Work from the plan start 2025-01 and one month of preparation: 2025-02.
            [measure("P")],
            {},
            {"P": "2025-02"},
            "P",
            ReasonKind.WINDOW,
            None,
            (),
            "work can start in Jan 2025 at the earliest and needs 1 month",
            id="window-plan-start",
        ),
        pytest.param(
            # Lead time 2: work 2025-04, case ready 2025-05, meeting 2025-05, effect 2025-06.
            # An effect in 2025-05 starts work in 2025-03, the case is ready in 2025-04 and
            # would need a meeting in 2025-04: there is none.
            [measure("D", council_decision=True, source_lines={"council_decision": 11})],
            {},
            {"D": "2025-06"},
            "D",
            ReasonKind.DECISION,
            11,
            (),
            "waits for the council meeting of May 2025: an effect in May 2025 would need a "
            "meeting in Apr 2025",
            id="decision-council",
        ),
        pytest.param(
            # Budget decision: effect in a January only; 2025-12 is not one.
            [measure("B", budget_decision=True, source_lines={"budget_decision": 12})],
            {},
            {"B": "2026-01"},
            "B",
            ReasonKind.DECISION,
            12,
            (),
            "only in a January",
            id="decision-budget",
        ),
        pytest.param(
            # B starts 2025-03, when A takes effect (FS 0): a month earlier is before A's effect.
            [
                measure("A"),
                measure("B", depends_on=[{"measure": "A", "kind": "FS", "line": 5}]),
            ],
            {},
            {"A": "2025-03", "B": "2025-04"},
            "B",
            ReasonKind.PREREQUISITE,
            5,
            (),
            "waits for A (takes effect Mar 2025): FS dependency, source l.5",
            id="prerequisite-fs",
        ),
        pytest.param(
            # B starts 2025-03 and waits for A's start 2025-02 plus 1 month (SS 1).
            [
                measure("A"),
                measure("B", depends_on=[{"measure": "A", "kind": "SS", "min_lag": 1}]),
            ],
            {},
            {"A": "2025-03", "B": "2025-04"},
            "B",
            ReasonKind.PREREQUISITE,
            None,
            (),
            "waits for A (starts Feb 2025): SS dependency with a lag of 1 month",
            id="prerequisite-ss",
        ),
        pytest.param(
            # B must start at most 0 months after A takes effect (FS 0..0): A, a month
            # earlier (2025-02), would leave B starting a month too late.
            [
                measure("A"),
                measure("B", depends_on=[{"measure": "A", "max_lag": 0, "line": 6}]),
            ],
            {},
            {"A": "2025-03", "B": "2025-04"},
            "A",
            ReasonKind.PREREQUISITE,
            6,
            (),
            "B (starts Mar 2025) must start at most 0 months after it takes effect",
            id="prerequisite-maximum-lag",
        ),
        pytest.param(
            # Capacity 1: X works 2025-01..2025-03, so Y (work 2025-04) cannot start in
            # 2025-03; the section has no room for it in any month before its start.
            [measure("X", duration=3), measure("Y")],
            {"capacity": 1},
            {"X": "2025-04", "Y": "2025-05"},
            "Y",
            ReasonKind.CAPACITY,
            None,
            ("2025-01", "2025-02", "2025-03"),
            "Section is at capacity in Mar 2025 (1 of 1 units)",
            id="capacity-section",
        ),
        pytest.param(
            # The section has room (10), the HR pool (1) does not: X uses it in 2025-01 and
            # 2025-02; in 2025-03 only Y's own work uses it.
            [measure("X", duration=2, support={"HR": 1}), measure("Y", support={"HR": 1})],
            {"pools": HR},
            {"X": "2025-03", "Y": "2025-04"},
            "Y",
            ReasonKind.CAPACITY,
            None,
            ("2025-01", "2025-02"),
            "HR pool is at capacity in Feb 2025 (1 of 1 units)",
            id="capacity-pool",
        ),
        pytest.param(
            [measure("V")],
            {},
            {"V": "2025-05"},
            "V",
            ReasonKind.VALUE,
            None,
            (),
            # 120 a year = 10 a month, green (100 %): one month more in 2025.
            "could take effect in Apr 2025, and its risk-weighted savings would change by "
            "+10.0 in 2025 (thousand NOK)",
            id="value-gain-left",
        ),
        pytest.param(
            # A one-off of 2025, booked by an effect up to 2025-06: in full at 2025-05.
            [measure("O", amounts={2025: 100}, components=[ONE_OFF])],
            {},
            {"O": "2025-05"},
            "O",
            ReasonKind.VALUE,
            None,
            (),
            "adds no savings: its one-off is booked at May 2025 already",
            id="value-one-off-booked",
        ),
        pytest.param(
            # ... and lost at 2025-08, as it would be at 2025-07.
            [measure("O", amounts={2025: 100}, components=[ONE_OFF])],
            {},
            {"O": "2025-08"},
            "O",
            ReasonKind.VALUE,
            None,
            (),
            "adds no savings: its one-off books only with an effect by Jun 2025",
            id="value-one-off-lost",
        ),
        pytest.param(
            [measure("U", amounts={})],
            {},
            {"U": "2025-05"},
            "U",
            ReasonKind.VALUE,
            None,
            (),
            "it has no amount of its own",
            id="value-unpriced",
        ),
    ],
)
def test_each_kind_of_reason(
    measures: list[dict[str, Any]],
    build_options: dict[str, Any],
    effects: dict[str, str],
    subject: str,
    kind: ReasonKind,
    line: int | None,
    months: tuple[str, ...],
    words: str,
) -> None:
    reason = _reason_of(build(measures, **build_options), effects, subject)
    assert (reason.kind, reason.line, reason.months) == (kind, line, months)
    assert words in reason.text


def test_moved_is_the_plan_month_less_the_consultants() -> None:
    # planned_effect 2025-01 (builders' default), the plan's 2025-05: four months later.
    reason = _reason_of(build([measure("V")]), {"V": "2025-05"}, "V")
    assert (reason.planned_effect, reason.effect, reason.moved) == (
        parse_month("2025-01"),
        parse_month("2025-05"),
        4,
    )


def test_moved_far_keeps_moves_of_more_than_six_months_either_way() -> None:
    def moved(measure_id: str, months: int) -> MeasureReason:
        return MeasureReason(
            id=measure_id,
            planned_effect=parse_month("2026-01"),
            effect=parse_month("2026-01") + months,
            moved=months,
            kind=ReasonKind.VALUE,
            text="",
        )

    all_reasons = [moved("late", 7), moved("early", -7), moved("six", 6), moved("none", 0)]
    assert [r.id for r in moved_far(all_reasons)] == ["late", "early"]
    assert [r.id for r in moved_far(all_reasons, months=0)] == ["late", "early", "six"]


def _agrees_with_the_validator(instance: Instance, plan: Plan) -> None:
    """Every measure is explained, in the instance's order, with moved = effect - planned;
    and a rule binds (any kind but value) exactly when the independent validator finds a
    violation in the plan with that measure alone one month earlier."""
    assert check_plan(instance, plan) == []
    explained = reasons(instance, plan)
    assert [r.id for r in explained] == [m.id for m in instance.measures]
    items = {item.id: item for item in plan.measures}
    for reason in explained:
        item = items[reason.id]
        planned = instance.planned_effect_of(instance.measure(reason.id))
        assert (reason.planned_effect, reason.effect) == (planned, item.effect)
        assert reason.moved == item.effect - planned
        assert reason.text
        if reason.kind == ReasonKind.CAPACITY:
            assert format_month(item.start - 1) in reason.months
        earlier = item.model_copy(update={"start": item.start - 1, "effect": item.effect - 1})
        moved = plan.model_copy(
            update={"measures": tuple(earlier if i.id == reason.id else i for i in plan.measures)}
        )
        binds = bool(check_plan(instance, moved))
        assert binds == (reason.kind != ReasonKind.VALUE), (reason, check_plan(instance, moved))


def test_every_measure_of_the_tiny_optimum_is_explained(tiny: Instance) -> None:
    result = solve(tiny, time_limit=10)
    assert result.plan is not None
    _agrees_with_the_validator(tiny, result.plan)


def test_every_measure_of_the_ovre_eiker_optimum_is_explained(ovre_eiker: Instance) -> None:
    result = solve(ovre_eiker, time_limit=30)
    assert result.plan is not None
    _agrees_with_the_validator(ovre_eiker, result.plan)


def test_reasons_read_in_norwegian_by_default(tiny: Instance) -> None:
    plan = solve(tiny, time_limit=10).plan
    assert plan is not None
    for norwegian, english in zip(reasons(tiny, plan), reasons(tiny, plan, lang="en"), strict=True):
        assert (norwegian.kind, norwegian.line, norwegian.months) == (
            english.kind,
            english.line,
            english.months,
        )
        assert norwegian.text != english.text
