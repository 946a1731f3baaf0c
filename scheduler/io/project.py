"""Classic project-scheduling benchmarks (RCPSP, RCPSP/max) as instances of the domain model.

The mapping, shared by :mod:`scheduler.io.psplib` and :mod:`scheduler.io.rcpsp_max`:

- A **job** is a measure ``J<number>`` (numbered as in the file) with ``duration`` = the
  job's duration, so that its lead time is the duration, its start ``effect - duration``
  and its effect month its finish. It saves nothing (no amounts), needs no decision and
  puts effort 0 on the one section ``jobs`` (capacity 0), which only exists because every
  measure must belong to a group of a section.
- Each **renewable resource** ``R<k>`` is a support pool with the resource's capacity,
  and a job's demand on it is its ``support`` load: every resource is treated alike, none
  is singled out as the "section". Capacities are constant over the calendar.
- **Precedences** are dependencies: PSPLIB's finish-to-start arcs as ``FS`` with lag 0;
  RCPSP/max's start-to-start time lags as ``SS`` with ``min_lag`` = the lag, so that a
  negative lag (a maximum lag of the reverse pair) is an SS arc with a negative minimum
  lag, closing a cycle of length <= 0 (see :mod:`scheduler.graph`).
- **Time**: a period is a month, starting in January of :data:`FIRST_YEAR`;
  ``plan_start = first_month`` and ``horizon_end = first_month + horizon``. The makespan is
  the last effect month minus ``first_month`` (``Objective.MAKESPAN`` in the solver).
- Everything the savings model needs and a benchmark does not give (targets, colours,
  council) is a neutral constant: no targets, colour classes of 100 % and duration 0,
  no council meetings.

The readers return the instance without running :func:`scheduler.graph.check_graph`: a
RCPSP/max instance whose time lags close a positive cycle is a valid file of an infeasible
problem, which the caller (the benchmark harness) reports as proven infeasible.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from scheduler.data import (
    Calendar,
    Capacity,
    Colour,
    ColourClass,
    Council,
    Dependency,
    DependencyKind,
    Group,
    Instance,
    Measure,
    month_of,
)
from scheduler.io.instance import InputError

FIRST_YEAR = 2000
"""The calendar year of period 0 (any year would do; this one keeps months readable)."""

SECTION_ID = "jobs"
MAX_DURATION = 120  # the domain model's limit on a measure's duration (months)
MAX_DEMAND = 100  # the domain model's limit on a support load
MAX_CAPACITY = 1000  # the domain model's limit on a pool's capacity


class Located(Exception):
    """A parse error at a 1-based line, turned into an :class:`InputError` by the reader."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Job:
    number: int
    line: int  # the line that defines its duration and demands
    duration: int
    demands: tuple[int, ...]


@dataclass(frozen=True)
class Arc:
    """``start(successor) >= start(predecessor) + lag`` (SS) or ``>= finish + lag`` (FS)."""

    predecessor: int
    successor: int
    kind: DependencyKind
    lag: int
    line: int


def measure_id(number: int) -> str:
    return f"J{number}"


def resource_id(index: int) -> str:
    return f"R{index + 1}"


def check_job(job: Job, resources: int) -> None:
    """Limits of the domain model, reported at the job's line."""
    if len(job.demands) != resources:
        raise Located(
            job.line, f"job {job.number} has {len(job.demands)} demands for {resources} resources"
        )
    if not 0 <= job.duration <= MAX_DURATION:
        raise Located(
            job.line, f"job {job.number}: duration {job.duration} is outside 0..{MAX_DURATION}"
        )
    for index, demand in enumerate(job.demands):
        if not 0 <= demand <= MAX_DEMAND:
            raise Located(
                job.line,
                f"job {job.number}: demand {demand} on {resource_id(index)} "
                f"is outside 0..{MAX_DEMAND}",
            )


def check_capacities(capacities: list[int], resources: int, line: int) -> None:
    if len(capacities) != resources:
        raise Located(line, f"expected {resources} resource capacities, got {len(capacities)}")
    for index, capacity in enumerate(capacities):
        if not 0 <= capacity <= MAX_CAPACITY:
            raise Located(
                line,
                f"capacity {capacity} of {resource_id(index)} is outside 0..{MAX_CAPACITY}",
            )


def check_arcs(arcs: list[Arc], jobs: dict[int, Job]) -> None:
    for arc in arcs:
        if arc.successor not in jobs:
            raise Located(
                arc.line, f"job {arc.predecessor} has an unknown successor {arc.successor}"
            )
        if arc.successor == arc.predecessor:
            raise Located(arc.line, f"job {arc.predecessor} is its own successor")


def project_instance(
    name: str,
    origin: str,
    jobs: list[Job],
    capacities: list[int],
    arcs: list[Arc],
    horizon: int,
) -> Instance:
    """The domain-model instance of a parsed benchmark file (see the module docstring)."""
    first_month = month_of(FIRST_YEAR)
    depends_on: dict[int, list[Dependency]] = {job.number: [] for job in jobs}
    for arc in arcs:
        depends_on[arc.successor].append(
            Dependency(measure=measure_id(arc.predecessor), kind=arc.kind, min_lag=arc.lag)
        )
    neutral = ColourClass(realisation_pct=100, duration=0, effort=0)
    try:
        return Instance(
            name=name,
            source=origin,
            calendar=Calendar(
                first_month=first_month,
                plan_start=first_month,
                horizon_end=first_month + horizon,
                last_amount_year=FIRST_YEAR,
                first_year_default_effect=first_month,
            ),
            targets=(),
            colours=dict.fromkeys(Colour, neutral),
            sections=(Capacity(id=SECTION_ID, name="jobs (no capacity of its own)", capacity=0),),
            pools=tuple(
                Capacity(id=resource_id(index), name=f"resource {index + 1}", capacity=capacity)
                for index, capacity in enumerate(capacities)
            ),
            council=Council(
                meetings=(), case_lead_months=0, budget_month=12, union_consultation_months=0
            ),
            groups=(Group(id=SECTION_ID, section=SECTION_ID, name="all jobs", line=1),),
            measures=tuple(
                Measure(
                    id=measure_id(job.number),
                    name=f"job {job.number}",
                    group=SECTION_ID,
                    line=job.line,
                    colour=Colour.GREEN,
                    colour_reason="benchmark job",
                    depends_on=tuple(depends_on[job.number]),
                    support={
                        resource_id(index): demand
                        for index, demand in enumerate(job.demands)
                        if demand > 0
                    },
                    duration=job.duration,
                    effort=0,
                )
                for job in jobs
            ),
        )
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or "instance"
        raise InputError(f"{origin}: {where}: {first['msg']}") from None


def sum_durations(jobs: list[Job]) -> int:
    return sum(job.duration for job in jobs)


def ints(fields: list[str], line: int, what: str) -> list[int]:
    """Integers of a line's fields, or a located error naming what was expected."""
    try:
        return [int(field) for field in fields]
    except ValueError:
        raise Located(line, f"expected integers in {what}, got {' '.join(fields)!r}") from None


def read_text(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as stream:
            return stream.read()
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read: {error}") from None


def located(origin: str, error: Located) -> InputError:
    return InputError(f"{origin}: line {error.line}: {error.message}")
