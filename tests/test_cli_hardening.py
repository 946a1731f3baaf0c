"""The CLI under hostile input and failing outputs: inputs never overwritten, every error one
clean line with exit code 2, numeric options bounded, exit codes as the README states them.
(Ctrl-C: ``tests/test_cli_interrupt.py``; the plan reader: ``tests/io/test_plan_files.py``.)
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from scheduler.cli import app, one_line
from scheduler.io.output_folder import MANIFEST
from tests.conftest import FIXTURES, OVRE_EIKER

TINY = FIXTURES / "tiny.yaml"
runner = CliRunner()


def invoke(*args: str | Path) -> Result:
    return runner.invoke(app, [str(arg) for arg in args])


def solve(out: Path, *more: str | Path, instance: Path = TINY) -> Result:
    return invoke("solve", instance, "--out", out, "--method", "greedy", "--no-images", *more)


def assert_one_clean_line(result: Result, starts: str = "error: ") -> str:
    """Exit 2, exactly one line on stderr, no traceback, no terminal escape."""
    assert result.exit_code == 2, (result.exit_code, result.stderr, result.exception)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(starts), lines[0]
    assert "\x1b" not in result.stderr and "Traceback" not in result.stderr
    return lines[0]


# --- inputs are never overwritten ----------------------------------------------------------------
def test_a_plan_workbook_edited_by_hand_is_not_replaced_without_force(tmp_path: Path) -> None:
    assert solve(tmp_path).exit_code == 0
    workbook = tmp_path / "plan.xlsx"
    workbook.write_bytes(workbook.read_bytes() + b"edited")
    edited = workbook.read_bytes()
    line = assert_one_clean_line(solve(tmp_path))
    assert line == (
        f"error: {workbook}: was not written by scheduler or was changed since "
        "(give --force to replace it)"
    )
    assert workbook.read_bytes() == edited
    assert solve(tmp_path, "--force").exit_code == 0
    assert workbook.read_bytes() != edited


def test_a_rerun_replaces_its_own_outputs_and_keeps_the_instance_beside_them(
    tmp_path: Path,
) -> None:
    instance = tmp_path / "tiny.yaml"
    shutil.copy(TINY, instance)
    for _ in range(2):
        result = solve(tmp_path, instance=instance)
        assert result.exit_code == 0, result.output
    assert instance.read_bytes() == TINY.read_bytes()
    assert {p.name for p in tmp_path.iterdir()} == {
        "tiny.yaml",
        MANIFEST,
        "plan.json",
        "run.json",
        "plan.csv",
        "savings_long.csv",
        "savings_long.parquet",
        "gantt.html",
        "plan.xlsx",
        "report.html",
        "report.md",
    }


def test_a_file_scheduler_did_not_write_is_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "report.md").write_text("someone's own report")
    line = assert_one_clean_line(solve(tmp_path))
    assert "report.md: was not written by scheduler" in line
    assert (tmp_path / "report.md").read_text() == "someone's own report"
    assert not (tmp_path / "plan.json").exists()  # refused before anything was written


def test_gantt_and_report_never_overwrite_the_plan_they_read(tmp_path: Path) -> None:
    assert solve(tmp_path / "run").exit_code == 0
    plan = tmp_path / "gantt.html"  # a plan saved under the name of a chart
    shutil.copy(tmp_path / "run" / "plan.json", plan)
    result = invoke("gantt", plan, "--instance", TINY, "--no-images", "--force")
    assert "refusing to overwrite the input file" in assert_one_clean_line(result)
    # Drawn again into a solve's folder: the folder stays one run's outputs, with the manifest.
    result = invoke("report", tmp_path / "run" / "plan.json", "--instance", TINY, "--no-images")
    assert result.exit_code == 0, result.output
    assert solve(tmp_path / "run").exit_code == 0


# --- write errors are one line naming the user's path --------------------------------------------
def write_error_cases(tmp_path: Path) -> list[tuple[list[str | Path], Path]]:
    """(arguments, the path the message must name) of outputs that cannot be written."""
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    assert solve(tmp_path / "run").exit_code == 0
    plan = tmp_path / "run" / "plan.json"
    workbook = tmp_path / "tiny.xlsx"
    assert invoke("export-excel", TINY, workbook).exit_code == 0
    proc = Path("/proc/scheduler-test")
    return [
        (["solve", TINY, "--out", a_file, "--method", "greedy"], a_file),
        (["solve", TINY, "--out", proc, "--method", "greedy"], proc),
        (["solve", TINY, "--out", a_file / "below", "--method", "greedy"], a_file / "below"),
        (["gantt", plan, "--instance", TINY, "--out", a_file], a_file),
        (["gantt", plan, "--instance", TINY, "--out", proc], proc),
        (["report", plan, "--instance", TINY, "--out", a_file / "below"], a_file / "below"),
        (["report", plan, "--instance", TINY, "--out", proc], proc),
        (["export-excel", TINY, proc / "tiny.xlsx"], proc / "tiny.xlsx"),
        (["export-excel", TINY, a_file / "tiny.xlsx"], a_file / "tiny.xlsx"),
        (["export-excel", TINY, tmp_path / "run", "--force"], tmp_path / "run"),
        (["import-excel", workbook, proc / "tiny.yaml"], proc / "tiny.yaml"),
        (["import-excel", workbook, a_file / "tiny.yaml"], a_file / "tiny.yaml"),
        (["import-excel", workbook, tmp_path / "run", "--force"], tmp_path / "run"),
    ]


def test_outputs_that_cannot_be_written_give_one_line_naming_the_path(tmp_path: Path) -> None:
    for args, path in write_error_cases(tmp_path):
        result = invoke(*args, "--no-images") if args[0] in ("solve", "gantt", "report") else None
        result = result or invoke(*args)
        line = assert_one_clean_line(result, starts=f"error: {path}")
        assert ".tmp" not in line and "/." not in line, line  # never the temporary file
    assert not list(tmp_path.glob("*.tmp-*"))


# --- numeric options -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--seed", str(2**70)),
        ("--seed", "-1"),
        ("--seed", str(2**31)),
        ("--time-limit", "-1"),
        ("--time-limit", "0"),
        ("--time-limit", "nan"),
        ("--time-limit", "inf"),
        ("--time-limit", "1e308"),
        ("--workers", "0"),
        ("--workers", str(10**6)),
        ("--workers", str(2**70)),
    ],
)
def test_numeric_options_out_of_range_are_one_line(tmp_path: Path, option: str, value: str) -> None:
    result = invoke("solve", TINY, "--out", tmp_path / "out", option, value)
    line = assert_one_clean_line(result)
    assert line.startswith(f"error: Invalid value for '{option}'"), line
    assert not (tmp_path / "out").exists()


def test_usage_errors_are_one_line() -> None:
    assert_one_clean_line(invoke("solve", "--bogus"))
    assert_one_clean_line(invoke("no-such-command"))


# --- one line, whatever the user's text holds ----------------------------------------------------
def test_one_line_escapes_control_characters() -> None:
    assert one_line("A\nB\x1b[31mC\tD\u2028E\u202eF ø") == "A\\nB\\x1b[31mC\\tD\\u2028E\\u202eF ø"


def test_ids_and_file_names_with_newlines_or_escapes_stay_one_line(tmp_path: Path) -> None:
    hostile = "X-1\n\x1b[2Jforged: line"
    plan = tmp_path / "plan.json"
    plan.write_text(
        json.dumps(
            {
                "instance": "tiny",
                "measures": [{"id": hostile, "start": "2025-01", "effect": "2025-02"}],
            }
        )
    )
    line = assert_one_clean_line(invoke("evaluate", TINY, plan))
    assert "X-1\\n\\x1b[2Jforged" in line
    missing = tmp_path / "no\nsuch\x1b[0m.json"
    line = assert_one_clean_line(invoke("evaluate", TINY, missing))
    assert line.endswith("no\\nsuch\\x1b[0m.json: file not found")
    # The instance loader's messages pass through the same place.
    text = TINY.read_text(encoding="utf-8").replace(
        "{measure: A-1.1, kind: FS", '{measure: "Z\\n\\e[31mZ", kind: FS'
    )
    instance = tmp_path / "hostile.yaml"
    instance.write_text(text, encoding="utf-8")
    line = assert_one_clean_line(invoke("validate", instance))
    assert "\\x1b[31m" in line


def test_a_plan_for_another_instance_is_one_line_saying_whose_it_is(tmp_path: Path) -> None:
    assert solve(tmp_path).exit_code == 0
    line = assert_one_clean_line(invoke("evaluate", OVRE_EIKER, tmp_path / "plan.json"))
    assert "the plan is for instance 'tiny'" in line
    assert "5 of its 5 measures are not in" in line and "167 of the 167 there" in line


# --- exit codes ----------------------------------------------------------------------------------
def test_exit_codes(tmp_path: Path) -> None:
    assert solve(tmp_path / "ok").exit_code == 0
    assert invoke("evaluate", TINY, tmp_path / "ok" / "plan.json").exit_code == 0
    assert invoke("evaluate", TINY).exit_code == 1  # the as-planned timing breaks a rule
    infeasible = tmp_path / "infeasible.yaml"
    infeasible.write_text(
        TINY.read_text().replace(
            "{id: A, name: Section A, capacity: 2}", "{id: A, name: Section A, capacity: 0}"
        )
    )
    result = invoke("solve", infeasible, "--out", tmp_path / "no-plan", "--no-images")
    assert result.exit_code == 1 and "umulig" in result.stdout
    assert sorted(p.name for p in (tmp_path / "no-plan").iterdir()) == [
        MANIFEST,
        "plan.json",
        "run.json",
    ]
    assert invoke("evaluate", tmp_path / "missing.yaml").exit_code == 2


def test_the_command_line_starts_without_the_heavy_libraries() -> None:
    # `scheduler --help` must start fast: the solver, dataframes, charts and workbooks are
    # imported by the commands that use them (docs/performance.md: 0.16 s against 1.1 s).
    code = (
        "import sys, scheduler.cli; "
        "print([m for m in ('ortools', 'pandas', 'plotly', 'openpyxl', 'highspy', 'networkx')"
        " if m in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# --- defaults and warnings ------------------------------------------------------------------------
def test_results_go_to_a_folder_named_after_the_instance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    instance = tmp_path / "my-plan.yaml"
    shutil.copy(TINY, instance)
    monkeypatch.chdir(tmp_path)
    result = invoke("solve", instance, "--method", "greedy", "--no-images")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "results" / "my-plan" / "plan.json").exists()


def test_gantt_and_report_on_a_plan_that_breaks_a_rule_say_so(tmp_path: Path) -> None:
    assert solve(tmp_path / "out").exit_code == 0
    plan = tmp_path / "out" / "plan.json"
    data = json.loads(plan.read_text(encoding="utf-8"))
    first = data["result"]["plan"]["measures"][0]
    first["effect"] = first["start"]  # no months of preparation: breaks its lead time
    edited = tmp_path / "edited" / "plan.json"
    edited.parent.mkdir()
    edited.write_text(json.dumps(data), encoding="utf-8")
    for command in ("gantt", "report"):
        result = invoke(command, edited, "--instance", TINY, "--no-images")
        assert result.exit_code == 0, result.output
        assert result.stderr.startswith("note: ") and "denne planen bryter" in result.stderr
    report = (tmp_path / "edited" / "report.md").read_text(encoding="utf-8")
    assert "Advarsel: denne planen bryter" in report
