"""The Gantt chart's content: bars, colours, arrows, decisions, bands and hover text."""

from __future__ import annotations

import plotly.graph_objects as go

from scheduler.consultants import as_planned
from scheduler.data import Colour, Instance, month_of
from scheduler.i18n import Lang
from scheduler.plots import gantt_figure
from scheduler.plots.common import COLOUR_FILL, PLAN_START_COLOUR
from scheduler.plots.gantt import LABEL_CHARACTERS
from scheduler.result import Plan

ROWS = ["A-1.1", "A-1.2", "A-1.3", "B-1.1", "B-1.2"]  # section A first, then B


def bars(fig: go.Figure, thick: bool = True) -> list[go.Bar]:
    """Horizontal bars: thick = preparation, thin = effect phase."""
    return [
        t for t in fig.data if t.type == "bar" and t.orientation == "h" and (t.width > 0.5) == thick
    ]


def row_ids(fig: go.Figure) -> dict[int, str]:
    """y of each measure's row -> its id (the first word of the Gantt's row labels)."""
    ids = [label.split(" ")[0] for label in fig.layout.yaxis.ticktext]
    return dict(zip(fig.layout.yaxis.tickvals, ids, strict=True))


def arrows(fig: go.Figure) -> list[go.layout.Annotation]:
    return [a for a in fig.layout.annotations if a.showarrow]


def test_one_preparation_bar_per_measure_from_start_to_effect(
    tiny: Instance, tiny_plan: Plan
) -> None:
    fig = gantt_figure(tiny, tiny_plan)
    ids = row_ids(fig)
    # One header row above each section: A at 0, its measures 1-3, B at 4, its measures 5-6.
    assert ids == dict(zip([1, 2, 3, 5, 6], ROWS, strict=True))
    items = {item.id: item for item in tiny_plan.measures}
    seen = set()
    for trace in bars(fig):
        for row, base, width in zip(trace.y, trace.base, trace.x, strict=True):
            item = items[ids[row]]
            assert (base, base + width) == (item.start, item.effect)
            seen.add(item.id)
    assert seen == set(ROWS)


def test_effect_phase_runs_from_effect_to_the_horizon_end(tiny: Instance, tiny_plan: Plan) -> None:
    fig = gantt_figure(tiny, tiny_plan)
    end = tiny.calendar.horizon_end + 1
    effects = {item.id: item.effect for item in tiny_plan.measures}
    ids = row_ids(fig)
    for trace in bars(fig, thick=False):
        for row, base, width in zip(trace.y, trace.base, trace.x, strict=True):
            assert (base, base + width) == (effects[ids[row]], end)


def test_bars_are_coloured_by_mobilisation_colour(tiny: Instance, tiny_plan: Plan) -> None:
    fig = gantt_figure(tiny, tiny_plan)
    ids = row_ids(fig)
    by_colour = {t.marker.color: {ids[row] for row in t.y} for t in bars(fig)}
    assert by_colour == {
        COLOUR_FILL[Colour.RED]: {"B-1.1"},
        COLOUR_FILL[Colour.YELLOW]: {"A-1.2", "A-1.3"},
        COLOUR_FILL[Colour.GREEN]: {"A-1.1", "B-1.2"},
    }
    assert len(set(COLOUR_FILL.values())) == 3
    legend = [t.name for t in bars(fig) if t.showlegend is not False]
    assert any(name.startswith("rød") and "50 % realiseres" in name for name in legend)


def test_one_arrow_per_dependency_from_prerequisite_effect_to_start(
    tiny: Instance, tiny_plan: Plan
) -> None:
    # A-1.2 depends on A-1.1 (FS 0): the arrow runs from A-1.1's effect (2025-02) on row 0
    # to A-1.2's start (2025-02) on the next row.
    fig = gantt_figure(tiny, tiny_plan)
    y = {measure_id: row for row, measure_id in row_ids(fig).items()}
    (arrow,) = arrows(fig)
    assert (arrow.ax, arrow.ay) == (month_of(2025, 2), y["A-1.1"])
    assert (arrow.x, arrow.y) == (month_of(2025, 2), y["A-1.2"])


