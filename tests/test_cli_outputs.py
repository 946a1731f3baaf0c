"""Files people read, written by `solve` and re-rendered by `gantt` and `report`."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.data import parse_month
from scheduler.io import solve_outputs
from scheduler.io.output_folder import MANIFEST
from tests.conftest import FIXTURES

TINY = str(FIXTURES / "tiny.yaml")
runner = CliRunner()


@pytest.fixture
def solved(tmp_path: Path) -> Path:
    result = runner.invoke(
        app, ["solve", TINY, "--out", str(tmp_path), "--method", "greedy", "--no-images"]
    )
    assert result.exit_code == 0, result.output
    return tmp_path


def test_solve_writes_charts_workbook_and_report(solved: Path) -> None:
    for name in ("plan.json", "plan.csv", "gantt.html", "plan.xlsx", "report.html", "report.md"):
        assert (solved / name).stat().st_size > 0, name
    assert "Planrapport — tiny" in (solved / "report.md").read_text(encoding="utf-8")


def test_solve_says_why_each_measure_takes_effect_then(solved: Path) -> None:
    content = json.loads((solved / "plan.json").read_text(encoding="utf-8"))
    plan = {item["id"]: item for item in content["result"]["plan"]["measures"]}
    reasons = content["reasons"]
    assert [reason["id"] for reason in reasons] == ["A-1.1", "A-1.2", "A-1.3", "B-1.1", "B-1.2"]
    for reason in reasons:
        assert reason["effect"] == plan[reason["id"]]["effect"] and reason["text"]
    # B-1.1 is dated 2025-10 by the source: the file says how far the plan moves it.
    b11 = next(reason for reason in reasons if reason["id"] == "B-1.1")
    assert b11["planned_effect"] == "2025-10"
    assert b11["moved"] == parse_month(b11["effect"]) - parse_month("2025-10")
    report = (solved / "report.md").read_text(encoding="utf-8")
    assert "## Hvorfor hvert tiltak gir effekt når det gjør" in report
    sheet = openpyxl.load_workbook(solved / "plan.xlsx")["Plan"]
    header = [cell.value for cell in sheet[1]]
    columns = ["konsulentenes effekt", "flyttet (måneder)", "hvorfor", "kildelinje"]
    assert header[header.index("effekt") + 1 : header.index("effekt") + 5] == columns
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    by_id = {reason["id"]: reason for reason in reasons}
    for measure_id, row in rows.items():
        reason = by_id[measure_id]
        cells = [row[header.index(column)] for column in columns]
        cells[0] = f"{cells[0]:%Y-%m}"  # the consultants' month is a date cell
        assert cells == [reason["planned_effect"], reason["moved"], reason["text"], reason["line"]]


def test_gantt_and_report_rerender_a_saved_plan(solved: Path, tmp_path: Path) -> None:
    out = tmp_path / "again"
    common = ["--instance", TINY, "--out", str(out), "--no-images"]
    assert runner.invoke(app, ["gantt", str(solved / "plan.json"), *common]).exit_code == 0
    english = runner.invoke(app, ["report", str(solved / "plan.json"), *common, "--lang", "en"])
    assert english.exit_code == 0, english.output
    assert {p.name for p in out.iterdir()} == {"gantt.html", "report.html", "report.md", MANIFEST}
    assert "Method greedy (feasible)" in (out / "report.md").read_text(encoding="utf-8")
    # The plan workbook is a plan too.
    result = runner.invoke(app, ["report", str(solved / "plan.xlsx"), *common])
    assert result.exit_code == 0, result.output


def test_without_a_browser_the_html_is_still_written(
    solved: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "charts"
    result = runner.invoke(
        app, ["gantt", str(solved / "plan.json"), "--instance", TINY, "--out", str(out), "--pdf"]
    )
    assert result.exit_code == 0
    assert (out / "gantt.html").exists() and not (out / "gantt.png").exists()
    (note,) = result.stderr.strip().splitlines()
    assert note.startswith("note: no Chromium or Chrome browser found")


def test_no_gantt_image_for_too_many_measures(
    solved: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    requested: list[str] = []
    monkeypatch.setattr(
        solve_outputs,
        "write_images",
        lambda paths: requested.extend(path.name for _, path in paths),
    )
    monkeypatch.setattr(solve_outputs, "MAX_GANTT_IMAGE_MEASURES", 1)  # tiny.yaml has more
    out = tmp_path / "charts"
    result = runner.invoke(
        app, ["gantt", str(solved / "plan.json"), "--instance", TINY, "--out", str(out)]
    )
    assert result.exit_code == 0
    assert requested == ["gantt-groups.png", "targets.png", "capacity.png"]
    assert (out / "gantt.html").exists()
    (note,) = result.stderr.strip().splitlines()
    assert note.startswith("note: no Gantt image:")


def test_a_plan_for_another_instance_is_refused(solved: Path) -> None:
    result = runner.invoke(app, ["gantt", str(solved / "plan.json")])  # the bundled instance
    assert result.exit_code == 2
    assert "the plan is for instance 'tiny'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_plan_missing_measures_is_refused(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"instance": "tiny", "measures": []}))
    result = runner.invoke(app, ["report", str(plan), "--instance", TINY])
    assert result.exit_code == 2
    assert (
        result.stderr.startswith(f"error: {plan}: A-1.1: missing") and "(4 more)" in result.stderr
    )


def test_a_missing_plan_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["gantt", str(tmp_path / "nope.json"), "--instance", TINY])
    assert (
        result.exit_code == 2
        and result.stderr == f"error: {tmp_path / 'nope.json'}: file not found\n"
    )


def test_an_output_folder_that_cannot_be_made(solved: Path) -> None:
    blocked = solved / "plan.csv" / "charts"  # under a file
    result = runner.invoke(
        app, ["gantt", str(solved / "plan.json"), "--instance", TINY, "--out", str(blocked)]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "cannot write" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
