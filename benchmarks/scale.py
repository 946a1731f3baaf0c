"""Synthetic scale run: how the savings model copes with a large generated instance.

One process, one after the other: generate the instance, run the greedy planner alone,
then ``solve()`` from scratch with the short and with the long time limit (each builds its
own model and warm-starts from the greedy plan, as the CLI does). CP-SAT's search log is
captured from the process's standard output to read when the first plan of level 1
(weighted shortfall) came and how its gap closed over time; the final gap is the
result's (largest over the levels). Peak memory is the process's maximum resident set
(``resource.getrusage``), which only grows.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import re
import resource
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from scheduler.greedy import greedy_plan
from scheduler.model.solver import solve
from scheduler.result import Result
from scheduler.synthetic import SyntheticSpec, generate
from scheduler.validate import check_plan

_EVENT = re.compile(
    r"^#(?P<kind>\d+|Bound)\s+(?P<time>[\d.]+)s\s+best:(?P<best>\S+)\s+next:\[(?P<low>-?\d+),"
)
CHECKPOINTS = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0)


@dataclass(frozen=True)
class Event:
    seconds: float  # since the solve of the level started
    best: float | None  # incumbent (None before the first plan)
    bound: int


def peak_memory_mb() -> float:
    """Maximum resident set of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextlib.contextmanager
def captured_stdout() -> Iterator[list[str]]:
    """Capture what is written to file descriptor 1 (CP-SAT logs there, outside Python)."""
    lines: list[str] = []
    with tempfile.TemporaryFile(mode="w+") as sink:
        saved = os.dup(1)
        try:
            os.dup2(sink.fileno(), 1)
            yield lines
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            sink.seek(0)
            lines += sink.read().splitlines()


def level_events(log: list[str]) -> list[list[Event]]:
    """Incumbent and bound events of each solve in the log (one solve per objective level)."""
    solves: list[list[Event]] = []
    for line in log:
        if line.startswith("Starting CP-SAT solver"):
            solves.append([])
        match = _EVENT.match(line)
        if match and solves:
            best = match.group("best")
            solves[-1].append(
                Event(
                    float(match.group("time")),
                    None if best == "inf" else float(best),
                    int(match.group("low")),
                )
            )
    return solves


def search_seconds(log: list[str]) -> list[float]:
    """Wall time of each CP-SAT solve, from the summary that ends its log."""
    return [float(line.split(":", 1)[1]) for line in log if line.startswith("walltime:")]


def gap_at(events: list[Event], seconds: float) -> float | None:
    """Relative gap of a minimisation level at ``seconds`` (None before a first plan)."""
    best: float | None = None
    bound = None
    for event in events:
        if event.seconds > seconds:
            break
        best, bound = event.best, event.bound
    if best is None or bound is None:
        return None
    return abs(best - bound) / max(1.0, abs(best))


@dataclass(frozen=True)
class Run:
    limit: float
    result: Result
    wall: float
    first_plan: float | None  # wall seconds from the call to the first CP-SAT plan
    level1: list[Event]
    build: float  # wall seconds outside CP-SAT's searches (greedy, model, left shift)
    violations: int
    memory_mb: float


def timed_solve(instance_spec: SyntheticSpec, limit: float, workers: int) -> Run:
    instance = generate(instance_spec)
    started = time.perf_counter()
    with captured_stdout() as log:
        result = solve(instance, time_limit=limit, workers=workers, log=True)
    wall = time.perf_counter() - started
    solves = level_events(log)
    level1 = solves[0] if solves else []
    build = wall - sum(search_seconds(log))
    first = next((e.seconds for e in level1 if e.best is not None), None)
    violations = len(check_plan(instance, result.plan)) if result.plan is not None else 0
    return Run(
        limit=limit,
        result=result,
        wall=wall,
        first_plan=None if first is None else build + first,
        level1=level1,
        build=build,
        violations=violations,
        memory_mb=peak_memory_mb(),
    )


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
    windows = sum(
        instance.calendar.horizon_end - instance.calendar.plan_start + 1 for _ in instance.measures
    )
    lines = [
        f"# Synthetic scale: {instance.name}",
        "",
        f"- command: `{command}`",
        f"- date: {datetime.date.today().isoformat()}; {len(os.sched_getaffinity(0))} cores; "
        f"{workers} CP-SAT worker(s)",
        f"- instance: {len(instance.measures)} measures, {len(instance.sections)} sections, "
        f"{len(instance.pools)} pools, {months} months (at most {windows} effect booleans), "
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
    gaps = ", ".join(
        f"{checkpoint:g} s: "
        + (lambda gap: "no plan" if gap is None else f"{100 * gap:.2f} %")(
            gap_at(run.level1, checkpoint - run.build)
        )
        for checkpoint in CHECKPOINTS
        if checkpoint <= run.limit + run.build + 1
    )
    first = "none" if run.first_plan is None else f"{run.first_plan:.1f} s"
    gap = "n/a" if result.gap is None else f"{100 * result.gap:.2f} %"
    return [
        f"- limit {run.limit:g} s: {result.status.value}, largest gap {gap}, wall "
        f"{run.wall:.1f} s (of which {run.build:.1f} s outside CP-SAT's search: greedy warm "
        f"start, model, left shift), validator violations {run.violations}",
        f"  - levels: {levels or 'none'}",
        f"  - first CP-SAT plan by {first} of wall time (counting all time outside the search "
        f"as before it); level-1 gap by wall time {gaps}",
        *[f"  - note: {sentence}" for sentence in result.explanation],
        f"  - peak memory so far {run.memory_mb:.0f} MB",
    ]
