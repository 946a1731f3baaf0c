"""The implementation plan as a Gantt chart, with the savings panel under it.

One row per measure, grouped by section in a fixed order. A thick bar is the preparation
(from the start of work to the effect month), a thin bar of the same colour the effect
phase (savings running to the horizon end); the colour is the measure's mobilisation
coefficient. Arrows run from what a dependency waits for (the prerequisite's effect, or
its start for start-to-start) to the dependent measure's start; a black diamond marks the
council (or budget) meeting that decides a measure. Row labels are the measure's id and
the start of its name; the hover text has the whole name and everything else.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from scheduler.data import Colour, DependencyKind, Instance, Measure
from scheduler.evaluate import rows_by_section
from scheduler.i18n import DEFAULT_LANG, Lang, Texts
from scheduler.plots.common import (
    COLOUR_FILL,
    WIDTH,
    Decorations,
    add_calendar_lines,
    layout,
    month_axis,
    plain,
)
from scheduler.plots.savings import SAVINGS_PANEL_HEIGHT, add_savings_panel
from scheduler.result import Plan, ScheduledMeasure
from scheduler.savings import yearly_savings

ROW_HEIGHT = 13  # pixels per row: ~170 measures stay readable at 9 pt labels
LABEL_CHARACTERS = 42  # id and the start of the name: fits the left margin at 9 pt
_MARGIN = {"l": 270, "r": 30, "t": 135, "b": 60}
_PANEL_GAP = 90
ARROW_COLOUR = "rgba(40, 40, 40, 0.55)"
DECISION_COLOUR = "#111111"
SECTION_SHADE = "rgba(120, 120, 120, 0.08)"
SECTION_LABEL_BACKGROUND = "#f4f4f4"  # the shade on white, opaque: lines pass behind labels


@dataclass(frozen=True)
class Row:
    """A measure's row: ``y`` counts from the top, one header row before each section."""

    y: int
    measure: Measure
    item: ScheduledMeasure


@dataclass(frozen=True)
class Section:
    """A section's header row and its measures' rows: ``first..last`` in y."""

    id: str
    name: str
    first: int
    last: int


def layout_rows(instance: Instance, plan: Plan) -> tuple[list[Row], list[Section]]:
    """Rows by section in a fixed order (see :func:`rows_by_section`), each section under
    its own header row, so that its label covers no bar."""
    rows: list[Row] = []
    sections: list[Section] = []
    names = {section.id: section.name for section in instance.sections}
    for measure, item in rows_by_section(instance, plan):
        section = instance.section_of(measure)
        if not sections or sections[-1].id != section:
            header = len(rows) + len(sections)
            sections.append(Section(section, names[section], header, header))
        y = len(rows) + len(sections)
        rows.append(Row(y, measure, item))
        sections[-1] = Section(section, names[section], sections[-1].first, y)
    return rows, sections


