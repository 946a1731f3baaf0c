"""Domain model: the master plan as frozen, validated data.

Everything here is plain data checked once at the boundary. Units: money in **thousand
NOK** (integers), time in **months**. A calendar month is stored as an absolute month
number (``year * 12 + month - 1``) and written as ``"YYYY-MM"`` in files, so that time is
an integer everywhere after loading and readable wherever people see it.

This module imports nothing from the solver, I/O, plots or the CLI.
"""

from __future__ import annotations

import re
import reprlib
from enum import StrEnum
from functools import cached_property
from graphlib import CycleError, TopologicalSorter
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    model_validator,
)

_MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
_BRIEF = reprlib.Repr()
_BRIEF.maxstring = _BRIEF.maxother = 40
_BRIEF.maxlist = _BRIEF.maxdict = _BRIEF.maxtuple = 4
_BRIEF.maxlevel = 2


FIRST_YEAR, LAST_YEAR = 1900, 2399
"""Calendar months must lie in these years (a typo such as "0025-07" is refused)."""

MAX_HORIZON_MONTHS = 360
"""The longest horizon an instance file may have: 30 years from ``first_month`` to
``horizon_end`` (the savings model has a variable per measure and month; a horizon of
centuries would exhaust memory). Instances built in Python, such as the RCPSP benchmark
readers' (periods as months, up to a few thousand, solved by the interval formulation), are
bounded by the calendar years only."""

MAX_AMOUNT = 10**9
"""The largest amount accepted, in thousand NOK (1 000 billion NOK); the exact objective
multiplies amounts by percentages and months, which must stay within 64-bit integers."""


def parse_month(value: Any, from_file: bool = False) -> int:
    """``"2025-07"`` -> absolute month number. Integers (absolute month numbers) pass from
    Python code only: files must write months as text."""
    if isinstance(value, int) and not isinstance(value, bool) and not from_file:
        if FIRST_YEAR * 12 <= value < (LAST_YEAR + 1) * 12:
            return value
        raise ValueError(f"month number {value} is outside the years {FIRST_YEAR}-{LAST_YEAR}")
    if isinstance(value, str):
        match = _MONTH_PATTERN.match(value.strip())
        if match and 1 <= int(match.group(2)) <= 12:
            year = int(match.group(1))
            if not FIRST_YEAR <= year <= LAST_YEAR:
                raise ValueError(f"month {value!r} is outside the years {FIRST_YEAR}-{LAST_YEAR}")
            return year * 12 + int(match.group(2)) - 1
    raise ValueError(f"expected a month as 'YYYY-MM', got {_brief(value)}")


def _validated_month(value: Any, info: ValidationInfo) -> int:
    """:func:`parse_month` for the models: data read from a file (validation context
    ``from_file``) must write months as text."""
    return parse_month(value, from_file=bool((info.context or {}).get("from_file")))


def _brief(value: Any) -> str:
    """A short, one-line repr of user input for messages."""
    return _BRIEF.repr(value)


def format_month(month: int) -> str:
    """Absolute month number -> ``"YYYY-MM"``."""
    return f"{month // 12:04d}-{month % 12 + 1:02d}"


def month_of(year: int, month: int = 1) -> int:
    """Absolute month number of ``month`` (1-12) in ``year``."""
    return year * 12 + month - 1


Month = Annotated[
    int,
    BeforeValidator(_validated_month),
    PlainSerializer(format_month, return_type=str),
    Field(json_schema_extra={"type": "string", "pattern": _MONTH_PATTERN.pattern}),
]
"""A calendar month: ``"YYYY-MM"`` in files, an absolute month number in memory."""

Amount = Annotated[
    int, Field(strict=True, ge=-MAX_AMOUNT, le=MAX_AMOUNT, description="Thousand NOK.")
]
Effort = Annotated[int, Field(ge=0, le=1000, description="Effort units a month.")]
Identifier = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_.\-]+$")]
Months = Annotated[int, Field(ge=0, le=120, description="A number of months.")]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Colour(StrEnum):
    """Mobilisation coefficient (mobiliseringskoeffisient), l.238-250 of the source."""

    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"


