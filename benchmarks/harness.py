"""Run a benchmark set with our CP-SAT model (and optionally the peer) and write a table.

Per instance, in one process and one after the other (never in parallel, so that each
solver has the same cores): read the file, check the dependency graph, solve with
``Objective.MAKESPAN``, check the plan with the independent validator and recompute its
makespan from the plan; then the peer on the same instance with the same limits. Rows go to
``<out>/<name>.csv`` as they come (a long run can be watched and is not lost), the table
and its summary lines to ``<out>/<name>.md`` at the end.
"""

from __future__ import annotations

import csv
import datetime
import platform
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from benchmarks.known import Known
from benchmarks.peer import solve_with_pyjobshop
from scheduler.data import Instance, InstanceRuleError
from scheduler.graph import check_graph
from scheduler.io.instance import InputError
from scheduler.model.solver import Formulation, Objective, solve
from scheduler.validate import check_plan

Reader = Callable[[Path, str], Instance]


@dataclass(frozen=True)
class Row:
    """One instance: our result, the known value and (if run) the peer's result.

    ``time`` is wall time for building and solving (ours: graph check, greedy warm start,
    model, solve and, for an infeasible instance, the explanation); ``solve_time`` the
    solver's own time.
    """

    instance: str
    status: str
    value: int | None
    known: str
    bound: int | None
    time: float
    solve_time: float
    note: str = ""
    peer_status: str = ""
    peer_value: int | None = None
    peer_bound: int | None = None
    peer_time: float | None = None
    peer_solve_time: float | None = None


def solve_ours(
    instance: Instance, time_limit: float, workers: int, formulation: Formulation
) -> Row:
    """Graph check, CP-SAT with the makespan objective, validator and recomputed makespan."""
    started = time.perf_counter()
    try:
        check_graph(instance)
    except InstanceRuleError as error:
        seconds = time.perf_counter() - started
        return Row(instance.name, "infeasible", None, "", None, seconds, seconds, error.message)
    except ValueError as error:  # earliest times without a fixed point
        seconds = time.perf_counter() - started
        return Row(instance.name, "infeasible", None, "", None, seconds, seconds, str(error))
    result = solve(
        instance,
        time_limit=time_limit,
        workers=workers,
        objective=Objective.MAKESPAN,
        formulation=formulation,
    )
    seconds = time.perf_counter() - started
    note = ""
    value = result.objective
    if result.plan is not None:
        # The value is the makespan of the plan we hand out (after the solver's left shift,
        # which can only move measures earlier), recomputed from the plan and validated.
        violations = check_plan(instance, result.plan)
        value = max(item.effect for item in result.plan.measures)
        value -= instance.calendar.first_month
        if violations:
            note = f"INVALID PLAN: {violations[0]}"
        elif value != result.objective:
            note = f"left shift improved the solver's {result.objective} to {value}"
    return Row(
        instance=instance.name,
        status=result.status.value,
        value=value,
        known="",
        bound=result.bound,
        time=seconds,
        solve_time=result.runtime_seconds,
        note=note,
    )


def run_set(
    name: str,
    paths: Iterable[tuple[Path, str]],
    read: Reader,
    known: dict[str, Known],
    time_limit: float,
    workers: int,
    peer: bool,
    out: Path,
    command: str,
    formulation: Formulation = Formulation.INTERVALS,
) -> list[Row]:
    """Solve every ``(path, key)``; ``key`` names the instance in ``known``."""
    out.mkdir(parents=True, exist_ok=True)
    csv_path = out / f"{name}.csv"
    rows: list[Row] = []
    columns = [field.name for field in fields(Row)]
    with csv_path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=columns)
        writer.writeheader()
        for path, key in paths:
            known_value = known.get(key)
            try:
                instance = read(path, key)
            except InputError as error:  # a row of its own: the run goes on to the next file
                row = Row(
                    key, "unreadable", None, str(known_value or "?"), None, 0.0, 0.0, str(error)
                )
                rows.append(row)
                writer.writerow({column: _cell(getattr(row, column)) for column in columns})
                print(_progress(len(rows), row), flush=True)
                continue
            row = solve_ours(instance, time_limit, workers, formulation)
            row = _with(row, known=str(known_value) if known_value else "?")
            if peer:
                other = solve_with_pyjobshop(instance, time_limit, workers)
                row = _with(
                    row,
                    peer_status=other.status,
                    peer_value=other.value,
                    peer_bound=other.bound,
                    peer_time=other.seconds,
                    peer_solve_time=other.solve_seconds,
                    note="; ".join(
                        part for part in (row.note, other.note and f"peer: {other.note}") if part
                    ),
                )
            rows.append(row)
            writer.writerow({column: _cell(getattr(row, column)) for column in columns})
            stream.flush()
            print(_progress(len(rows), row), flush=True)
    summary = summarise(rows, known, peer)
    markdown = _markdown(name, rows, summary, peer, time_limit, workers, command)
    (out / f"{name}.md").write_text(markdown, encoding="utf-8")
    print("\n".join(summary))
    print(f"wrote {csv_path} and {out / f'{name}.md'}")
    return rows


