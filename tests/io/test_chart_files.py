"""Chart files: offline HTML, and PNG through kaleido and the system's Chromium."""

from __future__ import annotations

import os
import re
import struct
from pathlib import Path

import pytest
from plotly.offline import get_plotlyjs

from scheduler.data import Instance
from scheduler.greedy import greedy_plan
from scheduler.io import chart_files
from scheduler.io.chart_files import ImageExportError, figures_html, find_browser, write_images
from scheduler.plots import capacity_figure, gantt_figure
from scheduler.result import Plan

NETWORK = re.compile(r"""<(script|link|img|iframe)[^>]+(src|href)\s*=\s*["']?(https?:)?//""", re.I)


def assert_offline(page: str) -> None:
    """No element loads anything from the network, and plotly.js is inline exactly once."""
    assert NETWORK.search(page) is None
    assert "cdn.plot.ly/plotly" not in page
    assert page.count(get_plotlyjs()[:500]) == 1


def test_html_is_self_contained_with_plotly_embedded_once(tiny: Instance, tiny_plan: Plan) -> None:
    page = figures_html("tiny", [gantt_figure(tiny, tiny_plan), capacity_figure(tiny, tiny_plan)])
    assert_offline(page)
    assert page.count('class="plotly-graph-div"') == 2


def test_no_browser_gives_a_one_line_error(
    tiny: Instance, tiny_plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chart_files, "find_browser", lambda: None)
    with pytest.raises(ImageExportError) as error:
        write_images([(gantt_figure(tiny, tiny_plan), tmp_path / "gantt.png")])
    assert "no Chromium or Chrome browser found" in str(error.value)
    assert "\n" not in str(error.value)
    assert not (tmp_path / "gantt.png").exists()


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_ovre_eiker_gantt_renders_to_png(ovre_eiker: Instance, tmp_path: Path) -> None:
    """The picture people print (looked at by a person when this was written: see the
    notes of issue 4). CI installs Chromium, so there it must render."""
    if find_browser() is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have Chromium for the chart images (see .ci/run)")
        pytest.skip("no Chromium on this machine")
    plan = greedy_plan(ovre_eiker).plan
    assert plan is not None
    fig = gantt_figure(ovre_eiker, plan)
    write_images([(fig, tmp_path / "gantt.png")])
    assert png_size(tmp_path / "gantt.png") == (fig.layout.width, fig.layout.height)
    assert (tmp_path / "gantt.png").stat().st_size > 100_000  # a real picture, not a blank page


def test_a_browser_that_is_not_there_gives_a_one_line_error(
    tiny: Instance, tiny_plan: Plan, tmp_path: Path
) -> None:
    with pytest.raises(ImageExportError) as error:
        write_images([(gantt_figure(tiny, tiny_plan), tmp_path / "g.png")], "/nonexistent/chrome")
    assert str(error.value) == (
        "cannot render images with /nonexistent/chrome: "
        "No browser found at path='/nonexistent/chrome'"
    )
