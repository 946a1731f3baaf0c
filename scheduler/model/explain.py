"""Explain an infeasible instance in domain words.

Every rule item (a measure's must-be-scheduled window, its political gate, a dependency, a
unit's capacity) is switched by its own literal; CP-SAT, solving under all of them as
assumptions, returns a set of items that cannot hold together. We say which.
"""

from __future__ import annotations

import time
from calendar import month_name

from ortools.sat.python import cp_model

from scheduler.data import Capacity, Instance, format_month
from scheduler.model.constraints import Constraints
from scheduler.model.limits import MAX_MEMORY_MB
from scheduler.model.variables import Variables
from scheduler.rules import effect_window


def explain_infeasibility(instance: Instance, time_limit: float) -> list[str]:
    """Sentences naming a set of rules that together admit no plan (empty if none found
    within ``time_limit`` seconds, the model's build included)."""
    started = time.perf_counter()
    model = cp_model.CpModel()
    variables = Variables(model, instance)
    literals: dict[str, cp_model.IntVar] = {}

    def enforce(item: str) -> list[cp_model.IntVar]:
        if item not in literals:
            literals[item] = model.new_bool_var(item)
        return [literals[item]]

    Constraints(model, instance, variables, enforce).add_all()
    model.add_assumptions(list(literals.values()))
    # CP-SAT's time limit does not hold while it loads the model, which takes longer than
    # building it (RCPSP/max PSP217, 13 000 booleans: built in 2.4 s, then 3.5 s in CP-SAT at
    # a 0.3 s limit without presolve, 5.2 s with it): keep twice the build time back.
    built = time.perf_counter() - started
    left = time_limit - 3 * built
    if left <= 0:
        return []
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = left
    solver.parameters.max_memory_in_mb = MAX_MEMORY_MB
    # The CLI handles Ctrl-C; CP-SAT's own handler would only end one search of several.
    solver.parameters.catch_sigint_signal = False
    solver.parameters.num_workers = 1  # cores are reported by the single-thread search
    solver.parameters.cp_model_presolve = False  # its load time ignores the limit (above)
    if solver.solve(model) != cp_model.INFEASIBLE:
        return []
    index_to_item = {literal.index: item for item, literal in literals.items()}
    core = sorted(index_to_item[i] for i in solver.sufficient_assumptions_for_infeasibility())
    return [_describe(instance, item) for item in core]


def _overrides(unit: Capacity) -> str:
    """The months where another capacity binds, e.g. " (July 1; 2025-03..2025-06 52)"."""
    parts = [
        f"{format_month(p.first)}..{format_month(p.last)} {p.capacity}"
        for p in unit.capacity_by_period
    ] + [
        f"{month_name[number]} {value}"
        for number, value in sorted(unit.capacity_by_calendar_month.items())
    ]
    return f" ({'; '.join(parts)})" if parts else ""


def _describe(instance: Instance, item: str) -> str:
    family, _, subject = item.partition(":")
    if family == "schedule":
        measure = instance.measure(subject)
        window = effect_window(instance, measure)
        return (
            f"measure {measure.id} ({measure.name}) must take effect between "
            f"{format_month(window.first)} and {format_month(window.last)} "
            f"after {instance.lead_time_of(measure)} months of preparation"
        )
    if family == "gate":
        measure = instance.measure(subject)
        what = "the December budget meeting" if measure.budget_decision else "a council meeting"
        return (
            f"measure {measure.id} needs {what} at least "
            f"{instance.council.case_lead_months} months after its start and before its effect"
        )
    if family == "dependency":
        predecessor, successor = subject.split("->")
        dependency = next(
            d for d in instance.measure(successor).depends_on if d.measure == predecessor
        )
        anchor = "takes effect" if dependency.kind == "FS" else "starts"
        lags = f"at least {dependency.min_lag}"
        if dependency.max_lag is not None:
            lags += f" and at most {dependency.max_lag}"
        return f"measure {successor} must start {lags} months after {predecessor} {anchor}"
    if family == "capacity":
        unit = next(u for u in instance.sections + instance.pools if u.id == subject)
        return (
            f"{unit.name} can carry at most {unit.capacity} effort units of change work a month"
            + _overrides(unit)
        )
    return item
