"""The batch report: swings and attainment computed from the rows, in either language."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
from typer.testing import CliRunner

from scheduler.batch_report import summarise
from scheduler.cli import app


def _rows() -> pd.DataFrame:
    """Red realisation moves 2027 by 200 on average, delay by 20; one point failed."""
    records = []
    for index, (red, delay) in enumerate([(30, 0), (30, 3), (70, 0), (70, 3)]):
        weighted = 1000 + (200 if red == 70 else 0) - (20 if delay else 0)
        records.append(
            {"index": index, "p:realisation_pct.red": red, "p:council.delay_months": delay,
             "status": "optimal", "savings_2027": 2000, "risk_weighted_2027": weighted,
             "shortfall_2027": 0 if red == 70 else 5, "risk_weighted_shortfall_2027": 0}
        )  # fmt: skip
    records.append({"index": 4, "p:realisation_pct.red": 50, "p:council.delay_months": 0,
                    "status": "failed"})  # fmt: skip
    return pd.DataFrame.from_records(records)


def test_swings_widest_first_and_attainment_shares() -> None:
    summary = summarise(_rows())
    assert (summary.rows, summary.with_figures) == (5, 4)
    first, second = summary.swings["risk_weighted_2027"]
    assert (first.parameter, first.width) == ("realisation_pct.red", 200)
    assert (second.parameter, second.width) == ("council.delay_months", 20)
    (attainment,) = summary.attainment
    assert (attainment.year, attainment.target_met, attainment.risk_weighted_met) == (
        2027,
        0.5,
        1.0,
    )


def test_batch_report_command_in_both_languages(tmp_path: Path) -> None:
    _rows().to_parquet(tmp_path / "rows.parquet")
    runner = CliRunner()
    result = runner.invoke(app, ["batch-report", str(tmp_path)])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "batch-report.html").read_text(encoding="utf-8")
    assert "Sannsynlighet for å nå målene" in page and "risikovektet innsparing 2027" in page
    book = openpyxl.load_workbook(tmp_path / "batch-report.xlsx")
    assert book.sheetnames == ["Målene", "Utslag", "Punkter"]
    english = runner.invoke(app, ["batch-report", str(tmp_path), "--lang", "en"])
    assert english.exit_code == 0
    assert "Probability of meeting the targets" in (tmp_path / "batch-report.html").read_text(
        encoding="utf-8"
    )
    missing = runner.invoke(app, ["batch-report", str(tmp_path / "nothing")])
    assert missing.exit_code == 2 and "no rows.parquet" in missing.stderr
