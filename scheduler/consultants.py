"""The consultants' own timing as a plan: what `scheduler baseline` and `scheduler evaluate`
without a plan read, and what the optimised plan is compared with."""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.data import (
    ComponentKind,
    Instance,
    Measure,
    Status,
    effect_from_amounts,
    format_month,
)
from scheduler.greedy import extend_plan
from scheduler.result import Plan, ScheduledMeasure


def as_planned(instance: Instance) -> Plan:
    """Each measure the consultants dated, and each unpriced row a measure needs, at its
    planned effect month (:meth:`Instance.planned_effect_of`), work starting at its planned
    start (:meth:`Instance.planned_start_of`). The unpriced rows that nothing needs, which
    nobody dated, go into the capacity that timing leaves, each at its earliest month (as
    the solver plans its valueless measures); where that finds no month, at their own
    earliest month."""
    needed = {dependency.measure for m in instance.measures for dependency in m.depends_on}
    undated = {m.id for m in instance.measures if _undated(m) and m.id not in needed}
    dated = Plan(
        instance=instance.name,
        measures=tuple(
            _planned(instance, measure)
            for measure in instance.measures
            if measure.id not in undated
        ),
    )
    extended = extend_plan(instance, dated) if undated else dated
    if extended is None:
        return Plan(
            instance=instance.name,
            measures=tuple(_planned(instance, measure) for measure in instance.measures),
        )
    # extend_plan re-derives every start from the lead time: keep the dated measures' own
    by_id = {item.id: item for item in extended.measures}
    by_id.update({item.id: item for item in dated.measures})
    return Plan(
        instance=instance.name,
        measures=tuple(by_id[measure.id] for measure in instance.measures),
    )


def _undated(measure: Measure) -> bool:
    return (
        not measure.priced
        and measure.planned_effect is None
        and measure.fixed_effect is None
        and measure.status == Status.PLANNED
    )


def _planned(instance: Instance, measure: Measure) -> ScheduledMeasure:
    return ScheduledMeasure(
        id=measure.id,
        start=instance.planned_start_of(measure),
        effect=instance.planned_effect_of(measure),
    )


@dataclass(frozen=True)
class PlannedTiming:
    """A priced measure's planned effect month and where it comes from."""

    id: str
    amounts: dict[int, int]
    effect: int
    basis: str
    parts: str  # the components, e.g. "one_off 922 (2025) until 2025-12"


def planned_timings(instance: Instance) -> list[PlannedTiming]:
    """Every priced measure's planned effect month with its basis (docs/savings.md): stated
    in the source (with the line), read from the amounts (how many months of the first
    year), a full first year, or the default for a measure with no lasting amount."""
    return [
        PlannedTiming(
            m.id, dict(m.amounts), instance.planned_effect_of(m), _basis(instance, m), _parts(m)
        )
        for m in instance.measures
        if m.priced
    ]


def _parts(measure: Measure) -> str:
    return "; ".join(
        f"{c.kind.value} "
        + ", ".join(f"{amount} ({year})" for year, amount in sorted(c.amounts.items()))
        + (f" until {format_month(c.last_effect)}" if c.kind == ComponentKind.ONE_OFF else "")
        + f", l.{c.line}"
        for c in measure.components
    )


def _basis(instance: Instance, measure: Measure) -> str:
    if measure.planned_effect is not None:
        line = measure.source_lines.get("planned_effect")
        return "stated in the source" + (f", l.{line}" if line is not None else "")
    lasting = measure.lasting_amounts
    if effect_from_amounts(lasting) is None:
        return "no lasting amount: the default for one-offs and investments"
    first = min(year for year, amount in lasting.items() if amount > 0)
    following = lasting.get(first + 1, 0)
    if following <= lasting[first]:
        return f"a full year {first}: from January"
    months = 12 - instance.planned_effect_of(measure) % 12
    return f"{lasting[first]} of {following}: {months} month(s) of {first}"
