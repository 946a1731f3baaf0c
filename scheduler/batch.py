"""Sensitivity batches: many scenarios of one base, as grids and as Monte Carlo draws.

A batch names a base (an instance or scenario file), the parameters to vary and how: a
*grid* gives each parameter a list or a range of values and takes every combination; a
*Monte Carlo* part draws ``draws`` points, each parameter from a distribution, with the
batch's seed. Each point is a scenario (:mod:`scheduler.scenario`) built from the
parameters' values, and is either re-optimised or, with ``plan``, the plan evaluated under
it (thousands of times cheaper: attainment probabilities of a chosen plan).

Parameters are paths into a scenario's changes:

| parameter | meaning |
|---|---|
| ``realisation_pct.<colour>`` / ``duration.<colour>`` / ``effort.<colour>`` | a colour's default |
| ``realisation_pct.each_red`` | every red measure's realisation drawn on its own (Monte Carlo) |
| ``capacity_add.<unit>`` | capacity units added (or, negative, removed) from the plan start on |
| ``council.delay_months`` / ``council.case_lead_months`` | the council's calendar |
| ``plan_start`` | months after the base's plan start (0, 1, ...) |
| ``targets.<year>`` | a target year's amount |
| ``measures.<id>.<field>`` | one measure: ``realisation_pct``, ``duration``, ``effort`` |

Everything is checked before any solve starts (:func:`expand` raises
:class:`BatchError` naming the field): an unknown parameter, colour, unit, year or
measure; an empty list; a range with step 0 or one that holds no value; a distribution
that is not one of ``uniform``, ``triangular``, ``choice``; and every value of every
parameter applied to the base through the scenario model.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
from collections.abc import Iterator, Sequence
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    model_validator,
)

from scheduler.data import Colour, Instance, format_month

Number = int | float


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Range(_Frozen):
    start: Number
    stop: Number  # included when a step lands on it
    step: Number

    @model_validator(mode="after")
    def _steps(self) -> Range:
        if self.step == 0:
            raise ValueError("step must not be 0")
        if (self.stop - self.start) / self.step < 0:
            raise ValueError("the range holds no value: step goes away from stop")
        if (self.stop - self.start) / self.step > MAX_POINTS:
            raise ValueError(f"the range holds more than {MAX_POINTS} values")
        return self

    def values(self) -> list[Number]:
        count = int(round((self.stop - self.start) / self.step, 9)) + 1
        return [self.start + index * self.step for index in range(count)]


class Distribution(_Frozen):
    """Exactly one of: ``uniform: [low, high]``, ``triangular: [low, mode, high]``,
    ``choice: [values...]``."""

    uniform: tuple[Number, Number] | None = None
    triangular: tuple[Number, Number, Number] | None = None
    choice: Annotated[tuple[Number, ...], Field(min_length=1)] | None = None

    @model_validator(mode="after")
    def _one(self) -> Distribution:
        given = [d for d in (self.uniform, self.triangular, self.choice) if d is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of uniform, triangular and choice")
        if self.uniform is not None and self.uniform[0] > self.uniform[1]:
            raise ValueError("uniform: low is above high")
        if self.triangular is not None and not (
            self.triangular[0] <= self.triangular[1] <= self.triangular[2]
        ):
            raise ValueError("triangular: need low <= mode <= high")
        return self

    def draw(self, rng: random.Random) -> Number:
        """A whole number for every distribution: the parameters are percents, months and
        units."""
        if self.uniform is not None:
            return round(rng.uniform(*self.uniform))
        if self.triangular is not None:
            low, mode, high = self.triangular
            return round(rng.triangular(low, high, mode))
        assert self.choice is not None
        return rng.choice(self.choice)


MAX_POINTS = 100_000
"""The most scenarios one batch may hold (a grid's product, or draws)."""

GridValues = Annotated[
    Annotated[list[Number], Field(min_length=1), Tag("list")] | Annotated[Range, Tag("range")],
    Discriminator(lambda value: "range" if isinstance(value, dict | Range) else "list"),
]
"""A grid parameter's values: a list, or a range ``{start, stop, step}`` (errors name the
one that was given, not both)."""


class BatchSpec(_Frozen):
    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    base: str = Field(min_length=1, description="Instance or scenario file, relative to this.")
    plan: str | None = Field(
        default=None, description="A plan.json to evaluate under each point instead of solving."
    )
    grid: dict[str, GridValues] = Field(default_factory=dict)
    draws: Annotated[int, Field(ge=0, le=MAX_POINTS)] = 0
    random_: dict[str, Distribution] = Field(default_factory=dict, alias="random")
    seed: Annotated[int, Field(ge=0, le=2**31 - 1)] = 0
    time_limit: Annotated[float, Field(gt=0, le=3600)] = 10.0

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    @model_validator(mode="after")
    def _something(self) -> BatchSpec:
        if not self.grid and not self.draws:
            raise ValueError("give a grid, or draws with random parameters")
        if self.draws and not self.random_:
            raise ValueError("draws need random parameters")
        if self.random_ and not self.draws:
            raise ValueError("random parameters need draws")
        return self


class BatchError(ValueError):
    """A batch that cannot run: ``field`` is its path in the batch file."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def points(spec: BatchSpec) -> Iterator[dict[str, Number]]:
    """Every point of the batch: the grid's combinations, then the draws (each draw also
    takes the grid's first values, so grid and draws can be mixed)."""
    names = list(spec.grid)
    values = [v.values() if isinstance(v, Range) else list(v) for v in spec.grid.values()]
    if names:
        for combination in itertools.product(*values):
            yield dict(zip(names, combination, strict=True))
    rng = random.Random(spec.seed)
    first = {name: options[0] for name, options in zip(names, values, strict=True)}
    for _ in range(spec.draws):
        yield {**first, **{name: d.draw(rng) for name, d in spec.random_.items()}}


def point_count(spec: BatchSpec) -> int:
    product = 1
    for values in spec.grid.values():
        product *= len(values.values() if isinstance(values, Range) else values)
    return (product if spec.grid else 0) + spec.draws


def changes(base: Instance, point: dict[str, Number], seed: int = 0) -> dict[str, Any]:
    """The scenario changes (plain data) of one point; ``seed`` draws each red measure's
    own realisation for ``realisation_pct.each_red``."""
    data: dict[str, Any] = {}
    for parameter, value in point.items():
        _set(base, data, parameter, value, seed)
    return data


def _set(base: Instance, data: dict[str, Any], parameter: str, value: Number, seed: int) -> None:
    parts = parameter.split(".")
    head = parts[0]
    if head in ("realisation_pct", "duration", "effort") and len(parts) == 2:
        if parts[1] == "each_red" and head == "realisation_pct":
            rng = random.Random(f"{seed}:{value}")
            for measure in base.measures:
                if measure.colour == Colour.RED:
                    share = max(0, min(100, round(rng.gauss(value, 15))))
                    data.setdefault("measures", {}).setdefault(measure.id, {})[head] = share
            return
        if parts[1] not in {colour.value for colour in Colour}:
            raise BatchError(parameter, f"no colour {parts[1]!r} (red, yellow, green)")
        data.setdefault(head, {})[parts[1]] = _whole(parameter, value)
    elif head == "capacity_add" and len(parts) == 2:
        if parts[1] not in {unit.id for unit in base.sections + base.pools}:
            raise BatchError(parameter, f"the base has no section or pool {parts[1]}")
        first = format_month(base.calendar.plan_start)
        data.setdefault("capacity", []).append(
            {"unit": parts[1], "first": first, "add": _whole(parameter, value)}
        )
    elif head == "council" and len(parts) == 2 and parts[1] in ("delay_months", "case_lead_months"):
        data.setdefault("council", {})[parts[1]] = _whole(parameter, value)
    elif head == "plan_start" and len(parts) == 1:
        data["plan_start"] = format_month(base.calendar.plan_start + _whole(parameter, value))
    elif head == "targets" and len(parts) == 2 and parts[1].isdigit():
        if int(parts[1]) not in {target.year for target in base.targets}:
            raise BatchError(parameter, f"the base has no target for {parts[1]}")
        data.setdefault("targets", {})[int(parts[1])] = _whole(parameter, value)
    elif head == "measures" and len(parts) >= 3:
        measure_id, field = ".".join(parts[1:-1]), parts[-1]
        if measure_id not in {m.id for m in base.measures}:
            raise BatchError(parameter, f"the base has no measure {measure_id}")
        if field not in ("realisation_pct", "duration", "effort"):
            raise BatchError(
                parameter, f"cannot vary {field!r} (realisation_pct, duration, effort)"
            )
        data.setdefault("measures", {}).setdefault(measure_id, {})[field] = _whole(parameter, value)
    else:
        raise BatchError(parameter, "unknown parameter (see docs/batches.md for the list)")


def _whole(parameter: str, value: Number) -> int:
    if float(value) != int(value):
        raise BatchError(parameter, f"expected a whole number, got {value}")
    return int(value)


def check(spec: BatchSpec, base: Instance, validate: Any) -> None:
    """Every value of every parameter, the others at their first value, through
    ``validate(changes)`` (the scenario and instance models); raise :class:`BatchError`."""
    firsts = next(iter(points(spec)))
    for parameter, values in [
        *((name, v.values() if isinstance(v, Range) else v) for name, v in spec.grid.items()),
        *((name, _extremes(d)) for name, d in spec.random_.items()),
    ]:
        for value in values:
            point = {**firsts, parameter: value}
            try:
                validate(changes(base, point, spec.seed))
            except BatchError:
                raise
            except (ValueError, ValidationError) as error:
                raise BatchError(parameter, f"{value}: {error}") from None


def _extremes(distribution: Distribution) -> Sequence[Number]:
    if distribution.uniform is not None:
        return distribution.uniform
    if distribution.triangular is not None:
        return (distribution.triangular[0], distribution.triangular[2])
    assert distribution.choice is not None
    return distribution.choice


def base_digest(base: Instance) -> str:
    """The base instance's fingerprint, computed once per batch."""
    return hashlib.sha256(base.model_dump_json().encode("utf-8")).hexdigest()


def input_hash(digest: str, data: dict[str, Any]) -> str:
    """What a row was computed from: the base (its ``digest``) and the point's changes."""
    text = digest + json.dumps(data, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
