"""The solve and evaluate commands end to end on the tiny fixture."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from tests.conftest import FIXTURES

TINY = str(FIXTURES / "tiny.yaml")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout


def test_solve_json_reports_status_bound_gap_and_savings(tmp_path: Path) -> None:
    code, output = run("solve", TINY, "--out", str(tmp_path), "--json", "--no-images")
    assert code == 0
    result = json.loads(output)
    assert result["status"] == "optimal"
    assert result["objective"] == result["bound"] and result["gap"] == 0
    assert set(result["savings_by_year"]) == {"2025", "2026", "2027"}
    assert set(result["shortfall_by_year"]) == {"2025", "2026"}
    assert (tmp_path / "plan.json").exists() and (tmp_path / "plan.csv").exists()
    # The consultants' timing beside the plan's, per year: the tiny fixture's own amounts
    # (A-1.1 60, B-1.1 -30 in 2025; 120 + 240 + 300 in 2026).
    assert result["consultants_savings_by_year"] == {"2025": 30, "2026": 660, "2027": 660}
    assert set(result["consultants_risk_weighted_by_year"]) == {"2025", "2026", "2027"}


@pytest.mark.parametrize("workers", ["1", "2"])
def test_same_input_and_seed_give_identical_plan_json(tmp_path: Path, workers: str) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        options = ("--out", str(out), "--seed", "7", "--workers", workers, "--no-images")
        assert run("solve", TINY, *options)[0] == 0
    assert (first / "plan.json").read_bytes() == (second / "plan.json").read_bytes()


def test_evaluate_accepts_the_solver_plan_and_lists_violations_of_the_as_planned(
    tmp_path: Path,
) -> None:
    run("solve", TINY, "--out", str(tmp_path), "--no-images")
    code, output = run("evaluate", TINY, str(tmp_path / "plan.json"))
    assert code == 0 and "0 regelbrudd" in output
    # The tiny fixture's as-planned timing breaks B's July capacity (0); B-1.1's work starts
    # early enough for the council meeting before its effect, so no decision rule breaks.
    code, output = run("evaluate", TINY)
    assert code == 1
    assert "B: kapasitet: jul. 2025 bruker 2 av 0" in output
    assert "vedtak i kommunestyret" not in output
    code, output = run("evaluate", TINY, "--lang", "en")
    assert "B: capacity: Jul 2025 uses 2 of 0" in output


def test_greedy_method(tmp_path: Path) -> None:
    code, output = run(
        "solve", TINY, "--out", str(tmp_path), "--method", "greedy", "--json", "--no-images"
    )
    assert code == 0 and json.loads(output)["status"] == "feasible"


def test_evaluate_rejects_a_plan_that_misses_measures(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"instance": "tiny", "measures": []}))
    result = CliRunner().invoke(app, ["evaluate", TINY, str(plan)])
    assert result.exit_code == 2
    assert "A-1.1: missing" in result.stderr


def test_no_progress_display_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["solve", TINY, "--out", str(tmp_path), "--no-images"])
    assert result.exit_code == 0
    assert "\x1b" not in result.stderr + result.stdout
    assert "startplan" not in result.stderr and "søk" not in result.stderr
