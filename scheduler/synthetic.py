"""Seeded synthetic savings instances, for scale benchmarks and property tests.

A generated instance looks like a master plan of a larger municipality: ``measures``
spread over ``sections`` (each with a few groups), shared support ``pools``, a horizon of
``months`` from a January, a colour mix, yearly savings that start in some year and stay,
a share of measures that need a council (or budget) decision, and prerequisites.

How validity is kept (the result always passes the instance and graph checks):

- **Acyclic, shallow dependencies.** Each measure gets a level 0, 1 or 2 and depends only
  on measures of a lower level (mostly in its own section), so a chain holds at most three
  measures; ``dependency_density`` is the expected number of prerequisites of a measure of
  level 1 or 2. With leads of at most 6 months plus a council cycle, every chain fits a
  horizon of 36 months or more. There are no maximum lags, so a plan always exists when
  capacities allow (the greedy planner, which cannot go back, then finds one).
- **Capacities from the load.** A section's capacity is its measures' total effort-months
  divided by ``utilisation`` of the horizon (and never below its largest single effort);
  pools likewise. Lower ``utilisation`` means tighter capacities.
- **Savings at an even rate.** A measure saves the same amount each year from its first
  amount year on; one that starts in the first calendar year takes effect at the default
  effect month, so that year's amount is the share of its months. (An earlier version of
  this generator put a whole year's amount into the first year's six months, a double
  rate that the moving stream carried into later years: delaying such a measure could
  raise a later year's savings, and the 2 000-measure benchmark's best plans did so,
  docs/benchmarks.md.)
- **Targets** ask for ``target_share`` of the risk-weighted savings each year would have
  if every measure took effect in the first month its window and gate allow (capacity
  and prerequisites ignored): no year asks more than the measures can save, and the
  first years are out of reach once capacity counts, so the shortfall level has work to
  do. (In the earlier version they asked for a share of the unweighted amounts, more than
  the risk-weighted savings can ever give: a shortfall no plan could avoid.)

Same spec and seed, same instance: only :class:`random.Random` seeded with ``seed`` is used.
"""

from __future__ import annotations

import math
import random

from pydantic import BaseModel, ConfigDict, Field, model_validator

from scheduler.data import (
    Calendar,
    Capacity,
    Colour,
    ColourClass,
    Council,
    Dependency,
    DependencyKind,
    Group,
    Instance,
    Measure,
    Target,
    month_of,
)
from scheduler.evaluate import risk_weighted_by_year
from scheduler.graph import check_graph
from scheduler.rules import allowed_effects

_COLOUR_CLASSES = {
    Colour.RED: ColourClass(realisation_pct=50, duration=6, effort=2),
    Colour.YELLOW: ColourClass(realisation_pct=80, duration=3, effort=1),
    Colour.GREEN: ColourClass(realisation_pct=100, duration=1, effort=1),
}
_MEETING_MONTHS = (2, 3, 4, 5, 6, 9, 10, 11, 12, 1, 8, 7)  # calendar months, in order of use
_LEVEL_SHARES = (0.6, 0.3, 0.1)  # measures on dependency levels 0, 1, 2


