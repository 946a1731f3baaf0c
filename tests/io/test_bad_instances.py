"""Broken instances through the real CLI: each is one small edit of ``tests/fixtures/tiny.yaml``.

Every case must end in exit code 2 with exactly one line on stderr that names the file, the
item (where the error belongs to one), the field and the rule that was broken — never a
traceback, never a silently accepted value.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from scheduler.cli import app

FIXTURE = Path(__file__).parent.parent / "fixtures" / "tiny.yaml"
FIXTURE_TEXT = FIXTURE.read_text(encoding="utf-8")

runner = CliRunner()

# Nine levels of nine references to the level below: 9**8 strings once expanded.
ALIAS_BOMB = (
    "source: ["
    + ", ".join(
        ['&a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
        + [
            f"&{name} [" + ", ".join([f"*{below}"] * 9) + "]"
            for below, name in zip("abcdefg", "bcdefgh", strict=True)
        ]
    )
    + "]\n"
)


# --- building broken files ------------------------------------------------------------------
def _measure(data: dict[str, Any], measure_id: str) -> dict[str, Any]:
    return next(m for m in data["measures"] if m["id"] == measure_id)


def _group(data: dict[str, Any], group_id: str) -> dict[str, Any]:
    return next(g for g in data["groups"] if g["id"] == group_id)


def structural(edit: Callable[[dict[str, Any]], object]) -> Callable[[], str]:
    """Parse the fixture, apply ``edit`` to the data and dump it back to YAML."""

    def build() -> str:
        data = yaml.safe_load(FIXTURE_TEXT)
        edit(data)
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)

    return build


def textual(old: str, new: str) -> Callable[[], str]:
    """Replace the one occurrence of ``old`` in the fixture text by ``new``."""

    def build() -> str:
        assert FIXTURE_TEXT.count(old) == 1, f"edit target {old!r} is not unique"
        return FIXTURE_TEXT.replace(old, new)

    return build


def raw(text: str) -> Callable[[], str]:
    return lambda: text


def line_of(fragment: str) -> int:
    """1-based line of the fixture where ``fragment`` (unique) occurs."""
    assert FIXTURE_TEXT.count(fragment) == 1
    return FIXTURE_TEXT[: FIXTURE_TEXT.index(fragment)].count("\n") + 1


def set_in(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """Edit: set a field of a measure (``"A-1.2.colour"``-style: measure id, then field)."""
    measure_id, field = path.rsplit(".", 1)

    def edit(data: dict[str, Any]) -> None:
        _measure(data, measure_id)[field] = value

    return edit


def drop(measure_id: str, field: str) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        del _measure(data, measure_id)[field]

    return edit


def depend(measure_id: str, *dependencies: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        _measure(data, measure_id).setdefault("depends_on", []).extend(dependencies)

    return edit


def edits(*steps: Callable[[dict[str, Any]], object]) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        for step in steps:
            step(data)

    return edit


def rename_key(measure_id: str, old: str, new: str) -> Callable[[dict[str, Any]], None]:
    """Rename a key in place (keeping the key order, as a typo in the file would)."""

    def edit(data: dict[str, Any]) -> None:
        measure = _measure(data, measure_id)
        items = [(new if key == old else key, value) for key, value in measure.items()]
        measure.clear()
        measure.update(items)

    return edit


# --- the table ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    build: Callable[[], str] | None  # None: the file does not exist
    item: str | None  # e.g. "measure A-1.2"; None where the error belongs to no item
    field: str | None  # printed as field '<field>'; None for file-level errors
    rule: str | re.Pattern[str]  # a fragment stating the rule (plain text or a regex)


CASES: dict[str, Case] = {
    # missing required fields
    "missing-name": Case(
        structural(drop("A-1.2", "name")), "measure A-1.2", "name", "required field is missing"
    ),
    "missing-colour": Case(
        structural(drop("A-1.2", "colour")), "measure A-1.2", "colour", "required field is missing"
    ),
    "missing-group": Case(
        structural(drop("B-1.1", "group")), "measure B-1.1", "group", "required field is missing"
    ),
    # references
    "unknown-section-on-group": Case(
        structural(lambda d: _group(d, "B-1").update(section="C")),
        "group B-1",
        "section",
        "unknown section 'C'",
    ),
    "unknown-group-on-measure": Case(
        structural(set_in("A-1.2.group", "Z-9")), "measure A-1.2", "group", "unknown group 'Z-9'"
    ),
    "unknown-support-pool": Case(
        structural(set_in("B-1.1.support", {"IT": 1})),
        "measure B-1.1",
        "support",
        "unknown support pool 'IT'",
    ),
    "unknown-dependency": Case(
        structural(depend("A-1.3", {"measure": "A-1.9"})),
        "measure A-1.3",
        "depends_on",
        "unknown measure 'A-1.9'",
    ),
    # uniqueness
    "duplicate-measure-id": Case(
        structural(set_in("B-1.2.id", "A-1.1")), "measure A-1.1", "id", "duplicate id 'A-1.1'"
    ),
    "duplicate-group-id": Case(
        structural(lambda d: _group(d, "B-1").update(id="A-1")),
        "group A-1",
        "id",
        "duplicate id 'A-1'",
    ),
    "duplicate-yaml-key-in-measure": Case(
        textual(
            "    colour: green\n    colour_reason: small\n",
            "    colour: green\n    colour: red\n    colour_reason: small\n",
        ),
        "measure A-1.1",
        "colour",
        re.compile(rf"line {line_of('colour_reason: small')}: .*duplicate key"),
    ),
    "duplicate-yaml-key-in-amounts": Case(
        textual("amounts: {2026: 240}", "amounts: {2026: 240, 2026: 24}"),
        "measure A-1.2",
        "amounts.2026",
        re.compile(rf"line {line_of('amounts: {2026: 240}')}: .*duplicate key"),
    ),
    # instance-level fields
    "missing-instance-name": Case(
        structural(lambda d: d.pop("name")), "instance", "name", "required field is missing"
    ),
    "missing-colour-class": Case(
        structural(lambda d: d["colours"].pop("green")),
        "instance",
        "colours",
        "missing colour classes: green",
    ),
    "plan-start-after-horizon": Case(
        structural(lambda d: d["calendar"].update(plan_start="2028-01")),
        "calendar",
        "plan_start",
        "need first_month <= plan_start <= horizon_end",
    ),
    "council-meeting-outside-horizon": Case(
        structural(lambda d: d["council"]["meetings"].append("2028-03")),
        "council",
        "meetings.4",
        "meeting 2028-03 is outside the horizon",
    ),
    # dependency graph
    "self-dependency": Case(
        structural(depend("A-1.3", {"measure": "A-1.3"})),
        "measure A-1.3",
        "depends_on",
        "a measure cannot depend on itself",
    ),
    "two-cycle": Case(
        structural(depend("A-1.1", {"measure": "A-1.2"})),
        "measure A-1.1",
        "depends_on",
        "dependency cycle A-1.1 -> A-1.2 -> A-1.1",
    ),
    "three-cycle": Case(
        structural(
            edits(depend("A-1.3", {"measure": "A-1.2"}), depend("A-1.1", {"measure": "A-1.3"}))
        ),
        "measure A-1.1",
        "depends_on",
        "dependency cycle A-1.1 -> A-1.2 -> A-1.3 -> A-1.1",
    ),
    "dependency-makes-latest-effect-impossible": Case(
        structural(
            edits(
                set_in("A-1.1.earliest_effect", "2026-06"), set_in("A-1.2.latest_effect", "2026-03")
            )
        ),
        "measure A-1.2",
        "latest_effect",
        re.compile(r"cannot take effect by 2026-03: .*\(chain A-1\.1 -> A-1\.2\)"),
    ),
    "dependency-pushes-past-horizon": Case(
        structural(edits(set_in("A-1.1.earliest_effect", "2027-11"), set_in("A-1.2.duration", 6))),
        "measure A-1.2",
        "depends_on",
        re.compile(r"cannot take effect by 2027-12: .*\(chain A-1\.1 -> A-1\.2\)"),
    ),
    "max-lag-below-min-lag": Case(
        structural(depend("A-1.3", {"measure": "A-1.1", "min_lag": 3, "max_lag": 1})),
        "measure A-1.3",
        "depends_on.0.max_lag",
        "max_lag is smaller than min_lag",
    ),
    "lag-longer-than-horizon": Case(
        structural(depend("A-1.3", {"measure": "A-1.1", "min_lag": -40})),
        "measure A-1.3",
        "depends_on.0.min_lag",
        "lag -40 is longer than the horizon (35 months)",
    ),
    # numbers
    "negative-duration": Case(
        structural(set_in("A-1.1.duration", -1)),
        "measure A-1.1",
        "duration",
        "greater than or equal to 0",
    ),
    "amount-is-a-string": Case(
        structural(set_in("A-1.2.amounts", {2026: "12 kNOK"})),
        "measure A-1.2",
        "amounts.2026",
        re.compile(r"valid integer.*'12 kNOK'"),
    ),
    "amount-is-a-float": Case(
        structural(set_in("A-1.2.amounts", {2026: 12.5})),
        "measure A-1.2",
        "amounts.2026",
        re.compile(r"valid integer.*12\.5"),
    ),
    "amount-is-a-whole-float": Case(
        structural(set_in("A-1.2.amounts", {2026: 12.0})),
        "measure A-1.2",
        "amounts.2026",
        "valid integer",
    ),
    "amount-year-outside-amount-years": Case(
        structural(set_in("A-1.2.amounts", {2026: 240, 2027: 240})),
        "measure A-1.2",
        "amounts.2027",
        "year outside 2025-2026",
    ),
    "realisation-pct-over-100": Case(
        structural(lambda d: d["colours"]["red"].update(realisation_pct=150)),
        "colour red",
        "realisation_pct",
        "less than or equal to 100",
    ),
    # months and windows
    "planned-effect-outside-horizon": Case(
        structural(set_in("B-1.1.planned_effect", "2028-03")),
        "measure B-1.1",
        "planned_effect",
        "2028-03 is outside the horizon 2025-01..2027-12",
    ),
    "fixed-effect-outside-horizon": Case(
        structural(set_in("A-1.3.fixed_effect", "2024-12")),
        "measure A-1.3",
        "fixed_effect",
        "2024-12 is outside the horizon 2025-01..2027-12",
    ),
    "month-13": Case(
        structural(set_in("B-1.1.planned_effect", "2025-13")),
        "measure B-1.1",
        "planned_effect",
        "expected a month as 'YYYY-MM', got '2025-13'",
    ),
    "month-as-word": Case(
        structural(set_in("A-1.3.earliest_effect", "july")),
        "measure A-1.3",
        "earliest_effect",
        "expected a month as 'YYYY-MM', got 'july'",
    ),
    "earliest-after-latest": Case(
        structural(
            edits(
                set_in("A-1.3.earliest_effect", "2026-06"), set_in("A-1.3.latest_effect", "2026-01")
            )
        ),
        "measure A-1.3",
        "earliest_effect",
        "earliest_effect is after latest_effect",
    ),
    "fixed-before-earliest": Case(
        structural(
            edits(
                set_in("A-1.3.earliest_effect", "2026-06"), set_in("A-1.3.fixed_effect", "2026-01")
            )
        ),
        "measure A-1.3",
        "fixed_effect",
        "fixed_effect is before earliest_effect",
    ),
    "planned-effect-not-in-first-amount-year": Case(
        structural(set_in("A-1.2.planned_effect", "2025-10")),
        "measure A-1.2",
        "planned_effect",
        "2025-10 is not in 2026, the first year with an amount",
    ),
    # enumerations and spelling
    "unknown-colour": Case(
        structural(set_in("A-1.1.colour", "blue")),
        "measure A-1.1",
        "colour",
        re.compile(r"'red', 'yellow' or 'green'.*'blue'"),
    ),
    "unknown-field-typo": Case(
        structural(rename_key("A-1.1", "colour", "colur")),
        "measure A-1.1",
        "colur",
        "unknown field",
    ),
    # whole-file problems
    "yaml-bad-indentation": Case(
        textual("    name: Tiltak to\n", "      name: Tiltak to\n"),
        None,
        None,
        re.compile(rf"line {line_of('name: Tiltak to')}: invalid YAML: "),
    ),
    "yaml-unclosed-bracket": Case(
        textual('"2025-10", "2026-03"]', '"2025-10", "2026-03"'),
        None,
        None,
        # PyYAML notices the missing bracket at the next token, on the following line
        re.compile(rf"line {line_of('case_lead_months')}: invalid YAML: expected ',' or ']'"),
    ),
    "yaml-unhashable-key": Case(
        textual(
            "    colour: green\n    colour_reason: small\n",
            "    colour: green\n    [colour]: red\n    colour_reason: small\n",
        ),
        None,
        None,
        re.compile(rf"line {line_of('colour_reason: small')}: invalid YAML: found unhashable key"),
    ),
    "empty-file": Case(raw(""), None, None, "the file is empty"),
    "comments-only": Case(raw("# nothing here\n"), None, None, "the file is empty"),
    "top-level-list": Case(
        raw(yaml.safe_dump([yaml.safe_load(FIXTURE_TEXT)], allow_unicode=True, sort_keys=False)),
        None,
        None,
        "expected a mapping at the top level, got list",
    ),
    "missing-file": Case(None, None, None, "file not found"),
    # readings the model settles: stated as rules
    "target-year-cut-by-the-horizon": Case(
        textual('horizon_end: "2027-12"', 'horizon_end: "2026-06"'),
        "target 2026",
        "year",
        "not wholly inside the horizon",
    ),
    "council-and-budget-decision": Case(
        structural(
            edits(set_in("A-1.2.council_decision", True), set_in("A-1.2.budget_decision", True))
        ),
        "measure A-1.2",
        "budget_decision",
        "exclusive",
    ),
    # hostile input and limits
    "alias-bomb": Case(
        textual("name: tiny\n", "name: tiny\n" + ALIAS_BOMB),
        "instance",
        "source",
        "Input should be a valid string",
    ),
    "nested-400-levels": Case(
        raw("name: " + "[" * 400 + "]" * 400 + "\n"), None, None, "nested too deeply"
    ),
    "integer-of-5000-digits": Case(
        textual("amounts: {2025: 60, 2026: 120}", "amounts: {2025: " + "9" * 5000 + "}"),
        None,
        None,
        "a number too long to read",
    ),
    "amount-above-the-limit": Case(
        textual("amounts: {2025: 60, 2026: 120}", "amounts: {2025: 100000000000000000}"),
        "measure A-1.1",
        "amounts.2025",
        "less than or equal to 1000000000",
    ),
    "target-above-the-limit": Case(
        textual("{year: 2026, amount: 500,", "{year: 2026, amount: " + "1" + "0" * 30 + ","),
        "target 2026",
        "amount",
        "less than or equal to 1000000000",
    ),
    "month-capacity-above-the-limit": Case(
        textual("capacity_by_calendar_month: {7: 0}", "capacity_by_calendar_month: {7: 10000}"),
        "section B",
        "capacity_by_calendar_month.7",
        "less than or equal to 1000",
    ),
    "month-capacity-negative": Case(
        textual("capacity_by_calendar_month: {7: 0}", "capacity_by_calendar_month: {7: -5}"),
        "section B",
        "capacity_by_calendar_month.7",
        "greater than or equal to 0",
    ),
    "month-as-a-number": Case(
        textual('horizon_end: "2027-12"', "horizon_end: 24335"),
        "calendar",
        "horizon_end",
        "expected a month as 'YYYY-MM', got 24335",
    ),
    "month-in-year-1": Case(
        textual('first_month: "2025-01"', 'first_month: "0001-01"'),
        "calendar",
        "first_month",
        "outside the years 1900-2399",
    ),
    "horizon-over-30-years": Case(
        textual('horizon_end: "2027-12"', 'horizon_end: "2060-12"'),
        "calendar",
        "horizon_end",
        "at most 30 years",
    ),
    "year-as-number-and-as-text": Case(
        textual("amounts: {2025: 60, 2026: 120}", "amounts: {2025: 60, '2025': 70, 2026: 120}"),
        "measure A-1.1",
        "amounts.2025",
        "duplicate key",
    ),
    "started-measure-after-the-horizon": Case(
        structural(
            edits(
                set_in("A-1.2.status", "started"),  # planned effect 2026-01 (amounts 2026)
                lambda d: d["calendar"].update(horizon_end="2025-12"),
                lambda d: d["council"].update(meetings=["2025-03", "2025-06", "2025-10"]),
                lambda d: d.update(targets=[t for t in d["targets"] if t["year"] == 2025]),
            )
        ),
        "measure A-1.2",
        "status",
        "outside the horizon",
    ),
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_bad_instance_is_rejected_with_one_located_line(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "instance.yaml"
    if case.build is not None:
        path.write_text(case.build(), encoding="utf-8")

    started = time.perf_counter()
    result = runner.invoke(app, ["validate", str(path)])

    assert time.perf_counter() - started < 5
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    stderr = result.stderr
    assert stderr.startswith("error: ") and stderr.endswith("\n"), stderr
    assert stderr.count("\n") == 1, stderr
    message = stderr.removeprefix("error: ").rstrip("\n")
    assert message.startswith(f"{path}: "), message
    if case.item is not None:
        assert f": {case.item}: " in message, message
    if case.field is not None:
        assert f"field '{case.field}'" in message, message
    if isinstance(case.rule, re.Pattern):
        assert case.rule.search(message), message
    else:
        assert case.rule in message, message


def test_cases_cover_enough_broken_instances() -> None:
    assert len(CASES) >= 24


def test_unmodified_fixture_validates(tmp_path: Path) -> None:
    path = tmp_path / "instance.yaml"
    path.write_text(FIXTURE_TEXT, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.startswith(f"{path}: OK")


def test_round_trip_of_the_fixture_validates(tmp_path: Path) -> None:
    """The structural edits dump through YAML: an empty edit must still be a valid file."""
    path = tmp_path / "instance.yaml"
    path.write_text(structural(lambda data: None)(), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
