"""What measures kept outside a model contribute to it: capacity used and savings.

The neighbourhood search of large instances (neighbourhoods.py) re-optimises a slice of
measures while every other measure keeps its month. Those fixed measures need no
variables: they use known capacity in known months and save known amounts, so the model
of a slice holds the slice's measures only and takes the rest as this background. A
model of the slice with its background has the same plans and objective values as the
whole instance with everything outside the slice fixed (tests/model/test_background.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from scheduler.data import Instance, Measure
from scheduler.rules import effect_gaps, preparation_months
from scheduler.savings import SavingsTable


@dataclass(frozen=True)
class Background:
    """Capacity used per (unit id, month) and risk-weighted savings per year (10 NOK)."""

    used: Mapping[tuple[str, int], int] = field(default_factory=dict)
    savings: Mapping[int, int] = field(default_factory=dict)


def sliced(
    instance: Instance,
    effects: Mapping[str, int],
    free: Collection[str],
    table: SavingsTable,
    within: tuple[int, int] | None = None,
) -> tuple[Instance, Background]:
    """The instance of the ``free`` measures, each kept to the months ``within`` (first,
    last) where given, and the background of all others fixed at their month in
    ``effects``.

    A dependency between a free and a fixed measure becomes a window on the free one
    (``earliest_effect``/``latest_effect``): with the fixed month known, ``effect_j >=
    effect_i + gap`` (and ``<= effect_i + widest`` under a maximum lag) is a bound.
    """
    free = set(free)  # membership is asked for every measure and dependency
    used: dict[tuple[str, int], int] = defaultdict(int)
    savings: dict[int, int] = defaultdict(int)
    earliest: dict[str, list[int]] = defaultdict(list)
    latest: dict[str, list[int]] = defaultdict(list)
    if within is not None:
        for measure_id in free:
            earliest[measure_id].append(within[0])
            latest[measure_id].append(within[1])
    for measure in instance.measures:
        if measure.id in free:
            for dependency in measure.depends_on:  # a fixed predecessor i: from below
                if dependency.measure not in free:
                    gap, widest = effect_gaps(instance, measure, dependency)
                    earliest[measure.id].append(effects[dependency.measure] + gap)
                    if widest is not None:
                        latest[measure.id].append(effects[dependency.measure] + widest)
            continue
        effect = effects[measure.id]
        for dependency in measure.depends_on:  # this fixed measure waits for a free i
            if dependency.measure in free:
                gap, widest = effect_gaps(instance, measure, dependency)
                latest[dependency.measure].append(effect - gap)
                if widest is not None:
                    earliest[dependency.measure].append(effect - widest)
        section = (instance.section_of(measure), instance.effort_of(measure))
        for unit_id, load in [section, *measure.support.items()]:
            for month in preparation_months(instance, measure, effect):
                used[unit_id, month] += load
        if measure.counted:
            for year, amount in table.weighted_by_effect(measure, [effect])[effect].items():
                savings[year] += amount
    measures = tuple(
        _bounded(measure, free, earliest[measure.id], latest[measure.id])
        for measure in instance.measures
        if measure.id in free
    )
    return instance.replaced(measures=measures), Background(dict(used), dict(savings))


def _bounded(
    measure: Measure, free: Collection[str], earliest: list[int], latest: list[int]
) -> Measure:
    """The measure with its dependencies on fixed measures replaced by these bounds."""
    if measure.earliest_effect is not None:
        earliest = [*earliest, measure.earliest_effect]
    if measure.latest_effect is not None:
        latest = [*latest, measure.latest_effect]
    return measure.model_copy(
        update={
            "depends_on": tuple(d for d in measure.depends_on if d.measure in free),
            "earliest_effect": max(earliest, default=None),
            "latest_effect": min(latest, default=None),
        }
    )
