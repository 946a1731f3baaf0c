"""Every file people read beside ``plan.json``: charts, the plan workbook, the report.

This composes the pure parts (plots, report) with the writers (io) for the CLI; each file
is written atomically. Images need a browser: without one the HTML files are still
written and a note says why the PNGs are missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import plotly.graph_objects as go

from scheduler.data import Instance
from scheduler.i18n import DEFAULT_LANG, Lang, Texts
from scheduler.io.chart_files import ImageExportError, write_html, write_images
from scheduler.io.excel import write_plan_workbook
from scheduler.io.exports import (
    SAVINGS_LONG_CSV,
    SAVINGS_LONG_PARQUET,
    plan_csv,
    write_savings_long,
)
from scheduler.io.files import write_bytes_atomically, write_text_atomically
from scheduler.io.plan import RUN_JSON, PlanFile, write_plan_json
from scheduler.io.report_documents import report_html, report_markdown
from scheduler.plan_report import plan_report
from scheduler.plots import capacity_figure, gantt_figure, group_gantt_figure, targets_figure
from scheduler.result import Plan, Result

PLAN_JSON = "plan.json"
PLAN_CSV = "plan.csv"
GANTT_HTML = "gantt.html"
PLAN_WORKBOOK = "plan.xlsx"
REPORT_HTML = "report.html"
REPORT_MARKDOWN = "report.md"
REPORT_FILES = (REPORT_HTML, REPORT_MARKDOWN)
CHART_STEMS = ("gantt-groups", "targets", "gantt", "capacity")

MAX_GANTT_IMAGE_MEASURES = 400
"""Above this many measures the Gantt chart gets no image, only its HTML: rendering took
8 s for 300 measures, 29 s for 600 and passed kaleido's 120 s timeout at 2 000 (a chart
tens of thousands of pixels tall that nobody reads as a picture)."""


@dataclass
class Written:
    """File names written into the folder, and notes for the user (e.g. no browser)."""

    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def chart_files(formats: Sequence[str], html: bool = True) -> list[str]:
    """The names :func:`write_charts` may write."""
    images = [f"{stem}.{fmt}" for fmt in formats for stem in CHART_STEMS]
    return [GANTT_HTML, *images] if html else images


def solve_files(images: bool) -> list[str]:
    """Every name ``scheduler solve`` may write into its folder."""
    return [
        PLAN_JSON,
        RUN_JSON,
        PLAN_CSV,
        SAVINGS_LONG_CSV,
        SAVINGS_LONG_PARQUET,
        *chart_files(("png",) if images else ()),
        PLAN_WORKBOOK,
        *REPORT_FILES,
    ]


def plan_figures(instance: Instance, plan: Plan, lang: Lang = DEFAULT_LANG) -> dict[str, go.Figure]:
    """The charts by file stem: for slides, the plan by action group and the savings against
    the targets; then the per-measure Gantt with its savings panel, and the capacity use."""
    return {
        "gantt-groups": group_gantt_figure(instance, plan, lang),
        "targets": targets_figure(instance, plan, lang),
        "gantt": gantt_figure(instance, plan, lang),
        "capacity": capacity_figure(instance, plan, lang),
    }


def write_charts(
    out: Path,
    instance: Instance,
    figures: dict[str, go.Figure],
    formats: Sequence[str] = ("png",),
    html: bool = True,
    lang: Lang = DEFAULT_LANG,
) -> Written:
    """gantt.html with every chart (unless ``html`` is false), and ``<stem>.<format>``
    images of each chart where a browser is found."""
    written = Written()
    if html:
        title = Texts(lang)("outputs.charts_title", instance=instance.name)
        write_html(out / GANTT_HTML, title, list(figures.values()), lang)
        written.files.append(GANTT_HTML)
    drawn = dict(figures)
    if formats and "gantt" in drawn and len(instance.measures) > MAX_GANTT_IMAGE_MEASURES:
        del drawn["gantt"]
        written.notes.append(
            f"no Gantt image: {len(instance.measures)} measures are more than "
            f"{MAX_GANTT_IMAGE_MEASURES} rows an image can show; the HTML pages have the chart"
        )
    paths = [(fig, out / f"{stem}.{fmt}") for fmt in formats for stem, fig in drawn.items()]
    if paths:
        try:
            write_images(paths)
            written.files += [path.name for _, path in paths]
        except ImageExportError as error:
            written.notes.append(str(error))
    return written


def write_report(
    out: Path,
    instance: Instance,
    plan: Plan,
    result: Result | None,
    figures: dict[str, go.Figure],
    images: Sequence[str] = (),
    lang: Lang = DEFAULT_LANG,
) -> Written:
    """report.html (charts embedded) and report.md (linking the PNGs in ``images``)."""
    report = plan_report(instance, plan, result, lang)
    texts = Texts(lang)
    links = [(texts(f"outputs.caption.{Path(name).stem}"), name) for name in images]
    write_text_atomically(out / REPORT_HTML, report_html(report, list(figures.values())))
    write_text_atomically(out / REPORT_MARKDOWN, report_markdown(report, links))
    return Written(files=[REPORT_HTML, REPORT_MARKDOWN])


def write_plan_outputs(
    out: Path,
    instance: Instance,
    plan: Plan,
    result: Result | None,
    images: bool = True,
    lang: Lang = DEFAULT_LANG,
) -> Written:
    """Charts (HTML, and PNGs when ``images`` and a browser), plan.xlsx and the report."""
    figures = plan_figures(instance, plan, lang)
    written = write_charts(out, instance, figures, ("png",) if images else (), lang=lang)
    write_plan_workbook(out / PLAN_WORKBOOK, instance, plan, result, lang)
    written.files.append(PLAN_WORKBOOK)
    pngs = [name for name in written.files if name.endswith(".png")]
    report = write_report(out, instance, plan, result, figures, pngs, lang)
    written.files += report.files
    return written


def write_solve_outputs(
    out: Path,
    instance: Instance,
    content: PlanFile,
    images: bool = True,
    lang: Lang = DEFAULT_LANG,
) -> Written:
    """Everything ``solve`` writes: plan.json and run.json, and when there is a plan,
    plan.csv and :func:`write_plan_outputs`."""
    write_plan_json(out / PLAN_JSON, content)
    result = content.result
    if result.plan is None:
        return Written()
    write_bytes_atomically(out / PLAN_CSV, plan_csv(instance, result.plan))
    exports = write_savings_long(out, instance, result.plan)
    written = write_plan_outputs(out, instance, result.plan, result, images, lang)
    written.files += exports
    return written


def write_report_outputs(
    out: Path,
    instance: Instance,
    plan: Plan,
    result: Result | None,
    images: bool = True,
    lang: Lang = DEFAULT_LANG,
) -> Written:
    """The report of a saved plan: the chart images (where a browser is found), and
    report.html and report.md."""
    figures = plan_figures(instance, plan, lang)
    written = write_charts(
        out, instance, figures, ("png",) if images else (), html=False, lang=lang
    )
    pngs = [name for name in written.files if name.endswith(".png")]
    written.files += write_report(out, instance, plan, result, figures, pngs, lang).files
    return written
