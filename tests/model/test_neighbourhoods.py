"""The large-instance search: section neighbourhoods and the search."""

import itertools

from pytest import MonkeyPatch

import scheduler.model.neighbourhoods as neighbourhoods_module
from scheduler.evaluate import objective_values
from scheduler.greedy import greedy_plan
from scheduler.model.neighbourhoods import (
    SPAN_MONTHS,
    candidate_months,
    improve,
    neighbourhoods,
    spans,
)
from scheduler.rules import effect_windows
from scheduler.synthetic import SyntheticSpec, generate
from scheduler.validate import check_plan

INSTANCE = generate(SyntheticSpec(measures=40, sections=3, months=36, seed=3))


def test_neighbourhoods_are_the_sections_then_the_pools_users() -> None:
    slices = neighbourhoods(INSTANCE)
    sections, pools = slices[: len(INSTANCE.sections)], slices[len(INSTANCE.sections) :]
    # Small units are not cut: one slice per section, then one per pool.
    assert len(pools) == len(INSTANCE.pools) > 0
    ids = [measure_id for free in sections for measure_id in free]
    assert sorted(ids) == sorted(m.id for m in INSTANCE.measures)  # each once
    for free, section in zip(sections, INSTANCE.sections, strict=True):
        assert {INSTANCE.section_of(INSTANCE.measure(m)) for m in free} == {section.id}
    for free, pool in zip(pools, INSTANCE.pools, strict=True):
        users = [m.id for m in INSTANCE.measures if m.support.get(pool.id, 0) > 0]
        assert list(free) == users


def test_large_units_are_cut_into_slices_of_bounded_size(monkeypatch: MonkeyPatch) -> None:
    monkeypatch.setattr(neighbourhoods_module, "NEIGHBOURHOOD_BOOLEANS", 100)
    windows = effect_windows(INSTANCE)
    slices = neighbourhoods(INSTANCE)
    assert len(slices) > len(INSTANCE.sections) + len(INSTANCE.pools)
    for free in slices:
        size = sum(len(windows[m]) for m in free)
        assert size <= 100 or len(free) == 1
    assert candidate_months(INSTANCE) == sum(len(w) for w in windows.values())


def test_spans_cover_the_months_twice_over() -> None:
    calendar = INSTANCE.calendar
    found = spans(INSTANCE)
    assert found[0][0] == calendar.plan_start and found[-1][1] == calendar.horizon_end
    for (first, last), (following, _) in itertools.pairwise(found):
        assert last == min(first + SPAN_MONTHS - 1, calendar.horizon_end)
        assert following == first + SPAN_MONTHS // 2


def test_search_improves_the_greedy_plan_reproducibly() -> None:
    greedy = greedy_plan(INSTANCE)
    assert greedy.plan is not None and greedy.objective is not None
    first = improve(INSTANCE, greedy.plan, time_limit=60)
    second = improve(INSTANCE, greedy.plan, time_limit=60)
    assert first.converged and first.sweeps >= 2  # the last sweep found nothing better
    assert first.plan == second.plan  # deterministic work limits, not wall-clock ones
    assert check_plan(INSTANCE, first.plan) == []
    values = objective_values(INSTANCE, first.plan.effect_by_measure())
    assert values.weighted_shortfall < greedy.objective
