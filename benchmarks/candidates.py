"""Benchmark: candidate plans on the bundled Øvre Eiker instance.

    python -m benchmarks.candidates [--runs 4] [--alternatives 4] [--time-limit 30]

Run k uses seed k. Reports, per run, the wall time of the whole search (best plan, the
alternatives, the three policy plans) and its ratio to one ``solve`` of the best plan in
the same run, how many alternatives were found, whether every candidate is valid and
within the tolerance, the smallest pairwise difference (measures moved by three months or
more) and the closest plan's distance from the consultants' timing.
"""

from __future__ import annotations

import argparse
import statistics
import time
from itertools import combinations
from pathlib import Path

from scheduler.evaluate import objective_values
from scheduler.io.instance import load_instance
from scheduler.model.candidates import Kind, candidates
from scheduler.model.solver import solve
from scheduler.validate import check_plan

INSTANCE = Path(__file__).resolve().parent.parent / "instances" / "ovre-eiker-2025.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=4)
    parser.add_argument("--alternatives", type=int, default=4)
    parser.add_argument("--tolerance", type=float, default=0.01)
    parser.add_argument("--differ", type=int, default=10)
    parser.add_argument("--months", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=30.0)
    args = parser.parse_args()
    instance = load_instance(INSTANCE)
    counted = [m.id for m in instance.measures if m.counted]
    times, ratios = [], []
    for seed in range(args.runs):
        started = time.perf_counter()
        solve(instance, time_limit=args.time_limit, seed=seed)
        one = time.perf_counter() - started
        started = time.perf_counter()
        search = candidates(
            instance, args.alternatives, args.tolerance, args.differ, args.months,
            time_limit=args.time_limit, seed=seed,
        )  # fmt: skip
        seconds = time.perf_counter() - started
        times.append(seconds)
        ratios.append(seconds / one)
        plans = [c.result.plan for c in search.candidates if c.result.plan is not None]
        best = objective_values(instance, plans[0].effect_by_measure())
        within = all(
            (v := objective_values(instance, p.effect_by_measure())).weighted_shortfall
            <= best.weighted_shortfall * (1 + args.tolerance)
            and v.early_savings >= best.early_savings * (1 - args.tolerance)
            for p in plans
        )
        different = [
            c.result.plan for c in search.candidates
            if c.kind in (Kind.BEST, Kind.ALTERNATIVE) and c.result.plan
        ]  # fmt: skip
        smallest = min(
            sum(
                1
                for m in counted
                if abs(a.effect_by_measure()[m] - b.effect_by_measure()[m]) >= args.months
            )
            for a, b in combinations(different, 2)
        )
        closest = next(c for c in search.candidates if c.kind == Kind.CLOSEST)
        alternatives = sum(1 for c in search.candidates if c.kind == Kind.ALTERNATIVE)
        print(
            f"seed {seed}: {seconds:.2f} s ({seconds / one:.1f} x one solve of {one:.2f} s), "
            f"{len(plans)} candidates ({alternatives} alternatives), "
            f"valid {all(check_plan(instance, p) == [] for p in plans)}, within {within}, "
            f"smallest pairwise difference {smallest} measures, "
            f"closest {closest.distance} months from the consultants' timing"
        )
    print(
        f"median {statistics.median(times):.2f} s "
        f"(min {min(times):.2f}, max {max(times):.2f}); "
        f"median ratio to one solve {statistics.median(ratios):.1f}"
    )


if __name__ == "__main__":
    main()
