"""Fuzzing the readers: every input either reads or is refused with an InputError, never
another exception.

Each reader gets the tiny fixture mutated at random: a value anywhere in its structure
replaced by arbitrary data, a key removed or added, or its text cut and spliced. CI runs a
hundred inputs per reader; the fuzz run (docs/performance.md) 10 000:

    SCHEDULER_FUZZ_EXAMPLES=10000 pytest tests/test_fuzz.py
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

import openpyxl
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

from scheduler.io.excel import read_instance_workbook, write_instance_workbook
from scheduler.io.instance import InputError, load_instance, parse_instance
from scheduler.io.plan import read_plan
from scheduler.rules import plan_of

FIXTURE = Path(__file__).parent / "fixtures" / "tiny.yaml"
FIXTURE_TEXT = FIXTURE.read_text(encoding="utf-8")
TINY = load_instance(FIXTURE)
PLAN = json.loads(
    plan_of(TINY, {m.id: TINY.planned_effect_of(m) for m in TINY.measures}).model_dump_json()
)

EXAMPLES = int(os.environ.get("SCHEDULER_FUZZ_EXAMPLES", "100"))
FEW = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))

# Arbitrary plain data, as YAML or JSON may hold it.
ANY = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in nested dicts and lists."""
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


@st.composite
def mutated(draw: st.DrawFn, data: Any) -> Any:
    """``data`` with one place replaced, removed or given a new key."""
    data = json.loads(json.dumps(data))
    paths = _paths(data)
    path = draw(st.sampled_from(paths[1:]))
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    action = draw(st.sampled_from(["replace", "remove", "add"]))
    if action == "replace":
        parent[path[-1]] = draw(ANY)
    elif action == "remove":
        del parent[path[-1]]
    elif isinstance(parent, dict):
        parent[draw(st.text(max_size=8))] = draw(ANY)
    else:
        parent.insert(path[-1], draw(ANY))
    return data


@st.composite
def spliced(draw: st.DrawFn, text: str) -> str:
    """``text`` with a slice cut out and arbitrary text put in its place."""
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, min(len(text), start + 40)))
    return text[:start] + draw(st.text(max_size=20)) + text[end:]


def _reads_or_refuses(read: Any, *arguments: Any) -> None:
    with contextlib.suppress(InputError):
        read(*arguments)


TINY_DATA = yaml.safe_load(FIXTURE_TEXT)


@FEW
@given(data=mutated(TINY_DATA))
def test_instance_data_reads_or_is_refused(data: Any) -> None:
    _reads_or_refuses(parse_instance, yaml.safe_dump(data, allow_unicode=True), "fuzz.yaml")


@FEW
@given(text=spliced(FIXTURE_TEXT))
def test_instance_text_reads_or_is_refused(text: str) -> None:
    _reads_or_refuses(parse_instance, text, "fuzz.yaml")


@FEW
@given(data=mutated(PLAN))
def test_plan_files_read_or_are_refused(data: Any, tmp_path_factory: Any) -> None:
    path = tmp_path_factory.mktemp("plan") / "plan.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    _reads_or_refuses(read_plan, path)


SHEETS = ["Measures", "Groups", "Sections", "Pools", "Colours", "Targets", "Calendar"]


@settings(
    max_examples=max(20, EXAMPLES // 5) if EXAMPLES < 1000 else EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(
    sheet=st.sampled_from(SHEETS),
    row=st.integers(1, 8),
    column=st.integers(1, 30),
    value=st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats()
    | st.text(max_size=30),
)
def test_workbooks_read_or_are_refused(
    sheet: str, row: int, column: int, value: Any, tmp_path_factory: Any
) -> None:
    path = tmp_path_factory.mktemp("book") / "tiny.xlsx"
    write_instance_workbook(path, TINY)
    book = openpyxl.load_workbook(path)
    try:
        book[sheet].cell(row, column).value = value
    except IllegalCharacterError:  # openpyxl refuses control characters itself
        return
    book.save(path)
    _reads_or_refuses(read_instance_workbook, path)