def test_arrow_count_on_ovre_eiker(ovre_eiker: Instance) -> None:
    fig = gantt_figure(ovre_eiker, as_planned(ovre_eiker), with_savings=False)
    assert len(arrows(fig)) == sum(len(m.depends_on) for m in ovre_eiker.measures) == 49
    assert len(fig.layout.yaxis.ticktext) == len(ovre_eiker.measures)


def test_sections_in_fixed_order_with_labelled_bands(ovre_eiker: Instance) -> None:
    fig = gantt_figure(ovre_eiker, as_planned(ovre_eiker), with_savings=False)
    sections = [ovre_eiker.section_of(ovre_eiker.measure(i)) for i in row_ids(fig).values()]
    assert list(dict.fromkeys(sections)) == ["HEV", "OPP", "KUL", "ADM"]
    labels = [a for a in fig.layout.annotations if a.text and a.text.startswith("<b>")]
    assert [label.text.split("</b>")[0][3:] for label in labels] == ["HEV", "OPP", "KUL", "ADM"]
    # Each label sits in its own header row, where no bar is.
    assert not {label.y for label in labels} & set(fig.layout.yaxis.tickvals)


def test_height_grows_with_the_number_of_rows(
    tiny: Instance, tiny_plan: Plan, ovre_eiker: Instance
) -> None:
    small = gantt_figure(tiny, tiny_plan).layout.height
    large = gantt_figure(ovre_eiker, as_planned(ovre_eiker)).layout.height
    assert large - small >= 10 * (len(ovre_eiker.measures) - len(ROWS))


def test_council_decision_marked_in_its_meeting_month(tiny: Instance, tiny_plan: Plan) -> None:
    fig = gantt_figure(tiny, tiny_plan, Lang.EN)
    (decisions,) = [t for t in fig.data if t.name == "council / budget decision"]
    assert [row_ids(fig)[y] for y in decisions.y] == ["B-1.1"]
    assert list(decisions.x) == [month_of(2025, 3) + 0.5]


def test_year_boundaries_and_plan_start_are_marked(tiny: Instance, tiny_plan: Plan) -> None:
    fig = gantt_figure(tiny, tiny_plan)
    lines = [s for s in fig.layout.shapes if s.type == "line" and s.xref == "x"]
    dotted = {s.x0 for s in lines if s.line.dash == "dot"}
    assert dotted == {month_of(2026), month_of(2027)}
    assert [s.x0 for s in lines if s.line.color == PLAN_START_COLOUR] == [tiny.calendar.plan_start]
    # The axis is labelled in calendar months, in the chart's language.
    assert "jan. 2026" in fig.layout.xaxis.ticktext
    assert "Jan 2026" in gantt_figure(tiny, tiny_plan, Lang.EN).layout.xaxis.ticktext


def test_hover_names_amounts_colour_dependencies_and_source_line(
    tiny: Instance, tiny_plan: Plan
) -> None:
    fig = gantt_figure(tiny, tiny_plan, Lang.EN)
    ids = row_ids(fig)
    hover = {ids[row]: text for t in bars(fig) for row, text in zip(t.y, t.hovertext, strict=True)}
    text = hover["A-1.2"]
    for fragment in ("Tiltak to", "2026: 240", "colour yellow", "A-1.1 (FS, lag 0)", "line 12"):
        assert fragment in text
    assert "decided Mar 2025" in hover["B-1.1"] and "2025: -30" in hover["B-1.1"]
    norwegian = gantt_figure(tiny, tiny_plan)
    ids = row_ids(norwegian)
    hover = {
        ids[row]: text for t in bars(norwegian) for row, text in zip(t.y, t.hovertext, strict=True)
    }
    assert "fargekode gul" in hover["A-1.2"] and "vedtatt mar. 2025" in hover["B-1.1"]


def test_rows_are_labelled_with_id_and_name(ovre_eiker: Instance) -> None:
    fig = gantt_figure(ovre_eiker, as_planned(ovre_eiker), with_savings=False)
    for label in fig.layout.yaxis.ticktext:
        measure = ovre_eiker.measure(label.split(" ")[0])
        assert len(label) <= LABEL_CHARACTERS
        assert label == f"{measure.id} {measure.name}" or label.endswith("…")
