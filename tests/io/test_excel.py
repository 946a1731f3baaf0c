"""Excel workbooks: the plan workbook reads back as the same plan; an instance survives a
round trip through a workbook; broken workbooks give one located line and exit code 2."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.data import Instance, format_month
from scheduler.io.excel import (
    read_instance_workbook,
    read_plan_workbook,
    write_instance_workbook,
    write_plan_workbook,
)
from scheduler.io.instance import load_instance
from scheduler.result import Plan
from scheduler.savings import yearly_savings
from scheduler.validate import as_planned
from tests.conftest import FIXTURES, OVRE_EIKER

runner = CliRunner()


# --- the plan workbook -------------------------------------------------------------------------
def test_plan_workbook_reads_back_as_the_same_plan(
    tiny: Instance, tiny_plan: Plan, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xlsx"
    write_plan_workbook(path, tiny, tiny_plan)
    again = read_plan_workbook(path)
    assert again.instance == tiny_plan.instance
    assert sorted(again.measures, key=lambda m: m.id) == sorted(
        tiny_plan.measures, key=lambda m: m.id
    )


def test_plan_workbook_holds_values_not_formulas(ovre_eiker: Instance, tmp_path: Path) -> None:
    plan = as_planned(ovre_eiker)
    path = tmp_path / "plan.xlsx"
    write_plan_workbook(path, ovre_eiker, plan)
    book = openpyxl.load_workbook(path, data_only=False)
    assert book.sheetnames == ["Plan", "Gantt", "Summary"]
    sheet = book["Plan"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    header = [cell.value for cell in sheet[1]]
    assert header[:8] == [
        "measure",
        "name",
        "section",
        "group",
        "colour",
        "start",
        "decision meeting",
        "effect",
    ]
    assert sheet.freeze_panes == "B2" and sheet.auto_filter.ref is not None
    items = {item.id: item for item in plan.measures}
    column = header.index("savings 2027") + 1
    for row in range(2, sheet.max_row + 1):
        measure = ovre_eiker.measure(sheet.cell(row, 1).value)
        assert sheet.cell(row, 6).value == format_month(items[measure.id].start)
        savings = yearly_savings(ovre_eiker, measure, items[measure.id].effect)
        assert sheet.cell(row, column).value == savings[2027]
        assert sheet.cell(row, column).number_format == "#,##0"
    # The as-planned timing reproduces the source's 2027 sum (l.814): 97 925.
    summary = book["Summary"]
    rows = {r[0]: r for r in summary.iter_rows(min_row=6, max_row=9, values_only=True)}
    assert rows[2027][1:3] == (111128, 97925)


def test_gantt_sheet_marks_months_and_fills_them_by_colour(
    tiny: Instance, tiny_plan: Plan, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xlsx"
    write_plan_workbook(path, tiny, tiny_plan)
    sheet = openpyxl.load_workbook(path)["Gantt"]
    months = [cell.value for cell in sheet[1]][3:]
    b11 = {months[i]: cell.value for i, cell in enumerate(sheet[5][3:])}
    assert sheet.cell(5, 1).value == "B-1.1" and sheet.cell(5, 3).value == "red"
    # Work from 2025-01, decided in the meeting of 2025-03, effect in 2025-05.
    assert [b11[m] for m in ("2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06")] == [
        "x",
        "x",
        "D",
        "x",
        "E",
        "",
    ]
    rules = [rule for cf in sheet.conditional_formatting for rule in cf.rules]
    formulas = " ".join(formula for rule in rules for formula in rule.formula)
    assert all(f'"{colour}"' in formulas for colour in ("red", "yellow", "green"))
    fills = {rule.dxf.fill.bgColor.rgb for rule in rules if rule.dxf and rule.dxf.fill}
    assert "FFD7301F" in fills  # the red of the charts


# --- the instance workbook round trip ------------------------------------------------------------
@pytest.mark.parametrize("source", [FIXTURES / "tiny.yaml", OVRE_EIKER], ids=["tiny", "ovre-eiker"])
def test_instance_round_trip_gives_an_equal_instance(source: Path, tmp_path: Path) -> None:
    instance = load_instance(source)
    path = tmp_path / "instance.xlsx"
    write_instance_workbook(path, instance)
    assert read_instance_workbook(path) == instance


def test_cli_export_then_import_gives_an_equal_instance_file(tmp_path: Path) -> None:
    workbook, yaml_file = tmp_path / "ovre.xlsx", tmp_path / "ovre.yaml"
    assert runner.invoke(app, ["export-excel", str(OVRE_EIKER), str(workbook)]).exit_code == 0
    assert runner.invoke(app, ["import-excel", str(workbook), str(yaml_file)]).exit_code == 0
    assert load_instance(yaml_file) == load_instance(OVRE_EIKER)


def test_empty_rows_are_skipped(tiny: Instance, tmp_path: Path) -> None:
    path = edit_workbook(tmp_path, lambda book: book["Measures"].insert_rows(3, amount=2))
    assert read_instance_workbook(path) == tiny


def test_solve_reads_an_instance_workbook(tmp_path: Path) -> None:
    workbook = tmp_path / "tiny.xlsx"
    write_instance_workbook(workbook, load_instance(FIXTURES / "tiny.yaml"))
    result = runner.invoke(
        app,
        [
            "solve",
            str(workbook),
            "--out",
            str(tmp_path / "out"),
            "--method",
            "greedy",
            "--no-images",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "plan.xlsx").exists()


# --- broken workbooks --------------------------------------------------------------------------
def edit_workbook(tmp_path: Path, edit: Callable[[openpyxl.Workbook], object]) -> Path:
    """tiny.yaml as a workbook, with one edit made in openpyxl (as a person would in Excel)."""
    path = tmp_path / "tiny.xlsx"
    write_instance_workbook(path, load_instance(FIXTURES / "tiny.yaml"))
    book = openpyxl.load_workbook(path)
    edit(book)
    book.save(path)
    return path


def header_column(sheet, name: str) -> int:  # type: ignore[no-untyped-def]
    return next(cell.column for cell in sheet[1] if cell.value == name)


def set_cell(
    sheet: str, row: int, column: str, value: object
) -> Callable[[openpyxl.Workbook], None]:
    """Edit: put ``value`` in ``sheet`` at ``row`` under the header ``column``."""

    def edit(book: openpyxl.Workbook) -> None:
        book[sheet].cell(row, header_column(book[sheet], column)).value = value

    return edit


def delete_column(sheet: str, column: str) -> Callable[[openpyxl.Workbook], None]:
    def edit(book: openpyxl.Workbook) -> None:
        book[sheet].delete_cols(header_column(book[sheet], column))

    return edit


def steps(*edits: Callable[[openpyxl.Workbook], object]) -> Callable[[openpyxl.Workbook], None]:
    def edit(book: openpyxl.Workbook) -> None:
        for step in edits:
            step(book)

    return edit


@dataclass(frozen=True)
class Broken:
    edit: Callable[[openpyxl.Workbook], object]
    where: str  # "sheet <S>[, row <R>][, column <C>]" as in the message
    rule: str


# Measures rows of tiny.yaml: is row 2, A-1.2 row 3, A-1.3 row 4, B-1.1 row 5.
BROKEN: dict[str, Broken] = {
    "missing-sheet": Broken(
        lambda book: book.remove(book["Groups"]), "sheet Groups", "the sheet is missing"
    ),
    "missing-column": Broken(
        delete_column("Measures", "colour"), "sheet Measures, row 1", "column 'colour' is missing"
    ),
    "unknown-column": Broken(
        set_cell("Measures", 1, "note", "colr"),
        "sheet Measures, row 1, column W",
        "unknown column 'colr' (did you mean 'colour'?)",
    ),
    "text-in-amount": Broken(
        set_cell("Measures", 2, "amount_2025", "ti"),
        "sheet Measures, row 2, column amount_2025",
        "expected a whole number, got 'ti'",
    ),
    "unknown-colour": Broken(
        set_cell("Measures", 3, "colour", "blue"),
        "sheet Measures, row 3, column colour",
        "unknown colour 'blue' (expected one of red, yellow, green)",
    ),
    "merged-cells": Broken(
        lambda book: book["Measures"].merge_cells("B3:C3"),
        "sheet Measures, row 3, column name",
        "merged cells (B3:C3) are not allowed",
    ),
    "formula-cell": Broken(
        set_cell("Measures", 5, "amount_2026", "=200+100"),
        "sheet Measures, row 5, column amount_2026",
        "formula '=200+100' is not allowed: enter the value",
    ),
    "row-after-empty-rows": Broken(
        steps(
            lambda book: book["Measures"].insert_rows(3, amount=2),
            set_cell("Measures", 6, "amount_2026", "mange"),
        ),
        "sheet Measures, row 6, column amount_2026",  # the real row, empty rows counted
        "expected a whole number, got 'mange'",
    ),
    "duplicate-id": Broken(
        set_cell("Measures", 4, "id", "A-1.1"),
        "sheet Measures, row 4, column id",
        "duplicate id 'A-1.1'",
    ),
    "bad-month": Broken(
        set_cell("Measures", 5, "planned_effect", "2025-13"),
        "sheet Measures, row 5, column planned_effect",
        "expected a month as 'YYYY-MM', got '2025-13'",
    ),
    "unknown-section": Broken(
        set_cell("Groups", 3, "section", "C"),
        "sheet Groups, row 3, column section",
        "unknown section 'C'",
    ),
    "section-not-the-groups": Broken(
        set_cell("Measures", 2, "section", "B"),
        "sheet Measures, row 2, column section",
        "section 'B' does not match group A-1, which belongs to A",
    ),
    "unknown-group": Broken(
        steps(set_cell("Measures", 3, "group", "A-9"), set_cell("Measures", 3, "section", None)),
        "sheet Measures, row 3, column group",
        "unknown group 'A-9'",
    ),
    "unknown-dependency": Broken(
        set_cell("Measures", 3, "depends_on", "A-1.7 FS 0"),
        "sheet Measures, row 3, column depends_on",
        "unknown measure 'A-1.7'",
    ),
    "unreadable-dependency": Broken(
        set_cell("Measures", 3, "depends_on", "A-1.1 after 2 months"),
        "sheet Measures, row 3, column depends_on",
        "expected dependencies like 'HEV-1.2 FS 0; HEV-2.1 SS 2..12'",
    ),
    "missing-required-cell": Broken(
        set_cell("Measures", 4, "colour_reason", None),
        "sheet Measures, row 4, column colour_reason",
        "the cell is empty, but a value is required",
    ),
    "two-calendar-rows": Broken(
        lambda book: book["Calendar"].append(["2025-01", "2025-01", "2027-12", 2026, "2025-07"]),
        "sheet Calendar, row 3",
        "expected only one row of values",
    ),
    "calendar-rule": Broken(
        set_cell("Calendar", 2, "plan_start", "2028-01"),
        "sheet Calendar, row 2, column plan_start",
        "need first_month <= plan_start <= horizon_end",
    ),
    "missing-colour-row": Broken(
        lambda book: book["Colours"].delete_rows(4),
        "sheet Colours",
        "missing colour classes: green",
    ),
    "bad-capacity-month": Broken(
        set_cell("Sections", 3, "capacity_jul", "halv"),
        "sheet Sections, row 3, column capacity_jul",
        "expected a whole number, got 'halv'",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_workbook_gives_one_located_line_and_exit_2(case: str, tmp_path: Path) -> None:
    broken = BROKEN[case]
    workbook = edit_workbook(tmp_path, broken.edit)
    result = runner.invoke(app, ["import-excel", str(workbook), str(tmp_path / "out.yaml")])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: {workbook}: {broken.where}: "), lines[0]
    assert broken.rule in lines[0]
    assert not (tmp_path / "out.yaml").exists()


def test_more_than_ten_broken_workbooks() -> None:
    assert len(BROKEN) >= 10


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "plain.xlsx"
    path.write_text("measure;colour\n")
    result = runner.invoke(app, ["import-excel", str(path), str(tmp_path / "out.yaml")])
    assert result.exit_code == 2
    assert re.fullmatch(
        rf"error: {re.escape(str(path))}: not a readable Excel workbook.*\n", result.stderr
    )


def test_never_overwrites_an_input_or_an_existing_file(tmp_path: Path) -> None:
    workbook = tmp_path / "tiny.xlsx"
    write_instance_workbook(workbook, load_instance(FIXTURES / "tiny.yaml"))
    before = workbook.read_bytes()
    result = runner.invoke(app, ["import-excel", str(workbook), str(workbook)])
    assert result.exit_code == 2 and "refusing to overwrite the input" in result.stderr
    result = runner.invoke(app, ["export-excel", str(FIXTURES / "tiny.yaml"), str(workbook)])
    assert result.exit_code == 2 and "already exists (give --force" in result.stderr
    assert workbook.read_bytes() == before
    forced = ["export-excel", str(FIXTURES / "tiny.yaml"), str(workbook), "--force"]
    assert runner.invoke(app, forced).exit_code == 0


def test_solve_never_writes_its_plan_workbook_over_the_instance_workbook(tmp_path: Path) -> None:
    workbook = tmp_path / "plan.xlsx"
    write_instance_workbook(workbook, load_instance(FIXTURES / "tiny.yaml"))
    before = workbook.read_bytes()
    result = runner.invoke(app, ["solve", str(workbook), "--out", str(tmp_path), "--no-images"])
    assert result.exit_code == 2 and "refusing to overwrite the input" in result.stderr
    assert workbook.read_bytes() == before
    assert not (tmp_path / "plan.json").exists()
