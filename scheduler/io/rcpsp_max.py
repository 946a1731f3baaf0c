"""Read a ProGen/max RCPSP/max file (``.sch``) into the domain model.

Mapping (details in :mod:`scheduler.io.project`): activity ``j`` (numbered from 0, the
dummy source, to ``n + 1``, the dummy sink) is measure ``J<j>`` with its duration as lead
time and effort 0 on a capacity-0 section ``jobs``; renewable resource ``k`` is pool
``R<k>`` with the activity's demand as ``support`` load. Every time lag ``j -> i [d]``
(``S_i >= S_j + d``) is a start-to-start dependency of ``J<i>`` on ``J<j>`` with
``min_lag = d``; a negative ``d`` is a maximum lag of the reverse pair and closes a cycle of
length <= 0, which :mod:`scheduler.graph` accepts (a cycle of positive length makes the
instance infeasible).

Horizon: ``sum_j max(p_j, largest lag out of j)``. If an RCPSP/max instance is feasible at
all, it has a feasible schedule that ends by this bound (Bartusch, Möhring and Radermacher
1988), so a solver that finds no schedule within it has proven the instance infeasible.

Format: line 1 ``n renewable nonrenewable ...``; then ``n + 2`` lines
``j modes successor_count successors... [lag]...``; then ``n + 2`` lines
``j mode duration demands...``; then one line of capacities. A malformed file raises
:class:`~scheduler.io.instance.InputError` naming file and line.
"""

from __future__ import annotations

from pathlib import Path

from scheduler.data import DependencyKind, Instance
from scheduler.io.project import (
    Arc,
    Job,
    Located,
    check_arcs,
    check_capacities,
    check_job,
    ints,
    located,
    project_instance,
    read_text,
)


def read_rcpsp_max(path: str | Path, name: str | None = None) -> Instance:
    """Read ``path``; the instance is called ``name`` (default: the file name)."""
    origin = str(path)
    return parse_rcpsp_max(read_text(origin), origin, name or Path(path).name)


def parse_rcpsp_max(text: str, origin: str, name: str = "rcpsp-max") -> Instance:
    """Parse the text of a ``.sch`` file (``origin`` names it in error messages)."""
    try:
        jobs, capacities, arcs = _parse(text.splitlines())
    except Located as error:
        raise located(origin, error) from None
    return project_instance(name, origin, jobs, capacities, arcs, safe_horizon(jobs, arcs))


def safe_horizon(jobs: list[Job], arcs: list[Arc]) -> int:
    """``sum_j max(p_j, largest lag out of j)``: a feasible instance has a schedule by then."""
    longest_lag = {job.number: job.duration for job in jobs}
    for arc in arcs:
        longest_lag[arc.predecessor] = max(longest_lag[arc.predecessor], arc.lag)
    return sum(longest_lag.values())


def _parse(lines: list[str]) -> tuple[list[Job], list[int], list[Arc]]:
    rows = [(number, text.split()) for number, text in enumerate(lines, start=1) if text.strip()]
    if not rows:
        raise Located(1, "the file is empty")
    first_line, first = rows[0]
    counts = ints(first[:3], first_line, "the first line (jobs, renewable, nonrenewable)")
    if len(counts) < 3:
        raise Located(first_line, "expected 'jobs renewable nonrenewable ...' on the first line")
    real_jobs, resources, nonrenewable = counts
    if real_jobs < 0 or resources < 0:
        raise Located(first_line, "negative counts on the first line")
    if nonrenewable != 0:
        raise Located(first_line, "only renewable resources are supported")
    job_count = real_jobs + 2
    if len(rows) < 2 * job_count + 2:
        where = rows[-1][0]
        raise Located(
            where,
            f"the file ends early: expected {2 * job_count + 2} lines for {real_jobs} jobs, "
            f"got {len(rows)}",
        )
    if len(rows) > 2 * job_count + 2:
        raise Located(rows[2 * job_count + 2][0], "unexpected line after the capacities")

    arcs: list[Arc] = []
    for expected, (line, fields) in enumerate(rows[1 : job_count + 1]):
        arcs += _successors(line, fields, expected)
    jobs: list[Job] = []
    for expected, (line, fields) in enumerate(rows[job_count + 1 : 2 * job_count + 1]):
        numbers = ints(fields, line, "an activity line")
        if len(numbers) < 3 or numbers[0] != expected:
            raise Located(line, f"expected 'job mode duration demands...' for job {expected}")
        job = Job(numbers[0], line, numbers[2], tuple(numbers[3:]))
        check_job(job, resources)
        jobs.append(job)
    capacity_line, capacity_fields = rows[2 * job_count + 1]
    capacities = ints(capacity_fields, capacity_line, "the resource capacities")
    check_capacities(capacities, resources, capacity_line)
    check_arcs(arcs, {job.number: job for job in jobs})
    return jobs, capacities, arcs


def _successors(line: int, fields: list[str], expected: int) -> list[Arc]:
    """The arcs of one precedence line ``j modes k successors... [lag]...``."""
    head = ints(fields[:3], line, "a precedence line")
    if len(head) < 3 or head[0] != expected:
        raise Located(line, f"expected 'job modes successor_count ...' for job {expected}")
    job, modes, count = head
    if modes != 1:
        raise Located(line, f"job {job} has {modes} modes; only single-mode files are read")
    if len(fields) != 3 + 2 * count:
        raise Located(line, f"job {job}: expected {count} successors and {count} lags")
    successors = ints(fields[3 : 3 + count], line, "the successor list")
    lags = []
    for field in fields[3 + count :]:
        if not (field.startswith("[") and field.endswith("]")):
            raise Located(line, f"job {job}: expected a lag in brackets, got {field!r}")
        lags += ints([field[1:-1]], line, "a lag")
    return [
        Arc(job, successor, DependencyKind.START_TO_START, lag, line)
        for successor, lag in zip(successors, lags, strict=True)
    ]
