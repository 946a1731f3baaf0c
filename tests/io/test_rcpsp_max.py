"""RCPSP/max reader: inline files (negative lags as cycles, a positive cycle, an instance
infeasible only through resources, malformed files) and shared instances solved to their
known values, infeasible ones proven infeasible."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from scheduler.data import DependencyKind, InstanceRuleError
from scheduler.graph import check_graph, earliest_times
from scheduler.greedy import greedy_plan
from scheduler.io.instance import InputError
from scheduler.io.rcpsp_max import parse_rcpsp_max, read_rcpsp_max
from scheduler.model.solver import Formulation, Objective, solve
from scheduler.result import SolveStatus
from scheduler.validate import check_plan
from tests.io.makespan import solve_makespan

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "benchmarks"
needs_shared = pytest.mark.skipif(
    not (SHARED / "rcpsp_max").is_dir(), reason=f"benchmark data not found at {SHARED}"
)

# Activities 1 (duration 3) and 2 (duration 2) each need 1 unit of R1 (capacity {cap}).
# 1 -> 2 [1] and 2 -> 1 [{back}]: activity 2 starts at least 1 and (with back = -1) at
# most 1 period after activity 1. The sink 3 follows both.
TEMPLATE = """\
2\t1\t0\t0
0\t1\t1\t1\t[0]
1\t1\t2\t2\t3\t[1]\t[3]
2\t1\t2\t1\t3\t[{back}]\t[2]
3\t1\t0
0\t1\t0\t0
1\t1\t3\t1
2\t1\t2\t1
3\t1\t0\t0
{cap}
"""


def small(back: int = -1, cap: int = 2) -> str:
    return TEMPLATE.format(back=back, cap=cap)


def test_lags_become_start_to_start_dependencies() -> None:
    instance = parse_rcpsp_max(small(), "small.sch", "small")
    assert [m.id for m in instance.measures] == ["J0", "J1", "J2", "J3"]
    assert {(d.measure, d.kind, d.min_lag) for d in instance.measure("J1").depends_on} == {
        ("J0", DependencyKind.START_TO_START, 0),
        ("J2", DependencyKind.START_TO_START, -1),
    }
    # Horizon: sum over activities of max(duration, largest outgoing lag) = 0 + 3 + 2 + 0.
    assert instance.calendar.horizon_end - instance.calendar.first_month == 5
    assert instance.measure("J2").line == 8


def test_cycle_of_non_positive_length_is_accepted() -> None:
    # 1 -> 2 [1] and 2 -> 1 [-1]: a cycle of length 0 (start_2 = start_1 + 1 exactly).
    instance = parse_rcpsp_max(small(), "small.sch")
    check_graph(instance)
    times = earliest_times(instance)
    start_1, start_2 = times["J1"][0], times["J2"][0]
    assert start_2 - start_1 == 1
    # Serial scheduling needs an order of prerequisites: the greedy planner declines.
    assert greedy_plan(instance).status == SolveStatus.UNKNOWN


def test_cycle_of_positive_length_is_rejected() -> None:
    # 1 -> 2 [1] and 2 -> 1 [0]: start_2 >= start_1 + 1 and start_1 >= start_2.
    instance = parse_rcpsp_max(small(back=0), "small.sch")
    with pytest.raises(InstanceRuleError, match=r"dependency cycle J1 -> J2 -> J1$"):
        check_graph(instance)


def test_positive_cycle_through_a_negative_lag_says_by_how_much() -> None:
    text = small().replace("3\t[1]\t[3]", "3\t[4]\t[3]")  # 1 -> 2 [4], 2 -> 1 [-1]
    instance = parse_rcpsp_max(text, "small.sch")
    with pytest.raises(InstanceRuleError, match=r"J1 -> J2 -> J1: .*add up to 3 > 0"):
        check_graph(instance)


def test_solved_to_the_hand_derived_optimum() -> None:
    # start_2 = start_1 + 1, both run on 2 units: 1 in [0, 3), 2 in [1, 3): makespan 3.
    instance = parse_rcpsp_max(small(cap=2), "small.sch")
    result = solve(instance, time_limit=10, objective=Objective.MAKESPAN)
    assert result.status == SolveStatus.OPTIMAL
    assert result.objective == 3
    assert result.plan is not None
    assert check_plan(instance, result.plan) == []


def test_infeasible_through_resources_and_maximum_lag_is_proven() -> None:
    # With one unit, 2 cannot overlap 1, yet must start exactly 1 period after it.
    instance = parse_rcpsp_max(small(cap=1), "small.sch")
    check_graph(instance)
    result = solve(instance, time_limit=10, objective=Objective.MAKESPAN)
    assert result.status == SolveStatus.INFEASIBLE


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("2\t1\t0\t0\n", "2\t1\t3\t0\n", 1, "only renewable resources"),
        ("2\t1\t0\t0\n", "x\t1\t0\t0\n", 1, "expected integers"),
        ("[1]\t[3]", "1\t[3]", 3, "expected a lag in brackets"),
        ("[1]\t[3]", "[1]", 3, "expected 2 successors and 2 lags"),
        ("[1]\t[3]", "[1]\t[x]", 3, "expected integers in a lag"),
        ("1\t1\t2\t2\t3", "1\t2\t2\t2\t3", 3, "2 modes"),
        ("3\t1\t0\n0", "4\t1\t0\n0", 5, "for job 3"),
        ("2\t1\t2\t1\n", "2\t1\t2\n", 8, "0 demands for 1 resources"),
        ("2\t1\t2\t1\n", "2\t1\t2\t200\n", 8, "demand 200"),
        ("2\t1\t2\t1\t3", "2\t1\t2\t1\t7", 4, "unknown successor 7"),
    ],
)
def test_malformed_file_names_file_and_line(old: str, new: str, line: int, message: str) -> None:
    text = small()
    assert text.count(old) == 1, old
    with pytest.raises(InputError) as error:
        parse_rcpsp_max(text.replace(old, new), "bad.sch")
    assert str(error.value).startswith(f"bad.sch: line {line}: ")
    assert message in str(error.value)


def test_file_that_ends_early_or_runs_on() -> None:
    with pytest.raises(InputError, match=r"^bad\.sch: line 9: the file ends early"):
        parse_rcpsp_max(small().rsplit("\n", 2)[0], "bad.sch")
    with pytest.raises(InputError, match=r"^bad\.sch: line 11: unexpected line"):
        parse_rcpsp_max(small() + "1 2 3\n", "bad.sch")
    with pytest.raises(InputError, match=r"^bad\.sch: line 1: the file is empty"):
        parse_rcpsp_max("\n", "bad.sch")


def _known() -> dict[str, str]:
    with (SHARED / "rcpsp_max" / "known_values.csv").open(encoding="utf-8") as stream:
        return {row["instance"]: row["known_value"] for row in csv.DictReader(stream)}


# Feasible ones with proven optima and infeasible ones (all solved in well under a second).
SAMPLE = ["j10/PSP1.SCH", "j10/PSP2.SCH", "ubo10/psp1.sch", "ubo10/psp2.sch"]


@needs_shared
@pytest.mark.parametrize("name", SAMPLE)
@pytest.mark.parametrize("formulation", list(Formulation))
def test_shared_instance_reaches_its_known_value(name: str, formulation: Formulation) -> None:
    instance = read_rcpsp_max(SHARED / "rcpsp_max" / name, name)
    result = solve_makespan(instance, formulation)
    known = _known()[name]
    if known == "infeasible":
        assert result.status == SolveStatus.INFEASIBLE
    else:
        assert result.status == SolveStatus.OPTIMAL
        assert result.objective == int(known)
        assert result.plan is not None
        assert check_plan(instance, result.plan) == []


def test_a_benchmark_run_records_an_unreadable_file_and_goes_on(tmp_path: Path) -> None:
    # Two files: a broken one first, then a valid one. The run reads on past the first
    # (a row saying why) and still solves and summarises the second.
    from benchmarks.harness import run_set

    broken, valid = tmp_path / "a.sch", tmp_path / "b.sch"
    broken.write_text("not an RCPSP/max file\n", encoding="utf-8")
    valid.write_text(TEMPLATE.format(back=-1, cap=2), encoding="utf-8")
    rows = run_set(
        "set",
        [(broken, "a"), (valid, "b")],
        read_rcpsp_max,
        {},
        time_limit=5,
        workers=1,
        peer=False,
        out=tmp_path / "out",
        command="test",
    )
    assert [row.status for row in rows] == ["unreadable", "optimal"]
    assert rows[0].note.startswith(str(broken))
    assert (tmp_path / "out" / "set.md").exists()
