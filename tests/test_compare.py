"""Plans side by side: each judged by its own instance, the moves and the documents."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.compare import Candidate, compare, consultants_candidate
from scheduler.data import Instance
from scheduler.evaluate import savings_report
from scheduler.result import Plan
from tests.conftest import FIXTURES

TINY = FIXTURES / "tiny.yaml"


def test_columns_and_moves(tiny: Instance, tiny_plan: Plan) -> None:
    comparison = compare([consultants_candidate(tiny, "K"), Candidate("P", tiny, tiny_plan)])
    consultants, plan = comparison.columns
    report = savings_report(tiny, tiny_plan.effect_by_measure())
    assert {y.year: y.savings for y in plan.years} == report.savings_by_year
    assert plan.violations == 0 and plan.effects == tiny_plan.effect_by_measure()
    for move in comparison.moves:
        first, second = move.effects
        assert first is not None and second is not None
        assert move.spread == abs(first - second) > 0
    moved = {move.id for move in comparison.moves}
    assert moved == {m for m in plan.effects if plan.effects[m] != consultants.effects[m]}
    spreads = [move.spread for move in comparison.moves]
    assert spreads == sorted(spreads, reverse=True)


def test_compare_command_writes_the_three_files(tmp_path: Path) -> None:
    runner = CliRunner()
    scenario = tmp_path / "s.yaml"
    scenario.write_text(f"name: Uten B-1.2\nbase: {TINY}\nleave_out: [B-1.2]\n", encoding="utf-8")
    for name, source in (("base", TINY), ("s", scenario)):
        solved = runner.invoke(
            app, ["solve", str(source), "--out", str(tmp_path / name), "--no-images"]
        )
        assert solved.exit_code == 0, solved.output
    out = tmp_path / "cmp"
    result = runner.invoke(
        app, ["compare", str(tmp_path / "base"), str(tmp_path / "s"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    markdown = (out / "compare.md").read_text(encoding="utf-8")
    assert "| tusen kr | Konsulentenes plan | base | Uten B-1.2 |" in markdown
    assert "| B-1.2 |" in markdown and "tatt ut" in markdown  # left out in the scenario
    book = openpyxl.load_workbook(out / "compare.xlsx")
    assert book.sheetnames == ["Innsparing", "Belastning", "Effektmåneder", "Vedtak"]
    assert book["Effektmåneder"].cell(2, 2).is_date
    english = runner.invoke(
        app,
        ["compare", str(tmp_path / "base"), "--out", str(tmp_path / "en"), "--lang", "en"],
    )
    assert english.exit_code == 0
    assert "# Plans compared" in (tmp_path / "en" / "compare.md").read_text(encoding="utf-8")


def test_a_plan_that_does_not_name_its_instance_is_refused(tmp_path: Path) -> None:
    bare = tmp_path / "plan.json"
    bare.write_text('{"instance": "tiny", "measures": []}', encoding="utf-8")
    result = CliRunner().invoke(app, ["compare", str(bare), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "no plan.json naming the instance it was solved from" in result.stderr
