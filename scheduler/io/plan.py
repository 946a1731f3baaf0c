"""Plan files: ``plan.json`` (result, plan, savings, capacity use, the reason for each
measure's month) and ``plan.csv``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from scheduler.data import Instance, format_month
from scheduler.evaluate import (
    ObjectiveValues,
    SavingsReport,
    capacity_use,
    objective_values,
    savings_report,
)
from scheduler.i18n import DEFAULT_LANG, Lang
from scheduler.io.files import write_text_atomically
from scheduler.io.instance import InputError
from scheduler.reasons import MeasureReason, reasons
from scheduler.result import Plan, Result


class PlanFile(BaseModel):
    """Everything ``plan.json`` holds: enough to re-render charts and reports without solving."""

    model_config = ConfigDict(frozen=True)

    result: Result
    savings: SavingsReport | None
    objective_values: ObjectiveValues | None
    capacity_use: dict[str, dict[str, int]] | None  # unit -> "YYYY-MM" -> effort used
    reasons: tuple[MeasureReason, ...] | None  # why each measure takes effect when it does
    input_file: str | None = None  # the instance or scenario file solved, as it was given


def plan_file(
    instance: Instance, result: Result, lang: Lang = DEFAULT_LANG, input_file: str | None = None
) -> PlanFile:
    """The plan with its savings, capacity use and reasons (written in ``lang``), and the
    file it was solved from."""
    if result.plan is None:
        return PlanFile(
            result=result,
            savings=None,
            objective_values=None,
            capacity_use=None,
            reasons=None,
            input_file=input_file,
        )
    effects = result.plan.effect_by_measure()
    use = capacity_use(instance, result.plan)
    return PlanFile(
        result=result,
        savings=savings_report(instance, effects),
        objective_values=objective_values(instance, effects),
        capacity_use={
            unit: {format_month(month): used for month, used in by_month.items()}
            for unit, by_month in use.items()
        },
        reasons=reasons(instance, result.plan, lang),
        input_file=input_file,
    )


RUN_JSON = "run.json"


def write_plan_json(path: Path, content: PlanFile) -> None:
    """``plan.json`` (byte-identical for the same input and seed) and ``run.json`` beside it
    (the wall-clock runtime, which differs from run to run)."""
    stable = content.model_dump_json(indent=2, exclude={"result": {"runtime_seconds"}})
    write_text_atomically(path, stable + "\n")
    run = {"runtime_seconds": round(content.result.runtime_seconds, 3)}
    write_text_atomically(path.with_name(RUN_JSON), json.dumps(run) + "\n")


MAX_PLAN_BYTES = 32_000_000
"""The largest plan.json read (the Øvre Eiker plan is 0.3 MB, a 2 000-measure plan 6 MB)."""


def _read_json(path: Path) -> Any:
    """The JSON in ``path``; every way it can be unreadable is an :class:`InputError`."""
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_PLAN_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read a plan: {error.strerror or error}") from None
    if len(data) > MAX_PLAN_BYTES:
        raise InputError(f"{path}: larger than {MAX_PLAN_BYTES // 1_000_000} MB: not a plan")
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: cannot read a plan: not UTF-8 ({error.reason})") from None
    except json.JSONDecodeError as error:
        raise InputError(f"{path}: not JSON: {error.msg} (line {error.lineno})") from None
    except RecursionError:
        raise InputError(f"{path}: cannot read a plan: nested too deeply") from None
    except ValueError:  # an integer of more than 4 300 digits
        raise InputError(f"{path}: cannot read a plan: a number with too many digits") from None


def read_input_file(path: Path) -> str | None:
    """The instance or scenario file a ``plan.json`` was solved from, if it says."""
    raw = _read_json(path)
    value = raw.get("input_file") if isinstance(raw, dict) else None
    return value if isinstance(value, str) else None


def read_result(path: Path) -> Result | None:
    """The solve result in ``plan.json`` (status, bound, gap), or None for a bare plan or a
    file whose result does not read."""
    raw = _read_json(path)
    if not (isinstance(raw, dict) and isinstance(raw.get("result"), dict)):
        return None
    try:
        return Result.model_validate(raw["result"])
    except (ValidationError, RecursionError):
        return None


def read_plan(path: Path) -> Plan:
    """A plan from ``plan.json`` (as written by ``solve``) or from a bare plan object."""
    raw = _read_json(path)
    if isinstance(raw, dict) and isinstance(raw.get("result"), dict):
        raw = raw["result"].get("plan")
    if raw is None:
        raise InputError(f"{path}: the file holds no plan (the solve found none)")
    if not isinstance(raw, dict):
        raise InputError(
            f"{path}: not a plan: expected a JSON object with 'instance' and 'measures'"
        )
    try:
        return Plan.model_validate(raw)
    except RecursionError:
        raise InputError(f"{path}: cannot read a plan: nested too deeply") from None
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InputError(f"{path}: field '{where}': {first['msg']}") from None
