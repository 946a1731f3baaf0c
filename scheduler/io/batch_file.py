"""Reading a batch file and checking it whole before anything runs.

Errors are one line naming the batch file and the field, exit code 2: a field of the wrong
kind (an empty grid list, a range with step 0, an unknown distribution), a parameter that
names what the base does not have, or a value the scenario model refuses for the base.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from scheduler.batch import MAX_POINTS, BatchError, BatchSpec, check, point_count
from scheduler.data import Instance
from scheduler.io.instance import (
    InputError,
    describe_validation_error,
    instance_from_dict,
    read_yaml,
)
from scheduler.io.scenario import load_problem
from scheduler.scenario import Scenario, apply


@dataclass(frozen=True)
class LoadedBatch:
    spec: BatchSpec
    base_path: Path
    base: Instance
    plan_path: Path | None


def load_batch(path: Path) -> LoadedBatch:
    """The batch at ``path``, its base and plan, every point's parameters checked."""
    origin = str(path)
    raw = read_yaml(path)
    try:
        spec = BatchSpec.model_validate(raw, context={"from_file": True})
    except ValidationError as error:
        location, message = describe_validation_error(error)
        # the tags of a grid's union ("list", "range") are pydantic's, not the file's
        field = ".".join(str(p) for p in location if p not in ("list", "range")) or "(whole file)"
        raise InputError(f"{origin}: batch: field '{field}': {message}") from None
    if point_count(spec) > MAX_POINTS:
        raise InputError(f"{origin}: batch: more than {MAX_POINTS} points")
    base_path = (path.parent / spec.base).resolve()
    base = load_problem(base_path)
    plan_path = (path.parent / spec.plan).resolve() if spec.plan is not None else None
    if plan_path is not None:
        from scheduler.io.plan import read_plan

        plan = read_plan(plan_path)
        if plan.instance != base.name:
            raise InputError(
                f"{origin}: batch: field 'plan': the plan is for {plan.instance!r}, "
                f"not the base {base.name!r}"
            )

    def validate(changes: dict[str, Any]) -> None:
        try:
            scenario = Scenario.model_validate(
                {"name": "check", "base": "(batch)", **changes}, context={"from_file": True}
            )
        except ValidationError as error:  # a value the scenario model refuses
            raise ValueError(describe_validation_error(error)[1]) from None
        try:
            instance_from_dict(apply(base, scenario), "the base")
        except InputError as error:  # a point the instance model refuses
            raise ValueError(str(error)) from None

    try:
        check(spec, base, validate)
    except BatchError as error:
        raise InputError(f"{origin}: batch: field '{error.field}': {error.message}") from None
    return LoadedBatch(spec, base_path, base, plan_path)
