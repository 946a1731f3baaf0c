"""Scenarios: a base instance with named changes to its assumptions ("what if").

A scenario changes only what a project group asks about: capacities of sections and pools
over month ranges, realisation shares by colour or per measure, preparation time and
effort, the plan start, the council's calendar (a delay of every meeting, other meetings,
the case lead time), the targets, and single measures (fixed or started at a month, an
earliest effect) or measures left out. Every other number stays the base instance's.

:func:`apply` builds the changed instance and validates it through the same model as an
instance file, so a scenario can never produce an instance that a file could not. The
result is named after the scenario and lists it among its assumptions, so every plan,
report and workbook made from it says which scenario it assumed.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from scheduler.data import (
    Amount,
    Colour,
    Effort,
    FieldRuleError,
    Identifier,
    Instance,
    Month,
    Months,
    format_month,
)

Percent = Annotated[int, Field(ge=0, le=100)]
Change = Annotated[int, Field(ge=-1000, le=1000)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CapacityChange(_Frozen):
    """A section's or pool's capacity in the months ``first``..``last`` (the horizon end
    when ``last`` is left out): set to ``capacity``, or changed by ``add`` (e.g. +2 people,
    -1 on leave) from what the base gives each month."""

    unit: Identifier
    first: Month
    last: Month | None = None
    capacity: Effort | None = None
    add: Change | None = None

    @model_validator(mode="after")
    def _one_change(self) -> CapacityChange:
        if (self.capacity is None) == (self.add is None):
            raise FieldRuleError("capacity", "give exactly one of capacity and add")
        if self.last is not None and self.last < self.first:
            raise FieldRuleError("last", "last is before first")
        return self


class CouncilChange(_Frozen):
    """The council's calendar: other ``meetings``, another case lead time, or every decision
    ``delay_months`` later: each case needs that many more months before it can go to a
    meeting. (Moving every meeting instead would change little: the council meets almost
    every month, so a later calendar still has a meeting soon after each case is ready.)"""

    delay_months: Annotated[int, Field(ge=0, le=24)] = 0
    meetings: tuple[Month, ...] | None = None
    case_lead_months: Months | None = None


class MeasureChange(_Frozen):
    """One measure: its realisation share, preparation and effort, and its timing (an
    earliest effect; a fixed effect month; or started, taking effect at ``started``)."""

    realisation_pct: Percent | None = None
    duration: Months | None = None
    effort: Percent | None = None
    earliest_effect: Month | None = None
    fixed_effect: Month | None = None
    started: Month | None = None

    @model_validator(mode="after")
    def _one_timing(self) -> MeasureChange:
        if self.fixed_effect is not None and self.started is not None:
            raise FieldRuleError("started", "give at most one of fixed_effect and started")
        return self


class Scenario(_Frozen):
    """A named set of changes to a base instance (see the module docstring)."""

    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    base: str = Field(min_length=1, description="The base instance file, relative to this file.")
    plan_start: Month | None = None
    realisation_pct: dict[Colour, Percent] = Field(default_factory=dict)
    duration: dict[Colour, Months] = Field(default_factory=dict)
    effort: dict[Colour, Percent] = Field(default_factory=dict)
    capacity: tuple[CapacityChange, ...] = ()
    council: CouncilChange | None = None
    targets: dict[int, Annotated[Amount, Field(ge=0)]] = Field(default_factory=dict)
    measures: dict[Identifier, MeasureChange] = Field(default_factory=dict)
    leave_out: tuple[Identifier, ...] = ()


class ScenarioError(ValueError):
    """A change that does not fit the base instance: ``field`` is its path in the scenario."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def apply(base: Instance, scenario: Scenario) -> dict[str, Any]:
    """The base instance with the scenario's changes, as plain data for the instance model
    (validate it with :func:`scheduler.io.instance.instance_from_dict`). Raises
    :class:`ScenarioError` for a change that names what the base does not have."""
    calendar = base.calendar
    for field, month in _months(scenario):
        if not calendar.first_month <= month <= calendar.horizon_end:
            raise ScenarioError(
                field,
                f"{format_month(month)} is outside the horizon "
                f"{format_month(calendar.first_month)}..{format_month(calendar.horizon_end)}",
            )
    raw = base.model_dump(mode="json", exclude_defaults=True)
    raw["name"] = f"{base.name} — {scenario.name}"
    raw["assumptions"] = [
        *raw.get("assumptions", []),
        {"field": "scenario", "reason": _summary(scenario)},
    ]
    if scenario.plan_start is not None:
        raw["calendar"]["plan_start"] = format_month(scenario.plan_start)
    for key in ("realisation_pct", "duration", "effort"):
        for colour, value in getattr(scenario, key).items():
            raw["colours"][colour.value][key] = value
    for index, change in enumerate(scenario.capacity):
        _change_capacity(base, raw, change, f"capacity.{index}")
    if scenario.council is not None:
        _change_council(base, raw, scenario.council)
    years = {target["year"]: target for target in raw["targets"]}
    for year, amount in scenario.targets.items():
        if year not in years:
            raise ScenarioError(f"targets.{year}", f"the base has no target for {year}")
        years[year]["amount"] = amount
    measures = {measure["id"]: measure for measure in raw["measures"]}
    for measure_id, measure_change in scenario.measures.items():
        if measure_id not in measures:
            raise ScenarioError(f"measures.{measure_id}", f"the base has no measure {measure_id}")
        _change_measure(measures[measure_id], measure_change)
    _leave_out(base, raw, scenario.leave_out)
    return raw


