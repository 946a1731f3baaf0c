"""The consultants' own timing as a plan: what `scheduler baseline` and `scheduler evaluate`
without a plan read, and what the optimised plan is compared with."""

from __future__ import annotations

from scheduler.data import Instance, Measure, Status
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
