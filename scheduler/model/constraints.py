"""The constraint families of the savings model, one documented method each.

Notation: ``x[i, e]`` is 1 iff measure ``i`` takes effect in month ``e`` (created only for
months inside the measure's calendar window), ``L_i`` its lead time, ``start_i = effect_i - L_i``.
Each family can be switched by an enforcement literal, so that an infeasible instance can be
explained by the smallest set of families (and items) that conflict.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Protocol

from ortools.sat.python import cp_model
from ortools.sat.python.cp_model_helper import ConstraintProto

from scheduler.data import Capacity, DependencyKind, Instance, Measure, format_month
from scheduler.model.background import Background
from scheduler.model.variables import MeasureVars, Variables
from scheduler.rules import effect_gaps, gate_allows, unit_loads

Enforcer = Callable[[str], list[cp_model.IntVar]]
"""Returns the enforcement literals for a named item (empty: always enforced)."""


def always(_: str) -> list[cp_model.IntVar]:
    return []


class Timed(Protocol):
    """A measure's start and effect as expressions, whatever the formulation."""

    @property
    def measure(self) -> Measure: ...

    @property
    def start(self) -> cp_model.LinearExpr: ...

    @property
    def effect(self) -> cp_model.LinearExpr: ...


def add_dependencies(
    model: cp_model.CpModel, by_measure: Mapping[str, Timed], enforce: Enforcer = always
) -> None:
    """Finish-to-start: start_j >= effect_i + min_lag; start-to-start:
    start_j >= start_i + min_lag; with a max_lag the same difference is <= max_lag."""
    for vars_ in by_measure.values():
        successor = vars_.measure
        for dependency in successor.depends_on:
            predecessor = by_measure[dependency.measure]
            anchor = (
                predecessor.effect
                if dependency.kind == DependencyKind.FINISH_TO_START
                else predecessor.start
            )
            literals = enforce(f"dependency:{dependency.measure}->{successor.id}")
            model.add(vars_.start >= anchor + dependency.min_lag).only_enforce_if(literals)
            if dependency.max_lag is not None:
                model.add(vars_.start <= anchor + dependency.max_lag).only_enforce_if(literals)