class SyntheticSpec(BaseModel):
    """What to generate. Shares are fractions in [0, 1]."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    measures: int = Field(default=200, ge=1, le=20_000)
    sections: int = Field(default=5, ge=1, le=200)
    pools: int = Field(default=3, ge=0, le=50)
    months: int = Field(default=48, ge=36, le=240, description="Plan start to horizon end.")
    first_year: int = Field(default=2025, ge=2000, le=2080)
    colour_mix: tuple[float, float, float] = Field(
        default=(0.2, 0.5, 0.3), description="Shares of red, yellow and green measures."
    )
    dependency_density: float = Field(default=0.5, ge=0, le=5)
    political_share: float = Field(default=0.2, ge=0, le=1)
    meetings_per_year: int = Field(default=8, ge=1, le=12)
    support_share: float = Field(default=0.3, ge=0, le=1)
    unpriced_share: float = Field(default=0.1, ge=0, le=1)
    utilisation: float = Field(default=0.5, gt=0, le=1)
    target_share: float = Field(default=0.9, ge=0, le=1)
    seed: int = 0

    @model_validator(mode="after")
    def _mix(self) -> SyntheticSpec:
        if any(share < 0 for share in self.colour_mix) or sum(self.colour_mix) <= 0:
            raise ValueError("colour_mix needs non-negative shares with a positive sum")
        if self.first_year + math.ceil(self.months / 12) > 2100:
            raise ValueError("the horizon must end by 2100")
        return self


def generate(spec: SyntheticSpec) -> Instance:
    """A valid instance drawn from ``spec`` (deterministic in ``spec.seed``)."""
    rng = random.Random(spec.seed)
    first_month = month_of(spec.first_year)
    horizon_end = first_month + spec.months - 1
    last_year = horizon_end // 12
    calendar = Calendar(
        first_month=first_month,
        plan_start=first_month,
        horizon_end=horizon_end,
        last_amount_year=last_year,
        first_year_default_effect=first_month + 6,
    )
    section_ids = [f"S{index + 1:02d}" for index in range(spec.sections)]
    pool_ids = [f"P{index + 1}" for index in range(spec.pools)]
    groups_per_section = max(1, min(5, spec.measures // (10 * spec.sections)))
    groups = [
        Group(id=f"{section}-{number}", section=section, name=f"Tiltaksgruppe {number}", line=1)
        for section in section_ids
        for number in range(1, groups_per_section + 1)
    ]
    colours = rng.choices(list(Colour), weights=spec.colour_mix, k=spec.measures)
    levels = rng.choices(range(len(_LEVEL_SHARES)), weights=_LEVEL_SHARES, k=spec.measures)

    measures: list[Measure] = []
    by_level: dict[tuple[str, int], list[str]] = {}
    counters: dict[str, int] = {}
    for index in range(spec.measures):
        group = groups[rng.randrange(len(groups))]
        counters[group.id] = counters.get(group.id, 0) + 1
        measure_id = f"{group.id}.{counters[group.id]}"
        colour, level = colours[index], levels[index]
        priced = rng.random() >= spec.unpriced_share
        first_amount_year = rng.randint(spec.first_year, max(spec.first_year, last_year - 1))
        yearly = rng.randint(5, 40) * 50 if priced else 0
        political = rng.random() < spec.political_share
        prerequisites = _prerequisites(rng, spec, group.section, level, by_level)
        council = political and rng.random() < 0.8
        budget = political and rng.random() >= 0.8  # the budget meeting decides where both
        measures.append(
            Measure(
                id=measure_id,
                name=f"Tiltak {measure_id}",
                group=group.id,
                line=index + 2,
                amounts=_amounts(calendar, yearly, first_amount_year),
                colour=colour,
                colour_reason="synthetic",
                depends_on=prerequisites,
                council_decision=council and not budget,
                budget_decision=budget,
                union_consultation=rng.random() < 0.1,
                support={
                    pool: 1 for pool in pool_ids if rng.random() < spec.support_share / spec.pools
                },
            )
        )
        by_level.setdefault((group.section, level), []).append(measure_id)

    instance = Instance(
        name=f"synthetic-{spec.measures}x{spec.sections}x{spec.months}-seed{spec.seed}",
        source=f"scheduler.synthetic {spec.model_dump_json()}",
        calendar=calendar,
        targets=(),
        colours=_COLOUR_CLASSES,
        sections=tuple(Capacity(id=s, name=f"Seksjon {s}", capacity=0) for s in section_ids),
        pools=tuple(Capacity(id=p, name=f"Støtte {p}", capacity=0) for p in pool_ids),
        council=Council(
            meetings=_meetings(spec, first_month, horizon_end),
            case_lead_months=2,
            budget_month=12,
            union_consultation_months=3,
        ),
        groups=tuple(groups),
        measures=tuple(measures),
    )
    instance = instance.model_copy(
        update={
            "sections": _sized(instance, instance.sections, spec.utilisation),
            "pools": _sized(instance, instance.pools, spec.utilisation),
            "targets": _targets(instance, spec.target_share),
        }
    )
    instance = Instance.model_validate(instance.model_dump())  # re-run every check
    check_graph(instance)
    return instance


def _amounts(calendar: Calendar, yearly: int, first_year: int) -> dict[int, int]:
    """``yearly`` in every year from ``first_year``, but the share of its months in the
    first calendar year, where the measure takes effect at the default effect month."""
    if not yearly:
        return {}
    first_months = 12 - calendar.first_year_default_effect % 12
    return {
        year: yearly * first_months // 12 if year == calendar.first_year else yearly
        for year in range(first_year, calendar.last_amount_year + 1)
    }


def _prerequisites(
    rng: random.Random,
    spec: SyntheticSpec,
    section: str,
    level: int,
    by_level: dict[tuple[str, int], list[str]],
) -> tuple[Dependency, ...]:
    """Prerequisites from lower levels: mostly the own section, sometimes any section."""
    if level == 0:
        return ()
    count = _poisson(rng, spec.dependency_density)
    chosen: dict[str, Dependency] = {}
    for _ in range(count):
        lower = rng.randrange(level)
        if rng.random() < 0.9:
            candidates = by_level.get((section, lower), [])
        else:
            candidates = [m for (_, lvl), ids in by_level.items() if lvl == lower for m in ids]
        if not candidates:
            continue
        predecessor = candidates[rng.randrange(len(candidates))]
        if rng.random() < 0.8:
            chosen[predecessor] = Dependency(measure=predecessor)
        else:
            chosen[predecessor] = Dependency(
                measure=predecessor,
                kind=DependencyKind.START_TO_START,
                min_lag=rng.randint(0, 2),
            )
    return tuple(chosen.values())


def _poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method; the means here are small."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _meetings(spec: SyntheticSpec, first_month: int, horizon_end: int) -> tuple[int, ...]:
    months = sorted(_MEETING_MONTHS[: spec.meetings_per_year])
    return tuple(
        month_of(year, month)
        for year in range(first_month // 12, horizon_end // 12 + 1)
        for month in months
        if first_month <= month_of(year, month) <= horizon_end
    )


def _sized(
    instance: Instance, units: tuple[Capacity, ...], utilisation: float
) -> tuple[Capacity, ...]:
    """Capacity = total effort-months / (utilisation x plan months), at least the largest
    single load, so that a plan exists that uses ``utilisation`` of each unit on average."""
    months = instance.calendar.horizon_end - instance.calendar.plan_start + 1
    work = dict.fromkeys((unit.id for unit in units), 0)
    peak = dict.fromkeys((unit.id for unit in units), 1)
    for measure in instance.measures:
        loads = {instance.section_of(measure): instance.effort_of(measure), **measure.support}
        for unit_id, load in loads.items():
            if unit_id in work:
                work[unit_id] += load * instance.duration_of(measure)
                peak[unit_id] = max(peak[unit_id], load)
    return tuple(
        unit.model_copy(
            update={
                "capacity": min(
                    1000, max(peak[unit.id], math.ceil(work[unit.id] / (utilisation * months)))
                )
            }
        )
        for unit in units
    )


def _targets(instance: Instance, share: float) -> tuple[Target, ...]:
    """Each year asks for ``share`` of the risk-weighted savings it would have with every
    measure at the first month its window and gate allow (the most it can save: savings
    run at an even rate, so earlier is never worse)."""
    earliest = {measure.id: allowed_effects(instance, measure)[0] for measure in instance.measures}
    weighted = risk_weighted_by_year(instance, earliest)
    years = instance.calendar.amount_years
    return tuple(
        Target(year=year, amount=round(share * weighted[year] / 100), weight=len(years) - position)
        for position, year in enumerate(years)
    )
