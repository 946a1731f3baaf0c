"""Command-line interface: thin wrappers that load, call and print.

Every bad input becomes a one-line message on stderr and exit code 2.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from scheduler.calibrate import calibrate as calibrate_assumptions
from scheduler.consultants import as_planned, planned_timings
from scheduler.data import Instance
from scheduler.evaluate import capacity_use, objective_values, planned_effects, savings_report
from scheduler.greedy import greedy_plan
from scheduler.io.excel import read_instance_workbook, read_plan_workbook, write_instance_workbook
from scheduler.io.files import check_output_path, write_text_atomically
from scheduler.io.instance import InputError, instance_yaml, load_instance
from scheduler.io.plan import plan_csv, plan_file, read_plan, read_result, write_plan_json
from scheduler.io.report import (
    format_against_consultants,
    format_binding_capacity,
    format_planned_timings,
    format_result,
    format_savings_report,
)
from scheduler.model.solver import solve as solve_cp_sat
from scheduler.outputs import (
    PLAN_WORKBOOK,
    Written,
    plan_figures,
    write_charts,
    write_plan_outputs,
    write_report,
)
from scheduler.result import Plan, Result, SolveStatus
from scheduler.validate import check_plan

BUNDLED_INSTANCE = Path(__file__).resolve().parent.parent / "instances" / "ovre-eiker-2025.yaml"

app = typer.Typer(
    help="Turn a restructuring master plan into an optimised, explainable implementation plan.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

InstanceArgument = Annotated[
    Path,
    typer.Argument(
        help="Instance file (YAML, or an .xlsx instance workbook). "
        "Default: the bundled Øvre Eiker instance."
    ),
]
PlanArgument = Annotated[
    Path, typer.Argument(help="plan.json written by 'scheduler solve' (or its plan.xlsx).")
]
PlanInstanceOption = Annotated[
    Path, typer.Option("--instance", help="Instance the plan is for (YAML or .xlsx).")
]
OutOption = Annotated[
    Path | None, typer.Option(help="Folder to write into. Default: the plan's folder.")
]
ImagesOption = Annotated[
    bool,
    typer.Option("--images/--no-images", help="Also render PNG images (needs Chromium)."),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace an existing output file.")]


def _fail(error: InputError) -> typer.Exit:
    typer.echo(f"error: {error}", err=True)
    return typer.Exit(code=2)


def _load(path: Path) -> Instance:
    try:
        if path.suffix.lower() == ".xlsx":
            return read_instance_workbook(path)
        return load_instance(path)
    except InputError as error:
        raise _fail(error) from None


def _load_plan(data: Instance, path: Path) -> Plan:
    """A saved plan (plan.json or plan.xlsx) that covers exactly the instance's measures."""
    try:
        plan = read_plan_workbook(path) if path.suffix.lower() == ".xlsx" else read_plan(path)
    except InputError as error:
        raise _fail(error) from None
    if plan.instance != data.name:
        raise _fail(
            InputError(
                f"{path}: the plan is for instance {plan.instance!r}, not {data.name!r} "
                "(give its instance with --instance)"
            )
        )
    coverage = [v for v in check_plan(data, plan) if v.rule in ("unknown", "missing", "duplicate")]
    if coverage:
        more = f" ({len(coverage) - 1} more)" if len(coverage) > 1 else ""
        raise _fail(InputError(f"{path}: {coverage[0]}{more}"))
    return plan


@contextmanager
def _writing() -> Iterator[None]:
    """An output that cannot be written (no such folder, no permission) is one line too."""
    try:
        yield
    except OSError as error:
        where = error.filename or "output"
        raise _fail(InputError(f"{where}: cannot write: {error.strerror or error}")) from None


def _report_written(out: Path, written: Written, err: bool = False) -> None:
    for note in written.notes:
        typer.echo(f"note: {note}", err=True)
    if written.files:
        typer.echo(f"Wrote {out}/: {', '.join(written.files)}", err=err)


def _write_plan_outputs(
    out: Path, data: Instance, result: Result, images: bool, as_json: bool
) -> None:
    if result.plan is not None:
        with _writing():
            written = write_plan_outputs(out, data, result.plan, result, images=images)
        _report_written(out, written, err=as_json)


class Method(StrEnum):
    CP_SAT = "cp-sat"
    GREEDY = "greedy"


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
    timing: Annotated[
        bool,
        typer.Option(
            "--timing", help="Print each priced measure's planned effect month and its basis."
        ),
    ] = False,
) -> None:
    """Evaluate the consultants' as-planned timing: savings per year, section and group."""
    data = _load(instance)
    if timing:
        typer.echo(format_planned_timings(planned_timings(data), data.calendar.amount_years))
        return
    report = savings_report(data, planned_effects(data))
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
    else:
        typer.echo(format_savings_report(data, report, title="As-planned schedule"))


