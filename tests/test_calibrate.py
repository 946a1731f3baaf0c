"""Calibration of the project's numbers to the consultants' timing (scheduler/calibrate.py)."""

from typer.testing import CliRunner

from scheduler.calibrate import calibrate
from scheduler.cli import app
from scheduler.consultants import as_planned
from scheduler.data import Instance
from scheduler.validate import Basis, check_plan
from tests.model.builders import build, measure


def test_the_bundled_instance_is_calibrated(ovre_eiker: Instance) -> None:
    _, proposals = calibrate(ovre_eiker)
    assert proposals == []
    result = CliRunner().invoke(app, ["calibrate"])
    assert result.exit_code == 0
    assert "Kalibrert" in result.output


def test_a_prerequisite_gives_way_before_the_measure_that_needs_it() -> None:
    # Plan start 2025-01, 3 months of preparation by default. B (priced) takes effect in
    # 2025-05, so it starts in 2025-02, and needs A (unpriced) in effect by then: A has one
    # month (2025-01), B keeps its three.
    instance = build(
        [
            measure("A", amounts={}, planned_effect=None),
            measure("B", planned_effect="2025-05", depends_on=[{"measure": "A", "line": 7}]),
        ],
        targets=((2025, 0, 1),),
    )
    slow = instance.replaced(
        colours={
            colour: spec.model_copy(update={"duration": 3})
            for colour, spec in instance.colours.items()
        }
    )
    assert check_plan(slow, as_planned(slow))  # A cannot be done before B starts
    calibrated, proposals = calibrate(slow)
    assert [(p.subject, p.field, p.current, p.proposed) for p in proposals] == [
        ("A", "duration", 3, 1)
    ]
    violations = check_plan(calibrated, as_planned(calibrated))
    assert [v for v in violations if v.basis == Basis.ASSUMPTION] == []


def test_capacity_is_raised_to_the_consultants_load() -> None:
    # Two measures prepared in the same month on a section of capacity 1.
    instance = build(
        [measure("A", planned_effect="2025-03"), measure("B", planned_effect="2025-03")],
        capacity=1,
        targets=((2025, 0, 1),),
    )
    calibrated, proposals = calibrate(instance)
    assert [(p.subject, p.field, p.current, p.proposed) for p in proposals] == [
        ("S", "capacity", 1, 2)
    ]
    assert check_plan(calibrated, as_planned(calibrated)) == []
