"""Exports for Norwegian Excel and Power BI: plan.csv and the long savings table, on the
tiny fixture and the bundled Øvre Eiker instance."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.data import Instance
from scheduler.evaluate import planned_effects, savings_report
from scheduler.io.exports import (
    SAVINGS_LONG_DATES,
    excel_csv,
    month_date,
    savings_long,
    write_savings_long,
)
from scheduler.io.instance import load_instance
from scheduler.io.output_folder import read_manifest
from scheduler.io.plan import read_plan
from scheduler.result import Plan
from tests.conftest import FIXTURES, OVRE_EIKER

runner = CliRunner()

EXCEL = {"sep": ";", "encoding": "utf-8-sig", "decimal": ","}
"""How pandas reads the CSV files as Norwegian Excel does (docs/outputs.md)."""


@dataclass(frozen=True)
class Solved:
    out: Path
    instance: Instance
    plan: Plan


@pytest.fixture(scope="module", params=[FIXTURES / "tiny.yaml", OVRE_EIKER], ids=["tiny", "ovre"])
def solved(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Solved:
    out = tmp_path_factory.mktemp("out")
    result = runner.invoke(
        app, ["solve", str(request.param), "--out", str(out), "--method", "greedy", "--no-images"]
    )
    assert result.exit_code == 0, result.output
    return Solved(out, load_instance(request.param), read_plan(out / "plan.json"))


def with_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its month columns as datetime64 to the second (readers differ in the
    resolution they choose; a month is the same instant in each)."""
    dates = {
        name: pd.to_datetime(frame[name]).astype("datetime64[s]") for name in SAVINGS_LONG_DATES
    }
    return frame.assign(**dates)


def read_long_csv(path: Path) -> pd.DataFrame:
    return with_dates(pd.read_csv(path, **EXCEL, parse_dates=list(SAVINGS_LONG_DATES)))


def read_long_parquet(path: Path) -> pd.DataFrame:
    """The Parquet table, whose months are DATE (datetime.date once read)."""
    return with_dates(pd.read_parquet(path))


# --- plan.csv ------------------------------------------------------------------------------------