class DependencyKind(StrEnum):
    FINISH_TO_START = "FS"
    START_TO_START = "SS"


class Status(StrEnum):
    PLANNED = "planned"
    STARTED = "started"


class ComponentKind(StrEnum):
    """How a part of a measure's amounts behaves when the measure moves (docs/savings.md).

    The part not named by a component is the run rate: it moves with the measure.
    """

    ONE_OFF = "one_off"  # bound to its year: booked if the effect comes by ``until``, else lost
    CALENDAR = "calendar"  # tied to the calendar: stays in its year, booked from the effect on
    INVESTMENT = "investment"  # a cost that moves with the measure and is not risk-weighted


RuleField = Literal[
    "planned_effect",
    "earliest_effect",
    "latest_effect",
    "fixed_effect",
    "status",
    "council_decision",
    "budget_decision",
    "union_consultation",
]
"""Fields of a measure that state a timing rule and can name the source line they rest on."""


class ColourClass(_Frozen):
    """Defaults that a colour gives a measure (all assumptions, see ``assumptions``)."""

    realisation_pct: int = Field(
        ge=0, le=100, description="Expected share of the amount that is realised, in percent."
    )
    duration: Months = Field(description="Default months of preparation before the effect.")
    effort: int = Field(
        ge=0, le=100, description="Default load on the owning section per month of preparation."
    )


class CapacityPeriod(_Frozen):
    """A capacity that holds in the months ``first``..``last`` (e.g. while dedicated action
    groups carried the work), before any calendar-month override."""

    first: Month
    last: Month
    capacity: Effort

    @model_validator(mode="after")
    def _ordered(self) -> CapacityPeriod:
        if self.last < self.first:
            raise FieldRuleError("last", "last is before first")
        return self


class Capacity(_Frozen):
    """A unit that carries change work: an owning section or a shared support pool."""

    id: Identifier
    name: str = Field(min_length=1)
    capacity: Effort = Field(description="Effort units available per month.")
    capacity_by_calendar_month: dict[Annotated[int, Field(ge=1, le=12)], Effort] = Field(
        default_factory=dict,
        description="Capacity overrides by calendar month (1-12), e.g. less in July.",
    )
    capacity_by_period: tuple[CapacityPeriod, ...] = Field(
        default=(),
        description="Capacity in given month ranges; the first period holding a month wins "
        "over the calendar-month overrides.",
    )

    def capacity_in(self, month: int) -> int:
        """Capacity in the absolute month ``month``."""
        for period in self.capacity_by_period:
            if period.first <= month <= period.last:
                return period.capacity
        return self.capacity_by_calendar_month.get(month % 12 + 1, self.capacity)


