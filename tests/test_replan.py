"""Re-planning as of a month: the past stays, the rest is re-optimised, little moves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.consultants import as_planned
from scheduler.data import Instance, month_of
from scheduler.io.instance import instance_from_dict
from scheduler.model.replan import frozen_measures, replan, replan_changes
from scheduler.model.solver import solve
from scheduler.result import Plan
from scheduler.scenario import Scenario, apply
from scheduler.validate import check_plan
from tests.conftest import FIXTURES

TINY = FIXTURES / "tiny.yaml"


def _replanned(tiny: Instance, earlier: Plan, as_of: int, actuals: dict[str, int]):  # type: ignore[no-untyped-def]
    changes = replan_changes("r", "", "-", earlier, as_of, actuals)
    changed = instance_from_dict(apply(tiny, Scenario.model_validate(changes)), "r")
    frozen = tuple(frozen_measures(earlier, as_of, actuals))
    return changed, replan(changed, earlier, frozen, time_limit=10)


def test_frozen_measures_keep_their_month_exactly(tiny: Instance, tiny_plan: Plan) -> None:
    as_of = month_of(2025, 4)
    changed, done = _replanned(tiny, tiny_plan, as_of, {})
    assert done.frozen and done.result.plan is not None
    assert check_plan(changed, done.result.plan) == []
    before, after = tiny_plan.effect_by_measure(), done.result.plan.effect_by_measure()
    for measure in done.frozen:
        assert after[measure] == before[measure]
    starts = {item.id: item.start for item in done.result.plan.measures}
    assert all(starts[m] >= as_of for m in after if m not in done.frozen)


def test_an_actual_month_wins_and_the_rest_moves_as_little_as_it_can(tiny: Instance) -> None:
    earlier = as_planned(tiny)  # not optimal: the re-plan must move some measures
    as_of = tiny.calendar.plan_start
    changed, done = _replanned(tiny, earlier, as_of, {"A-1.2": month_of(2026, 3)})
    assert done.result.plan is not None
    effects = done.result.plan.effect_by_measure()
    assert effects["A-1.2"] == month_of(2026, 3) and done.moved
    plain = solve(changed, time_limit=10)
    assert plain.plan is not None
    assert [level.value for level in done.result.levels] == [level.value for level in plain.levels]

    def distance(plan: Plan) -> int:
        before, after = earlier.effect_by_measure(), plan.effect_by_measure()
        return sum(abs(after[m] - before[m]) for m in after if m not in done.frozen)

    assert distance(done.result.plan) <= distance(plain.plan)
    assert set(done.moved) == {
        m for m in effects if m not in done.frozen and effects[m] != earlier.effect_by_measure()[m]
    }


def test_replan_command_writes_a_scenario_that_reruns(tmp_path: Path) -> None:
    runner = CliRunner()
    solved = runner.invoke(app, ["solve", str(TINY), "--out", str(tmp_path / "p"), "--no-images"])
    assert solved.exit_code == 0
    out = tmp_path / "r"
    result = runner.invoke(
        app,
        ["replan", str(TINY), str(tmp_path / "p" / "plan.json"), "--as-of", "2025-06",
         "--out", str(out), "--no-images"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Omplanlagt fra jun. 2025" in result.stdout
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert plan["input_file"] == str(out / "replan.yaml")
    again = runner.invoke(app, ["evaluate", str(out / "replan.yaml"), str(out / "plan.json")])
    assert again.exit_code == 0, again.output


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--as-of", "2031-01"], "--as-of: 2031-01 is outside"),
        (["--as-of", "juni"], "--as-of: "),
    ],
)
def test_bad_replan_options_are_one_line(tmp_path: Path, options: list[str], message: str) -> None:
    runner = CliRunner()
    runner.invoke(app, ["solve", str(TINY), "--out", str(tmp_path / "p"), "--no-images"])
    result = runner.invoke(app, ["replan", str(TINY), str(tmp_path / "p" / "plan.json"), *options])
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_actuals_naming_an_unknown_measure_are_refused(tmp_path: Path) -> None:
    runner = CliRunner()
    runner.invoke(app, ["solve", str(TINY), "--out", str(tmp_path / "p"), "--no-images"])
    actuals = tmp_path / "actuals.yaml"
    actuals.write_text('X-9: "2025-06"\n', encoding="utf-8")
    result = runner.invoke(
        app,
        ["replan", str(TINY), str(tmp_path / "p" / "plan.json"), "--as-of", "2025-06",
         "--actuals", str(actuals)],
    )  # fmt: skip
    assert result.exit_code == 2 and "measure X-9: not in" in result.stderr
