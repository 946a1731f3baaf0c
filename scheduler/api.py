"""The Python API for analysts: load, change, solve, and the results as pandas tables.

    import scheduler
    base = scheduler.load("instances/ovre-eiker-2025.yaml")
    weaker = scheduler.change(base, "Rødt 30 %", realisation_pct={"red": 30})
    result = scheduler.solve(weaker, time_limit=10)
    print(scheduler.savings_table(weaker, result.plan))

Changes go through the scenario model (:mod:`scheduler.scenario`) and the instance model,
as a scenario file's do: a 150 % realisation or an unknown measure raises
:class:`InputError` with the same one-line message, where ``model_copy`` on the frozen
models would skip every check.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from scheduler.data import Instance
from scheduler.i18n import DEFAULT_LANG, Lang
from scheduler.io.instance import InputError as InputError  # re-exported: what change() raises
from scheduler.result import Plan, Result

if TYPE_CHECKING:
    import pandas as pd


def load(path: str | Path) -> Instance:
    """An instance file (YAML or .xlsx) or a scenario file, validated."""
    from scheduler.io.scenario import load_problem

    return load_problem(path)


def change(base: Instance, name: str, description: str = "", **changes: Any) -> Instance:
    """``base`` with the changes of a scenario (the fields of
    :class:`scheduler.scenario.Scenario`: ``capacity``, ``realisation_pct``, ``council``,
    ``measures``, ``leave_out``, ...), validated; months as ``"YYYY-MM"``."""
    from scheduler.io.scenario import changed_instance, validated_scenario

    origin = f"scenario «{name}»"
    data = {"name": name, "description": description, "base": "(in memory)", **changes}
    return changed_instance(base, validated_scenario(data, origin), origin)


def solve(instance: Instance, time_limit: float = 60.0, seed: int = 0, workers: int = 1) -> Result:
    """The optimised plan with its status, objective levels, bounds and gap (same input and
    seed, same plan)."""
    from scheduler.model.solver import solve as solve_cp_sat

    return solve_cp_sat(instance, time_limit=time_limit, seed=seed, workers=workers)


def savings_table(instance: Instance, plan: Plan) -> pd.DataFrame:
    """One row per year: target, the plan's and the consultants' savings, nominal and
    risk-weighted, and the shortfalls (thousand NOK)."""
    import pandas as pd

    from scheduler.evaluate import planned_effects, savings_report

    report = savings_report(instance, plan.effect_by_measure())
    consultants = savings_report(instance, planned_effects(instance))
    return (
        pd.DataFrame(
            {
                "target": {y: report.targets.get(y) for y in report.savings_by_year},
                "savings": report.savings_by_year,
                "risk_weighted": report.risk_weighted_by_year,
                "shortfall": {y: report.shortfall_by_year.get(y) for y in report.savings_by_year},
                "risk_weighted_shortfall": {
                    y: report.risk_weighted_shortfall_by_year.get(y) for y in report.savings_by_year
                },
                "consultants": consultants.savings_by_year,
                "consultants_risk_weighted": consultants.risk_weighted_by_year,
            }
        )
        .astype("Int64")
        .rename_axis("year")
    )  # Int64: a year without a target stays empty


def plan_table(instance: Instance, plan: Plan) -> pd.DataFrame:
    """One row per measure: names, section, group, colour, start, decision meeting and
    effect, as in ``plan.csv``."""
    from scheduler.io.exports import plan_table as table

    return table(instance, plan)


def savings_long(instance: Instance, plan: Plan) -> pd.DataFrame:
    """One row per measure and month: nominal and risk-weighted savings, as in
    ``savings_long.parquet``."""
    from scheduler.io.exports import savings_long as long_table

    return long_table(instance, plan)


def reasons_table(instance: Instance, plan: Plan, lang: Lang = DEFAULT_LANG) -> pd.DataFrame:
    """One row per measure: the consultants' and the plan's effect month, the move and why."""
    import pandas as pd

    from scheduler.reasons import reasons

    return pd.DataFrame(
        [reason.model_dump(mode="json") for reason in reasons(instance, plan, lang)]
    ).set_index("id")
