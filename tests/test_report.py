"""The plan report: what binds (capacity, decisions, the critical chain) and its files."""

from __future__ import annotations

import itertools

from plotly.offline import get_plotlyjs

from scheduler.consultants import as_planned
from scheduler.data import Instance, month_of
from scheduler.i18n import Lang
from scheduler.io.report_documents import report_html, report_markdown
from scheduler.plan_report import critical_chain, plan_report
from scheduler.plots import gantt_figure
from scheduler.result import Plan, ScheduledMeasure


def test_headline_numbers_against_the_targets(tiny: Instance, tiny_plan: Plan) -> None:
    years = {y.year: y for y in plan_report(tiny, tiny_plan).years}
    assert set(years) == {2025, 2026, 2027}
    assert years[2026].target == 500 and years[2027].target is None
    assert years[2025].shortfall == max(0, 100 - years[2025].savings)


def test_sections_and_pools_at_capacity(tiny: Instance, tiny_plan: Plan) -> None:
    # A: and A-1.3 (1 each) in January, A-1.2 and in February: full (2);
    # B and HR: B-1.1 (effort 2, HR 1) from January to April: full.
    full = {unit.id: unit.full_months for unit in plan_report(tiny, tiny_plan).at_capacity}
    january = month_of(2025, 1)
    assert full["A"] == (january, january + 1)
    assert full["B"] == tuple(range(january, january + 4))
    assert full["HR"] == tuple(range(january, january + 4))


def test_decision_waiting_for_a_meeting(tiny: Instance, tiny_plan: Plan) -> None:
    # B-1.1 starts in January; the case is ready one month later (February), the next
    # meeting is in March: it waits one month.
    (decision,) = plan_report(tiny, tiny_plan).decisions
    assert (decision.id, decision.ready, decision.meeting, decision.waited) == (
        "B-1.1",
        month_of(2025, 2),
        month_of(2025, 3),
        1,
    )


def test_critical_chain_follows_binding_dependencies(tiny: Instance, tiny_plan: Plan) -> None:
    chain = critical_chain(tiny, tiny_plan)
    assert [link.id for link in chain] == ["A-1.1", "A-1.2"]
    assert [link.via for link in chain] == [None, "FS 0"]
    assert chain[1].binding


def test_critical_chain_without_binding_dependencies_is_the_longest_chain(
    tiny: Instance, tiny_plan: Plan
) -> None:
    later = tuple(
        item.model_copy(update={"start": item.start + 1, "effect": item.effect + 1})
        if item.id == "A-1.2"
        else item
        for item in tiny_plan.measures
    )
    chain = critical_chain(tiny, tiny_plan.model_copy(update={"measures": later}))
    assert [link.id for link in chain] == ["A-1.1", "A-1.2"]
    assert not chain[1].binding


def test_critical_chain_on_ovre_eiker_is_a_chain_of_dependencies(ovre_eiker: Instance) -> None:
    plan = as_planned(ovre_eiker)
    chain = critical_chain(ovre_eiker, plan)
    assert len(chain) >= 2
    for before, after in itertools.pairwise(chain):
        assert before.id in {d.measure for d in ovre_eiker.measure(after.id).depends_on}


def test_no_dependencies_no_chain(tiny: Instance) -> None:
    alone = tiny.model_copy(
        update={"measures": tuple(m.model_copy(update={"depends_on": ()}) for m in tiny.measures)}
    )
    plan = Plan(
        instance="tiny",
        measures=tuple(
            ScheduledMeasure(id=m.id, start=month_of(2025), effect=month_of(2025, 6))
            for m in tiny.measures
        ),
    )
    assert critical_chain(alone, plan) == ()


def test_markdown_report_lists_numbers_assumptions_and_images(
    tiny: Instance, tiny_plan: Plan
) -> None:
    text = report_markdown(plan_report(tiny, tiny_plan), [("Gantt chart", "gantt.png")])
    assert "| 2026 | 500 |" in text
    assert "A-1.1 → A-1.2" in text
    assert "| `sections` | test capacities |  |" in text
    assert "![Gantt chart](gantt.png)" in text
    assert "gantt.png" not in report_markdown(plan_report(tiny, tiny_plan))


def test_html_report_embeds_the_charts_offline(tiny: Instance, tiny_plan: Plan) -> None:
    page = report_html(plan_report(tiny, tiny_plan), [gantt_figure(tiny, tiny_plan)])
    assert page.count(get_plotlyjs()[:500]) == 1
    assert "<script src=" not in page
    assert "<td>test capacities</td>" in page


def test_report_explains_every_measure_and_lists_far_moves_first(
    tiny: Instance, tiny_plan: Plan
) -> None:
    report = plan_report(tiny, tiny_plan)
    assert [row.reason.id for row in report.reasons] == [m.id for m in tiny.measures]
    moved = {row.reason.id: row.reason.moved for row in report.reasons}
    # B-1.1: dated 2025-10 by the source, 2025-05 in the plan. and B-1.2 have only a
    # 2026 amount (planned 2026-01) and take effect 2025-04 and 2025-06: 9 and 7 months
    # earlier, the only moves of more than six months.
    assert (moved["B-1.1"], moved["A-1.2"], moved["B-1.2"]) == (-5, -9, -7)
    assert [row.reason.id for row in report.moved_far] == ["A-1.2", "B-1.2"]
    assert [row.name for row in report.moved_far] == ["Tiltak to", "Vann og avløp"]


def test_markdown_and_html_reports_say_why_each_measure_takes_effect_then(
    tiny: Instance, tiny_plan: Plan
) -> None:
    report = plan_report(tiny, tiny_plan, lang=Lang.EN)
    text = report_markdown(report)
    assert "## Why each measure takes effect when it does" in text
    # Far moves first (with the name), then the compact table of every measure.
    far_row = "| A-1.2 | Tiltak to | Jan 2026 | Apr 2025 | -9 | waits for A-1.1 (takes effect"
    all_row = "| A-1.2 | Jan 2026 | Apr 2025 | -9 | prerequisite | waits for A-1.1 (takes effect"
    assert far_row in text and all_row in text
    assert text.index(far_row) < text.index("### All measures") < text.index(all_row)
    page = report_html(report)
    assert "<th>consultants&#x27; effect</th>" in page  # escaped as the other cells
    assert '<td class="n">-9</td>' in page


def test_summary_sets_the_plan_beside_the_consultants_timing(ovre_eiker: Instance) -> None:
    # The consultants' own timing as "the plan": both columns equal the source's totals
    # (l.814), the plan breaks the same rules it does, and the carry-over shows in 2026.
    plan = as_planned(ovre_eiker)
    report = plan_report(ovre_eiker, plan)
    by_year = {y.year: y for y in report.years}
    assert [by_year[y].consultants for y in (2025, 2026, 2027)] == [12591, 65127, 97925]
    assert all(y.savings == y.consultants for y in report.years)
    assert report.plan_violations == report.consultants_violations > 0
    assert report.consultants_assumed_violations == 0
    assert by_year[2026].risk_weighted_carried == by_year[2025].risk_weighted_shortfall > 0
    markdown = report_markdown(report)
    assert markdown.index("## Kort fortalt") < markdown.index("## Innsparing mot målene")
    assert "2027: 0 mer enn konsulentenes plan (risikovektet +0)." in markdown
    assert "hver av dem en regel kilden selv oppgir" in markdown
