"""Scenario files: a base instance with named changes, validated like an instance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.data import Colour, month_of
from scheduler.io.instance import InputError, load_instance
from scheduler.io.scenario import load_problem
from scheduler.model.solver import solve
from scheduler.validate import check_plan
from tests.conftest import FIXTURES, REPO

TINY = FIXTURES / "tiny.yaml"
BUNDLED = sorted((REPO / "scenarios" / "ovre-eiker").glob("*.yaml"))


def scenario(tmp_path: Path, body: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(f"name: Test\nbase: {TINY}\n{body}", encoding="utf-8")
    return path


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.stem)
def test_bundled_scenarios_load_and_say_what_they_assume(path: Path) -> None:
    changed = load_problem(path)
    base = load_instance(REPO / "instances" / "ovre-eiker-2025.yaml")
    assert changed.name.startswith(base.name + " — ") and changed.name != base.name
    (said,) = [a for a in changed.assumptions if a.field == "scenario"]
    assert said.reason.startswith("Scenario «")


def test_at_least_four_bundled_scenarios() -> None:
    assert len(BUNDLED) >= 4


def test_capacity_added_over_a_range_of_months(tmp_path: Path) -> None:
    base = load_instance(TINY)
    changed = load_problem(
        scenario(tmp_path, 'capacity: [{unit: B, first: "2025-06", last: "2025-08", add: 1}]')
    )
    (before,) = [unit for unit in base.sections if unit.id == "B"]
    (after,) = [unit for unit in changed.sections if unit.id == "B"]
    for month in range(base.calendar.first_month, base.calendar.horizon_end + 1):
        inside = month_of(2025, 6) <= month <= month_of(2025, 8)
        assert after.capacity_in(month) == before.capacity_in(month) + (1 if inside else 0)
    assert after.capacity_in(month_of(2025, 7)) == 1  # July's 0, plus one


def test_colours_council_targets_and_plan_start(tmp_path: Path) -> None:
    base = load_instance(TINY)
    changed = load_problem(
        scenario(
            tmp_path,
            "realisation_pct: {red: 30}\nduration: {green: 3}\ncouncil: {delay_months: 2}\n"
            'targets: {2026: 700}\nplan_start: "2025-03"\n',
        )
    )
    assert changed.colours[Colour.RED].realisation_pct == 30
    assert changed.colours[Colour.GREEN].duration == 3
    assert changed.council.case_lead_months == base.council.case_lead_months + 2
    assert {t.year: t.amount for t in changed.targets}[2026] == 700
    assert changed.calendar.plan_start == month_of(2025, 3)


def test_a_measure_fixed_or_started_keeps_its_month_in_the_plan(tmp_path: Path) -> None:
    changed = load_problem(
        scenario(
            tmp_path,
            'measures:\n  A-1.2: {fixed_effect: "2026-06", realisation_pct: 10}\n'
            '  B-1.2: {started: "2026-02"}\n',
        )
    )
    assert changed.measure("A-1.2").realisation_pct == 10
    plan = solve(changed, time_limit=10).plan
    assert plan is not None and check_plan(changed, plan) == []
    effects = plan.effect_by_measure()
    assert effects["A-1.2"] == month_of(2026, 6) and effects["B-1.2"] == month_of(2026, 2)


def test_leave_out_drops_the_measure_unless_another_needs_it(tmp_path: Path) -> None:
    base = load_instance(TINY)
    leaf = next(m.id for m in base.measures if not any(
        d.measure == m.id for other in base.measures for d in other.depends_on
    ))  # fmt: skip
    changed = load_problem(scenario(tmp_path, f"leave_out: [{leaf}]"))
    assert leaf not in {m.id for m in changed.measures}
    needed = next(d.measure for m in base.measures for d in m.depends_on)
    with pytest.raises(InputError, match=rf"field 'leave_out': .* depends on {needed}"):
        load_problem(scenario(tmp_path, f"leave_out: [{needed}]"))


BAD = {
    "unknown measure": (
        "measures: {X-9.9: {duration: 2}}",
        "field 'measures.X-9.9': the base has no measure X-9.9",
    ),
    "150 % realisation": ("realisation_pct: {red: 150}", "field 'realisation_pct.red': "),
    "per measure 150 %": (
        "measures: {A-1.1: {realisation_pct: 150}}",
        "field 'measures.A-1.1.realisation_pct': ",
    ),
    "negative capacity": (
        'capacity: [{unit: A, first: "2025-02", capacity: -1}]',
        "field 'capacity.0.capacity': ",
    ),
    "capacity below zero": (
        'capacity: [{unit: A, first: "2025-02", add: -5}]',
        "field 'capacity.0.add': A would have -3 units in 2025-02",
    ),
    "unknown unit": (
        'capacity: [{unit: Z, first: "2025-02", add: 1}]',
        "field 'capacity.0.unit': the base has no section or pool Z",
    ),
    "month outside the horizon": (
        'measures: {A-1.1: {fixed_effect: "2031-01"}}',
        "field 'measures.A-1.1.fixed_effect': 2031-01 is outside the horizon 2025-01..2027-12",
    ),
    "unknown target year": (
        "targets: {2030: 5}",
        "field 'targets.2030': the base has no target for 2030",
    ),
    "misspelt field": ("realisaton_pct: {red: 30}", "field 'realisaton_pct': unknown field"),
    "both capacity and add": (
        'capacity: [{unit: A, first: "2025-02", add: 1, capacity: 3}]',
        "give exactly one of capacity and add",
    ),
}


@pytest.mark.parametrize(("body", "message"), BAD.values(), ids=BAD.keys())
def test_a_bad_change_is_one_located_line_and_exit_2(
    tmp_path: Path, body: str, message: str
) -> None:
    path = scenario(tmp_path, body)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"error: {path}: scenario: "), line
    assert message in line, line


def test_a_change_that_breaks_the_instance_names_the_scenario(tmp_path: Path) -> None:
    path = scenario(tmp_path, 'plan_start: "2024-12"')  # before the first month
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert str(path) in result.stderr and "plan_start" in result.stderr


def test_a_scenario_on_a_scenario_is_refused(tmp_path: Path) -> None:
    first = scenario(tmp_path, "realisation_pct: {red: 30}", "first.yaml")
    second = tmp_path / "second.yaml"
    second.write_text(f"name: Second\nbase: {first.name}\n", encoding="utf-8")
    with pytest.raises(InputError, match="is itself a scenario"):
        load_problem(second)


def test_solve_gantt_and_report_take_a_scenario(tmp_path: Path) -> None:
    path = scenario(tmp_path, "realisation_pct: {red: 30}")
    out = tmp_path / "out"
    runner = CliRunner()
    solved = runner.invoke(app, ["solve", str(path), "--out", str(out), "--no-images", "--json"])
    assert solved.exit_code == 0, solved.output
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert plan["result"]["plan"]["instance"].endswith("— Test")
    again = runner.invoke(
        app, ["report", str(out / "plan.json"), "--instance", str(path), "--no-images", "--force"]
    )
    assert again.exit_code == 0, again.output
    assert "Scenario «Test»" in (out / "report.md").read_text(encoding="utf-8")


def test_schema_of_scenario_files() -> None:
    result = CliRunner().invoke(app, ["schema", "--scenario"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["additionalProperties"] is False and schema["required"] == ["name", "base"]
    assert {"capacity", "realisation_pct", "council", "measures", "leave_out"} <= set(
        schema["properties"]
    )
