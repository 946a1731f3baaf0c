"""Plan files: plan.csv opens safely in a spreadsheet; every bad plan.json or plan.xlsx is one
clean line and exit code 2."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.data import Instance
from scheduler.io.exports import plan_csv
from scheduler.io.instance import InputError
from scheduler.io.plan import read_plan, read_result
from scheduler.result import Plan
from tests.conftest import FIXTURES

TINY = FIXTURES / "tiny.yaml"
runner = CliRunner()


# --- plan.csv ------------------------------------------------------------------------------------
def test_plan_csv_never_holds_a_formula(tiny: Instance, tiny_plan: Plan) -> None:
    names = ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tTab", "Vanlig navn"]
    data = tiny.model_dump()
    for measure, name in zip(data["measures"], names, strict=False):
        measure["name"] = name
    text = plan_csv(Instance.model_validate(data), tiny_plan).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header, body = rows[0], rows[1:]
    shown = [row[header.index("name")] for row in body]
    assert shown == ['\'=HYPERLINK("http://x")', "'+1", "'-2+3", "'@SUM(A1)", "'\tTab"]
    # Numbers stay numbers (a negative amount too): only text is quoted.
    savings = [row[i] for row in body for i, h in enumerate(header) if h.startswith("savings_")]
    assert all(cell.lstrip("-").isdigit() for cell in savings)
    assert plan_csv(tiny, tiny_plan).decode("utf-8-sig").count("'") == 0


# --- bad plan files ------------------------------------------------------------------------------
def deep(levels: int) -> str:
    return '{"instance": "tiny", "measures": ' + "[" * levels + "]" * levels + "}"


BAD_PLANS: dict[str, tuple[bytes, str]] = {
    # name: (file content, what the one line says)
    "nested 100 000 levels": (deep(100_000).encode(), "nested too deeply"),
    "nested 300 levels": (deep(300).encode(), "field 'measures.0'"),
    "5 000-digit integer": (
        b'{"instance": "tiny", "measures": [], "x": ' + b"9" * 5000 + b"}",
        "a number with too many digits",
    ),
    "not JSON": (b"{instance: tiny", "not JSON"),
    "not UTF-8": (b"\xff\xfe{}", "not UTF-8"),
    "empty": (b"", "not JSON"),
    "a list": (b"[1, 2]", "not a plan: expected a JSON object"),
    "a number": (b"5", "not a plan: expected a JSON object"),
    "instance not text": (b'{"instance": 5, "measures": []}', "field 'instance'"),
    "measures not a list": (b'{"instance": "tiny", "measures": "x"}', "field 'measures'"),
    "month not a month": (
        b'{"instance": "tiny", "measures": [{"id": "A", "start": 1e999, "effect": "x"}]}',
        "field 'measures.0.start'",
    ),
    "plan not an object": (b'{"result": {"plan": [1]}}', "not a plan"),
    "no plan": (b'{"result": {"plan": null}}', "holds no plan"),
}


@pytest.mark.parametrize("case", list(BAD_PLANS))
def test_a_bad_plan_json_is_one_input_error(tmp_path: Path, case: str) -> None:
    content, expected = BAD_PLANS[case]
    path = tmp_path / "plan.json"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_plan(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and expected in message, message
    assert "\n" not in message
    with contextlib.suppress(InputError):  # the optional result: None, or the same error
        assert read_result(path) is None


@pytest.mark.parametrize("command", ["evaluate", "report", "gantt"])
@pytest.mark.parametrize("case", ["nested 100 000 levels", "5 000-digit integer", "a list"])
def test_a_bad_plan_is_one_line_and_exit_2_in_every_command(
    tmp_path: Path, command: str, case: str
) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(BAD_PLANS[case][0])
    args = [str(TINY), str(path)] if command == "evaluate" else [str(path), "--instance", str(TINY)]
    result = runner.invoke(app, [command, *args])
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {path}: ")


def test_a_file_that_never_ends_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["evaluate", str(TINY), "/dev/zero"])
    assert result.exit_code == 2 and "larger than 32 MB" in result.stderr


def test_a_folder_or_missing_file_is_one_line(tmp_path: Path) -> None:
    for path, says in ((tmp_path, "Is a directory"), (tmp_path / "nope.json", "file not found")):
        result = runner.invoke(app, ["evaluate", str(TINY), str(path)])
        assert result.exit_code == 2 and result.stderr == f"error: {path}: " + (
            f"cannot read a plan: {says}\n" if path == tmp_path else f"{says}\n"
        )


def solved_workbook(tmp_path: Path) -> Path:
    out = tmp_path / "run"
    result = runner.invoke(
        app, ["solve", str(TINY), "--out", str(out), "--method", "greedy", "--no-images"]
    )
    assert result.exit_code == 0
    return out / "plan.xlsx"


def truncate_sheet(workbook: Path, target: Path) -> None:
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(target, "w") as copy:
        for item in source.infolist():
            data = source.read(item.filename)
            copy.writestr(
                item, data[: len(data) // 2] if "worksheets/sheet" in item.filename else data
            )


BAD_WORKBOOKS: dict[str, Callable[[Path, Path], None]] = {
    "not a zip file": lambda _, target: target.write_bytes(b"garbage"),
    "empty": lambda _, target: target.write_bytes(b""),
    "malformed sheet XML": truncate_sheet,
}


@pytest.mark.parametrize("case", list(BAD_WORKBOOKS))
def test_a_bad_plan_workbook_is_one_line(tmp_path: Path, case: str) -> None:
    target = tmp_path / "plan.xlsx"
    BAD_WORKBOOKS[case](solved_workbook(tmp_path), target)
    result = runner.invoke(app, ["evaluate", str(TINY), str(target)])
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {target}: ")


def test_evaluate_reads_a_plan_workbook_too(tmp_path: Path) -> None:
    result = runner.invoke(app, ["evaluate", str(TINY), str(solved_workbook(tmp_path))])
    assert result.exit_code == 0 and "0 regelbrudd" in result.stdout


def test_a_plan_json_written_by_solve_reads_back(tmp_path: Path) -> None:
    plan_json = solved_workbook(tmp_path).with_name("plan.json")
    assert read_plan(plan_json).instance == "tiny"
    result = read_result(plan_json)
    assert result is not None and result.method == "greedy"
    json.loads(plan_json.read_text(encoding="utf-8"))


def test_evaluate_lists_the_rule_an_edited_plan_workbook_breaks(tmp_path: Path) -> None:
    out = tmp_path / "out"
    solved = runner.invoke(
        app, ["solve", str(TINY), "--out", str(out), "--method", "greedy", "--no-images"]
    )
    assert solved.exit_code == 0, solved.output
    book = openpyxl.load_workbook(out / "plan.xlsx")
    sheet = book["Plan"]
    header = [cell.value for cell in sheet[1]]
    start, effect = header.index("start") + 1, header.index("effekt") + 1
    sheet.cell(2, effect).value = sheet.cell(2, start).value  # no months of preparation left
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    result = runner.invoke(app, ["evaluate", str(TINY), str(edited)])
    assert result.exit_code == 1, result.output
    assert "A-1.1: forberedelsestid: trenger 1 måned fra start til effekt, har 0" in result.output