class Constraints:
    """Adds every rule of the instance to the model, in a fixed order."""

    def __init__(
        self,
        model: cp_model.CpModel,
        instance: Instance,
        variables: Variables,
        enforce: Enforcer = always,
        background: Background | None = None,
    ):
        """``background``: capacity already used by measures outside the model."""
        self.model = model
        self.instance = instance
        self.variables = variables
        self.enforce = enforce
        self.used = background.used if background is not None else {}

    def add_all(self) -> None:
        self.every_measure_scheduled()
        self.political_gates()
        self.dependencies()
        self.capacity()

    def every_measure_scheduled(self) -> None:
        """Every measure, red ones included, takes effect exactly once in its window.

        sum_e x[i, e] = scheduled_i and scheduled_i = 1. The window (plan start + lead time,
        earliest/latest/fixed effect, horizon end) is the variables' domain.
        """
        for vars_ in self.variables:
            self.model.add(sum(vars_.effect_at.values()) == vars_.scheduled)
            measure_id = vars_.measure.id
            self.model.add(vars_.scheduled == 1).only_enforce_if(
                self.enforce(f"schedule:{measure_id}")
            )

    def political_gates(self) -> None:
        """A measure needing a council decision takes effect only after a meeting that
        comes at least ``case_lead_months`` after its start of work; a budget measure only
        in a January after the December budget meeting: x[i, e] = 0 where no meeting fits."""
        for vars_ in self.variables:
            measure = vars_.measure
            for effect, var in vars_.effect_at.items():
                if not gate_allows(self.instance, measure, effect):
                    self.model.add(var == 0).only_enforce_if(self.enforce(f"gate:{measure.id}"))

    def dependencies(self) -> None:
        """Finish-to-start and start-to-start lags (:func:`add_dependencies`), and the same
        lags once more in the booleans' own terms (:meth:`_dependency_steps`)."""
        add_dependencies(self.model, self.variables.by_measure, self.enforce)
        for vars_ in self.variables:
            for dependency in vars_.measure.depends_on:
                predecessor = self.variables[dependency.measure]
                gap, widest = effect_gaps(self.instance, vars_.measure, dependency)
                literals = self.enforce(f"dependency:{dependency.measure}->{vars_.measure.id}")
                self._dependency_steps(predecessor, vars_, gap, literals)
                if widest is not None:
                    self._dependency_steps(vars_, predecessor, -widest, literals)

    def _dependency_steps(
        self, first: MeasureVars, then: MeasureVars, gap: int, literals: list[cp_model.IntVar]
    ) -> None:
        """``e_then >= e_first + gap`` as one row per candidate month t of ``then``:
        sum_{e <= t} x[then, e] <= sum_{e <= t - gap} x[first, e] + (1 - scheduled_first).

        Implied by :func:`add_dependencies` for whole plans, but much stronger in the LP,
        where one row with the average effect months lets a fractional successor start
        before its predecessor has finished (the classic disaggregated precedence of
        time-indexed models). It shortened the Øvre Eiker proof by about a fifth
        (docs/performance.md). The last term keeps the row true when, in explanation mode,
        the predecessor is left out.
        """
        ahead = [var.index for _, var in sorted(first.effect_at.items())]
        months_ahead = sorted(first.effect_at)
        by = 0  # how many of first's months are <= t - gap
        reached: list[int] = []
        for month, var in sorted(then.effect_at.items()):
            reached.append(var.index)
            while by < len(ahead) and months_ahead[by] <= month - gap:
                by += 1
            if by == len(ahead):
                break  # first is surely done by then: this row and all later ones hold
            self._add_at_most(
                [*reached, *ahead[:by], first.scheduled.index],
                [1] * len(reached) + [-1] * by + [1],
                1,
                literals,
            )

    def capacity(self) -> None:
        """In every month t from plan start to horizon end, the effort of the measures in
        preparation stays within each section's and each pool's capacity in t:
        sum_i sum_{e: e - L_i <= t < e} load_i * x[i, e] <= capacity(t) - background(t)."""
        for unit, load_by_measure in unit_loads(self.instance):
            self._capacity_of(unit, load_by_measure)

    def _capacity_of(self, unit: Capacity, load_by_measure: dict[str, int]) -> None:
        calendar = self.instance.calendar
        loaded = [
            (vars_, load_by_measure[vars_.measure.id])
            for vars_ in self.variables
            if load_by_measure[vars_.measure.id] > 0
        ]
        literals = self.enforce(f"capacity:{unit.id}")
        # One pass over each measure's booleans fills every month's row (not months x vars).
        variables_in: dict[int, list[int]] = defaultdict(list)
        coefficients_in: dict[int, list[int]] = defaultdict(list)
        for vars_, load in loaded:
            for effect, var in vars_.effect_at.items():
                for month in range(max(effect - vars_.lead, calendar.plan_start), effect):
                    variables_in[month].append(var.index)
                    coefficients_in[month].append(load)
        for month in range(calendar.plan_start, calendar.horizon_end + 1):
            if variables_in[month]:
                free = unit.capacity_in(month) - self.used.get((unit.id, month), 0)
                row = self._add_at_most(variables_in[month], coefficients_in[month], free, literals)
                row.name = f"capacity_{unit.id}_{format_month(month)}"

    def _add_at_most(
        self,
        variables: list[int],
        coefficients: list[int],
        upper: int,
        literals: list[cp_model.IntVar],
    ) -> ConstraintProto:
        """sum coefficients * variables <= upper (variables by index), enforced by the
        literals. Written into the proto in bulk: the capacity and dependency rows hold
        most of the model's terms, and building them as expressions took about half of the
        Øvre Eiker build (docs/performance.md)."""
        row = self.model.proto.constraints.add()
        row.enforcement_literal.extend(literal.index for literal in literals)
        row.linear.vars.extend(variables)
        row.linear.coeffs.extend(coefficients)
        row.linear.domain.extend([cp_model.INT_MIN, upper])
        return row
