"""The plan by action group, for a slide: 16:9, one row per group, names not ids.

Each group's row spans its measures' work: a light bar from the first start of work to
the last effect, in its section's colour, and a dot in the month each priced measure
takes effect (larger for more money in the last target year); a black diamond marks a
council or budget meeting that decides one of its measures. The right margin gives the
group's savings in the target years (nominal). Section bands group the rows.

Sized for 1920 x 1080 with text of 16 px or more, so that a slide shows every name
without zooming; the per-measure Gantt (:mod:`scheduler.plots.gantt`) is the appendix.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

import plotly.graph_objects as go

from scheduler.data import Instance, Measure
from scheduler.evaluate import rows_by_section
from scheduler.i18n import DEFAULT_LANG, Lang, Texts
from scheduler.plots.common import (
    SLIDE_FONT_SIZE,
    SLIDE_HEIGHT,
    Decorations,
    add_calendar_lines,
    month_axis,
    plain,
    slide_layout,
)
from scheduler.result import Plan, ScheduledMeasure
from scheduler.savings import yearly_savings

NAME_WIDTH = 40  # characters per line of a group's label (two lines at most)
SECTION_COLOURS = ("#1f4e99", "#2e8b57", "#b5651d", "#7b3f99", "#2f7f8f", "#8f2f4f")
"""One colour per section, in the instance's order; distinct from the red/yellow/green of
the mobilisation colours, which here would suggest a risk the row does not have."""
_MARGIN = {"l": 420, "r": 230, "t": 135, "b": 65}
_DOT_SIZES = (9, 26)  # pixels: the smallest and largest effect dot
ROW_HEIGHT = 40  # pixels: room for a two-line label at 16 px


@dataclass(frozen=True)
class GroupRow:
    """One action group's row: its measures as planned."""

    id: str
    name: str
    section: str
    items: tuple[tuple[Measure, ScheduledMeasure], ...]

    @property
    def first_start(self) -> int:
        return min(item.start for _, item in self.items)

    @property
    def last_effect(self) -> int:
        return max(item.effect for _, item in self.items)


def group_rows(instance: Instance, plan: Plan) -> list[GroupRow]:
    """The groups with at least one measure, by section and in the instance's order."""
    by_group: dict[str, list[tuple[Measure, ScheduledMeasure]]] = {}
    for measure, item in rows_by_section(instance, plan):
        by_group.setdefault(measure.group, []).append((measure, item))
    return [
        GroupRow(group.id, group.name, group.section, tuple(by_group[group.id]))
        for section in instance.sections
        for group in instance.groups
        if group.section == section.id and group.id in by_group
    ]


def group_label(row: GroupRow) -> str:
    """'HEV-1 Forventningsavklaring / reduksjon i<br>tjenestenivå': id and name, wrapped
    onto two lines at most."""
    lines = textwrap.wrap(f"{row.id} {row.name}", NAME_WIDTH)
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), NAME_WIDTH, placeholder="…")]
    return "<br>".join(plain(line) for line in lines)


def group_gantt_figure(instance: Instance, plan: Plan, lang: Lang = DEFAULT_LANG) -> go.Figure:
    """The plan by action group, 1920 x 1080 (see the module docstring)."""
    t = Texts(lang)
    rows = group_rows(instance, plan)
    colours = {
        section.id: SECTION_COLOURS[index % len(SECTION_COLOURS)]
        for index, section in enumerate(instance.sections)
    }
    final_year = max((target.year for target in instance.targets), default=0)
    fig = go.Figure()
    _add_spans(t, fig, rows, colours)
    _add_effects(t, instance, fig, rows, colours, final_year)
    _add_decisions(t, fig, rows)
    decorations = Decorations()
    _add_totals(t, instance, decorations, rows)
    first = min([instance.calendar.plan_start] + [row.first_start for row in rows])
    last = instance.calendar.horizon_end
    add_calendar_lines(t, decorations, instance, first, last, rows=1)
    decorations.apply(fig)
    fig.update_xaxes(
        month_axis(t, first, last, every=6), side="top", tickfont={"size": SLIDE_FONT_SIZE}
    )
    fig.update_yaxes(
        autorange=False,
        range=[len(rows) - 0.5, -0.5],
        tickvals=list(range(len(rows))),
        ticktext=[group_label(row) for row in rows],
        tickfont={"size": SLIDE_FONT_SIZE},
        showgrid=True,
        gridcolor="#eeeeee",
        zeroline=False,
    )
    fig.update_layout(
        slide_layout(
            t, t("chart.groups_title", instance=plain(instance.name)), t("chart.groups_note")
        ),
        # 16:9 up to about 22 groups; taller beyond, so that labels never overlap
        height=max(SLIDE_HEIGHT, ROW_HEIGHT * len(rows) + _MARGIN["t"] + _MARGIN["b"]),
        margin=_MARGIN,
        barmode="overlay",
        bargap=0,
        legend={
            "orientation": "h",
            "x": 0,
            "xref": "paper",
            "y": -0.02,
            "yanchor": "top",
            "font": {"size": SLIDE_FONT_SIZE},
        },
    )
    return fig


