"""Capacity use per section and pool against capacity."""

from __future__ import annotations

from scheduler.data import Instance, month_of
from scheduler.evaluate import capacity_use
from scheduler.i18n import Lang
from scheduler.plots import capacity_figure
from scheduler.result import Plan


def test_one_panel_per_unit_with_use_and_capacity(tiny: Instance, tiny_plan: Plan) -> None:
    fig = capacity_figure(tiny, tiny_plan, Lang.EN)
    use = capacity_use(tiny, tiny_plan)
    units = [unit.id for unit in tiny.sections + tiny.pools]
    assert [a.text.split("</b>")[0][3:] for a in fig.layout.annotations if "<b>" in a.text] == units
    for row, unit in enumerate(tiny.sections + tiny.pools, start=1):
        axis = "y" if row == 1 else f"y{row}"
        in_panel = [t for t in fig.data if t.yaxis == axis]
        drawn = {
            x - 0.5: y for t in in_panel if t.type == "bar" for x, y in zip(t.x, t.y, strict=True)
        }
        assert drawn == use[unit.id]
        (capacity,) = [t for t in in_panel if t.name == "capacity"]
        assert list(capacity.y[:-1]) == [unit.capacity_in(m) for m in sorted(use[unit.id])]


def test_full_months_are_drawn_as_at_capacity(tiny: Instance, tiny_plan: Plan) -> None:
    # Section B: B-1.1 (red, effort 2) fills its capacity 2 from January to April 2025.
    fig = capacity_figure(tiny, tiny_plan)
    (full,) = [t for t in fig.data if t.name == "full kapasitet" and t.yaxis == "y2"]
    assert [x - 0.5 for x in full.x] == [month_of(2025, m) for m in (1, 2, 3, 4)]
    # July has capacity 0 in B: the step line drops there.
    (capacity,) = [t for t in fig.data if t.name == "kapasitet" and t.yaxis == "y2"]
    july = list(capacity.x).index(month_of(2025, 7))
    assert capacity.y[july] == 0