@app.command()
def calibrate(
    instance: InstanceArgument = BUNDLED_INSTANCE,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
) -> None:
    """Propose the project numbers (preparation times, capacities) under which the
    consultants' timing is a valid plan; none when the instance is calibrated."""
    data = _load(instance)
    _, proposals = calibrate_assumptions(data)
    if as_json:
        typer.echo(json.dumps([dataclasses.asdict(p) for p in proposals], indent=2))
        return
    if not proposals:
        typer.echo("Calibrated: the consultants' timing breaks no assumption of this instance.")
        return
    typer.echo("Change these so that the consultants' timing holds:")
    for proposal in proposals:
        typer.echo(
            f"  {proposal.subject} {proposal.field}: {proposal.current} -> {proposal.proposed}"
            f"  ({proposal.reason})"
        )


@app.command()
def schema() -> None:
    """Print the JSON Schema of instance files (for editors and checks)."""
    typer.echo(
        json.dumps(Instance.model_json_schema(mode="validation"), indent=2, ensure_ascii=False)
    )


@app.command()
def solve(
    instance: InstanceArgument = BUNDLED_INSTANCE,
    out: Annotated[Path, typer.Option(help="Folder for plan.json and the other outputs.")] = Path(
        "results/ovre-eiker"
    ),
    time_limit: Annotated[float, typer.Option(help="Seconds for the whole solve.")] = 60.0,
    seed: Annotated[int, typer.Option(help="CP-SAT random seed (same seed, same plan).")] = 0,
    workers: Annotated[int, typer.Option(min=1, help="CP-SAT search workers.")] = 1,
    method: Annotated[Method, typer.Option(help="cp-sat (optimal) or greedy (baseline).")] = (
        Method.CP_SAT
    ),
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    log: Annotated[bool, typer.Option(help="Show the CP-SAT search log.")] = False,
    images: ImagesOption = True,
) -> None:
    """Plan every measure: maximise early savings against the yearly targets.

    Writes plan.json, plan.csv, gantt.html (+ PNGs), plan.xlsx, report.html and report.md.
    """
    # Never write the plan workbook over an instance workbook given as input.
    _check_output(out / PLAN_WORKBOOK, instance, force=True)
    data = _load(instance)
    if method == Method.GREEDY:
        result = greedy_plan(data)
    else:
        result = solve_cp_sat(data, time_limit=time_limit, seed=seed, workers=workers, log=log)
    content = plan_file(data, result)
    write_plan_json(out / "plan.json", content)
    if result.plan is not None:
        write_text_atomically(out / "plan.csv", plan_csv(data, result.plan))
    _write_plan_outputs(out, data, result, images, as_json)
    consultants = savings_report(data, planned_effects(data))
    if as_json:
        report = content.savings
        typer.echo(
            json.dumps(
                {
                    "status": result.status.value,
                    "objective": result.objective,
                    "bound": result.bound,
                    "gap": result.gap,
                    "runtime_seconds": result.runtime_seconds,
                    "levels": [level.model_dump() for level in result.levels],
                    "savings_by_year": report.savings_by_year if report else None,
                    "risk_weighted_by_year": report.risk_weighted_by_year if report else None,
                    "shortfall_by_year": report.shortfall_by_year if report else None,
                    "risk_weighted_shortfall_by_year": (
                        report.risk_weighted_shortfall_by_year if report else None
                    ),
                    "carried_by_year": report.carried_by_year if report else None,
                    "risk_weighted_carried_by_year": (
                        report.risk_weighted_carried_by_year if report else None
                    ),
                    "consultants_savings_by_year": consultants.savings_by_year,
                    "consultants_risk_weighted_by_year": consultants.risk_weighted_by_year,
                    "explanation": list(result.explanation),
                    "out": str(out),
                },
                indent=2,
            )
        )
    else:
        typer.echo(format_result(result))
        if result.plan is not None and content.savings is not None:
            typer.echo("")
            typer.echo(format_savings_report(data, content.savings, title="Optimised plan"))
            typer.echo("")
            typer.echo(format_against_consultants(consultants, content.savings))
            typer.echo("")
            typer.echo(format_binding_capacity(data, capacity_use(data, result.plan)))
        typer.echo(f"\nWrote {out / 'plan.json'}" + (", plan.csv" if result.plan else ""))
    if result.status in (SolveStatus.INFEASIBLE, SolveStatus.UNKNOWN):
        raise typer.Exit(code=1)