def gantt_figure(
    instance: Instance, plan: Plan, lang: Lang = DEFAULT_LANG, *, with_savings: bool = True
) -> go.Figure:
    """The plan's Gantt chart (row 1) and, unless ``with_savings`` is false, its savings
    against the yearly targets (row 2) on the same month axis."""
    t = Texts(lang)
    rows, sections = layout_rows(instance, plan)
    lines = len(rows) + len(sections)
    heights = [ROW_HEIGHT * lines + 20] + ([SAVINGS_PANEL_HEIGHT] if with_savings else [])
    plot_height = sum(heights) + _PANEL_GAP * (len(heights) - 1)
    height = plot_height + _MARGIN["t"] + _MARGIN["b"]
    fig = make_subplots(
        rows=len(heights),
        cols=1,
        shared_xaxes=True,
        row_heights=heights,
        vertical_spacing=_PANEL_GAP / plot_height,
    )
    decorations = Decorations()
    first = min([instance.calendar.first_month] + [row.item.start for row in rows])
    last = instance.calendar.horizon_end
    _add_section_bands(decorations, sections)
    _add_bars(t, fig, instance, rows)
    _add_decisions(t, fig, rows)
    _add_arrows(decorations, rows)
    if with_savings:
        add_savings_panel(t, fig, decorations, instance, plan, row=2)
    add_calendar_lines(t, decorations, instance, first, last, rows=len(heights))
    decorations.apply(fig)
    fig.update_xaxes(month_axis(t, first, last))
    fig.update_xaxes(showticklabels=True, side="top", row=1, col=1)
    fig.update_yaxes(
        autorange=False,
        range=[lines - 0.5, -0.5],  # first row on top
        tickvals=[row.y for row in rows],
        ticktext=[plain(row_label(row.measure)) for row in rows],
        tickfont={"size": 9},
        showgrid=False,
        zeroline=False,
        row=1,
        col=1,
    )
    fig.update_layout(
        layout(t),
        title={
            "text": t("chart.gantt_title", instance=plain(instance.name)),
            "subtitle": {"text": t("chart.gantt_note")},
            "x": _MARGIN["l"] / WIDTH,
            "xanchor": "left",
            "y": 1 - 16 / height,
            "yanchor": "top",
        },
        height=height,
        margin=_MARGIN,
        barmode="overlay",
        bargap=0,
        legend={
            "orientation": "h",
            "x": 0,
            "xref": "paper",
            "y": 1 - 72 / height,
            "yref": "container",
            "yanchor": "top",
        },
    )
    return fig


def row_label(measure: Measure, characters: int = LABEL_CHARACTERS) -> str:
    """'HEV-2.4 Bedre ressursutnyttelse i hjemm…': the id and as much of the name as fits."""
    label = f"{measure.id} {measure.name}"
    return label if len(label) <= characters else label[: characters - 1].rstrip() + "…"


def _add_bars(t: Texts, fig: go.Figure, instance: Instance, rows: list[Row]) -> None:
    """Per colour: a preparation bar [start, effect) and a thin effect bar [effect, end]."""
    end = instance.calendar.horizon_end + 1
    for colour in Colour:
        coloured = [row for row in rows if row.measure.colour == colour]
        if not coloured:
            continue
        hover = [_hover(t, instance, row.measure, row.item) for row in coloured]
        items = [row.item for row in coloured]
        indices = [row.y for row in coloured]
        share = instance.colours[colour].realisation_pct
        fig.add_traces(
            [
                go.Bar(
                    name=t(f"chart.colour_meaning.{colour.value}", share=t.percent(share)),
                    legendgroup=colour.value,
                    orientation="h",
                    y=indices,
                    base=[item.start for item in items],
                    x=[item.effect - item.start for item in items],
                    width=0.72,
                    marker={"color": COLOUR_FILL[colour], "line": {"width": 0}},
                    hovertext=hover,
                    hoverinfo="text",
                ),
                go.Bar(
                    name=t("chart.effect_phase", colour=t(f"colour.{colour.value}")),
                    legendgroup=colour.value,
                    showlegend=False,
                    orientation="h",
                    y=indices,
                    base=[item.effect for item in items],
                    x=[end - item.effect for item in items],
                    width=0.22,
                    marker={"color": COLOUR_FILL[colour], "opacity": 0.4, "line": {"width": 0}},
                    hovertext=hover,
                    hoverinfo="text",
                ),
            ],
            rows=1,
            cols=1,
        )


def _add_decisions(t: Texts, fig: go.Figure, rows: list[Row]) -> None:
    """A diamond in the middle of the month of the meeting that decides a measure."""
    decided = [
        (row.y, row.item.id, row.item.decision_meeting)
        for row in rows
        if row.item.decision_meeting is not None
    ]
    if not decided:
        return
    fig.add_trace(
        go.Scatter(
            name=t("chart.decision"),
            mode="markers",
            x=[meeting + 0.5 for _, _, meeting in decided],
            y=[index for index, _, _ in decided],
            marker={
                "symbol": "diamond",
                "size": 8,
                "color": DECISION_COLOUR,
                "line": {"color": "white", "width": 1},
            },
            hovertext=[
                t("chart.decided", measure=plain(measure_id), month=t.month(meeting))
                for _, measure_id, meeting in decided
            ],
            hoverinfo="text",
        ),
        row=1,
        col=1,
    )


