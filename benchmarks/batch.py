"""Benchmarks of sensitivity batches on the bundled Øvre Eiker instance.

    python -m benchmarks.batch [--points 1000] [--draws 10000] [--dask-points 40]

1. ``--points`` re-optimised scenarios (a grid over red realisation, HEV and OPP capacity,
   decision delay and red preparation time) through ``scheduler batch`` with two local
   processes: wall time, and every row's status and gap.
2. ``--draws`` Monte Carlo evaluations of the optimised plan (each red measure's
   realisation drawn on its own, and the colours' shares): wall time.
3. About ``--dask-points`` scenarios on a Dask LocalCluster with one and with two
   workers: the throughput ratio.

Each runs the command line in a fresh process, as a user would; the batch files are
written to a temporary folder.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parent.parent
INSTANCE = REPO / "instances" / "ovre-eiker-2025.yaml"


def run(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "scheduler", *args], cwd=REPO, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    return time.perf_counter() - started


def pace(*args: str) -> float:
    """The seconds from a batch's first result to its last, as the command reports them
    (``--lang en``)."""
    output = subprocess.run(
        [sys.executable, "-m", "scheduler", *args, "--lang", "en"],
        cwd=REPO, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return float(re.search(r"; ([0-9.]+) s from the first to the last", output).group(1))


def grid(points: int) -> str:
    """A grid of about ``points`` points (5 x 5 x 4 x 2 x k)."""
    red = max(1, points // (5 * 4 * 2 * 5))
    shares = [10 + round(80 * i / max(1, red - 1)) for i in range(red)] if red > 1 else [50]
    return (
        f"grid:\n  realisation_pct.red: {shares}\n  capacity_add.HEV: [-2, -1, 0, 1, 2]\n"
        "  capacity_add.OPP: [-1, 0, 1, 2]\n  council.delay_months: [0, 3]\n"
        "  duration.red: [4, 5, 6, 7, 8]\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1000)
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--dask-points", type=int, default=200)
    parser.add_argument("--time-limit", type=float, default=5.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        head = f"name: bench\nbase: {INSTANCE}\ntime_limit: {args.time_limit}\n"
        if args.points:
            solved(work, head, args.points)
        if args.draws:
            evaluated(work, head, args.draws)
        if args.dask_points:
            dask(work, head, args.dask_points)


def solved(work: Path, head: str, points: int) -> None:
    spec = work / "grid.yaml"
    spec.write_text(head + grid(points), encoding="utf-8")
    seconds = run("batch", str(spec), "--out", str(work / "grid"), "--workers", "2")
    rows = pd.read_parquet(work / "grid" / "rows.parquet")
    print(
        f"{len(rows)} re-optimised scenarios, 2 processes: {seconds:.1f} s wall "
        f"({len(rows) / seconds:.2f} per s); "
        f"statuses {rows['status'].value_counts().to_dict()}; "
        f"every row with a status: {rows['status'].notna().all()}, with a gap: "
        f"{rows['gap'].notna().all()}; median gap {rows['gap'].median():.4%}"
    )


def evaluated(work: Path, head: str, draws: int) -> None:
    plan = work / "plan"
    run("solve", str(INSTANCE), "--out", str(plan), "--no-images")
    spec = work / "draws.yaml"
    spec.write_text(
        head + f"plan: {plan / 'plan.json'}\ndraws: {draws}\nseed: 1\nrandom:\n"
        "  realisation_pct.each_red: {triangular: [30, 50, 70]}\n"
        "  realisation_pct.yellow: {uniform: [60, 95]}\n",
        encoding="utf-8",
    )
    seconds = run("batch", str(spec), "--out", str(work / "draws"))
    rows = pd.read_parquet(work / "draws" / "rows.parquet")
    met = (rows["risk_weighted_shortfall_2026"] == 0).mean()
    print(
        f"{len(rows)} Monte Carlo evaluations of one plan: {seconds:.1f} s wall "
        f"(command start included); risk-weighted 2026 target met in {met:.1%} of draws"
    )


def dask(work: Path, head: str, points: int) -> None:
    spec = work / "small.yaml"
    side = max(1, points // 20)
    spec.write_text(
        head + "grid:\n  realisation_pct.red: [30, 40, 50, 60, 70]\n"
        f"  capacity_add.HEV: {list(range(-side, side))}\n"
        "  council.delay_months: [0, 3]\n",
        encoding="utf-8",
    )
    times, paces = {}, {}
    for workers in (1, 2):
        started = time.perf_counter()
        paces[workers] = pace(
            "batch", str(spec), "--out", str(work / f"dask{workers}"),
            "--executor", "dask", "--workers", str(workers),
        )  # fmt: skip
        times[workers] = time.perf_counter() - started
    count = len(pd.read_parquet(work / "dask1" / "rows.parquet"))
    print(
        f"Dask LocalCluster, {count} scenarios: wall 1 worker {times[1]:.1f} s, 2 workers "
        f"{times[2]:.1f} s (ratio {times[1] / times[2]:.2f}); first to last result "
        f"{paces[1]:.1f} s and {paces[2]:.1f} s: throughput ratio {paces[1] / paces[2]:.2f}"
    )


if __name__ == "__main__":
    main()
