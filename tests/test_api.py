"""The Python API: the docs' example runs as printed, changes validate, tables add up."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

import scheduler
from scheduler.data import Instance
from scheduler.evaluate import savings_report
from scheduler.result import Plan
from tests.conftest import REPO

DOC = REPO / "docs" / "python.md"


def test_the_documented_example_prints_what_the_docs_show() -> None:
    text = DOC.read_text(encoding="utf-8")
    code, shown = re.findall(r"```(?:python)?\n(.*?)```", text, re.S)[:2]
    assert len(code.strip().splitlines()) < 10
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    printed = [line.rstrip() for line in run.stdout.strip().splitlines()]
    assert printed == [line.rstrip() for line in shown.strip().splitlines()]


def test_change_validates_like_a_scenario_file(tiny: Instance) -> None:
    weaker = scheduler.change(tiny, "Rødt 30", realisation_pct={"red": 30})
    assert weaker.colours["red"].realisation_pct == 30 and weaker.name.endswith("— Rødt 30")
    with pytest.raises(scheduler.InputError, match=r"field 'realisation_pct.red': .*150"):
        scheduler.change(tiny, "x", realisation_pct={"red": 150})
    with pytest.raises(scheduler.InputError, match="the base has no measure X-1"):
        scheduler.change(tiny, "x", measures={"X-1": {"duration": 2}})
    with pytest.raises(scheduler.InputError, match=r"field 'capacity\.0\.capacity'"):
        scheduler.change(tiny, "x", capacity=[{"unit": "A", "first": "2025-02", "capacity": -1}])


def test_tables_add_up_to_the_savings_report(tiny: Instance, tiny_plan: Plan) -> None:
    report = savings_report(tiny, tiny_plan.effect_by_measure())
    table = scheduler.savings_table(tiny, tiny_plan)
    assert table["savings"].to_dict() == report.savings_by_year
    assert table["risk_weighted"].to_dict() == report.risk_weighted_by_year
    assert len(scheduler.plan_table(tiny, tiny_plan)) == len(tiny.measures)
    reasons = scheduler.reasons_table(tiny, tiny_plan, lang="en")
    assert list(reasons.index) == [m.id for m in tiny.measures] and "text" in reasons


def test_solve_gives_a_result_without_solver_objects(tiny: Instance) -> None:
    first, second = scheduler.solve(tiny, time_limit=10), scheduler.solve(tiny, time_limit=10)
    assert first.plan == second.plan and first.gap == 0
    assert first.model_dump_json()  # plain data all the way down


def test_unknown_attribute_of_the_package() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        scheduler.nothing  # noqa: B018