def _with(row: Row, **changes: object) -> Row:
    values = {field.name: getattr(row, field.name) for field in fields(Row)}
    values.update(changes)
    return Row(**values)


def _cell(value: object) -> object:
    return f"{value:.3f}" if isinstance(value, float) else ("" if value is None else value)


def _progress(count: int, row: Row) -> str:
    text = f"{count:4d} {row.instance:<22} ours {row.status:<10} {row.value!s:>5} {row.time:6.2f}s"
    if row.peer_status:
        text += f" | peer {row.peer_status:<10} {row.peer_value!s:>5} {row.peer_time or 0:6.2f}s"
    return text + f" | known {row.known}" + (f" | {row.note}" if row.note else "")


@dataclass(frozen=True)
class _Outcome:
    status: str
    value: int | None
    bound: int | None
    time: float


def _tally(label: str, outcomes: list[tuple[_Outcome, Known | None]]) -> list[str]:
    """Summary lines of one solver against the known values."""
    optimal = [o for o, _ in outcomes if o.status == "optimal"]
    proven_known = [(o, k) for o, k in outcomes if k is not None and k.proven and k.value]
    matched_proven = [o for o, k in proven_known if o.status == "optimal" and o.value == k.value]
    infeasible = [(o, k) for o, k in outcomes if o.status == "infeasible"]
    known_infeasible = [k for _, k in outcomes if k is not None and k.infeasible]
    deviations = [
        100.0 * (o.value - k.value) / k.value
        for o, k in outcomes
        if k is not None and k.value and o.value is not None
    ]
    wrong = [
        o
        for o, k in outcomes
        if k is not None
        and (
            (o.status == "infeasible" and not k.infeasible)
            or (o.value is not None and k.infeasible)
            or (o.value is not None and k.lower_bound is not None and o.value < k.lower_bound)
            or (o.bound is not None and k.value is not None and k.proven and o.bound > k.value)
        )
    ]
    no_answer = [o for o, _ in outcomes if o.status == "unknown"]
    rejected = [o for o, _ in outcomes if o.status == "rejected"]
    times = [o.time for o, _ in outcomes]
    lines = [
        f"{label}: {len(optimal)}/{len(outcomes)} proven optimal; "
        f"{len(matched_proven)}/{len(proven_known)} proven optimal at the known optimum",
        f"{label}: {len(infeasible)} proven infeasible (known infeasible: "
        f"{len(known_infeasible)}); {len(no_answer)} without a plan or proof",
    ]
    if rejected:
        lines.append(f"{label}: {len(rejected)} instances refused as invalid input")
    if deviations:
        lines.append(
            f"{label}: mean deviation from the known value {statistics.mean(deviations):.2f} % "
            f"over {len(deviations)} instances with a plan (max {max(deviations):.2f} %)"
        )
    if times:
        lines.append(
            f"{label}: mean time {statistics.mean(times):.2f} s, median "
            f"{statistics.median(times):.2f} s, max {max(times):.2f} s, total {sum(times):.0f} s"
        )
    lines.append(f"{label}: {len(wrong)} results contradicting the known values")
    return lines


def summarise(rows: list[Row], known: dict[str, Known], peer: bool) -> list[str]:
    ours = [(_Outcome(r.status, r.value, r.bound, r.time), known.get(r.instance)) for r in rows]
    lines = _tally("ours", ours)
    invalid = [r for r in rows if r.note.startswith("INVALID")]
    shifted = [r for r in rows if r.note.startswith("left shift")]
    lines.append(
        f"ours: {len(invalid)} plans rejected by the validator; {len(shifted)} plans shorter "
        "after the left shift than the solver's own value"
    )
    if peer:
        theirs = [
            (
                _Outcome(r.peer_status, r.peer_value, r.peer_bound, r.peer_time or 0.0),
                known.get(r.instance),
            )
            for r in rows
        ]
        lines += _tally("peer", theirs)
    return lines


def _markdown(
    name: str,
    rows: list[Row],
    summary: list[str],
    peer: bool,
    time_limit: float,
    workers: int,
    command: str,
) -> str:
    header = ["instance", "status", "value", "known value", "proven bound", "time (s)"]
    if peer:
        header += ["peer status", "peer value", "peer bound", "peer time (s)"]
    lines = [
        f"# {name}",
        "",
        f"- command: `{command}`",
        f"- date: {datetime.date.today().isoformat()}",
        f"- machine: {platform.machine()}, {_cores()} cores, Python {platform.python_version()}, "
        f"{_versions()}",
        f"- time limit {time_limit:g} s, {workers} worker(s); times are wall seconds for "
        "building and solving one instance",
        "",
        *[f"- {line}" for line in summary],
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    for row in rows:
        cells: list[object] = [row.instance, row.status, row.value, row.known, row.bound]
        cells.append(f"{row.time:.2f}")
        if peer:
            cells += [row.peer_status, row.peer_value, row.peer_bound, f"{row.peer_time or 0:.2f}"]
        lines.append("| " + " | ".join("" if c is None else str(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0))


def _versions() -> str:
    parts = []
    for package in ("ortools", "pyjobshop"):
        try:
            parts.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            continue
    return ", ".join(parts)
