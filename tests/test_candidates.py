"""Candidate plans: valid, within the tolerance, different on purpose, each policy kept."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.data import Colour, Instance
from scheduler.evaluate import capacity_use, objective_values
from scheduler.model.candidates import CandidateSearch, Kind, candidates
from scheduler.result import Plan
from scheduler.validate import check_plan
from tests.conftest import FIXTURES

TOLERANCE, DIFFER, MONTHS = 0.01, 10, 3


@pytest.fixture(scope="module")
def search(ovre_eiker: Instance) -> CandidateSearch:
    return candidates(ovre_eiker, 4, TOLERANCE, DIFFER, MONTHS, time_limit=60)


def _plans(search: CandidateSearch, *kinds: Kind) -> list[Plan]:
    return [c.result.plan for c in search.candidates if c.kind in kinds and c.result.plan]


def test_every_candidate_is_valid_and_within_the_tolerance(
    ovre_eiker: Instance, search: CandidateSearch
) -> None:
    assert [c.kind for c in search.candidates] == [
        Kind.BEST, *[Kind.ALTERNATIVE] * 4, Kind.CLOSEST, Kind.CERTAIN_FIRST, Kind.LIGHTEST
    ]  # fmt: skip
    (best,) = _plans(search, Kind.BEST)
    optimum = objective_values(ovre_eiker, best.effect_by_measure())
    for candidate in search.candidates:
        plan = candidate.result.plan
        assert plan is not None and check_plan(ovre_eiker, plan) == []
        values = objective_values(ovre_eiker, plan.effect_by_measure())
        assert values.weighted_shortfall <= optimum.weighted_shortfall * (1 + TOLERANCE)
        assert values.early_savings >= optimum.early_savings * (1 - TOLERANCE)
        assert candidate.result.levels[0].value == values.weighted_shortfall


def test_alternatives_differ_from_every_earlier_candidate(
    ovre_eiker: Instance, search: CandidateSearch
) -> None:
    counted = [m.id for m in ovre_eiker.measures if m.counted]
    plans = _plans(search, Kind.BEST, Kind.ALTERNATIVE)
    for earlier, later in combinations(plans, 2):
        a, b = earlier.effect_by_measure(), later.effect_by_measure()
        assert sum(1 for m in counted if abs(a[m] - b[m]) >= MONTHS) >= DIFFER


def test_policies_do_what_they_say(ovre_eiker: Instance, search: CandidateSearch) -> None:
    (best,) = _plans(search, Kind.BEST)
    (closest,) = [c for c in search.candidates if c.kind == Kind.CLOSEST]
    (certain,) = _plans(search, Kind.CERTAIN_FIRST)
    priced = [m for m in ovre_eiker.measures if m.priced]

    def distance(plan: Plan) -> int:
        effects = plan.effect_by_measure()
        return sum(abs(effects[m.id] - ovre_eiker.planned_effect_of(m)) for m in priced)

    def certain_months(plan: Plan) -> int:
        effects = plan.effect_by_measure()
        return sum(effects[m.id] for m in priced if m.colour != Colour.RED)

    assert closest.result.plan is not None
    assert closest.distance == distance(closest.result.plan) <= distance(best)
    assert certain_months(certain) <= certain_months(best)
    (lightest,) = [c for c in search.candidates if c.kind == Kind.LIGHTEST]
    assert lightest.section is not None and lightest.result.plan is not None
    peak = max(capacity_use(ovre_eiker, lightest.result.plan)[lightest.section].values())
    assert lightest.peak == peak <= max(capacity_use(ovre_eiker, best)[lightest.section].values())


def test_candidates_command_writes_each_plan_and_the_comparison(tmp_path: Path) -> None:
    out = tmp_path / "c"
    result = CliRunner().invoke(
        app,
        ["candidates", str(FIXTURES / "tiny.yaml"), "-n", "2", "--differ", "1", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert folders[0] == "01-best" and folders[-1].endswith("least-load-on-the-busiest-section")
    assert all((out / folder / "plan.json").exists() for folder in folders)
    assert "Konsulentenes plan" in (out / "compare.md").read_text(encoding="utf-8")


def test_fewer_alternatives_than_asked_is_said_plainly(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["candidates", str(FIXTURES / "tiny.yaml"), "-n", "2", "--differ", "50",
         "--out", str(tmp_path / "c")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Fant 0 av 2 alternativer innenfor 1 % av beste plan" in result.stdout
