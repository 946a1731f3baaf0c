"""The files a session downloads: the plan workbook, the group Gantt as PNG, the report,
and the scenario as YAML that ``scheduler solve`` reruns. Each is made in memory (or in
a temporary folder) from the session's plan; nothing is written where the server runs."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml

from scheduler.data import Instance
from scheduler.i18n import Texts
from scheduler.io.chart_files import ImageExportError, render_images
from scheduler.io.excel import write_plan_workbook
from scheduler.io.instance import InputError
from scheduler.io.report_documents import report_html
from scheduler.io.solve_outputs import PLAN_WORKBOOK, REPORT_HTML, plan_figures
from scheduler.plan_report import plan_report
from scheduler.plots.group_gantt import group_gantt_figure
from scheduler.result import Result

SCENARIO_FILE = "scenario.yaml"


def download_file(
    kind: str,
    instance: Instance,
    result: Result,
    changes: dict[str, Any],
    base_file: str,
    t: Texts,
) -> tuple[str, bytes]:
    """The file name and content of one download (``layout.DOWNLOADS``); an
    :class:`InputError` where it cannot be made (no browser for the PNG)."""
    plan = result.plan
    assert plan is not None  # the page offers downloads of plans only
    if kind == "xlsx":
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / PLAN_WORKBOOK
            write_plan_workbook(path, instance, plan, result, t.lang)
            return PLAN_WORKBOOK, path.read_bytes()
    if kind == "png":
        try:
            (image,) = render_images([(group_gantt_figure(instance, plan, t.lang), "png")])
        except ImageExportError as error:
            raise InputError(t("web.png_failed", reason=error)) from None
        return "gantt-groups.png", image
    if kind == "report":
        report = plan_report(instance, plan, result, t.lang)
        figures = list(plan_figures(instance, plan, t.lang).values())
        return REPORT_HTML, report_html(report, figures).encode("utf-8")
    if kind == "scenario":
        return SCENARIO_FILE, scenario_yaml(t, changes, base_file).encode("utf-8")
    raise ValueError(f"unknown download {kind!r}")


def scenario_yaml(t: Texts, changes: dict[str, Any], base_file: str) -> str:
    """The page's scenario as a file: ``base`` is the instance file the page was started
    with (an absolute path, so that the file runs from any folder on this machine), or an
    uploaded instance's file name."""
    header = t("web.scenario_header", file=SCENARIO_FILE)
    data = {"name": t("web.scenario_name"), "base": base_file, **changes}
    comment = "".join(f"# {line}\n" for line in header.splitlines())
    return comment + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
