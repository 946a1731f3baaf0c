"""``python -m benchmarks``: PSPLIB, RCPSP/max and synthetic scale runs.

Examples::

    python -m benchmarks psplib --set j30 --time-limit 10 --workers 1 --peer
    python -m benchmarks rcpsp-max --set j10 --set ubo10 --time-limit 10 --peer
    python -m benchmarks scale --measures 2000 --sections 15 --months 60 --time-limit 120
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Annotated

import typer

from benchmarks.harness import Reader, run_set
from benchmarks.known import DEFAULT_DATA, Known, natural_key, psplib_known, rcpsp_max_known
from scheduler.io.psplib import read_psplib
from scheduler.io.rcpsp_max import read_rcpsp_max
from scheduler.model.solver import Formulation

app = typer.Typer(help=__doc__.splitlines()[0], no_args_is_help=True, add_completion=False)

DataOption = Annotated[
    Path, typer.Option(help="The shared benchmark folder (default: ../shared/benchmarks).")
]
TimeLimit = Annotated[float, typer.Option(help="Seconds per instance and solver.")]
Workers = Annotated[int, typer.Option(help="CP-SAT workers, for ours and the peer alike.")]
Limit = Annotated[int | None, typer.Option(help="Only the first N instances of each set.")]
Peer = Annotated[bool, typer.Option(help="Also solve each instance with PyJobShop.")]
Out = Annotated[Path, typer.Option(help="Folder for the CSV and Markdown tables.")]
FormulationOption = Annotated[
    Formulation, typer.Option(help="Our model of the makespan objective.")
]
RESULTS = Path("results") / "benchmarks"


def _command() -> str:
    return "python -m benchmarks " + shlex.join(sys.argv[1:])


def _files(
    data: Path, family: str, sets: list[str], suffix: str, limit: int | None
) -> list[tuple[Path, str]]:
    """(path, "set/file") of each benchmark file of the sets, in natural order."""
    found: list[tuple[Path, str]] = []
    for name in sets:
        folder = data / family / name
        if not folder.is_dir():
            raise typer.BadParameter(f"{folder} is not a folder of the benchmark data")
        paths = sorted(
            (path for path in folder.iterdir() if path.suffix.lower() == suffix), key=natural_key
        )
        found += [(path, f"{name}/{path.name}") for path in paths[:limit]]
    return found


def _name(
    family: str, sets: list[str], limit: int | None, time_limit: float, formulation: Formulation
) -> str:
    suffix = f"-first{limit}" if limit is not None else ""
    if formulation != Formulation.INTERVALS:
        suffix += f"-{formulation.value}"
    return f"{family}-{'+'.join(sets)}{suffix}-{time_limit:g}s"


@app.command()
def psplib(
    set_: Annotated[list[str], typer.Option("--set", help="j30 or j60 (repeatable).")],
    time_limit: TimeLimit = 10.0,
    workers: Workers = 1,
    limit: Limit = None,
    peer: Peer = False,
    data: DataOption = DEFAULT_DATA,
    out: Out = RESULTS,
    formulation: FormulationOption = Formulation.INTERVALS,
) -> None:
    """PSPLIB single-mode RCPSP (.sm) against the known optima and bounds."""
    paths = _files(data, "psplib", set_, ".sm", limit)
    settings = (time_limit, workers, limit, peer, out, formulation)
    _run("psplib", set_, paths, read_psplib, psplib_known(data), settings)


@app.command("rcpsp-max")
def rcpsp_max(
    set_: Annotated[
        list[str], typer.Option("--set", help="ubo10, ubo20, j10, j20 or j30 (repeatable).")
    ],
    time_limit: TimeLimit = 10.0,
    workers: Workers = 1,
    limit: Limit = None,
    peer: Peer = False,
    data: DataOption = DEFAULT_DATA,
    out: Out = RESULTS,
    formulation: FormulationOption = Formulation.INTERVALS,
) -> None:
    """RCPSP/max (.sch) against the known optima; infeasible instances must be proven so."""
    paths = _files(data, "rcpsp_max", set_, ".sch", limit)
    settings = (time_limit, workers, limit, peer, out, formulation)
    _run("rcpsp-max", set_, paths, read_rcpsp_max, rcpsp_max_known(data), settings)


@app.command()
def scale(
    measures: Annotated[int, typer.Option(help="Number of measures.")] = 2000,
    sections: Annotated[int, typer.Option(help="Number of sections.")] = 15,
    months: Annotated[int, typer.Option(help="Months from plan start to horizon end.")] = 60,
    pools: Annotated[int, typer.Option(help="Number of support pools.")] = 4,
    time_limit: Annotated[float, typer.Option(help="Seconds for the long run.")] = 120.0,
    short_limit: Annotated[float, typer.Option(help="Seconds for the short run.")] = 10.0,
    workers: Workers = 1,
    seed: Annotated[int, typer.Option(help="Generator seed.")] = 1,
    out: Out = RESULTS,
) -> None:
    """A synthetic savings instance: plan, bounds and gap after 10 s and 120 s, memory."""
    from benchmarks.scale import run_scale

    run_scale(
        measures, sections, months, pools, short_limit, time_limit, workers, seed, out, _command()
    )


def _run(
    family: str,
    sets: list[str],
    paths: list[tuple[Path, str]],
    read: Reader,
    known: dict[str, Known],
    settings: tuple[float, int, int | None, bool, Path, Formulation],
) -> None:
    time_limit, workers, limit, peer, out, formulation = settings
    name = _name(family, sets, limit, time_limit, formulation)
    run_set(name, paths, read, known, time_limit, workers, peer, out, _command(), formulation)


if __name__ == "__main__":
    app()
