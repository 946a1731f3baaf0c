"""The slide charts: the plan by action group and the savings against the targets."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from scheduler.consultants import as_planned
from scheduler.data import Instance
from scheduler.evaluate import savings_report
from scheduler.greedy import greedy_plan
from scheduler.i18n import Lang
from scheduler.io.chart_files import find_browser, write_images
from scheduler.plots import group_gantt_figure, targets_figure
from scheduler.plots.common import SLIDE_FONT_SIZE, SLIDE_HEIGHT, SLIDE_WIDTH
from scheduler.plots.group_gantt import group_rows
from scheduler.result import Plan
from tests.io.test_chart_files import png_size


def _label_text(label: str) -> str:
    return label.replace("<br>", " ")


def test_one_row_per_action_group_labelled_with_its_name(ovre_eiker: Instance) -> None:
    plan = as_planned(ovre_eiker)
    fig = group_gantt_figure(ovre_eiker, plan)
    labels = [_label_text(label) for label in fig.layout.yaxis.ticktext]
    assert len(labels) == len(ovre_eiker.groups) == 22
    for label, group in zip(labels, (row for row in group_rows(ovre_eiker, plan)), strict=True):
        full = f"{group.id} {group.name}"
        assert label == full or (label.endswith("…") and full.startswith(label[:-1].strip()))
        assert label.count(" ") >= 1 and label.split(" ")[0] == group.id


def test_group_gantt_fits_a_slide_with_large_text(ovre_eiker: Instance) -> None:
    fig = group_gantt_figure(ovre_eiker, as_planned(ovre_eiker))
    assert (fig.layout.width, fig.layout.height) == (SLIDE_WIDTH, SLIDE_HEIGHT) == (1920, 1080)
    assert fig.layout.yaxis.tickfont.size >= 16 and fig.layout.font.size >= 16
    assert SLIDE_FONT_SIZE >= 16


def test_group_span_covers_its_measures(tiny: Instance, tiny_plan: Plan) -> None:
    for row in group_rows(tiny, tiny_plan):
        starts = [item.start for _, item in row.items]
        effects = [item.effect for _, item in row.items]
        assert (row.first_start, row.last_effect) == (min(starts), max(effects))
        assert {measure.group for measure, _ in row.items} == {row.id}


@pytest.mark.parametrize(
    ("lang", "words", "not_words"),
    [
        (Lang.NB, ("Gjennomføringsplan per tiltaksgruppe", "mill. kr"), ("Implementation",)),
        (Lang.EN, ("Implementation plan by action group", "NOK million"), ("tiltaksgruppe",)),
    ],
)
def test_group_gantt_text_in_each_language(
    ovre_eiker: Instance, lang: Lang, words: tuple[str, ...], not_words: tuple[str, ...]
) -> None:
    fig = group_gantt_figure(ovre_eiker, as_planned(ovre_eiker), lang)
    text = " ".join(
        [fig.layout.title.text, *(a.text for a in fig.layout.annotations if a.text)]
        + [trace.name for trace in fig.data if trace.name]
    )
    assert all(word in text for word in words)
    assert not any(word in text for word in not_words)


def _verdicts(fig) -> list[str]:  # type: ignore[no-untyped-def]
    """Per target year, the annotation above its bars without markup."""
    return [re.sub(r"<[^>]+>", " ", a.text) for a in fig.layout.annotations]


@pytest.mark.parametrize("lang", list(Lang))
def test_targets_chart_says_reached_or_not_per_year(ovre_eiker: Instance, lang: Lang) -> None:
    plan = greedy_plan(ovre_eiker).plan
    assert plan is not None
    report = savings_report(ovre_eiker, plan.effect_by_measure())
    fig = targets_figure(ovre_eiker, plan, lang)
    reached, missed = ("nådd", "ikke nådd") if lang == Lang.NB else ("reached", "not reached")
    nominal, weighted = (
        ("nominelt", "risikovektet") if lang == Lang.NB else ("nominal", "risk-weighted")
    )
    years = sorted(report.targets)
    assert [str(x) for x in fig.data[0].x] == [str(year) for year in years]
    for year, text in zip(years, _verdicts(fig), strict=True):
        for word, shortfall in (
            (nominal, report.shortfall_by_year[year]),
            (weighted, report.risk_weighted_shortfall_by_year[year]),
        ):
            verdict = missed if shortfall else reached
            assert re.search(rf"{word}:\s+{verdict}\s", text + " "), (year, text)
    # Four bars per year: consultants' and plan, nominal and risk-weighted, in millions.
    assert len(fig.data) == 4
    plan_bars = fig.data[1]
    assert list(plan_bars.y) == [report.savings_by_year[year] / 1000 for year in years]


def test_slide_pngs_are_1920_by_1080(ovre_eiker: Instance, tmp_path: Path) -> None:
    if find_browser() is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have Chromium for the chart images (see .ci/run)")
        pytest.skip("no Chromium on this machine")
    plan = as_planned(ovre_eiker)
    paths = [tmp_path / "gantt-groups.png", tmp_path / "targets.png", tmp_path / "targets.svg"]
    write_images(
        [
            (group_gantt_figure(ovre_eiker, plan), paths[0]),
            (targets_figure(ovre_eiker, plan), paths[1]),
            (targets_figure(ovre_eiker, plan), paths[2]),
        ]
    )
    assert png_size(paths[0]) == png_size(paths[1]) == (1920, 1080)
    assert paths[2].read_text(encoding="utf-8").lstrip().startswith("<svg")
