"""PSPLIB reader: small inline files (parsed, solved, malformed) and a few j30 instances
from the shared benchmark folder solved to their known optima."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from scheduler.data import DependencyKind
from scheduler.graph import check_graph
from scheduler.io.instance import InputError
from scheduler.io.psplib import parse_psplib, read_psplib
from scheduler.model.solver import Formulation, Objective, solve
from scheduler.result import SolveStatus
from scheduler.validate import check_plan
from tests.io.makespan import solve_makespan

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "benchmarks"
needs_shared = pytest.mark.skipif(
    not (SHARED / "psplib").is_dir(), reason=f"benchmark data not found at {SHARED}"
)

# Two real jobs (durations 3 and 2) that both need 2 of the 3 units of R1, so they cannot
# overlap; job 4 (duration 1, no demand) follows job 2. The sink follows all of them.
SMALL = """\
************************************************************************
file with basedata            : small.bas
initial value random generator: 1
************************************************************************
projects                      :  1
jobs (incl. supersource/sink ):  5
horizon                       :  6
RESOURCES
  - renewable                 :  1   R
  - nonrenewable              :  0   N
  - doubly constrained        :  0   D
************************************************************************
PROJECT INFORMATION:
pronr.  #jobs rel.date duedate tardcost  MPM-Time
    1      3      0        4        1        4
************************************************************************
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          3           2   3   4
   2        1          1           4
   3        1          1           5
   4        1          1           5
   5        1          0
************************************************************************
REQUESTS/DURATIONS:
jobnr. mode duration  R 1
------------------------------------------------------------------------
  1      1     0       0
  2      1     3       2
  3      1     2       2
  4      1     1       0
  5      1     0       0
************************************************************************
RESOURCEAVAILABILITIES:
  R 1
    3
************************************************************************
"""


def test_small_file_maps_to_the_domain_model() -> None:
    instance = parse_psplib(SMALL, "small.sm", "small")
    assert [m.id for m in instance.measures] == ["J1", "J2", "J3", "J4", "J5"]
    assert [instance.duration_of(m) for m in instance.measures] == [0, 3, 2, 1, 0]
    assert [p.capacity for p in instance.pools] == [3]
    assert instance.measure("J2").support == {"R1": 2}
    assert instance.measure("J4").support == {}
    assert all(instance.effort_of(m) == 0 for m in instance.measures)
    assert instance.sections[0].capacity == 0
    dependency = instance.measure("J4").depends_on
    assert {(d.measure, d.kind, d.min_lag) for d in dependency} == {
        ("J1", DependencyKind.FINISH_TO_START, 0),
        ("J2", DependencyKind.FINISH_TO_START, 0),
    }
    calendar = instance.calendar
    assert calendar.plan_start == calendar.first_month
    assert calendar.horizon_end - calendar.first_month == 6
    assert instance.measure("J3").line == 30  # the job's request line
    check_graph(instance)


def test_small_file_solves_to_its_hand_derived_makespan() -> None:
    # J2 and J3 need 2 + 2 > 3 units, so they run one after the other: 3 + 2 = 5; J4 can
    # run beside J3 after J2 (J2, then J3 and J4 side by side): makespan 5.
    instance = parse_psplib(SMALL, "small.sm", "small")
    result = solve(instance, time_limit=10, objective=Objective.MAKESPAN)
    assert result.status == SolveStatus.OPTIMAL
    assert result.objective == 5
    assert result.plan is not None
    assert check_plan(instance, result.plan) == []


def _replace(old: str, new: str) -> str:
    assert SMALL.count(old) == 1, old
    return SMALL.replace(old, new)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (_replace("  3      1     2       2", "  3      1     2       x"), 30, "expected integers"),
        (_replace("  3      1     2       2", "  3      1     2"), 30, "0 demands for 1 resources"),
        (_replace("  3      1     2       2", "  3      1     2       2  4"), 30, "2 demands"),
        (
            _replace(
                "   3        1          1           5", "   3        1          1           9"
            ),
            21,
            "unknown successor 9",
        ),
        (
            _replace(
                "   3        1          1           5", "   3        2          1           5"
            ),
            21,
            "2 modes",
        ),
        (
            _replace(
                "   3        1          1           5", "   3        1          2           5"
            ),
            21,
            "expected 'job modes successor_count successors...'",
        ),
        (_replace("  3      1     2       2", "  2      1     2       2"), 30, "listed twice"),
        (
            _replace("  - nonrenewable              :  0", "  - nonrenewable              :  2"),
            10,
            "only renewable resources",
        ),
        (_replace("    3\n", "    3  4\n"), 36, "expected 1 resource capacities"),
        (
            _replace("jobs (incl. supersource/sink ):  5", "jobs (incl. supersource/sink ):  6"),
            17,
            "not 1..6",
        ),
        (
            _replace("horizon                       :  6", "horizon                       :  six"),
            7,
            "expected integers in 'horizon'",
        ),
        (_replace("  2      1     3       2", "  2      1     -3      2"), 29, "duration -3"),
    ],
)
def test_malformed_file_names_file_and_line(text: str, line: int, message: str) -> None:
    with pytest.raises(InputError) as error:
        parse_psplib(text, "bad.sm")
    assert str(error.value).startswith(f"bad.sm: line {line}: ")
    assert message in str(error.value)


def test_missing_block_and_missing_file() -> None:
    text = SMALL[: SMALL.index("RESOURCEAVAILABILITIES")]
    with pytest.raises(InputError, match=r"^bad\.sm: line \d+: missing block"):
        parse_psplib(text, "bad.sm")
    with pytest.raises(InputError, match="file not found"):
        read_psplib("/nonexistent/j301_1.sm")


def _known_optima() -> dict[str, int]:
    with (SHARED / "psplib" / "known_values.csv").open(encoding="utf-8") as stream:
        return {
            row["instance"]: int(row["upper_bound"])
            for row in csv.DictReader(stream)
            if row["proven_optimal"] == "true"
        }


# Instances that both formulations prove optimal in well under a second, and (interval
# formulation only) one of the hard group j3013 that it proves in a few seconds.
J30_SAMPLE = [
    *(
        (name, formulation)
        for name in ("j30/j301_1.sm", "j30/j301_3.sm", "j30/j3010_1.sm", "j30/j304_10.sm")
        for formulation in Formulation
    ),
    ("j30/j3013_7.sm", Formulation.INTERVALS),
]


@needs_shared
@pytest.mark.parametrize(("name", "formulation"), J30_SAMPLE)
def test_j30_instance_solved_to_its_known_optimum(name: str, formulation: Formulation) -> None:
    instance = read_psplib(SHARED / "psplib" / name, name)
    result = solve_makespan(instance, formulation)
    assert result.status == SolveStatus.OPTIMAL
    assert result.objective == _known_optima()[name]
    assert result.plan is not None
    assert check_plan(instance, result.plan) == []
