"""Reference tables in docs/ that are generated from the bundled instance stay in step with it."""

from pathlib import Path

from typer.testing import CliRunner

from scheduler.cli import app

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_the_planned_effect_table_is_the_instance_s() -> None:
    result = CliRunner().invoke(app, ["baseline", "--timing"])
    assert result.exit_code == 0
    table = result.output.strip()
    text = (DOCS / "planned-effects.md").read_text(encoding="utf-8")
    assert text.rstrip().endswith(table), "regenerate: scheduler baseline --timing"
    assert table.count("\n| ") == 97  # a row per priced measure (the rule line is "|---")