def test_plan_csv_is_for_norwegian_excel(solved: Solved) -> None:
    raw = (solved.out / "plan.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark
    header = raw.decode("utf-8-sig").split("\n", 1)[0]
    years = [f"savings_{year}" for year in solved.instance.calendar.years]
    assert header.split(";") == [
        *("measure", "name", "section", "group", "colour", "start", "decision_meeting"),
        "effect",
        *years,
        "in_chapter_sum",
    ]


def test_plan_csv_reads_back_as_plan_json(solved: Solved) -> None:
    table = pd.read_csv(solved.out / "plan.csv", sep=";", encoding="utf-8-sig")
    content = json.loads((solved.out / "plan.json").read_text(encoding="utf-8"))
    by_id = {item["id"]: item for item in content["result"]["plan"]["measures"]}
    assert list(table["measure"]) == list(by_id)
    names = {measure.id: measure.name for measure in solved.instance.measures}
    assert list(table["name"]) == [names[id] for id in by_id]  # æøå and ';' survive
    for column in ("start", "effect", "decision_meeting"):
        dates = pd.to_datetime(table[column], format="%Y-%m-%d")  # real dates, first day
        assert (dates.dropna().dt.day == 1).all()
        shown = [None if pd.isna(date) else f"{date:%Y-%m}" for date in dates]
        assert shown == [item[column] for item in by_id.values()]
    counted = table[table["in_chapter_sum"]]
    for year, total in content["savings"]["savings_by_year"].items():
        assert pd.api.types.is_integer_dtype(table[f"savings_{year}"])
        assert counted[f"savings_{year}"].sum() == total


# --- the long table ------------------------------------------------------------------------------


def test_the_long_table_has_a_row_per_measure_and_month(solved: Solved) -> None:
    instance, plan = solved.instance, solved.plan
    frame = savings_long(instance, plan)
    months = range(instance.calendar.first_month, instance.calendar.horizon_end + 1)
    assert len(frame) == len(instance.measures) * len(months)
    first = pd.Timestamp(month_date(months[0]))
    assert list(frame["month"][: len(months)]) == list(
        pd.date_range(first, periods=len(months), freq="MS")
    )
    rows = frame.drop_duplicates("measure").set_index("measure")
    assert list(rows.index) == [measure.id for measure in instance.measures]
    effects, planned = plan.effect_by_measure(), planned_effects(instance)
    for measure in instance.measures:
        row = rows.loc[measure.id]
        assert row["plan_effect"] == pd.Timestamp(month_date(effects[measure.id]))
        assert row["consultants_effect"] == pd.Timestamp(month_date(planned[measure.id]))
        assert (row["section"], row["group"]) == (instance.section_of(measure), measure.group)
        assert (row["colour"], row["status"]) == (measure.colour.value, measure.status.value)
    assert pd.api.types.is_integer_dtype(frame["savings"])
    assert pd.api.types.is_bool_dtype(frame["in_chapter_sum"])


def test_the_long_table_sums_to_the_savings_report(solved: Solved) -> None:
    """Read from the written Parquet file: nominal savings per year exactly as the report;
    risk-weighted exactly too once each measure's year is rounded down as the report does."""
    table = read_long_parquet(solved.out / "savings_long.parquet")
    report = savings_report(solved.instance, solved.plan.effect_by_measure())
    counted = table[table["in_chapter_sum"]].assign(year=lambda rows: rows["month"].dt.year)
    by_year = counted.groupby("year")
    assert by_year["savings"].sum().to_dict() == report.savings_by_year
    tens_of_nok = (counted["risk_weighted"] * 100).round().astype("int64")
    assert ((tens_of_nok / 100) == counted["risk_weighted"]).all()  # exact to 10 NOK
    per_measure_year = tens_of_nok.groupby([counted["measure"], counted["year"]]).sum()
    floored = (per_measure_year // 100).groupby(level="year").sum()
    assert floored.to_dict() == report.risk_weighted_by_year
    measures = counted["measure"].nunique()
    for year, total in report.risk_weighted_by_year.items():
        assert total <= by_year["risk_weighted"].sum()[year] < total + max(measures, 1)


def test_the_long_table_reads_back_the_same_from_parquet_and_csv(solved: Solved) -> None:
    parquet = read_long_parquet(solved.out / "savings_long.parquet")
    pd.testing.assert_frame_equal(read_long_csv(solved.out / "savings_long.csv"), parquet)
    pd.testing.assert_frame_equal(parquet, with_dates(savings_long(solved.instance, solved.plan)))
    raw = (solved.out / "savings_long.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    schema = pq.read_schema(solved.out / "savings_long.parquet")
    assert {schema.field(name).type for name in SAVINGS_LONG_DATES} == {pa.date32()}


def test_the_exports_are_tracked_in_the_output_folder(solved: Solved) -> None:
    manifest = read_manifest(solved.out)
    for name in ("plan.csv", "savings_long.csv", "savings_long.parquet"):
        assert manifest[name] == hashlib.sha256((solved.out / name).read_bytes()).hexdigest()


def test_the_long_table_writes_its_two_files_and_nothing_else(
    tiny: Instance, tiny_plan: Plan, tmp_path: Path
) -> None:
    names = write_savings_long(tmp_path, tiny, tiny_plan)
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(names)


def test_the_long_csv_never_holds_a_formula(tiny: Instance, tiny_plan: Plan) -> None:
    data = tiny.model_dump()
    names = ["=SUM(A1)", "+1", "-2", "@x", "Trygghetsavdeling; æøå"]
    for measure, name in zip(data["measures"], names, strict=True):
        measure["name"] = name
    frame = savings_long(Instance.model_validate(data), tiny_plan)
    rows = list(csv.DictReader(io.StringIO(excel_csv(frame).decode("utf-8-sig")), delimiter=";"))
    shown = list(dict.fromkeys(row["name"] for row in rows))
    assert shown == ["'=SUM(A1)", "'+1", "'-2", "'@x", "Trygghetsavdeling; æøå"]
    assert all(row["risk_weighted"].lstrip("-").replace(",", "").isdigit() for row in rows)
