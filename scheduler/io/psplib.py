"""Read a PSPLIB single-mode RCPSP file (``.sm``) into the domain model.

Mapping (details in :mod:`scheduler.io.project`): job ``j`` is measure ``J<j>`` with its
duration as lead time and effort 0 on a capacity-0 section ``jobs``; renewable resource
``k`` is pool ``R<k>`` and a job's request on it is its ``support`` load; every precedence
is a finish-to-start dependency with lag 0; period 0 is January 2000, the plan starts there
and the horizon ends ``horizon`` periods later (the file's horizon, the sum of durations,
so every feasible order of the jobs fits). The dummy source and sink (duration 0, no
demand) are kept as ordinary measures.

Format (Kolisch and Sprecher 1996): header lines ``key : value``, then the blocks
``PRECEDENCE RELATIONS:``, ``REQUESTS/DURATIONS:`` and ``RESOURCEAVAILABILITIES:``, each
after one header line (requests also after a line of dashes) and ending at a line of
``*``. A malformed file raises :class:`~scheduler.io.instance.InputError` naming file and
line.
"""

from __future__ import annotations

import re
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

_HEADER = re.compile(r"^\s*(?P<key>[^:]+?)\s*:\s*(?P<value>.*?)\s*$")


def read_psplib(path: str | Path, name: str | None = None) -> Instance:
    """Read ``path``; the instance is called ``name`` (default: the file name)."""
    origin = str(path)
    return parse_psplib(read_text(origin), origin, name or Path(path).name)


def parse_psplib(text: str, origin: str, name: str = "psplib") -> Instance:
    """Parse the text of a ``.sm`` file (``origin`` names it in error messages)."""
    try:
        jobs, capacities, arcs, horizon = _parse(text.splitlines())
    except Located as error:
        raise located(origin, error) from None
    return project_instance(name, origin, jobs, capacities, arcs, horizon)


def _parse(lines: list[str]) -> tuple[list[Job], list[int], list[Arc], int]:
    header = _header_values(lines)
    job_count = _header_int(header, "jobs (incl. supersource/sink )", lines)
    horizon = _header_int(header, "horizon", lines)
    renewable_line, renewable_text = header.get("- renewable", (0, ""))
    if not renewable_line:
        raise Located(len(lines), "missing header line '- renewable : <count> R'")
    resources = ints(renewable_text.split()[:1], renewable_line, "the renewable count")[0]
    for key in ("- nonrenewable", "- doubly constrained"):
        line, value = header.get(key, (0, "0"))
        if value.split()[:1] != ["0"]:
            raise Located(line, f"only renewable resources are supported ({key[2:]}: {value})")

    successors: dict[int, tuple[int, list[int]]] = {}
    for line, fields in _block(lines, "PRECEDENCE RELATIONS:", skip=1):
        numbers = ints(fields, line, "a precedence line")
        if len(numbers) < 3 or len(numbers) != 3 + numbers[2]:
            raise Located(line, "expected 'job modes successor_count successors...'")
        number, modes = numbers[0], numbers[1]
        if modes != 1:
            raise Located(line, f"job {number} has {modes} modes; only single-mode files are read")
        if number in successors:
            raise Located(line, f"job {number} is listed twice")
        successors[number] = (line, numbers[3:])

    jobs: dict[int, Job] = {}
    for line, fields in _block(lines, "REQUESTS/DURATIONS:", skip=2):
        numbers = ints(fields, line, "a request line")
        if len(numbers) < 3:
            raise Located(line, "expected 'job mode duration demands...'")
        job = Job(numbers[0], line, numbers[2], tuple(numbers[3:]))
        if job.number in jobs:
            raise Located(line, f"job {job.number} is listed twice")
        check_job(job, resources)
        jobs[job.number] = job

    availability = list(_block(lines, "RESOURCEAVAILABILITIES:", skip=1))
    if len(availability) != 1:
        where = availability[1][0] if availability else len(lines)
        raise Located(where, "expected one line of resource availabilities")
    capacity_line, capacity_fields = availability[0]
    capacities = ints(capacity_fields, capacity_line, "the resource availabilities")
    check_capacities(capacities, resources, capacity_line)

    expected = list(range(1, job_count + 1))
    for what, numbers, where in (
        ("precedence", sorted(successors), _first_line(lines, "PRECEDENCE RELATIONS:")),
        ("request", sorted(jobs), _first_line(lines, "REQUESTS/DURATIONS:")),
    ):
        if numbers != expected:
            raise Located(
                where, f"the {what} block lists jobs {_span(numbers)}, not 1..{job_count}"
            )
    arcs = [
        Arc(number, successor, DependencyKind.FINISH_TO_START, 0, line)
        for number, (line, listed) in sorted(successors.items())
        for successor in listed
    ]
    check_arcs(arcs, jobs)
    return [jobs[number] for number in expected], capacities, arcs, horizon


def _header_values(lines: list[str]) -> dict[str, tuple[int, str]]:
    """``key -> (line, value)`` of the ``key : value`` lines before the first block."""
    values: dict[str, tuple[int, str]] = {}
    for number, text in enumerate(lines, start=1):
        if text.strip().startswith("PRECEDENCE RELATIONS"):
            break
        match = _HEADER.match(text)
        if match and not text.strip().startswith("*"):
            values[match.group("key")] = (number, match.group("value"))
    return values


def _header_int(header: dict[str, tuple[int, str]], key: str, lines: list[str]) -> int:
    if key not in header:
        raise Located(len(lines), f"missing header line '{key} : <number>'")
    line, value = header[key]
    number = ints(value.split()[:1] or [value], line, f"'{key}'")[0]
    if number < 0:
        raise Located(line, f"'{key}' must not be negative")
    return number


def _first_line(lines: list[str], title: str) -> int:
    for number, text in enumerate(lines, start=1):
        if text.strip() == title:
            return number
    raise Located(len(lines), f"missing block '{title}'")


def _block(lines: list[str], title: str, skip: int) -> list[tuple[int, list[str]]]:
    """(line, fields) of the data lines of a block: after its title and ``skip`` header
    lines, up to the next line of ``*`` (or the end of the file)."""
    start = _first_line(lines, title) + skip
    rows: list[tuple[int, list[str]]] = []
    for number in range(start + 1, len(lines) + 1):
        text = lines[number - 1]
        if text.strip().startswith("*"):
            return rows
        if text.strip():
            rows.append((number, text.split()))
    return rows


def _span(numbers: list[int]) -> str:
    if not numbers:
        return "none"
    return f"{numbers[0]}..{numbers[-1]} ({len(numbers)} jobs)"
