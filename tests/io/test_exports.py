"""Exports for Norwegian Excel and Power BI: plan.csv and the long savings table."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.data import Instance
from scheduler.evaluate import savings_report
from scheduler.greedy import greedy_plan
from scheduler.io.exports import savings_long
from scheduler.io.output_folder import read_manifest
from tests.conftest import FIXTURES, OVRE_EIKER

runner = CliRunner()


@pytest.fixture(scope="module", params=[FIXTURES / "tiny.yaml", OVRE_EIKER], ids=["tiny", "ovre"])
def solved(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = runner.invoke(
        app, ["solve", str(request.param), "--out", str(out), "--method", "greedy", "--no-images"]
    )
    assert result.exit_code == 0, result.output
    return out


def test_plan_csv_reads_back_in_norwegian_excel_form_as_plan_json(solved: Path) -> None:
    table = pd.read_csv(solved / "plan.csv", sep=";", encoding="utf-8-sig", decimal=",")
    plan = json.loads((solved / "plan.json").read_text(encoding="utf-8"))["result"]["plan"]
    by_id = {item["id"]: item for item in plan["measures"]}
    assert list(table["measure"]) == list(by_id)
    for row in table.itertuples():
        assert str(row.effect)[:7] == by_id[row.measure]["effect"]  # 2025-09-01 -> 2025-09
        assert str(row.start)[:7] == by_id[row.measure]["start"]
    savings = json.loads((solved / "plan.json").read_text(encoding="utf-8"))["savings"]
    for year, total in savings["savings_by_year"].items():
        assert table.loc[table["in_chapter_sum"], f"savings_{year}"].sum() == total


def test_the_long_table_sums_to_the_savings_report(solved: Path) -> None:
    csv = pd.read_csv(
        solved / "savings_long.csv",
        sep=";",
        encoding="utf-8-sig",
        decimal=",",
        parse_dates=["month"],
    )
    parquet = pd.read_parquet(solved / "savings_long.parquet")
    assert len(csv) == len(parquet)
    assert list(csv["savings"]) == list(parquet["savings"])
    assert csv["risk_weighted"].round(2).tolist() == parquet["risk_weighted"].round(2).tolist()
    savings = json.loads((solved / "plan.json").read_text(encoding="utf-8"))["savings"]
    counted = parquet[parquet["in_chapter_sum"]]
    by_year = counted.groupby(counted["month"].dt.year)
    for year, total in savings["savings_by_year"].items():
        assert by_year["savings"].sum()[int(year)] == total
    for year, total in savings["risk_weighted_by_year"].items():
        # the report rounds each measure-year down; the table keeps hundredths
        assert total <= by_year["risk_weighted"].sum()[int(year)] < total + len(counted) / 10


def test_exports_are_tracked_in_the_output_folder(solved: Path) -> None:
    assert {"plan.csv", "savings_long.csv", "savings_long.parquet"} <= set(read_manifest(solved))


def test_the_long_table_has_a_row_per_measure_and_month(tiny: Instance) -> None:
    plan = greedy_plan(tiny).plan
    assert plan is not None
    frame = savings_long(tiny, plan)
    months = tiny.calendar.horizon_end - tiny.calendar.first_month + 1
    assert len(frame) == len(tiny.measures) * months
    report = savings_report(tiny, plan.effect_by_measure())
    assert frame[frame["in_chapter_sum"]]["savings"].sum() == sum(report.savings_by_year.values())
