"""Running a batch: each point solved (or its plan evaluated) in a worker process, the
results written by the driver alone, in parts, so that a batch killed at any moment
resumes without recomputing, losing or doubling a row.

Workers receive plain data (the base file's path, the point's scenario changes, the time
limit and seed) and return plain rows; no solver object crosses a process. The same
function runs in a local process pool or on a Dask cluster (``--executor dask``).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pandas as pd

from scheduler.data import Instance, format_month

ROWS_DIR, PLANS_DIR = "parts", "plan-parts"
ROWS_FILE, PLANS_FILE = "rows.parquet", "plans.parquet"


@dataclass(frozen=True)
class Task:
    """One point, as plain data for a worker."""

    index: int
    base: str  # path of the instance or scenario file
    plan: str | None  # a plan.json to evaluate instead of solving
    point: dict[str, Any]  # parameter -> value, for the row
    changes: dict[str, Any]  # the scenario changes
    input_hash: str
    time_limit: float
    seed: int


_CACHE: dict[str, Any] = {}


def _cached(key: str, load: Callable[[], Any]) -> Any:
    """The base instance and plan, loaded once per worker process."""
    if key not in _CACHE:
        _CACHE[key] = load()
    return _CACHE[key]


def run_task(task: Task) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The row of one point and its plan's long rows (measure, start, effect); a point
    that fails is a row with its reason."""
    from scheduler.io.instance import instance_from_dict
    from scheduler.io.plan import read_plan
    from scheduler.io.scenario import load_problem
    from scheduler.scenario import Scenario, apply

    started = time.perf_counter()
    row: dict[str, Any] = {"index": task.index, **{f"p:{k}": v for k, v in task.point.items()}}
    row |= {"seed": task.seed, "input_hash": task.input_hash}
    base: Instance = _cached(task.base, lambda: load_problem(task.base))
    try:
        scenario = Scenario.model_validate(
            {"name": f"point {task.index}", "base": "(batch)", **task.changes},
            context={"from_file": True},
        )
        instance = instance_from_dict(apply(base, scenario), f"point {task.index}")
    except ValueError as error:
        return row | _empty(started, f"invalid point: {error}"), []
    if task.plan is not None:
        plan = _cached(task.plan, lambda: read_plan(Path(task.plan or "")))
        return row | _evaluated(instance, plan, started), []
    return _solved(instance, task, row, started)


def _empty(started: float, reason: str) -> dict[str, Any]:
    return {"status": "failed", "reason": reason, "runtime": time.perf_counter() - started}


def _figures(instance: Instance, effects: dict[str, int]) -> dict[str, Any]:
    from scheduler.evaluate import savings_report

    report = savings_report(instance, effects)
    figures: dict[str, Any] = {}
    for target in instance.targets:
        year = target.year
        figures[f"savings_{year}"] = report.savings_by_year.get(year)
        figures[f"risk_weighted_{year}"] = report.risk_weighted_by_year.get(year)
        figures[f"shortfall_{year}"] = report.shortfall_by_year.get(year)
        figures[f"risk_weighted_shortfall_{year}"] = report.risk_weighted_shortfall_by_year.get(
            year
        )
    return figures


def _evaluated(instance: Instance, plan: Any, started: float) -> dict[str, Any]:
    from scheduler.evaluate import objective_values
    from scheduler.validate import check_plan

    effects = plan.effect_by_measure()
    violations = check_plan(instance, plan)
    return {
        "status": "valid" if not violations else "invalid",
        "reason": str(violations[0]) if violations else "",
        "objective": objective_values(instance, effects).weighted_shortfall,
        **_figures(instance, effects),
        "runtime": time.perf_counter() - started,
    }