def _summary(scenario: Scenario) -> str:
    what = scenario.description or "no description"
    return f"Scenario «{scenario.name}»: {what}"


def _months(scenario: Scenario) -> list[tuple[str, int]]:
    """Every month a scenario names, with its field: each must lie within the horizon."""
    months: list[tuple[str, int | None]] = [("plan_start", scenario.plan_start)]
    for index, capacity in enumerate(scenario.capacity):
        months += [(f"capacity.{index}.first", capacity.first)]
        months += [(f"capacity.{index}.last", capacity.last)]
    if scenario.council is not None and scenario.council.meetings is not None:
        months += [(f"council.meetings.{i}", m) for i, m in enumerate(scenario.council.meetings)]
    for measure_id, change in scenario.measures.items():
        for key in ("earliest_effect", "fixed_effect", "started"):
            months.append((f"measures.{measure_id}.{key}", getattr(change, key)))
    return [(field, month) for field, month in months if month is not None]


def _change_capacity(
    base: Instance, raw: dict[str, Any], change: CapacityChange, field: str
) -> None:
    """New capacity periods before the unit's own, so that they win in their months."""
    units = {unit.id: unit for unit in base.sections + base.pools}
    if change.unit not in units:
        raise ScenarioError(f"{field}.unit", f"the base has no section or pool {change.unit}")
    unit = units[change.unit]
    last = change.last if change.last is not None else base.calendar.horizon_end
    if change.capacity is not None:
        periods = [(change.first, last, change.capacity)]
    else:
        periods = []
        for month in range(change.first, last + 1):
            capacity = unit.capacity_in(month) + (change.add or 0)
            if capacity < 0:
                raise ScenarioError(
                    f"{field}.add",
                    f"{change.unit} would have {capacity} units in {format_month(month)}",
                )
            periods.append((month, month, capacity))
    collection = "sections" if unit in base.sections else "pools"
    entry = next(item for item in raw[collection] if item["id"] == unit.id)
    entry["capacity_by_period"] = [
        {"first": format_month(first), "last": format_month(end), "capacity": capacity}
        for first, end, capacity in periods
    ] + entry.get("capacity_by_period", [])


def _change_council(base: Instance, raw: dict[str, Any], change: CouncilChange) -> None:
    if change.meetings is not None:
        raw["council"]["meetings"] = [format_month(m) for m in change.meetings]
    lead = change.case_lead_months
    raw["council"]["case_lead_months"] = (
        base.council.case_lead_months if lead is None else lead
    ) + change.delay_months


def _change_measure(raw: dict[str, Any], change: MeasureChange) -> None:
    for key in ("realisation_pct", "duration", "effort"):
        value = getattr(change, key)
        if value is not None:
            raw[key] = value
    if change.earliest_effect is not None:
        raw["earliest_effect"] = format_month(change.earliest_effect)
    if change.fixed_effect is not None:
        raw["fixed_effect"] = format_month(change.fixed_effect)
    if change.started is not None:
        raw["status"] = "started"
        raw["planned_effect"] = format_month(change.started)


def _leave_out(base: Instance, raw: dict[str, Any], leave_out: tuple[str, ...]) -> None:
    """Drop the measures; one that a measure still in the plan depends on cannot go."""
    known = {measure.id for measure in base.measures}
    gone = set(leave_out)
    for index, measure_id in enumerate(leave_out):
        if measure_id not in known:
            raise ScenarioError(f"leave_out.{index}", f"the base has no measure {measure_id}")
    for measure in base.measures:
        if measure.id in gone:
            continue
        needed = [d.measure for d in measure.depends_on if d.measure in gone]
        if needed:
            raise ScenarioError(
                "leave_out",
                f"{measure.id} depends on {', '.join(needed)}: leave it out too, or keep "
                f"{'them' if len(needed) > 1 else 'it'}",
            )
    raw["measures"] = [measure for measure in raw["measures"] if measure["id"] not in gone]
