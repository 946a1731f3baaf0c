"""Names from the instance are shown as written: never HTML, links or formulas in the report
and the charts (plotly reads a subset of HTML in every label)."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

from scheduler.data import Instance
from scheduler.io.report_documents import markdown_text, report_html, report_markdown
from scheduler.io.solve_outputs import plan_figures
from scheduler.plan_report import plan_report
from scheduler.result import Plan

LINK = '<a href="http://evil.example">klikk her</a>'
IMAGE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def hostile(tiny: Instance) -> Instance:
    """tiny.yaml with HTML in the instance, section, group and measure names."""
    data = tiny.model_dump()
    data["sections"][0]["name"] = LINK
    data["groups"][0]["name"] = IMAGE
    data["measures"][0]["name"] = f"[lenke](javascript:alert(1)) {LINK} R&D | kolonne"
    return Instance.model_validate(data)


def chart_text(figures: list[go.Figure]) -> str:
    """Every text plotly renders: traces (hover, names) and layout (titles, annotations,
    tick labels), as JSON."""
    return json.dumps([fig.to_plotly_json() for fig in figures])


def test_charts_show_names_as_written(hostile: Instance, tiny_plan: Plan) -> None:
    text = chart_text(list(plan_figures(hostile, tiny_plan).values()))
    assert "<a href" not in text and "<img" not in text
    assert '&lt;a href=\\"http://evil.example\\"&gt;klikk' in text  # shown, not a link
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "R&amp;D" in text
    assert "<b>A</b>" in text  # the charts' own markup stays


def test_the_markdown_report_carries_no_html_and_no_link(
    hostile: Instance, tiny_plan: Plan
) -> None:
    markdown = report_markdown(plan_report(hostile, tiny_plan))
    assert "<a " not in markdown and "<img" not in markdown
    assert "](javascript" not in markdown.replace("\\]", "")
    assert "&lt;a href" in markdown and "\\[lenke\\]" in markdown
    html = report_html(plan_report(hostile, tiny_plan))
    assert LINK not in html and IMAGE not in html


def test_markdown_text() -> None:
    assert markdown_text("a <b> & [c](d) | e\\f\ng") == "a &lt;b&gt; &amp; \\[c\\](d) \\| e\\\\f g"
