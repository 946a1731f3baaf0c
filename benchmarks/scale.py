"""Synthetic scale run: how the savings solver copes with a large generated instance.

One process, one after the other: generate the instance, run the greedy planner alone,
then ``solve()`` from scratch with the short and with the long time limit, as the CLI
does. Above ``LARGE_MODEL_BOOLEANS`` candidate months ``solve()`` bounds the instance by
the LP (scheduler/model/lp.py) and improves the better of the greedy plan and the one
repaired from the LP's months a section, pool or span at a time (neighbourhoods.py), so
a plan exists from the greedy's first second on; the table
gives each run's levels with their proven bounds and gaps, the wall time, the validator's
verdict and the peak memory (the process's maximum resident set, ``resource.getrusage``,
which only grows).
"""

from __future__ import annotations

import datetime
import os
import resource
import time
from dataclasses import dataclass
from pathlib import Path

from scheduler.greedy import greedy_plan
from scheduler.model.neighbourhoods import candidate_months
from scheduler.model.solver import solve
from scheduler.result import Result
from scheduler.synthetic import SyntheticSpec, generate
from scheduler.validate import check_plan


def peak_memory_mb() -> float:
    """Maximum resident set of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass(frozen=True)
class Run:
    limit: float
    result: Result
    wall: float
    violations: int
    memory_mb: float


def timed_solve(instance_spec: SyntheticSpec, limit: float, workers: int) -> Run:
    instance = generate(instance_spec)
    started = time.perf_counter()
    result = solve(instance, time_limit=limit, workers=workers)
    wall = time.perf_counter() - started
    violations = len(check_plan(instance, result.plan)) if result.plan is not None else 0
    return Run(limit, result, wall, violations, peak_memory_mb())


def run_scale(
    measures: int,
    sections: int,
    months: int,
    pools: int,
    short_limit: float,
    long_limit: float,
    workers: int,
    seed: int,
    out: Path,
    command: str,
) -> None:
    spec = SyntheticSpec(
        measures=measures, sections=sections, pools=pools, months=months, seed=seed
    )
    started = time.perf_counter()
    instance = generate(spec)
    generated = time.perf_counter() - started
    windows = candidate_months(instance)
    lines = [
        f"# Synthetic scale: {instance.name}",
        "",
        f"- command: `{command}`",
        f"- date: {datetime.date.today().isoformat()}; {len(os.sched_getaffinity(0))} cores; "
        f"{workers} CP-SAT worker(s)",
        f"- instance: {len(instance.measures)} measures, {len(instance.sections)} sections, "
        f"{len(instance.pools)} pools, {months} months ({windows} candidate effect months), "
        f"{sum(len(m.depends_on) for m in instance.measures)} dependencies, "
        f"{sum(m.council_decision or m.budget_decision for m in instance.measures)} with a "
        f"political decision; generated in {generated:.1f} s",
    ]
    greedy = greedy_plan(instance)
    lines.append(
        f"- greedy planner alone: {greedy.status.value}, weighted shortfall "
        f"{greedy.objective}, {greedy.runtime_seconds:.1f} s; peak memory "
        f"{peak_memory_mb():.0f} MB"
    )
    for limit in (short_limit, long_limit):
        print(f"solving with a limit of {limit:g} s ...", flush=True)
        run = timed_solve(spec, limit, workers)
        lines += _describe(run)
        print("\n".join(lines[-4:]), flush=True)
    lines.append(f"- peak memory of the whole run: {peak_memory_mb():.0f} MB")
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"scale-{measures}x{sections}x{months}-{long_limit:g}s.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(f"wrote {path}")


def _describe(run: Run) -> list[str]:
    result = run.result
    levels = "; ".join(
        f"{level.name} {level.value} (bound {level.bound}, gap {100 * level.gap:.2f} %)"
        for level in result.levels
    )
    gap = "n/a" if result.gap is None else f"{100 * result.gap:.2f} %"
    return [
        f"- limit {run.limit:g} s: {result.status.value}, largest gap {gap}, wall "
        f"{run.wall:.1f} s, validator violations {run.violations}",
        f"  - levels: {levels or 'none'}",
        *[f"  - note: {sentence}" for sentence in result.explanation],
        f"  - peak memory so far {run.memory_mb:.0f} MB",
    ]