def _solved(
    instance: Instance, task: Task, row: dict[str, Any], started: float
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    from scheduler.model.solver import solve

    result = solve(instance, time_limit=task.time_limit, seed=task.seed)
    row |= {
        "status": result.status.value,
        "reason": "; ".join(result.explanation) if result.plan is None else "",
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap,
        "solver_version": result.solver_version,
    }
    if result.plan is None:
        return row | {"runtime": time.perf_counter() - started}, []
    row |= _figures(instance, result.plan.effect_by_measure())
    plans = [
        {
            "index": task.index,
            "measure": item.id,
            "start": format_month(item.start),
            "effect": format_month(item.effect),
        }
        for item in result.plan.measures
    ]
    return row | {"runtime": time.perf_counter() - started}, plans


# --- the driver: what is done, what to do, writing parts --------------------------------------
def done_indices(folder: Path) -> set[int]:
    """The points whose rows are written (in a part that was written whole)."""
    parts = sorted((folder / ROWS_DIR).glob("*.parquet"))
    if not parts:
        return set()
    return set(pd.concat(pd.read_parquet(p, columns=["index"]) for p in parts)["index"])


def write_part(folder: Path, number: int, rows: list[dict[str, Any]], plans: list[dict]) -> None:
    """One part of rows (and their plans), each file moved into place whole."""
    for directory, records in ((ROWS_DIR, rows), (PLANS_DIR, plans)):
        target = folder / directory / f"part-{number:06d}.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(f".tmp-{os.getpid()}")
        pd.DataFrame.from_records(records).to_parquet(temporary, index=False)
        os.replace(temporary, target)


def next_part(folder: Path) -> int:
    numbers = [int(p.stem.split("-")[1]) for p in (folder / ROWS_DIR).glob("part-*.parquet")]
    return max(numbers, default=0) + 1


def combine(folder: Path) -> pd.DataFrame:
    """The parts as one table per kind, sorted by point, written as rows.parquet and
    plans.parquet."""
    rows = _concat(folder / ROWS_DIR).sort_values("index").reset_index(drop=True)
    plans = _concat(folder / PLANS_DIR)
    if not plans.empty:
        plans = plans.sort_values(["index", "measure"]).reset_index(drop=True)
    for frame, name in ((rows, ROWS_FILE), (plans, PLANS_FILE)):
        temporary = folder / f".{name}.tmp-{os.getpid()}"
        frame.to_parquet(temporary, index=False)
        os.replace(temporary, folder / name)
    return rows


def _concat(directory: Path) -> pd.DataFrame:
    parts = [pd.read_parquet(p) for p in sorted(directory.glob("*.parquet"))]
    parts = [part for part in parts if not part.empty]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def run_local(tasks: list[Task], workers: int) -> Iterator[tuple[dict, list[dict]]]:
    """Each task's result as it completes, from a pool of ``workers`` processes (each
    solve uses one thread, so processes x threads stay within the cores)."""
    if workers == 1:
        yield from (run_task(task) for task in tasks)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(run_task, task) for task in tasks]
        for future in as_completed(futures):
            yield future.result()


def run_dask(
    tasks: list[Task], workers: int, address: str | None
) -> Iterator[tuple[dict, list[dict]]]:
    """The same tasks through a Dask distributed client: a LocalCluster of ``workers``
    single-threaded processes, or the scheduler at ``address``."""
    from distributed import Client, LocalCluster
    from distributed import as_completed as dask_completed

    cluster = (
        None
        if address
        else LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
    )
    with Client(address or cluster) as client:
        futures = client.map(run_task, tasks, pure=False)
        for future in dask_completed(futures):
            yield future.result()
    if cluster is not None:
        cluster.close()


def drive(
    folder: Path,
    results: Iterable[tuple[dict, list[dict]]],
    part_rows: int = 25,
    on_row: Callable[[], None] | None = None,
) -> float | None:
    """Write the results in parts of ``part_rows`` as they come; the seconds from the first
    result to the last (the batch's pace once its workers run), None for fewer than two."""
    number = next_part(folder)
    rows: list[dict[str, Any]] = []
    plans: list[dict[str, Any]] = []
    first = last = None
    for row, plan_rows in results:
        last = time.perf_counter()
        first = first or last
        rows.append(row)
        plans += plan_rows
        if on_row is not None:
            on_row()
        if len(rows) >= part_rows:
            write_part(folder, number, rows, plans)
            number, rows, plans = number + 1, [], []
    if rows:
        write_part(folder, number, rows, plans)
    return last - first if first is not None and last is not None and last > first else None
