"""The bundled Øvre Eiker instance reproduces the source's own tables.

Every expected number below is copied from the source document
(shared/seeds/000_ca4bfe8b9a121cce.txt), with the line of its SUM row, and compared with the
as-planned evaluation of the instance: the instance's amounts are independent of these.
"""

import json

import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.data import Instance
from tests.conftest import OVRE_EIKER

# Chapter table, l.814-826.
TOTAL = {"2025": 12591, "2026": 65127, "2027": 97925, "2028": 116241}
CHAPTERS = {
    "HEV": [9781, 39108, 49156, 47472],
    "OPP": [2150, 13600, 33100, 53100],
    "KUL": [250, 9409, 10309, 10309],
    "ADM": [410, 3010, 5360, 5360],
}
GROUPS = {
    "HEV-1": [632, 1780, 2170, 2170],  # l.1048
    "HEV-2": [1397, 14296, 14296, 14296],  # l.1197
    "HEV-3": [1312, 2827, 7035, 7064],  # l.1283
    "HEV-4": [1290, 490, 490, 490],  # l.1431
    "HEV-5": [630, 3213, 3213, 3213],  # l.1845
    "HEV-6": [1137, 2618, 3085, 2972],  # l.2060
    "HEV-OVR": [3383, 13884, 18867, 17267],  # l.2169
    "OPP-1": [0, 0, 1000, 1000],  # l.2216-2219
    "OPP-2": [0, 0, 0, 0],  # l.2221 (no amounts)
    "OPP-3": [2150, 5000, 6500, 7500],  # l.2225
    "OPP-4": [0, 1000, 3000, 3000],  # l.2227
    "OPP-5": [0, 2000, 2000, 2000],  # l.2228
    "OPP-OVR": [0, 5600, 20600, 39600],  # l.3850
    "KUL-1": [0, 7050, 7950, 7950],  # l.3901
    "KUL-2": [200, 759, 759, 759],  # l.3903
    "KUL-4": [50, 1600, 1600, 1600],  # l.3907
    "KUL-OVR": [0, 0, 0, 0],  # l.4837 (blank SUM row)
    "ADM-1": [0, 500, 750, 750],  # l.4861-4870
    "ADM-2": [0, 0, 0, 0],  # l.4872 (no amounts)
    "ADM-3": [410, 2510, 3910, 3910],  # l.4876
    "ADM-OVR": [0, 0, 700, 700],  # l.5805
}
# Water and sewage is selvkost and outside the sums (l.3905): 100 / 1 026 / 1 026 / 1 026.
WATER_AND_SEWAGE = {"KUL-3": [100, 1026, 1026, 1026]}
YEARS = ["2025", "2026", "2027", "2028"]


@pytest.fixture(scope="module")
def baseline_json() -> dict:
    result = CliRunner().invoke(app, ["baseline", str(OVRE_EIKER), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_total_per_year(baseline_json: dict) -> None:
    assert {year: baseline_json["savings_by_year"][year] for year in YEARS} == TOTAL


@pytest.mark.parametrize("section", sorted(CHAPTERS))
def test_chapter_sums(baseline_json: dict, section: str) -> None:
    by_year = baseline_json["savings_by_section"][section]
    assert [by_year[year] for year in YEARS] == CHAPTERS[section]


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_group_sums(baseline_json: dict, group: str) -> None:
    by_year = baseline_json["savings_by_group"][group]
    assert [by_year[year] for year in YEARS] == GROUPS[group]


def test_water_and_sewage_is_outside_the_sums(baseline_json: dict) -> None:
    outside = baseline_json["outside_sums_by_group"]
    assert {g: [v[y] for y in YEARS] for g, v in outside.items()} == WATER_AND_SEWAGE
    assert [baseline_json["savings_by_group"]["KUL-3"][y] for y in YEARS] == [0, 0, 0, 0]


def test_every_group_is_checked(ovre_eiker: Instance) -> None:
    assert {g.id for g in ovre_eiker.groups} == set(GROUPS) | set(WATER_AND_SEWAGE)


def test_instance_size_and_traceability(ovre_eiker: Instance) -> None:
    priced = [m for m in ovre_eiker.measures if m.priced]
    assert len(priced) >= 95  # "about a hundred" priced measures
    assert len(ovre_eiker.measures) > len(priced)  # and the unpriced prerequisites
    source_lines = 5813
    for measure in ovre_eiker.measures:
        assert 1 <= measure.line <= source_lines
        assert measure.colour_reason.strip()
    # Every measure that others depend on exists and every assumption names a reason.
    assert all(a.reason.strip() for a in ovre_eiker.assumptions)
