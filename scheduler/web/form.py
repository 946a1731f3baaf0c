"""The what-if form as plain data, and the scenario changes it stands for.

The page keeps the form in the browser; :func:`form_changes` turns it into the changes of
a scenario file (only what differs from the base), so that the page, a downloaded
scenario YAML and ``scheduler solve`` of that file all mean the same thing. An uploaded
scenario goes the other way (:func:`split_changes`): what the form can show fills it, the
rest is kept beside it and applied as well.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from scheduler.data import Colour, Instance, format_month


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CapacityRow(_Frozen):
    """More (or fewer) units of a section or pool from ``first`` until ``last`` (the
    horizon's end when None)."""

    add: int = 0
    first: str
    last: str | None = None


class Form(_Frozen):
    """What the page's controls hold; months as 'YYYY-MM'."""

    capacity: dict[str, CapacityRow]
    realisation_pct: dict[Colour, int]
    duration: dict[Colour, int]
    plan_start: str
    delay_months: int = 0
    leave_out: tuple[str, ...] = ()
    locks: dict[str, str] = Field(default_factory=dict)  # measure -> fixed effect month


_NOT_CHANGES = ("name", "description", "base")
"""A scenario's fields that change nothing (the page's base is the instance it shows)."""


def base_form(base: Instance) -> Form:
    """The form of the base itself: no change anywhere."""
    start = format_month(base.calendar.plan_start)
    return Form(
        capacity={unit.id: CapacityRow(first=start) for unit in (*base.sections, *base.pools)},
        realisation_pct={colour: rule.realisation_pct for colour, rule in base.colours.items()},
        duration={colour: rule.duration for colour, rule in base.colours.items()},
        plan_start=start,
    )


def form_changes(base: Instance, form: Form, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The scenario changes of ``form`` against ``base`` (what differs from it), with the
    ``extra`` changes of an uploaded scenario that the form cannot show (the form wins
    where both set a value)."""
    changes: dict[str, Any] = dict(extra or {})
    capacity = list(changes.pop("capacity", []))
    for unit, row in form.capacity.items():
        if row.add:
            change: dict[str, Any] = {"unit": unit, "first": row.first, "add": row.add}
            if row.last is not None:
                change["last"] = row.last
            capacity.append(change)
    if capacity:
        changes["capacity"] = capacity
    for key in ("realisation_pct", "duration"):
        values = dict(changes.pop(key, {}))
        for colour, value in getattr(form, key).items():
            if value != getattr(base.colours[colour], key):
                values[colour.value] = value
        if values:
            changes[key] = values
    if form.plan_start != format_month(base.calendar.plan_start):
        changes["plan_start"] = form.plan_start
    council = dict(changes.pop("council", {}))
    if form.delay_months:
        council["delay_months"] = form.delay_months
    if council:
        changes["council"] = council
    leave_out = [*changes.pop("leave_out", []), *form.leave_out]
    if leave_out:
        changes["leave_out"] = list(dict.fromkeys(leave_out))
    measures = {key: dict(value) for key, value in changes.pop("measures", {}).items()}
    for measure, month in form.locks.items():
        measures.setdefault(measure, {})["fixed_effect"] = month
    if measures:
        changes["measures"] = measures
    return changes


def split_changes(base: Instance, changes: dict[str, Any]) -> tuple[Form, dict[str, Any]]:
    """A validated scenario's changes (``Scenario.model_dump(mode="json")``, months as
    'YYYY-MM') as the form (what its controls can show: one added
    capacity period per unit, colours' realisation and preparation, the plan start, the
    council's delay, measures left out, fixed effect months) and the rest."""
    form = base_form(base).model_dump()
    extra = {key: value for key, value in changes.items() if key not in _NOT_CHANGES}
    shown_capacity: set[str] = set()
    kept_capacity = []
    for change in extra.pop("capacity", []):
        unit = change.get("unit")
        if "add" in change and unit in form["capacity"] and unit not in shown_capacity:
            shown_capacity.add(unit)
            form["capacity"][unit] = {
                "add": change["add"],
                "first": change["first"],
                "last": change.get("last"),
            }
        else:
            kept_capacity.append(change)
    if kept_capacity:
        extra["capacity"] = kept_capacity
    for key in ("realisation_pct", "duration"):
        form[key].update(extra.pop(key, {}))
    if "plan_start" in extra:
        form["plan_start"] = extra.pop("plan_start")
    council = dict(extra.pop("council", {}))
    form["delay_months"] = council.pop("delay_months", 0)
    if council:
        extra["council"] = council
    form["leave_out"] = tuple(extra.pop("leave_out", ()))
    measures = {}
    for measure, change in extra.pop("measures", {}).items():
        rest = dict(change)
        if rest.get("fixed_effect") is not None:
            form["locks"][measure] = rest.pop("fixed_effect")
        if rest:
            measures[measure] = rest
    if measures:
        extra["measures"] = measures
    return Form.model_validate(form), extra
