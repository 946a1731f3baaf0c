"""Excel workbooks: the plan workbook reads back as the same plan; an instance survives a
round trip through a workbook; broken workbooks give one located line and exit code 2."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.consultants import as_planned
from scheduler.data import Instance, format_month
from scheduler.i18n import Lang
from scheduler.io.excel import (
    read_instance_workbook,
    read_plan_workbook,
    write_instance_workbook,
    write_plan_workbook,
)
from scheduler.io.instance import instance_from_dict, load_instance
from scheduler.io.workbook import capacity_periods, dependencies, source_lines
from scheduler.result import Plan
from scheduler.savings import yearly_savings
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


def test_plan_workbook_without_the_reason_columns_still_reads(
    tiny: Instance, tiny_plan: Plan, tmp_path: Path
) -> None:
    """A workbook written before the columns of why each measure takes effect then, and
    of the consultants' and risk-weighted savings."""
    path = tmp_path / "plan.xlsx"
    write_plan_workbook(path, tiny, tiny_plan, lang=Lang.EN)
    book = openpyxl.load_workbook(path)
    header = [cell.value for cell in book["Plan"][1]]
    years = len(tiny.calendar.years)
    book["Plan"].delete_cols(header.index("consultants 2025") + 1, 2 * years)
    book["Plan"].delete_cols(header.index("consultants' effect") + 1, 4)
    left = [cell.value for cell in book["Plan"][1]]
    assert "why" not in left and not any(str(h).startswith("consultants") for h in left)
    book.save(path)
    assert {m.id: m for m in read_plan_workbook(path).measures} == {
        m.id: m for m in tiny_plan.measures
    }