@app.command()
def evaluate(
    instance: InstanceArgument = BUNDLED_INSTANCE,
    plan: Annotated[
        Path | None,
        typer.Argument(help="plan.json to check. Omit it to check the consultants' timing."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Check a plan against every rule (no solver) and recompute its savings."""
    data = _load(instance)
    try:
        schedule = read_plan(plan) if plan is not None else as_planned(data)
    except InputError as error:
        raise _fail(error) from None
    violations = check_plan(data, schedule)
    if any(v.rule in ("unknown", "missing", "duplicate") for v in violations):
        for violation in violations:
            typer.echo(f"error: {plan}: {violation}", err=True)
        raise typer.Exit(code=2)
    effects = schedule.effect_by_measure()
    report = savings_report(data, effects)
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "valid": not violations,
                    "violations": [v.model_dump() for v in violations],
                    "objective_values": objective_values(data, effects).model_dump(),
                    "savings": json.loads(report.model_dump_json()),
                },
                indent=2,
            )
        )
    else:
        title = (
            f"Plan {plan}" if plan is not None else "As-planned schedule (the consultants' timing)"
        )
        typer.echo(format_savings_report(data, report, title=title))
        typer.echo("")
        typer.echo(f"{len(violations)} rule violation(s)" + (":" if violations else ""))
        for violation in violations:
            typer.echo(f"  {violation}")
    if violations:
        raise typer.Exit(code=1)


@app.command()
def gantt(
    plan: PlanArgument,
    instance: PlanInstanceOption = BUNDLED_INSTANCE,
    out: OutOption = None,
    images: ImagesOption = True,
    pdf: Annotated[bool, typer.Option("--pdf", help="Also write PDFs (needs Chromium).")] = False,
) -> None:
    """Draw a saved plan again: gantt.html (Gantt, savings, capacity) and its images."""
    data = _load(instance)
    schedule = _load_plan(data, plan)
    folder = out if out is not None else plan.parent
    formats = [fmt for fmt, wanted in (("png", images), ("pdf", pdf)) if wanted]
    with _writing():
        written = write_charts(folder, data, plan_figures(data, schedule), formats)
    _report_written(folder, written)


@app.command()
def report(
    plan: PlanArgument,
    instance: PlanInstanceOption = BUNDLED_INSTANCE,
    out: OutOption = None,
    images: ImagesOption = True,
) -> None:
    """Write the plan report of a saved plan: report.html (charts inside) and report.md."""
    data = _load(instance)
    schedule = _load_plan(data, plan)
    result = read_result(plan) if plan.suffix.lower() == ".json" else None
    folder = out if out is not None else plan.parent
    figures = plan_figures(data, schedule)
    with _writing():
        written = write_charts(folder, data, figures, ("png",) if images else (), html=False)
        pngs = [name for name in written.files if name.endswith(".png")]
        written.files += write_report(folder, data, schedule, result, figures, pngs).files
    _report_written(folder, written)


def _check_output(output: Path, source: Path, force: bool) -> None:
    try:
        check_output_path(output, [source], force)
    except FileExistsError as error:
        raise _fail(InputError(str(error))) from None


@app.command("export-excel")
def export_excel(
    instance: Annotated[Path, typer.Argument(help="Instance file (YAML).")],
    output: Annotated[Path, typer.Argument(help="Workbook to write (.xlsx).")],
    force: ForceOption = False,
) -> None:
    """Write an instance as an Excel workbook to edit (read it back with import-excel)."""
    data = _load(instance)
    _check_output(output, instance, force)
    with _writing():
        write_instance_workbook(output, data)
    typer.echo(f"Wrote {output}: {len(data.measures)} measures")


@app.command("import-excel")
def import_excel(
    workbook: Annotated[Path, typer.Argument(help="Instance workbook (.xlsx).")],
    output: Annotated[Path, typer.Argument(help="Instance file to write (YAML).")],
    force: ForceOption = False,
) -> None:
    """Read an instance workbook, validate it as an instance file, and write it as YAML."""
    _check_output(output, workbook, force)
    try:
        data = read_instance_workbook(workbook)
    except InputError as error:
        raise _fail(error) from None
    header = f"Instance read from {workbook.name} by 'scheduler import-excel'."
    with _writing():
        write_text_atomically(output, instance_yaml(data, header))
    typer.echo(f"Wrote {output}: {len(data.measures)} measures")
