"""The bundled Øvre Eiker instance reads the source's timing the way the master plan means
it (docs/savings.md, docs/source-timing.md): each component rule on a real measure, every
stated date binding a solved plan, and the consultants' timing breaking only source rules."""

import pytest

from scheduler.consultants import as_planned
from scheduler.data import ComponentKind, Instance, month_of
from scheduler.i18n import Lang
from scheduler.io.report_documents import report_markdown
from scheduler.model.solver import solve
from scheduler.plan_report import plan_report
from scheduler.result import Result
from scheduler.savings import savings_by_effect, yearly_savings
from scheduler.validate import Basis, check_plan


@pytest.fixture(scope="module")
def solved(ovre_eiker: Instance) -> Result:
    return solve(ovre_eiker, time_limit=60)


def test_a_full_year_2025_amount_delayed_never_raises_a_later_year(ovre_eiker: Instance) -> None:
    # HEV-2.4: 156 in every year (l.1168), so it runs from January 2025.
    measure = ovre_eiker.measure("HEV-2.4")
    planned = ovre_eiker.planned_effect_of(measure)
    assert planned == month_of(2025, 1)
    on_time = yearly_savings(ovre_eiker, measure, planned)
    for delay in range(1, 24):
        late = yearly_savings(ovre_eiker, measure, planned + delay)
        assert all(late[year] <= on_time[year] for year in on_time)


def test_a_calendar_bound_change_stays_in_its_year(ovre_eiker: Instance) -> None:
    # HEV-6.2: refugee registration at vgs falls with the numbers (l.1950): 679 / 396 / 283
    # in 2026-2028 whenever the measure took effect before 2026.
    measure = ovre_eiker.measure("HEV-6.2")
    assert [c.kind for c in measure.components] == [ComponentKind.CALENDAR]
    for effect in (month_of(2025, 3), month_of(2025, 9), month_of(2025, 12)):
        savings = yearly_savings(ovre_eiker, measure, effect)
        assert (savings[2026], savings[2027], savings[2028]) == (679, 396, 283)


def test_a_one_off_missed_is_lost(ovre_eiker: Instance) -> None:
    # HEV-4.4: the summer 2025 closure (400, l.1395-1399) is booked by July 2025, never later.
    measure = ovre_eiker.measure("HEV-4.4")
    assert yearly_savings(ovre_eiker, measure, month_of(2025, 7))[2025] == 400
    late = yearly_savings(ovre_eiker, measure, month_of(2025, 8))
    assert sum(late.values()) == 0


def test_an_investment_is_not_risk_weighted(ovre_eiker: Instance) -> None:
    # HEV-3.2 is red (50 %): its -733 of 2026 (l.1274) counts in full, its gains at half.
    measure = ovre_eiker.measure("HEV-3.2")
    planned = ovre_eiker.planned_effect_of(measure)
    savings = savings_by_effect(ovre_eiker, measure, [planned])[planned]
    assert savings.nominal[2026] == -733
    assert savings.weighted[2026] == -733 * 100
    assert savings.weighted[2027] == savings.nominal[2027] * 50


def test_no_measure_takes_effect_before_a_date_the_source_gives(
    ovre_eiker: Instance, solved: Result
) -> None:
    assert solved.plan is not None
    effects = solved.plan.effect_by_measure()
    dated = [m for m in ovre_eiker.measures if m.earliest_effect is not None]
    assert len(dated) >= 20
    for measure in dated:
        assert measure.source_lines.get("earliest_effect") is not None, measure.id
        assert effects[measure.id] >= measure.earliest_effect, measure.id
    # The school structure review (l.3783-3795) saves nothing before 2028.
    assert effects["OPP-OVR.4"] >= month_of(2028, 1)


def test_the_consultants_timing_breaks_only_rules_the_source_states(ovre_eiker: Instance) -> None:
    violations = check_plan(ovre_eiker, as_planned(ovre_eiker))
    assert violations, "the consultants' timing breaks some stated rules (e.g. the plan start)"
    for violation in violations:
        assert violation.basis == Basis.SOURCE, str(violation)
        assert violation.line is not None, str(violation)
        assert ovre_eiker.measure(violation.subject).priced, str(violation)  # no unpriced row


def test_the_solved_plan_is_valid_and_proven(ovre_eiker: Instance, solved: Result) -> None:
    assert solved.plan is not None
    assert check_plan(ovre_eiker, solved.plan) == []
    assert solved.status.value == "optimal"
    assert solved.gap == 0


def test_the_plan_saves_at_least_the_consultants_figure_in_every_target_year(
    ovre_eiker: Instance, solved: Result
) -> None:
    assert solved.plan is not None
    report = plan_report(ovre_eiker, solved.plan, solved)
    for year in (y for y in report.years if y.target is not None):
        assert year.savings >= year.consultants, year.year
        assert year.risk_weighted >= year.consultants_risk_weighted, year.year
    assert report.trades == ()


def test_weighing_2026_over_2027_trades_the_night_supervision_and_says_so(
    ovre_eiker: Instance,
) -> None:
    # Weights 3 / 2 / 1: HEV-3.2's 733 of investment in 2026 (counted in full) outweighs its
    # risk-weighted gain in 2027 (half of 1 475, red), so 2027 falls below the consultants'
    # timing and the report names HEV-3.2 for it.
    weights = {2025: 3, 2026: 2, 2027: 1}
    instance = ovre_eiker.replaced(
        targets=tuple(t.model_copy(update={"weight": weights[t.year]}) for t in ovre_eiker.targets)
    )
    result = solve(instance, time_limit=60)
    assert result.plan is not None
    report = plan_report(instance, result.plan, result, Lang.EN)
    trades_2027 = {t.reason.id: t for t in report.trades if t.year == 2027}
    assert "HEV-3.2" in trades_2027
    assert trades_2027["HEV-3.2"].at_consultants[2026] == -733
    markdown = report_markdown(report)
    assert "3 in 2025 / 2 in 2026 / 1 in 2027" in markdown and "| 2027 | HEV-3.2 |" in markdown