def _add_arrows(decorations: Decorations, rows: list[Row]) -> None:
    """One arrow per dependency, from what it waits for to the dependent start."""
    row_of = {row.measure.id: row.y for row in rows}
    items = {row.item.id: row.item for row in rows}
    for row in rows:
        item = row.item
        for dependency in row.measure.depends_on:
            if dependency.measure not in row_of:
                continue
            prerequisite = items[dependency.measure]
            anchor = (
                prerequisite.effect
                if dependency.kind == DependencyKind.FINISH_TO_START
                else prerequisite.start
            )
            decorations.annotations.append(
                {
                    "x": item.start,
                    "y": row.y,
                    "ax": anchor,
                    "ay": row_of[dependency.measure],
                    "xref": "x",
                    "yref": "y",
                    "axref": "x",
                    "ayref": "y",
                    "text": "",
                    "showarrow": True,
                    "arrowhead": 2,
                    "arrowsize": 1,
                    "arrowwidth": 1,
                    "arrowcolor": ARROW_COLOUR,
                    "standoff": 1,
                }
            )


def _add_section_bands(decorations: Decorations, sections: list[Section]) -> None:
    """A shaded band behind every other section; its name in its header row."""
    for band, section in enumerate(sections):
        if band % 2 == 0:
            decorations.shapes.append(
                {
                    "type": "rect",
                    "xref": "x domain",
                    "yref": "y",
                    "x0": 0,
                    "x1": 1,
                    "y0": section.first - 0.5,
                    "y1": section.last + 0.5,
                    "fillcolor": SECTION_SHADE,
                    "line": {"width": 0},
                    "layer": "below",
                }
            )
        decorations.annotations.append(
            {
                "x": 0.005,
                "y": section.first,
                "xref": "x domain",
                "yref": "y",
                "xanchor": "left",
                "yanchor": "middle",
                "text": f"<b>{plain(section.id)}</b> {plain(section.name)}",
                "showarrow": False,
                "font": {"size": 12},
                "bgcolor": SECTION_LABEL_BACKGROUND if band % 2 == 0 else "white",
            }
        )


def _hover(t: Texts, instance: Instance, measure: Measure, item: ScheduledMeasure) -> str:
    """Name, section and group, colour, timing, amounts, dependencies and source line."""
    source = ", ".join(
        f"{year}: {t.kilo(amount)}" for year, amount in sorted(measure.amounts.items())
    )
    savings = yearly_savings(instance, measure, item.effect)
    planned = ", ".join(f"{year}: {t.kilo(amount)}" for year, amount in savings.items())
    dependencies = "; ".join(
        t("chart.dependency", measure=plain(d.measure), kind=d.kind.value, lag=d.min_lag)
        for d in measure.depends_on
    )
    decision = (
        t("chart.hover_decided", month=t.month(item.decision_meeting))
        if item.decision_meeting is not None
        else ""
    )
    lines = [
        f"<b>{plain(measure.id)}</b> {plain(measure.name)}",
        f"{plain(instance.section_of(measure))} / {plain(measure.group)} "
        f"{plain(instance.group(measure.group).name)}",
        t(
            "chart.hover_colour",
            colour=t(f"colour.{measure.colour.value}"),
            share=t.percent(instance.realisation_of(measure)),
        ),
        t(
            "chart.hover_timing",
            start=t.month(item.start),
            decision=decision,
            effect=t.month(item.effect),
        ),
        t("chart.hover_amounts", amounts=source or t("chart.qualitative")),
        t("chart.hover_savings", amounts=planned),
        t("chart.hover_depends", measures=dependencies or t("chart.nothing")),
        t("chart.hover_line", line=measure.line)
        + ("" if measure.in_chapter_sum else t("chart.outside_sums")),
    ]
    return "<br>".join(_wrap(line) for line in lines)


def _wrap(text: str, width: int = 90) -> str:
    """Break long hover lines (Norwegian names can be long) at spaces."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + len(word) < width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)
