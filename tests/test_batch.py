"""Sensitivity batches: checked before they run, the same rows on every executor, and a
batch killed at any moment resumes to exactly the rows of an uninterrupted run."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from scheduler.batch import changes
from scheduler.cli import app
from scheduler.io.instance import load_instance
from tests.conftest import FIXTURES, REPO

TINY = FIXTURES / "tiny.yaml"
runner = CliRunner()


def batch_file(tmp_path: Path, body: str, name: str = "b.yaml") -> Path:
    path = tmp_path / name
    path.write_text(f"name: Test\nbase: {TINY}\ntime_limit: 5\n{body}", encoding="utf-8")
    return path


def rows(folder: Path) -> pd.DataFrame:
    return pd.read_parquet(folder / "rows.parquet").drop(columns=["runtime"])


BAD = {
    "unknown parameter": (
        "grid: {realisaton.red: [30]}",
        "field 'realisaton.red': unknown parameter",
    ),
    "empty list": ("grid: {realisation_pct.red: []}", "field 'grid.realisation_pct.red'"),
    "range with step 0": (
        "grid: {realisation_pct.red: {start: 30, stop: 70, step: 0}}", "step must not be 0"
    ),
    "range holding nothing": (
        "grid: {realisation_pct.red: {start: 70, stop: 30, step: 10}}", "the range holds no value"
    ),
    "unknown measure": (
        "grid: {measures.X-9.duration: [2]}",
        "field 'measures.X-9.duration': the base has no measure X-9",
    ),
    "unknown unit": ("grid: {capacity_add.Z: [1]}", "the base has no section or pool Z"),
    "unknown colour": ("grid: {realisation_pct.blue: [30]}", "no colour 'blue'"),
    "two distributions": (
        "draws: 5\nrandom: {realisation_pct.red: {uniform: [30, 70], choice: [50]}}",
        "give exactly one of uniform, triangular and choice",
    ),
    "draws without random": ("draws: 5", "draws need random parameters"),
    "a value the model refuses": (
        "grid: {realisation_pct.red: [50, 150]}",
        "field 'realisation_pct.red': 150",
    ),
    "not a whole number": ("grid: {council.delay_months: [0.5]}", "expected a whole number"),
    "nothing to vary": ("seed: 3", "give a grid, or draws with random parameters"),
}  # fmt: skip


@pytest.mark.parametrize(("body", "message"), BAD.values(), ids=BAD.keys())
def test_a_bad_batch_is_one_located_line_before_anything_runs(
    tmp_path: Path, body: str, message: str
) -> None:
    path = batch_file(tmp_path, body)
    result = runner.invoke(app, ["batch", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"error: {path}: batch: ") and message in line, line
    assert not (tmp_path / "out").exists()


GRID = (
    "grid:\n  realisation_pct.red: [30, 70]\n  capacity_add.A: [0, 1]\n"
    "  council.delay_months: [0, 2]\n"
)


def test_the_dask_executor_gives_the_rows_of_the_local_one(tmp_path: Path) -> None:
    path = batch_file(tmp_path, GRID + "draws: 4\nrandom: {duration.green: {choice: [1, 2, 3]}}\n")
    local = runner.invoke(app, ["batch", str(path), "--out", str(tmp_path / "l"), "--workers", "1"])
    assert local.exit_code == 0, local.output
    dask = runner.invoke(
        app,
        ["batch", str(path), "--out", str(tmp_path / "d"), "--executor", "dask", "--workers", "2"],
    )
    assert dask.exit_code == 0, dask.output
    pd.testing.assert_frame_equal(rows(tmp_path / "l"), rows(tmp_path / "d"))
    assert len(rows(tmp_path / "l")) == 12 and set(rows(tmp_path / "l")["status"]) == {"optimal"}
    plans = pd.read_parquet(tmp_path / "l" / "plans.parquet")
    assert len(plans) == 12 * 5  # every point's plan, measure by measure


def test_evaluating_a_plan_under_draws(tmp_path: Path) -> None:
    solved = runner.invoke(app, ["solve", str(TINY), "--out", str(tmp_path / "p"), "--no-images"])
    assert solved.exit_code == 0
    path = batch_file(
        tmp_path,
        f"plan: {tmp_path / 'p' / 'plan.json'}\ndraws: 50\nseed: 4\n"
        "random: {realisation_pct.red: {triangular: [20, 50, 80]}}\n",
    )
    result = runner.invoke(
        app, ["batch", str(path), "--out", str(tmp_path / "e"), "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    table = rows(tmp_path / "e")
    assert len(table) == 50 and set(table["status"]) == {"valid"}
    assert table["p:realisation_pct.red"].between(20, 80).all()
    assert table["risk_weighted_2026"].nunique() > 1  # the draws move the risk-weighted money


def test_an_earlier_run_is_kept_unless_resumed_or_forced(tmp_path: Path) -> None:
    path = batch_file(tmp_path, "grid: {realisation_pct.red: [30, 50]}\n")
    out = str(tmp_path / "o")
    assert runner.invoke(app, ["batch", str(path), "--out", out, "--workers", "1"]).exit_code == 0
    again = runner.invoke(app, ["batch", str(path), "--out", out, "--workers", "1"])
    assert again.exit_code == 2 and "--resume continues it" in again.stderr
    resumed = runner.invoke(app, ["batch", str(path), "--out", out, "--workers", "1", "--resume"])
    assert resumed.exit_code == 0 and "(0 nye" in resumed.stdout
    other = batch_file(tmp_path, "grid: {realisation_pct.red: [40]}\n")
    changed = runner.invoke(app, ["batch", str(other), "--out", out, "--resume"])
    assert changed.exit_code == 2 and "another batch" in changed.stderr


def test_a_batch_killed_at_any_moment_resumes_to_the_same_rows(tmp_path: Path) -> None:
    body = (
        "grid:\n  realisation_pct.red: [20, 35, 50, 65, 80]\n"
        "  realisation_pct.yellow: [60, 80, 100]\n"
        "  council.delay_months: [0, 1, 2, 3]\n  capacity_add.B: [0, 1]\n"
    )
    path = batch_file(tmp_path, body)
    whole = tmp_path / "whole"
    assert (
        runner.invoke(app, ["batch", str(path), "--out", str(whole), "--workers", "1"]).exit_code
        == 0
    )
    killed = tmp_path / "killed"
    command = [
        sys.executable,
        "-m",
        "scheduler",
        "batch",
        str(path),
        "--out",
        str(killed),
        "--workers",
        "1",
    ]
    process = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while not list((killed / "parts").glob("*.parquet")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(random.uniform(0, 0.5))
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    resumed = runner.invoke(
        app, ["batch", str(path), "--out", str(killed), "--workers", "1", "--resume"]
    )
    assert resumed.exit_code == 0, resumed.output
    final = rows(killed)
    assert final["index"].is_unique and len(final) == 120
    pd.testing.assert_frame_equal(final, rows(whole))


def test_the_vectorised_evaluation_gives_the_rows_of_the_general_one(tmp_path: Path) -> None:
    from scheduler.batch_eval import evaluated, plan_savings
    from scheduler.batch_run import Task, run_task
    from scheduler.io.plan import read_plan

    solved = runner.invoke(app, ["solve", str(TINY), "--out", str(tmp_path / "p"), "--no-images"])
    assert solved.exit_code == 0
    plan_path = tmp_path / "p" / "plan.json"
    base = load_instance(TINY)
    draws = [
        {"realisation_pct.red": 0, "targets.2026": 800},
        {"realisation_pct.each_red": 40, "realisation_pct.green": 70},
        {"measures.A-1.2.realisation_pct": 10, "realisation_pct.yellow": 100},
    ]
    tasks = [
        Task(i, str(TINY), str(plan_path), point, changes(base, point, i), "h", 5, 0)
        for i, point in enumerate(draws)
    ]
    fast = [row for row, _ in evaluated(plan_savings(base, read_plan(plan_path)), tasks)]
    general = [run_task(task)[0] for task in tasks]
    for quick, slow in zip(fast, general, strict=True):
        quick.pop("runtime"), slow.pop("runtime")
        assert quick == slow


def test_schema_of_batch_files() -> None:
    import json

    result = runner.invoke(app, ["schema", "--batch"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert {"grid", "draws", "random", "plan", "base"} <= set(schema["properties"])
