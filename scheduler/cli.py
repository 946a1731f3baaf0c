"""Command-line interface: thin wrappers that load, call and print.

Every bad input becomes a one-line message on stderr and exit code 2.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from scheduler.data import Instance
from scheduler.evaluate import planned_effects, savings_report
from scheduler.io.instance import InputError, load_instance
from scheduler.io.report import format_savings_report

BUNDLED_INSTANCE = Path(__file__).resolve().parent.parent / "instances" / "ovre-eiker-2025.yaml"

app = typer.Typer(
    help="Turn a restructuring master plan into an optimised, explainable implementation plan.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

InstanceArgument = Annotated[
    Path,
    typer.Argument(help="Instance file (YAML). Default: the bundled Øvre Eiker instance."),
]


def _load(path: Path) -> Instance:
    try:
        return load_instance(path)
    except InputError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=2) from None


@app.command()
def validate(instance: InstanceArgument = BUNDLED_INSTANCE) -> None:
    """Check an instance file: fields, references, dependency cycles and windows."""
    data = _load(instance)
    priced = sum(1 for measure in data.measures if measure.priced)
    typer.echo(
        f"{instance}: OK — {len(data.measures)} measures ({priced} priced), "
        f"{len(data.groups)} groups, {len(data.sections)} sections, {len(data.pools)} pools"
    )


@app.command()
def baseline(
    instance: InstanceArgument = BUNDLED_INSTANCE,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Evaluate the consultants' as-planned timing: savings per year, section and group."""
    data = _load(instance)
    report = savings_report(data, planned_effects(data))
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
    else:
        typer.echo(format_savings_report(data, report, title="As-planned schedule"))


@app.command()
def schema() -> None:
    """Print the JSON Schema of instance files (for editors and checks)."""
    typer.echo(
        json.dumps(Instance.model_json_schema(mode="validation"), indent=2, ensure_ascii=False)
    )