def _add_spans(t: Texts, fig: go.Figure, rows: list[GroupRow], colours: dict[str, str]) -> None:
    """Per section: a light bar from the group's first start of work to its last effect."""
    for section, colour in colours.items():
        shown = [(y, row) for y, row in enumerate(rows) if row.section == section]
        if not shown:
            continue
        fig.add_trace(
            go.Bar(
                name=t("chart.groups_work", section=plain(section)),
                orientation="h",
                y=[y for y, _ in shown],
                base=[row.first_start for _, row in shown],
                x=[row.last_effect - row.first_start for _, row in shown],
                width=0.55,
                marker={"color": colour, "opacity": 0.3, "line": {"width": 0}},
                hovertext=[
                    t(
                        "chart.groups_span",
                        group=plain(row.name),
                        measures=len(row.items),
                        start=t.month(row.first_start),
                        effect=t.month(row.last_effect),
                    )
                    for _, row in shown
                ],
                hoverinfo="text",
                showlegend=False,
            )
        )


def _add_effects(
    t: Texts,
    instance: Instance,
    fig: go.Figure,
    rows: list[GroupRow],
    colours: dict[str, str],
    final_year: int,
) -> None:
    """A dot in each priced measure's effect month, its area growing with the money."""
    points = [
        (y, row.section, measure, item, yearly_savings(instance, measure, item.effect))
        for y, row in enumerate(rows)
        for measure, item in row.items
        if measure.priced
    ]
    largest = max((abs(savings.get(final_year, 0)) for *_, savings in points), default=0)
    low, high = _DOT_SIZES
    for section, colour in colours.items():
        shown = [point for point in points if point[1] == section]
        if not shown:
            continue
        fig.add_trace(
            go.Scatter(
                name=t("chart.groups_effect", section=plain(section)),
                mode="markers",
                x=[item.effect + 0.5 for _, _, _, item, _ in shown],
                y=[y for y, *_ in shown],
                marker={
                    "color": colour,
                    "size": [
                        low
                        + (high - low)
                        * math.sqrt(abs(savings.get(final_year, 0)) / largest if largest else 0)
                        for *_, savings in shown
                    ],
                    "line": {"color": "white", "width": 1},
                },
                hovertext=[
                    t(
                        "chart.groups_measure",
                        measure=plain(measure.id),
                        name=plain(measure.name),
                        effect=t.month(item.effect),
                        year=final_year,
                        amount=t.kilo(savings.get(final_year, 0)),
                    )
                    for _, _, measure, item, savings in shown
                ],
                hoverinfo="text",
            )
        )


def _add_decisions(t: Texts, fig: go.Figure, rows: list[GroupRow]) -> None:
    """A diamond in the month of each meeting that decides one of a group's measures."""
    decided = sorted(
        {
            (y, item.decision_meeting)
            for y, row in enumerate(rows)
            for _, item in row.items
            if item.decision_meeting is not None
        }
    )
    if decided:
        fig.add_trace(
            go.Scatter(
                name=t("chart.decision"),
                mode="markers",
                x=[meeting + 0.5 for _, meeting in decided],
                y=[y for y, _ in decided],
                marker={"symbol": "diamond", "size": 14, "color": "#111111"},
                hovertext=[t("chart.groups_meeting", month=t.month(m)) for _, m in decided],
                hoverinfo="text",
            )
        )


def _add_totals(
    t: Texts, instance: Instance, decorations: Decorations, rows: list[GroupRow]
) -> None:
    """The group's savings in each target year, right of the plot (nominal, mill. kr)."""
    years = sorted(target.year for target in instance.targets)[-2:]  # two columns fit
    header = " · ".join(str(year) for year in years)
    decorations.annotations.append(
        {
            **_right_text(0, f"<b>{t('chart.groups_totals', years=header)}</b>"),
            "y": 1,
            "yref": "paper",
            "yanchor": "bottom",
            "yshift": 30,  # above the month labels
        }
    )
    for y, row in enumerate(rows):
        totals = [
            sum(
                yearly_savings(instance, measure, item.effect).get(year, 0)
                for measure, item in row.items
                if measure.in_chapter_sum
            )
            for year in years
        ]
        decorations.annotations.append(
            _right_text(y, " · ".join(t.decimal(total / 1000) for total in totals))
        )


def _right_text(y: float, text: str) -> dict[str, object]:
    return {
        "x": 1.01,
        "y": y,
        "xref": "paper",
        "yref": "y",
        "xanchor": "left",
        "yanchor": "middle",
        "text": text,
        "showarrow": False,
        "font": {"size": SLIDE_FONT_SIZE},
    }
