"""CP-SAT decision variables: one boolean per measure and candidate effect month.

The time-indexed formulation: ``x[i, e] = 1`` iff measure ``i`` takes effect in month
``e``. With a fixed lead time ``L_i`` the start is ``e - L_i``, so savings, capacity use
and political gates are all linear in the booleans, and the model stays exact in integers.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.data import Instance, Measure
from scheduler.rules import effect_windows


@dataclass(frozen=True)
class MeasureVars:
    """The variables of one measure and the expressions derived from them."""

    measure: Measure
    lead: int
    effect_at: dict[int, cp_model.IntVar]  # effect month -> boolean
    scheduled: cp_model.IntVar  # 1 iff the measure has an effect month (see constraints)

    @property
    def effect(self) -> cp_model.LinearExpr:
        """The effect month (0 if, in explanation mode, the measure is left out)."""
        return cp_model.LinearExpr.weighted_sum(list(self.effect_at.values()), list(self.effect_at))

    @property
    def start(self) -> cp_model.LinearExpr:
        """First month of preparation: effect - lead time."""
        return self.effect - self.lead * self.scheduled


class Variables:
    """All decision variables of the savings model, by measure id."""

    def __init__(
        self,
        model: cp_model.CpModel,
        instance: Instance,
        latest: Mapping[str, int] | None = None,
    ):
        self.by_measure: dict[str, MeasureVars] = {}
        windows = effect_windows(instance, latest)
        for measure in instance.measures:
            window = windows[measure.id]
            effect_at = {
                month: model.new_bool_var(f"{measure.id}_effect_{month}") for month in window
            }
            scheduled = model.new_bool_var(f"{measure.id}_scheduled")
            self.by_measure[measure.id] = MeasureVars(
                measure, instance.lead_time_of(measure), effect_at, scheduled
            )

    def effects(self, solver: cp_model.CpSolver) -> dict[str, int]:
        """Each measure's effect month in the solver's solution."""
        return {
            vars_.measure.id: next(m for m, var in vars_.effect_at.items() if solver.value(var))
            for vars_ in self
        }

    def __getitem__(self, measure_id: str) -> MeasureVars:
        return self.by_measure[measure_id]

    def __iter__(self) -> Iterator[MeasureVars]:
        return iter(self.by_measure.values())