def test_plan_workbook_holds_values_not_formulas(ovre_eiker: Instance, tmp_path: Path) -> None:
    plan = as_planned(ovre_eiker)
    path = tmp_path / "plan.xlsx"
    write_plan_workbook(path, ovre_eiker, plan)
    book = openpyxl.load_workbook(path, data_only=False)
    assert book.sheetnames == ["Plan", "Gantt", "Sammendrag"]
    sheet = book["Plan"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    header = [cell.value for cell in sheet[1]]
    assert header[:8] == [
        "tiltak",
        "navn",
        "seksjon",
        "tiltaksgruppe",
        "fargekode",
        "start",
        "vedtaksmøte",
        "effekt",
    ]
    assert sheet.freeze_panes == "B2" and sheet.auto_filter.ref is not None
    items = {item.id: item for item in plan.measures}
    column = header.index("innsparing 2027") + 1
    for row in range(2, sheet.max_row + 1):
        measure = ovre_eiker.measure(sheet.cell(row, 1).value)
        start = sheet.cell(row, 6)  # a real date, shown as "sep. 2025" in Norwegian Excel
        assert f"{start.value:%Y-%m}" == format_month(items[measure.id].start)
        assert start.is_date and start.number_format == "mmm yyyy"
        savings = yearly_savings(ovre_eiker, measure, items[measure.id].effect)
        assert sheet.cell(row, column).value == savings[2027]
        assert sheet.cell(row, column).number_format == "#,##0"
        # beside the plan: the consultants' savings (the same here: the plan is theirs)
        assert sheet.cell(row, header.index("konsulentene 2027") + 1).value == savings[2027]
    # The as-planned timing reproduces the source's 2027 sum (l.814): 97 925.
    summary = book["Sammendrag"]
    rows = {r[0]: r for r in summary.iter_rows(min_row=6, max_row=9, values_only=True)}
    assert rows[2027][1:3] == (111128, 97925)
    assert rows[2027][6] == 97925  # the consultants' timing beside it


def test_gantt_sheet_marks_months_and_fills_them_by_colour(
    tiny: Instance, tiny_plan: Plan, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xlsx"
    write_plan_workbook(path, tiny, tiny_plan)
    sheet = openpyxl.load_workbook(path)["Gantt"]
    months = [cell.value for cell in sheet[1]][4:]
    b11 = {months[i]: cell.value for i, cell in enumerate(sheet[5][4:])}
    assert sheet.cell(5, 1).value == "B-1.1" and sheet.cell(5, 4).value == "rød"
    assert sheet.cell(5, 2).value == tiny.measure("B-1.1").name
    # Work from 2025-01, decided in the meeting of 2025-03, effect in 2025-05.
    assert [
        b11[m]
        for m in ("jan. 2025", "feb. 2025", "mar. 2025", "apr. 2025", "mai 2025", "jun. 2025")
    ] == [
        "x",
        "x",
        "V",
        "x",
        "E",
        "",
    ]
    rules = [rule for cf in sheet.conditional_formatting for rule in cf.rules]
    formulas = " ".join(formula for rule in rules for formula in rule.formula)
    assert all(f'"{colour}"' in formulas for colour in ("rød", "gul", "grønn"))
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


def tiny_with_every_field() -> Instance:
    """tiny.yaml with components, source lines, dependency lines, a carried target and
    capacity periods (the fields the bundled instance does not use everywhere yet)."""
    raw = load_instance(FIXTURES / "tiny.yaml").model_dump(mode="json")
    measures = {measure["id"]: measure for measure in raw["measures"]}
    measures["A-1.1"]["components"] = [
        {
            "kind": "one_off",
            "amounts": {"2025": 20},
            "until": "2025-12",
            "line": 11,
            "reason": "sale",
        },
        {"kind": "calendar", "amounts": {"2026": 30}, "line": 14, "reason": "grant in 2026"},
    ]
    measures["B-1.1"]["components"] = [
        {"kind": "investment", "amounts": {"2025": -30}, "line": 21, "reason": "licence"}
    ]
    measures["B-1.1"]["source_lines"] = {"council_decision": 23, "planned_effect": 24}
    measures["A-1.2"]["depends_on"] = [
        {"measure": "A-1.1", "kind": "SS", "min_lag": 0, "max_lag": 3, "line": 12},
        {"measure": "A-1.3", "kind": "FS", "min_lag": 1},
    ]
    raw["targets"][0]["carry_over"] = True
    raw["sections"][0]["capacity_by_period"] = [
        {"first": "2025-03", "last": "2025-06", "capacity": 4},
        {"first": "2025-07", "last": "2025-07", "capacity": 3},
    ]
    raw["pools"][0]["capacity_by_period"] = [{"first": "2026-01", "last": "2026-12", "capacity": 2}]
    return instance_from_dict(raw, "tiny with every field")


def sheet_rows(path: Path, name: str) -> list[dict[str, object]]:
    sheet = openpyxl.load_workbook(path)[name]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_every_new_field_round_trips_in_the_documented_format(tmp_path: Path) -> None:
    instance = tiny_with_every_field()
    path = tmp_path / "every.xlsx"
    write_instance_workbook(path, instance)
    assert read_instance_workbook(path) == instance
    measures = {row["id"]: row for row in sheet_rows(path, "Measures")}
    assert measures["A-1.2"]["depends_on"] == "A-1.1 SS 0..3 l.12; A-1.3 FS 1"
    assert measures["B-1.1"]["source_lines"] == "council_decision 23; planned_effect 24"
    assert measures["A-1.1"]["source_lines"] is None
    components = [
        (row["measure"], row["kind"], row["amount_2025"], row["amount_2026"], row["until"])
        for row in sheet_rows(path, "Components")
    ]
    assert components == [
        ("A-1.1", "one_off", 20, None, "2025-12"),
        ("A-1.1", "calendar", None, 30, None),
        ("B-1.1", "investment", -30, None, None),
    ]
    assert [row["carry_over"] for row in sheet_rows(path, "Targets")] == [True, False]
    sections = sheet_rows(path, "Sections")
    assert sections[0]["capacity_by_period"] == "2025-03..2025-06: 4; 2025-07..2025-07: 3"
    assert sections[1]["capacity_by_period"] is None
    assert sheet_rows(path, "Pools")[0]["capacity_by_period"] == "2026-01..2026-12: 2"


def test_components_attach_to_their_measures_in_row_order(tmp_path: Path) -> None:
    """Rows of different measures may be mixed and spread out; each measure keeps its own
    rows' order."""
    instance = tiny_with_every_field()
    path = tmp_path / "mixed.xlsx"
    write_instance_workbook(path, instance)
    book = openpyxl.load_workbook(path)
    sheet = book["Components"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    sheet.delete_rows(2, len(rows))
    for values in (rows[2], [None] * len(rows[0]), rows[0], rows[1]):
        sheet.append(values)
    book.save(path)
    assert read_instance_workbook(path) == instance


def test_cells_typed_in_other_ways_read_the_same() -> None:
    assert dependencies("HEV-1.2 FS 0; HEV-2.1 SS 2..12") == [  # the format before lines
        {"measure": "HEV-1.2", "kind": "FS", "min_lag": 0},
        {"measure": "HEV-2.1", "kind": "SS", "min_lag": 2, "max_lag": 12},
    ]
    assert dependencies("HEV-1.2 l.981\nHEV-1.4 ss -1 l. 1049") == [
        {"measure": "HEV-1.2", "line": 981},
        {"measure": "HEV-1.4", "kind": "SS", "min_lag": -1, "line": 1049},
    ]
    assert source_lines("status 12,\nfixed_effect 13") == {"status": 12, "fixed_effect": 13}
    assert capacity_periods("2025-03 .. 2025-06 : 40; 2025-07: 30") == [
        {"first": "2025-03", "last": "2025-06", "capacity": 40},
        {"first": "2025-07", "last": "2025-07", "capacity": 30},
    ]


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


def append_row(sheet: str, values: list[object]) -> Callable[[openpyxl.Workbook], None]:
    def edit(book: openpyxl.Workbook) -> None:
        book[sheet].append(values)

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
    "a-space-in-the-last-row": Broken(
        lambda book: book["Groups"].cell(1_048_576, 1, " "),
        "sheet Groups",
        "delete what lies below or beside the table",
    ),
    "missing-sheet": Broken(
        lambda book: book.remove(book["Groups"]), "sheet Groups", "the sheet is missing"
    ),
    "missing-column": Broken(
        delete_column("Measures", "colour"), "sheet Measures, row 1", "column 'colour' is missing"
    ),
    "unknown-column": Broken(
        set_cell("Measures", 1, "note", "colr"),
        "sheet Measures, row 1, column Y",
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
        "expected dependencies like 'HEV-1.2 FS 0 l.981; HEV-2.1 SS 2..12'",
    ),
    "unreadable-dependency-line": Broken(
        set_cell("Measures", 3, "depends_on", "A-1.1 FS 0 l.tolv"),
        "sheet Measures, row 3, column depends_on",
        "expected dependencies like 'HEV-1.2 FS 0 l.981; HEV-2.1 SS 2..12', "
        "got 'A-1.1 FS 0 l.tolv'",
    ),
    "dependency-line-zero": Broken(
        set_cell("Measures", 3, "depends_on", "A-1.1 FS 0 l.0"),
        "sheet Measures, row 3, column depends_on",
        "greater than or equal to 1",
    ),
    "unknown-source-line-rule": Broken(
        set_cell("Measures", 5, "source_lines", "council 21"),
        "sheet Measures, row 5, column source_lines",
        "unknown timing rule 'council' (did you mean 'council_decision'?)",
    ),
    "unreadable-source-lines": Broken(
        set_cell("Measures", 5, "source_lines", "council_decision l.21"),
        "sheet Measures, row 5, column source_lines",
        "expected source lines like 'council_decision 1046; earliest_effect 3330', "
        "got 'council_decision l.21'",
    ),
    "source-line-twice": Broken(
        set_cell("Measures", 5, "source_lines", "status 21; status 22"),
        "sheet Measures, row 5, column source_lines",
        "'status' appears twice",
    ),
    "bad-carry-over": Broken(
        set_cell("Targets", 2, "carry_over", "kanskje"),
        "sheet Targets, row 2, column carry_over",
        "expected TRUE or FALSE, got 'kanskje'",
    ),
    "unreadable-capacity-period": Broken(
        set_cell("Sections", 2, "capacity_by_period", "2025-03 to 2025-06: 1"),
        "sheet Sections, row 2, column capacity_by_period",
        "expected periods like '2025-03..2025-06: 40; 2025-07..2025-08: 30', "
        "got '2025-03 to 2025-06: 1'",
    ),
    "capacity-period-backwards": Broken(
        set_cell("Pools", 2, "capacity_by_period", "2025-06..2025-03: 1"),
        "sheet Pools, row 2, column capacity_by_period",
        "last is before first",
    ),
    "capacity-period-bad-month": Broken(
        set_cell("Sections", 3, "capacity_by_period", "2025-03..2025-13: 1"),
        "sheet Sections, row 3, column capacity_by_period",
        "expected a month as 'YYYY-MM', got '2025-13'",
    ),
    # Components columns: measure, kind, amount_2025, amount_2026, until, line, reason.
    "component-of-unknown-measure": Broken(
        append_row("Components", ["A-1.9", "one_off", 10, None, None, 11, "sale"]),
        "sheet Components, row 2, column measure",
        "unknown measure 'A-1.9'",
    ),
    "component-without-measure": Broken(
        append_row("Components", [None, "one_off", 10, None, None, 11, "sale"]),
        "sheet Components, row 2, column measure",
        "a value is required",
    ),
    "component-unknown-kind": Broken(
        append_row("Components", ["A-1.1", "monthly", 10, None, None, 11, "sale"]),
        "sheet Components, row 2, column kind",
        "'one_off', 'calendar' or 'investment'",
    ),
    "component-larger-than-amount": Broken(
        append_row("Components", ["A-1.1", "one_off", 100, None, None, 11, "sale"]),
        "sheet Components, row 2, column amount_2025",
        "100 is not a part of the year's amount 60",
    ),
    "component-text-in-amount": Broken(
        append_row("Components", ["A-1.1", "one_off", "ti", None, None, 11, "sale"]),
        "sheet Components, row 2, column amount_2025",
        "expected a whole number, got 'ti'",
    ),
    "component-without-amount": Broken(
        append_row("Components", ["A-1.1", "calendar", None, None, None, 11, "grant"]),
        "sheet Components, row 2",
        "a component needs an amount in an amount_<year> column",
    ),
    "component-until-before-effect": Broken(
        append_row("Components", ["A-1.1", "one_off", 10, None, "2025-01", 11, "sale"]),
        "sheet Components, row 2, column until",
        "2025-01 is before the planned effect",
    ),
    "components-add-up-to-more": Broken(
        steps(
            append_row("Components", ["A-1.1", "one_off", 40, None, None, 11, "sale"]),
            append_row("Components", ["A-1.1", "calendar", 30, None, None, 11, "grant"]),
        ),
        "sheet Components, row 2",
        "the components of 2025 add up to 70, more than the amount 60",
    ),
    "missing-required-cell": Broken(
        set_cell("Measures", 4, "colour_reason", None),
        "sheet Measures, row 4, column colour_reason",
        "the cell is empty, but a value is required",
    ),
    "two-calendar-rows": Broken(
        lambda book: book["Calendar"].append(
            ["2025-01", "2025-01", None, "2027-12", 2026, "2025-07"]
        ),
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


def test_malformed_sheet_xml_is_one_line(tmp_path: Path) -> None:
    # A workbook whose first sheet's XML is cut off (as a broken download leaves it).
    good = tmp_path / "good.xlsx"
    write_instance_workbook(good, load_instance(FIXTURES / "tiny.yaml"))
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    result = runner.invoke(app, ["import-excel", str(path), str(tmp_path / "out.yaml")])
    assert result.exit_code == 2
    assert re.fullmatch(
        rf"error: {re.escape(str(path))}: not a readable Excel workbook.*\n", result.stderr
    )
