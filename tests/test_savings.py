"""The savings semantics (docs/savings.md) on the tiny fixture, by hand."""

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from pytest import MonkeyPatch

import scheduler.savings as savings_module
from scheduler.data import Instance, Measure, month_of, parse_month
from scheduler.io.instance import load_instance
from scheduler.savings import (
    SavingsTable,
    monthly_savings,
    planned_stream,
    savings_by_effect,
    yearly_savings,
)

TINY = load_instance(Path(__file__).parent / "fixtures" / "tiny.yaml")


def test_planned_stream_spreads_each_year_exactly(tiny: Instance) -> None:
    # 60 in 2025 from the default effect 2025-07 -> 6 months of 10;
    # 120 in 2026 -> 12 months of 10.
    stream = planned_stream(tiny, tiny.measure("A-1.1"))
    assert parse_month("2025-06") not in stream
    assert stream[parse_month("2025-07")] == 10
    assert sum(v for m, v in stream.items() if m // 12 == 2025) == 60
    assert sum(v for m, v in stream.items() if m // 12 == 2026) == 120


def test_negative_amount_and_remainder(tiny: Instance) -> None:
    # B-1.1: -30 over Oct-Dec 2025 -> -10 each; 300 in 2026 -> 25 a month.
    measure = tiny.measure("B-1.1")
    stream = planned_stream(tiny, measure)
    assert [stream.get(parse_month(f"2025-{m}"), 0) for m in ("09", "10", "11", "12")] == [
        0,
        -10,
        -10,
        -10,
    ]
    assert yearly_savings(tiny, measure, parse_month("2025-10")) == {
        2025: -30,
        2026: 300,
        2027: 300,
    }


def test_as_planned_reproduces_amounts_and_continues_at_last_level(tiny: Instance) -> None:
    for measure in tiny.measures:
        savings = yearly_savings(tiny, measure, tiny.planned_effect_of(measure))
        for year in (2025, 2026):
            assert savings[year] == measure.amounts.get(year, 0)
        # 2027 is past the last amount year (2026): the 2026 level goes on.
        assert savings[2027] == measure.amounts.get(2026, 0)


def test_one_month_later_loses_the_first_month(tiny: Instance) -> None:
    # one month late (2025-08): 2025 keeps 5 months of 10 = 50; 2026 gets
    # Dec 2025's 10 plus Jan-Nov 2026's 110 = 120.
    assert yearly_savings(tiny, tiny.measure("A-1.1"), parse_month("2025-08")) == {
        2025: 50,
        2026: 120,
        2027: 120,
    }


@given(shift=st.integers(min_value=-6, max_value=12))
def test_shifting_the_effect_shifts_the_stream(shift: int) -> None:
    instance = TINY
    months = range(month_of(2024), month_of(2029, 12))
    for measure in instance.measures:
        planned = instance.planned_effect_of(measure)
        base = monthly_savings(instance, measure, planned, months)
        moved = monthly_savings(instance, measure, planned + shift, months)
        for month in months:
            if month - shift in base:
                assert moved[month] == base[month - shift]


@given(shift=st.integers(min_value=-30, max_value=30))
def test_yearly_totals_add_up_the_monthly_savings(shift: int) -> None:
    # The prefix-sum shortcut in yearly_savings_by_effect against month-by-month sums.
    instance = TINY
    calendar = instance.calendar
    for measure in instance.measures:
        effect = instance.planned_effect_of(measure) + shift
        months = range(calendar.first_month, calendar.horizon_end + 1)
        monthly = monthly_savings(instance, measure, effect, months)
        expected = {year: 0 for year in calendar.years}
        for month, amount in monthly.items():
            expected[month // 12] += amount
        assert yearly_savings(instance, measure, effect) == expected


def test_savings_table_reads_each_measure_and_month_once(
    tiny: Instance, monkeypatch: MonkeyPatch
) -> None:
    # The table gives what yearly_savings gives, and a second request computes only the
    # months it has not seen (the neighbourhood search asks for the same ones every step).
    asked: list[list[int]] = []

    def counted(instance: Instance, measure: Measure, months: Iterable[int]) -> Any:
        asked.append(list(months))
        return savings_by_effect(instance, measure, asked[-1])

    monkeypatch.setattr(savings_module, "savings_by_effect", counted)
    table = SavingsTable(tiny)
    measure = tiny.measure("B-1.1")
    july, august, september = (parse_month(f"2025-{m}") for m in ("07", "08", "09"))
    first = table.by_effect(measure, [july, august])
    second = table.by_effect(measure, [august, september])
    assert asked == [[july, august], [september]]
    assert first[july] == yearly_savings(tiny, measure, july)
    assert second[september] == yearly_savings(tiny, measure, september)
    assert second[august] == first[august]