class Calendar(_Frozen):
    first_month: Month = Field(description="First month of the plan's time grid (index 0).")
    plan_start: Month = Field(description="Earliest start of work on a measure not yet started.")
    horizon_end: Month = Field(description="Last month of the plan.")
    last_amount_year: int = Field(
        ge=2000,
        le=2100,
        description="Last year the source gives amounts for; later years repeat its level.",
    )
    first_year_default_effect: Month = Field(
        description="As-planned effect month of a measure with an amount in the first year, "
        "where the source gives no date."
    )
    first_year_start: Month | None = Field(
        default=None,
        description="Earliest start of work on a measure the consultants' timing puts in the "
        "first year, prepared before the plan start (e.g. by action groups); that work loads "
        "no capacity. None: the plan start for every measure.",
    )

    @property
    def first_year(self) -> int:
        return self.first_month // 12

    @property
    def amount_years(self) -> range:
        return range(self.first_year, self.last_amount_year + 1)

    @property
    def years(self) -> range:
        """Calendar years the horizon touches."""
        return range(self.first_year, self.horizon_end // 12 + 1)

    @model_validator(mode="after")
    def _ordered(self, info: ValidationInfo) -> Calendar:
        if not self.first_month <= self.plan_start <= self.horizon_end:
            raise FieldRuleError("plan_start", "need first_month <= plan_start <= horizon_end")
        from_file = bool((info.context or {}).get("from_file"))
        if from_file and self.horizon_end - self.first_month >= MAX_HORIZON_MONTHS:
            raise FieldRuleError(
                "horizon_end",
                f"the horizon may span at most {MAX_HORIZON_MONTHS // 12} years from first_month",
            )
        if self.first_month % 12 != 0:
            raise FieldRuleError(
                "first_month", "first_month must be a January (yearly amounts start there)"
            )
        if self.last_amount_year < self.first_year:
            raise FieldRuleError("last_amount_year", "last_amount_year is before the first year")
        if self.first_year_start is not None and not (
            self.first_month <= self.first_year_start <= self.plan_start
        ):
            raise FieldRuleError(
                "first_year_start", "need first_month <= first_year_start <= plan_start"
            )
        if self.first_year_default_effect // 12 != self.first_year:
            raise FieldRuleError(
                "first_year_default_effect", "first_year_default_effect must lie in the first year"
            )
        return self


class Target(_Frozen):
    year: int = Field(ge=2000, le=2100)
    amount: Amount = Field(ge=0, description="Yearly savings needed, thousand NOK.")
    weight: int = Field(ge=0, le=1000, description="Weight of this year's shortfall.")
    line: int | None = Field(default=None, ge=1, description="Source line.")
    carry_over: bool = Field(
        default=False,
        description="This year's shortfall is added to the next target year's amount "
        "(a deficit must be covered the year after).",
    )


class Council(_Frozen):
    """When the municipal council (kommunestyre) can decide, and what it takes."""

    meetings: tuple[Month, ...] = Field(description="Council meeting months.")
    case_lead_months: Months = Field(
        description="Months of case preparation between start of work and the meeting."
    )
    budget_month: int = Field(
        ge=1, le=12, description="Calendar month of the yearly budget decision (December)."
    )
    union_consultation_months: Months = Field(
        description="Minimum months between start of work and effect when drøfting is needed."
    )


class Assumption(_Frozen):
    """A number the source does not give, named, with its reason."""

    field: str = Field(min_length=1, description="Dotted path of the field it sets.")
    reason: str = Field(min_length=1)
    line: int | None = Field(default=None, ge=1, description="Source line it rests on.")


class Group(_Frozen):
    id: Identifier
    section: Identifier
    name: str = Field(min_length=1)
    line: int = Field(ge=1)


class Dependency(_Frozen):
    """``FS``: this.start >= other.effect + min_lag; ``SS``: this.start >= other.start + min_lag.

    ``max_lag`` bounds the same difference from above. A negative ``min_lag`` is allowed
    (an SS arc with a negative minimum lag is a maximum lag read the other way round, as in
    RCPSP/max); lags are bounded by the horizon's length, checked on the instance.
    """

    measure: Identifier
    kind: DependencyKind = DependencyKind.FINISH_TO_START
    min_lag: int = Field(default=0, description="Months; may be negative.")
    max_lag: int | None = Field(default=None, description="Months; at least min_lag.")
    line: int | None = Field(
        default=None, ge=1, description="Source line of the statement that makes it."
    )

    @model_validator(mode="after")
    def _lags(self) -> Dependency:
        if self.max_lag is not None and self.max_lag < self.min_lag:
            raise FieldRuleError("max_lag", "max_lag is smaller than min_lag")
        return self


class AmountComponent(_Frozen):
    """A part of a measure's yearly amounts that is not run rate, with the line that says so."""

    kind: ComponentKind
    amounts: dict[int, Amount] = Field(
        min_length=1, description="The part of the measure's yearly amounts, thousand NOK."
    )
    until: Month | None = Field(
        default=None,
        description="One-off only: the last effect month that still books it "
        "(default: December of its last year).",
    )
    line: int = Field(ge=1, description="Source line that makes this part what it is.")
    reason: str = Field(min_length=1)

    @model_validator(mode="after")
    def _kind_rules(self) -> AmountComponent:
        if self.until is not None and self.kind != ComponentKind.ONE_OFF:
            raise FieldRuleError("until", "until applies to one_off components only")
        if self.kind == ComponentKind.INVESTMENT and any(a > 0 for a in self.amounts.values()):
            raise FieldRuleError("amounts", "an investment is a cost: its amounts must be <= 0")
        return self

    @property
    def last_effect(self) -> int:
        """One-off: the last effect month that still books it."""
        return self.until if self.until is not None else month_of(max(self.amounts), 12)


class Measure(_Frozen):
    id: Identifier
    name: str = Field(min_length=1, description="Norwegian name as in the source.")
    group: Identifier
    line: int = Field(ge=1, description="Source line of the measure's amounts or row.")
    amounts: dict[int, Amount] = Field(
        default_factory=dict,
        description="Yearly savings as given in the source (negative: investment).",
    )
    in_chapter_sum: bool = Field(default=True, description="False for water and sewage.")
    colour: Colour
    colour_reason: str = Field(min_length=1)
    depends_on: tuple[Dependency, ...] = ()
    council_decision: bool = False
    budget_decision: bool = False
    union_consultation: bool = False
    support: dict[Identifier, Annotated[int, Field(ge=0, le=100)]] = Field(default_factory=dict)
    planned_effect: Month | None = Field(
        default=None, description="The consultants' effect month where the source dates it."
    )
    status: Status = Status.PLANNED
    earliest_effect: Month | None = None
    latest_effect: Month | None = None
    fixed_effect: Month | None = None
    duration: Months | None = Field(default=None, description="Overrides the colour default.")
    effort: int | None = Field(default=None, ge=0, le=100)
    realisation_pct: int | None = Field(
        default=None, ge=0, le=100, description="Overrides the colour's realisation share."
    )
    components: tuple[AmountComponent, ...] = Field(
        default=(),
        description="Parts of the amounts that are one-off, calendar-bound or investment; "
        "the rest is run rate.",
    )
    source_lines: dict[RuleField, Annotated[int, Field(ge=1)]] = Field(
        default_factory=dict,
        description="Source line of each timing rule the measure states (window, status, "
        "decision, drøfting).",
    )
    note: str = ""

    @property
    def priced(self) -> bool:
        return any(self.amounts.values())

    @property
    def run_rate_amounts(self) -> dict[int, int]:
        """The yearly amounts less every component: the part that moves with the measure."""
        rest = dict(self.amounts)
        for component in self.components:
            for year, amount in component.amounts.items():
                rest[year] = rest.get(year, 0) - amount
        return {year: amount for year, amount in rest.items() if amount}

    @property
    def lasting_amounts(self) -> dict[int, int]:
        """The run rate and the calendar-bound parts: what the effect month is read from."""
        lasting = dict(self.run_rate_amounts)
        for component in self.components:
            if component.kind == ComponentKind.CALENDAR:
                for year, amount in component.amounts.items():
                    lasting[year] = lasting.get(year, 0) + amount
        return lasting

    @property
    def counted(self) -> bool:
        """Its savings count toward the targets and the objective (priced, in the chapter
        sums); the others (prerequisites, water and sewage) only need time and capacity."""
        return self.in_chapter_sum and self.priced

    @model_validator(mode="after")
    def _consistent(self) -> Measure:
        if self.council_decision and self.budget_decision:
            raise FieldRuleError(
                "budget_decision",
                "council_decision and budget_decision are exclusive (a budget decision is "
                "the council's December budget meeting)",
            )
        if self.fixed_effect is not None:
            if self.earliest_effect is not None and self.fixed_effect < self.earliest_effect:
                raise FieldRuleError("fixed_effect", "fixed_effect is before earliest_effect")
            if self.latest_effect is not None and self.fixed_effect > self.latest_effect:
                raise FieldRuleError("fixed_effect", "fixed_effect is after latest_effect")
        if (
            self.earliest_effect is not None
            and self.latest_effect is not None
            and self.earliest_effect > self.latest_effect
        ):
            raise FieldRuleError("earliest_effect", "earliest_effect is after latest_effect")
        return self


class Instance(_Frozen):
    """A whole master plan with its assumptions: the only input of every solver."""

    name: str = Field(min_length=1)
    source: str = ""
    calendar: Calendar
    targets: tuple[Target, ...]
    colours: dict[Colour, ColourClass]
    sections: tuple[Capacity, ...] = Field(min_length=1)
    pools: tuple[Capacity, ...] = ()
    council: Council
    assumptions: tuple[Assumption, ...] = ()
    groups: tuple[Group, ...] = Field(min_length=1)
    measures: tuple[Measure, ...] = Field(min_length=1)

    # --- derived views (cheap, no mutation) ---------------------------------------------
    def measure(self, measure_id: str) -> Measure:
        return self._measures_by_id[measure_id]

    def group(self, group_id: str) -> Group:
        return self._groups_by_id[group_id]

    def section_of(self, measure: Measure) -> str:
        return self._groups_by_id[measure.group].section

    def duration_of(self, measure: Measure) -> int:
        return (
            measure.duration
            if measure.duration is not None
            else self.colours[measure.colour].duration
        )

    def realisation_of(self, measure: Measure) -> int:
        """The share of the measure's savings expected to be realised, in percent."""
        if measure.realisation_pct is not None:
            return measure.realisation_pct
        return self.colours[measure.colour].realisation_pct

    def effort_of(self, measure: Measure) -> int:
        return measure.effort if measure.effort is not None else self.colours[measure.colour].effort

    def lead_time_of(self, measure: Measure) -> int:
        """Months from start of work to effect: the longest of the preparation (colour
        default or override), the union consultation period where drøfting is needed, and
        for a council decision the case preparation plus the meeting month (the effect comes
        the month after the meeting), for a budget decision the case preparation plus the
        months from the budget meeting to the January after it."""
        lead = self.duration_of(measure)
        if measure.union_consultation:
            lead = max(lead, self.council.union_consultation_months)
        if measure.council_decision:
            lead = max(lead, self.council.case_lead_months + 1)
        if measure.budget_decision:  # the January effect comes 13 - budget_month months after
            lead = max(lead, self.council.case_lead_months + 13 - self.council.budget_month)
        return lead

    def planned_effect_of(self, measure: Measure) -> int:
        """The consultants' effect month (docs/savings.md): stated in the source; else read
        from the lasting amounts, run rate and calendar-bound (:func:`effect_from_amounts`);
        else, for a measure that is only one-off or investment, January of its first year
        with an amount (``first_year_default_effect`` in the first year); for an unpriced measure,
        the month that fits the measures that need it (:attr:`_unpriced_effects`)."""
        if measure.planned_effect is not None:
            return measure.planned_effect
        if not measure.priced:
            return self._unpriced_effects[measure.id]
        derived = effect_from_amounts(measure.lasting_amounts)
        if derived is not None:
            return derived
        first_year = self.first_amount_year(measure)
        if first_year is None or first_year == self.calendar.first_year:
            return self.calendar.first_year_default_effect
        return month_of(first_year)

    def earliest_start_of(self, measure: Measure) -> int:
        """The earliest start of work on a measure not yet started: the plan start, or
        ``first_year_start`` for a measure the consultants' timing puts in the first year."""
        first_year_start = self.calendar.first_year_start
        if first_year_start is not None and (
            self.planned_effect_of(measure) // 12 == self.calendar.first_year
        ):
            return first_year_start
        return self.calendar.plan_start

    def planned_start_of(self, measure: Measure) -> int:
        """The start of work in the consultants' timing: a lead time before the planned
        effect, or earlier where a decision needs it: the case ready (``case_lead_months``
        after the start) by the last council meeting before the effect, or by the budget
        meeting before a January effect. Fixed and started measures are taken as decided."""
        effect = self.planned_effect_of(measure)
        start = effect - self.lead_time_of(measure)
        if measure.fixed_effect is not None or measure.status == Status.STARTED:
            return start
        council = self.council
        if measure.budget_decision:
            budget_meeting = (effect // 12 - 1) * 12 + council.budget_month - 1
            return min(start, budget_meeting - council.case_lead_months)
        if measure.council_decision:
            before = [meeting for meeting in council.meetings if meeting < effect]
            if before and start + council.case_lead_months > max(before):
                return max(before) - council.case_lead_months
        return start

    @cached_property
    def _unpriced_effects(self) -> dict[str, int]:
        """As-planned effect months of the unpriced rows, which the consultants never dated.

        Backward, successors first: the latest month that lets every measure needing the row
        keep its own planned start (FS: effect <= successor's start - min_lag; SS: start <=
        successor's start - min_lag). Forward, prerequisites first: not before its lead time
        allows after the plan start and after its own prerequisites' planned timing (a
        successor planned earlier than that then breaks its dependency, a rule with a source
        line; ``first_year_start`` counts for a row needed in the first year). A row that
        nothing needs takes the forward month. With dependency cycles
        (maximum lags) only the plan start and lead time count.
        """
        unpriced = [m for m in self.measures if not m.priced and m.planned_effect is None]
        plan_start = self.calendar.plan_start
        order = self._dependency_order()
        if order is None:
            return {m.id: plan_start + self.lead_time_of(m) for m in unpriced}
        effects: dict[str, int] = {}  # the backward fit first, then the final month
        starts: dict[str, int] = {}

        def timing(measure_id: str) -> tuple[int, int]:
            measure = self.measure(measure_id)
            if measure_id in effects:
                return starts[measure_id], effects[measure_id]
            return self.planned_start_of(measure), self.planned_effect_of(measure)

        dependents: dict[str, list[tuple[Measure, Dependency]]] = {}
        for successor in self.measures:
            for dependency in successor.depends_on:
                dependents.setdefault(dependency.measure, []).append((successor, dependency))
        ids = {m.id for m in unpriced}
        for measure_id in reversed(order):
            if measure_id not in ids:
                continue
            lead = self.lead_time_of(self.measure(measure_id))
            fits = [
                timing(successor.id)[0]
                - dependency.min_lag
                + (lead if dependency.kind == DependencyKind.START_TO_START else 0)
                for successor, dependency in dependents.get(measure_id, [])
                # an unpriced row that nothing needs is placed forward, after this one
                if successor.id in effects or successor.id not in ids
            ]
            if fits:
                effects[measure_id] = min(fits)
                starts[measure_id] = effects[measure_id] - lead
        for measure_id in order:
            if measure_id not in ids:
                continue
            measure = self.measure(measure_id)
            lead = self.lead_time_of(measure)
            fit = effects.get(measure_id)
            first_year_start = self.calendar.first_year_start
            needed_in_first_year = fit is not None and fit // 12 <= self.calendar.first_year
            if first_year_start is not None and needed_in_first_year:
                earliest = first_year_start + lead
            else:
                earliest = plan_start + lead
            for dependency in measure.depends_on:
                before_start, before_effect = timing(dependency.measure)
                anchor = (
                    before_effect
                    if dependency.kind == DependencyKind.FINISH_TO_START
                    else before_start
                )
                earliest = max(earliest, anchor + dependency.min_lag + lead)
            effect = max(effects.get(measure_id, earliest), earliest)
            effects[measure_id] = min(effect, self.calendar.horizon_end)
            starts[measure_id] = effects[measure_id] - lead
        return effects

    def _dependency_order(self) -> list[str] | None:
        """Measure ids with every prerequisite before the measures that need it; None if the
        dependencies have a cycle."""
        graph = {m.id: {d.measure for d in m.depends_on} for m in self.measures}
        try:
            return list(TopologicalSorter(graph).static_order())
        except CycleError:
            return None

    def first_amount_year(self, measure: Measure) -> int | None:
        years = [year for year, amount in sorted(measure.amounts.items()) if amount]
        return years[0] if years else None

    def replaced(self, **fields: Any) -> Instance:
        """A copy with these fields replaced and its derived views rebuilt (pydantic's
        ``model_copy`` would carry over the cached lookups of the original). Not validated
        again: for solver-internal variants (a section alone, measures fixed at a plan's
        months) whose validity follows from this instance's."""
        copy = self.model_copy(update=fields)
        for view in ("_measures_by_id", "_groups_by_id", "_unpriced_effects"):
            copy.__dict__.pop(view, None)
        return copy

    @cached_property
    def _measures_by_id(self) -> dict[str, Measure]:
        return {measure.id: measure for measure in self.measures}

    @cached_property
    def _groups_by_id(self) -> dict[str, Group]:
        return {group.id: group for group in self.groups}

    # --- cross-reference checks -----------------------------------------------------------
    @model_validator(mode="after")
    def _cross_references(self) -> Instance:
        _check_unique("sections", [s.id for s in self.sections])
        _check_unique("pools", [p.id for p in self.pools])
        for index, pool in enumerate(self.pools):
            if pool.id in {s.id for s in self.sections}:
                raise _located("pools", index, "id", f"{pool.id!r} is also a section id")
        _check_unique("groups", [g.id for g in self.groups])
        _check_unique("measures", [m.id for m in self.measures])
        _check_unique("targets", [str(t.year) for t in self.targets])
        for index, target in enumerate(self.targets):
            # A year the horizon cuts would be measured on part of its months only.
            if not (
                self.calendar.first_month <= month_of(target.year)
                and month_of(target.year, 12) <= self.calendar.horizon_end
            ):
                raise _located(
                    "targets", index, "year", f"{target.year} is not wholly inside the horizon"
                )
        missing_colours = set(Colour) - set(self.colours)
        if missing_colours:
            names = ", ".join(sorted(colour.value for colour in missing_colours))
            raise _located("", None, "colours", f"missing colour classes: {names}")
        section_ids = {s.id for s in self.sections}
        pool_ids = {p.id for p in self.pools}
        for index, group in enumerate(self.groups):
            if group.section not in section_ids:
                raise _located("groups", index, "section", f"unknown section {group.section!r}")
        group_ids = {g.id for g in self.groups}
        measure_ids = {m.id for m in self.measures}
        calendar = self.calendar
        for index, measure in enumerate(self.measures):
            self._check_measure(index, measure, group_ids, pool_ids, measure_ids, calendar)
        for index, meeting in enumerate(self.council.meetings):
            if not calendar.first_month <= meeting <= calendar.horizon_end:
                raise _located(
                    "council",
                    None,
                    f"meetings.{index}",
                    f"meeting {format_month(meeting)} is outside the horizon",
                )
        return self

    def _check_measure(
        self,
        index: int,
        measure: Measure,
        group_ids: set[str],
        pool_ids: set[str],
        measure_ids: set[str],
        calendar: Calendar,
    ) -> None:
        def fail(field: str, message: str) -> ValueError:
            return _located("measures", index, field, message)

        if measure.group not in group_ids:
            raise fail("group", f"unknown group {measure.group!r}")
        for year in measure.amounts:
            if year not in calendar.amount_years:
                raise fail(
                    f"amounts.{year}",
                    f"year outside {calendar.first_year}-{calendar.last_amount_year}",
                )
        for pool in measure.support:
            if pool not in pool_ids:
                raise fail("support", f"unknown support pool {pool!r}")
        horizon_length = calendar.horizon_end - calendar.first_month
        for position, dependency in enumerate(measure.depends_on):
            if dependency.measure not in measure_ids:
                raise fail("depends_on", f"unknown measure {dependency.measure!r}")
            if dependency.measure == measure.id:
                raise fail("depends_on", "a measure cannot depend on itself")
            # A maximum lag longer than the horizon only makes itself redundant.
            if abs(dependency.min_lag) > horizon_length:
                raise fail(
                    f"depends_on.{position}.min_lag",
                    f"lag {dependency.min_lag} is longer than the horizon "
                    f"({horizon_length} months)",
                )
        for field in ("planned_effect", "earliest_effect", "latest_effect", "fixed_effect"):
            month = getattr(measure, field)
            if month is not None and not calendar.first_month <= month <= calendar.horizon_end:
                raise fail(
                    field,
                    f"{format_month(month)} is outside the horizon "
                    f"{format_month(calendar.first_month)}..{format_month(calendar.horizon_end)}",
                )
        if measure.status == Status.STARTED and measure.fixed_effect is None:
            effect = self.planned_effect_of(measure)
            if not calendar.first_month <= effect <= calendar.horizon_end:
                raise fail(
                    "status",
                    f"a started measure keeps its planned effect {format_month(effect)}, "
                    "which is outside the horizon",
                )
        self._check_components(measure, fail)
        first_year = self.first_amount_year(measure)
        positive = [year for year, amount in measure.amounts.items() if amount > 0]
        last_year = min(positive, default=first_year)
        if (
            measure.planned_effect is not None
            and first_year is not None
            and last_year is not None
            and not first_year <= measure.planned_effect // 12 <= last_year
        ):
            years = f"{first_year}" if first_year == last_year else f"{first_year}-{last_year}"
            raise fail(
                "planned_effect",
                f"{format_month(measure.planned_effect)} is not in {years}, "
                "the first year with an amount",
            )

    def _check_components(self, measure: Measure, fail: Any) -> None:
        """Components are parts of the source's amounts: each year's parts have the sign of
        that year's amount and add up to no more than it; a one-off can still be booked by
        the consultants' timing."""
        for position, component in enumerate(measure.components):
            for year, amount in component.amounts.items():
                total = measure.amounts.get(year, 0)
                if amount * total < 0 or abs(amount) > abs(total):
                    raise fail(
                        f"components.{position}.amounts.{year}",
                        f"{amount} is not a part of the year's amount {total}",
                    )
        for year, total in measure.amounts.items():
            parts = sum(c.amounts.get(year, 0) for c in measure.components)
            if abs(parts) > abs(total):
                raise fail(
                    "components",
                    f"the components of {year} add up to {parts}, more than the amount {total}",
                )
        for position, component in enumerate(measure.components):
            if (
                component.kind == ComponentKind.ONE_OFF
                and component.last_effect < self.planned_effect_of(measure)
            ):
                raise fail(
                    f"components.{position}.until",
                    f"{format_month(component.last_effect)} is before the planned effect "
                    f"{format_month(self.planned_effect_of(measure))}",
                )


def effect_from_amounts(amounts: dict[int, int]) -> int | None:
    """The effect month a run rate's yearly amounts imply (docs/savings.md): in the first
    year y with a positive amount a, against the next year's amount b > a, the measure runs
    round(12 a / b) months (half up, at least 1), so it takes effect that many months before
    the end of y. A first year at or above the next (a full year, or a level that falls)
    takes effect in January of y. None without a positive amount."""
    years = sorted(year for year, amount in amounts.items() if amount > 0)
    if not years:
        return None
    year = years[0]
    first, following = amounts[year], amounts.get(year + 1, 0)
    if following <= first:
        return month_of(year)
    months = max(1, (24 * first + following) // (2 * following))
    return month_of(year, 13 - months)


class FieldRuleError(ValueError):
    """A rule broken by one field of a model, raised by its model validator."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


class InstanceRuleError(ValueError):
    """A cross-reference rule broken at a known location (collection, index, field).

    ``collection`` is ``""`` for a field of the instance itself.
    """

    def __init__(self, collection: str, index: int | None, field: str, message: str):
        super().__init__(message)
        self.collection = collection
        self.index = index
        self.field = field
        self.message = message


def _located(collection: str, index: int | None, field: str, message: str) -> ValueError:
    return InstanceRuleError(collection, index, field, message)


def _check_unique(collection: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for index, identifier in enumerate(ids):
        if identifier in seen:
            raise _located(collection, index, "id", f"duplicate id {identifier!r}")
        seen.add(identifier)


__all__ = [
    "Amount",
    "AmountComponent",
    "Assumption",
    "Calendar",
    "Capacity",
    "CapacityPeriod",
    "Colour",
    "ColourClass",
    "ComponentKind",
    "Council",
    "Dependency",
    "DependencyKind",
    "FieldRuleError",
    "Group",
    "Instance",
    "InstanceRuleError",
    "Measure",
    "Month",
    "RuleField",
    "Status",
    "Target",
    "effect_from_amounts",
    "format_month",
    "month_of",
    "parse_month",
]
