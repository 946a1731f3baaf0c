"""Marginal values by re-solving: never worse with more capacity, equal to a direct solve."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.data import Instance
from scheduler.evaluate import savings_report
from scheduler.io.scenario import load_problem
from scheduler.marginal import baseline, capacity_values, delay_values
from scheduler.model.solver import solve
from tests.conftest import FIXTURES

TINY = FIXTURES / "tiny.yaml"


def test_more_capacity_never_raises_the_shortfall_and_equals_a_direct_solve(
    tiny: Instance, tmp_path: Path
) -> None:
    base = baseline(tiny, time_limit=10)
    answers = capacity_values(tiny, base, [2025, 2026], time_limit=10)
    assert len(answers) == 2 * len(tiny.sections + tiny.pools)
    for answer in answers:
        assert answer.proven and answer.shortfall_change <= 0
    answer = answers[0]
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        f"name: direct\nbase: {TINY}\n"
        f'capacity: [{{unit: {answer.subject}, first: "2025-01", last: "2025-12", add: 1}}]\n',
        encoding="utf-8",
    )
    changed = load_problem(scenario)
    direct = solve(changed, time_limit=10)
    assert direct.plan is not None
    assert direct.levels[0].value - base.result.levels[0].value == answer.shortfall_change
    report = savings_report(changed, direct.plan.effect_by_measure())
    for year, change in answer.nominal.items():
        assert report.savings_by_year[year] - base.nominal[year] == change


def test_a_later_decision_never_lowers_the_shortfall(tiny: Instance) -> None:
    base = baseline(tiny, time_limit=10)
    answers = delay_values(tiny, base, time_limit=10)
    assert answers and {answer.kind for answer in answers} == {"delay"}
    assert all(answer.shortfall_change >= 0 for answer in answers if answer.proven)


def test_marginal_command(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["marginal", str(TINY), "--years", "2025", "--json"])
    assert result.exit_code == 0, result.output
    answers = json.loads(result.stdout)
    assert {a["kind"] for a in answers} == {"capacity", "delay"}
    table = runner.invoke(app, ["marginal", str(TINY), "--years", "2025"])
    assert "kapasitet +1 i 2025" in table.stdout and "vedtak 1 måned senere" in table.stdout
    bad = runner.invoke(app, ["marginal", str(TINY), "--years", "2031"])
    assert bad.exit_code == 2 and "2031 is not a target year" in bad.stderr
