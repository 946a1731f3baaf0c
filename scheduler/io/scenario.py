"""Reading scenario files, and any file that stands for an instance.

A scenario file is YAML with a ``base`` (the instance file it changes, relative to the
scenario file) and the changes of :class:`scheduler.scenario.Scenario`. Wherever the
command line takes an instance it takes a scenario too (:func:`load_problem`). Errors are
one line naming the scenario file and the field, as for instance files: a field of the
wrong kind or out of range, a change that names what the base does not have (a measure,
a section, a target year, a month outside the horizon), or an instance the changes make
invalid.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from scheduler.data import Instance
from scheduler.io.instance import (
    InputError,
    describe_validation_error,
    instance_from_dict,
    load_instance,
    read_yaml,
)
from scheduler.scenario import Scenario, ScenarioError, apply


def load_problem(path: str | Path) -> Instance:
    """An instance file (YAML or .xlsx) or a scenario file, as a validated instance."""
    from scheduler.io.excel import read_instance_workbook

    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        return read_instance_workbook(path)
    raw = read_yaml(path)
    if isinstance(raw, dict) and "base" in raw:
        return scenario_instance(raw, path)
    return instance_from_dict(raw, str(path))


def scenario_instance(raw: dict[str, Any], path: Path) -> Instance:
    """The base of the scenario ``raw`` (read from ``path``) with its changes applied."""
    origin = str(path)
    scenario = validated_scenario(raw, f"{origin}: scenario")
    # The base is an instance (file or workbook), never another scenario: one level keeps
    # all of a scenario's changes in one file to read.
    base_path = (path.parent / scenario.base).resolve()
    if base_path.suffix.lower() == ".xlsx":
        from scheduler.io.excel import read_instance_workbook

        base = read_instance_workbook(base_path)
    else:
        base_raw = read_yaml(base_path)
        if isinstance(base_raw, dict) and "base" in base_raw:
            raise InputError(
                f"{origin}: scenario: field 'base': {scenario.base} is itself a scenario; "
                "give the instance file it changes"
            )
        base = load_instance(base_path)
    return changed_instance(
        base, scenario, f"{origin}: scenario", f"{origin} (scenario on {scenario.base})"
    )


def validated_scenario(raw: Any, origin: str) -> Scenario:
    """``raw`` as a scenario; an :class:`InputError` '<origin>: field '...': ...' if not."""
    try:
        return Scenario.model_validate(raw, context={"from_file": True})
    except ValidationError as error:
        location, message = describe_validation_error(error)
        field = ".".join(str(part) for part in location) or "(whole file)"
        raise InputError(f"{origin}: field '{field}': {message}") from None


def changed_instance(
    base: Instance, scenario: Scenario, origin: str, instance_origin: str | None = None
) -> Instance:
    """``base`` with the scenario's changes (its ``base`` field is not read), validated as
    an instance; errors name ``origin`` and the scenario's field, or ``instance_origin``
    (default ``origin``) and the instance's field."""
    try:
        changed = apply(base, scenario)
    except ScenarioError as error:
        raise InputError(f"{origin}: field '{error.field}': {error.message}") from None
    return instance_from_dict(changed, instance_origin or origin)
