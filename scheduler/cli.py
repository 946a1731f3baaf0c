"""Command-line interface: thin wrappers that load, call and print.

Exit codes: 0 success; 1 completed with findings (``solve``: no plan found, infeasible or
unknown; ``evaluate``: the plan breaks rules); 2 bad input or usage, as one line on stderr
(user text in it escaped, so it stays one line and carries no terminal escape); 130
interrupted (Ctrl-C), with a message and nothing half-written.

Outputs go into a fresh folder that is moved into place only when complete
(:mod:`scheduler.io.output_folder`); the planner runs in a worker thread so that Ctrl-C
reaches the main thread at once (a CP-SAT search holds its thread in C++, where no Python
signal handler runs); so is the writing of outputs (a browser renders the images).
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import signal
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click.exceptions import ClickException, NoArgsIsHelpError
from typer.core import TyperGroup

from scheduler.i18n import DEFAULT_LANG, Lang, Texts
from scheduler.interrupts import (
    Interrupted,
    in_background,
    interrupts_deferred,
    interrupts_raised,
    stop_at_once_if_working,
)
from scheduler.io.output_folder import (
    OutputConflict,
    check_output_folder,
    discard,
    new_staging_folder,
    publish,
)

if TYPE_CHECKING:
    from scheduler.compare import Comparison
    from scheduler.data import Instance
    from scheduler.io.instance import InputError
    from scheduler.io.solve_outputs import Written
    from scheduler.model.candidates import CandidateSearch
    from scheduler.result import Plan

LOCALHOST = "127.0.0.1"

BUNDLED_INSTANCE = Path(__file__).resolve().parent.parent / "instances" / "ovre-eiker-2025.yaml"

MAX_TIME_LIMIT = 7 * 24 * 3600.0
"""The longest ``--time-limit`` accepted, in seconds (a week)."""
MAX_SEED = 2**31 - 1
"""CP-SAT's random seed is a 32-bit integer."""
MAX_WORKERS = 256

EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def one_line(text: str) -> str:
    """``text`` as one line a terminal only displays: every character that is not printable
    (newline, tab, ANSI escape, bidi override, ...) is written as its Python escape."""
    return "".join(char if char.isprintable() else ascii(char)[1:-1] for char in text)


class _Commands(TyperGroup):
    """The command group, with one policy for how a run ends: usage errors are one line and
    exit 2 (not a framed usage block), Ctrl-C is a message and exit 130."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            with interrupts_raised():
                outcome = super().main(
                    args, prog_name, complete_var, False, windows_expand_args, **extra
                )
            code = outcome if isinstance(outcome, int) else 0
        except NoArgsIsHelpError as error:
            code = error.exit_code  # the help is printed already
        except ClickException as error:
            typer.echo(f"error: {one_line(error.format_message())}", err=True)
            code = error.exit_code
        except typer.Abort:  # end of input at a prompt
            typer.echo("error: aborted", err=True)
            code = EXIT_BAD_INPUT
        except Interrupted as interruption:
            typer.echo(one_line(str(interruption)), err=True)
            stop_at_once_if_working(EXIT_INTERRUPTED)
            code = EXIT_INTERRUPTED
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    cls=_Commands,
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
GIVE_INSTANCE_OPTION = "give its instance with --instance"
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
LangOption = Annotated[
    Lang, typer.Option("--lang", help="Language of what is printed and written: nb (bokmål) or en.")
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace an existing output file.")]
ForceFolderOption = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Replace files in the output folder that scheduler did not write or that were "
        "changed since (inputs of the command are never replaced).",
    ),
]


def _seconds(value: float) -> float:
    if not (math.isfinite(value) and 0 < value <= MAX_TIME_LIMIT):
        raise typer.BadParameter(
            f"expected seconds above 0 and at most {MAX_TIME_LIMIT:.0f} (a week), got {value}"
        )
    return value


def _fail(error: InputError | str) -> typer.Exit:
    """The one place every error message passes: one line on stderr, exit code 2."""
    typer.echo(f"error: {one_line(str(error))}", err=True)
    return typer.Exit(code=EXIT_BAD_INPUT)


def _note(text: str) -> None:
    typer.echo(f"note: {one_line(text)}", err=True)


def _load(path: Path) -> Instance:
    """An instance file, instance workbook or scenario file, validated."""
    from scheduler.io.instance import InputError
    from scheduler.io.scenario import load_problem

    try:
        return load_problem(path)
    except InputError as error:
        raise _fail(error) from None


def _load_plan(data: Instance, path: Path, give_instance: str) -> Plan:
    """A saved plan (plan.json or plan.xlsx) that covers exactly the instance's measures;
    ``give_instance`` says how to name the plan's own instance when it is another's."""
    from scheduler.io.excel import read_plan_workbook
    from scheduler.io.instance import InputError
    from scheduler.io.plan import read_plan
    from scheduler.validate import check_plan

    try:
        plan = read_plan_workbook(path) if path.suffix.lower() == ".xlsx" else read_plan(path)
    except InputError as error:
        raise _fail(error) from None
    if plan.instance != data.name:
        ours = {measure.id for measure in data.measures}
        theirs = {item.id for item in plan.measures}
        raise _fail(
            f"{path}: the plan is for instance {plan.instance!r}, not {data.name!r}: "
            f"{len(theirs - ours)} of its {len(theirs)} measures are not in {data.name!r}, "
            f"{len(ours - theirs)} of the {len(ours)} there are not in the plan "
            f"({give_instance})"
        )
    coverage = [v for v in check_plan(data, plan) if v.rule in ("unknown", "missing", "duplicate")]
    if coverage:
        more = f" ({len(coverage) - 1} more)" if len(coverage) > 1 else ""
        raise _fail(f"{path}: {coverage[0]}{more}")
    return plan


def _warn_if_broken(data: Instance, schedule: Plan, path: Path, texts: Texts) -> None:
    """A plan that breaks a rule (edited by hand) is drawn as it is, and said so first."""
    from scheduler.validate import check_plan

    violations = check_plan(data, schedule, texts.lang)
    if violations:
        more = texts("cli.more", count=len(violations) - 1) if len(violations) > 1 else ""
        rule = violations[0].text(texts)
        _note(texts("cli.plan_breaks", path=path, rule=rule, more=more))


@contextmanager
def _writing(path: Path) -> Iterator[None]:
    """An output that cannot be written (no such folder, no permission, a file where a
    folder should be) is one line naming the user's ``path``, never a temporary file."""
    try:
        yield
    except OutputConflict as error:
        raise _fail(str(error)) from None
    except OSError as error:
        reason = f": {error.strerror}" if error.strerror else ""
        raise _fail(f"{path}: cannot write{reason}") from None


def _check_folder(out: Path, names: Iterable[str], inputs: Sequence[Path], force: bool) -> None:
    """Refuse before any work when the outputs cannot go into ``out`` (see
    :func:`check_output_folder`)."""
    with _writing(out):
        check_output_folder(out, names, inputs, force)


@contextmanager
def _staged(out: Path, replace_earlier: bool) -> Iterator[Path]:
    """A fresh folder to write into, moved into place as ``out`` when the block ends
    normally, discarded otherwise (an error, Ctrl-C): ``out`` is never half-written."""
    with _writing(out):
        stage = new_staging_folder(out)
        try:
            yield stage
            with interrupts_deferred():
                publish(stage, out, replace_earlier)
        except BaseException:
            discard(stage)
            raise


def _report_written(out: Path, written: Written, texts: Texts, err: bool = False) -> None:
    for note in written.notes:
        _note(note)
    if written.files:
        files = f"{out}/: {', '.join(written.files)}"
        typer.echo(one_line(texts("terminal.wrote", files=files)), err=err)


class Method(StrEnum):
    CP_SAT = "cp-sat"
    GREEDY = "greedy"


@app.command()
def validate(
    instance: InstanceArgument = BUNDLED_INSTANCE, lang: LangOption = DEFAULT_LANG
) -> None:
    """Check an instance file: fields, references, dependency cycles and windows."""
    data = _load(instance)
    typer.echo(
        Texts(lang)(
            "cli.valid",
            instance=instance,
            measures=len(data.measures),
            priced=sum(1 for measure in data.measures if measure.priced),
            groups=len(data.groups),
            sections=len(data.sections),
            pools=len(data.pools),
        )
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
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """Evaluate the consultants' as-planned timing: savings per year, section and group."""
    from scheduler.consultants import planned_timings
    from scheduler.evaluate import planned_effects, savings_report
    from scheduler.io.terminal import format_planned_timings, format_savings_report

    data = _load(instance)
    if timing:
        typer.echo(format_planned_timings(planned_timings(data), data.calendar.amount_years))
        return
    report = savings_report(data, planned_effects(data))
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
    else:
        texts = Texts(lang)
        typer.echo(format_savings_report(data, report, texts("terminal.baseline_title"), texts))


@app.command()
def calibrate(
    instance: InstanceArgument = BUNDLED_INSTANCE,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """Propose the project numbers (preparation times, capacities) under which the
    consultants' timing is a valid plan; none when the instance is calibrated."""
    from scheduler.calibrate import calibrate as calibrate_assumptions

    data = _load(instance)
    _, proposals = calibrate_assumptions(data, lang)
    if as_json:
        typer.echo(json.dumps([dataclasses.asdict(p) for p in proposals], indent=2))
        return
    texts = Texts(lang)
    if not proposals:
        typer.echo(texts("cli.calibrated"))
        return
    typer.echo(texts("cli.calibrate_proposals"))
    for proposal in proposals:
        typer.echo(
            f"  {proposal.subject} {proposal.field}: {proposal.current} -> {proposal.proposed}"
            f"  ({proposal.reason})"
        )


@app.command()
def schema(
    scenario: Annotated[
        bool, typer.Option("--scenario", help="The schema of scenario files instead.")
    ] = False,
    batch: Annotated[
        bool, typer.Option("--batch", help="The schema of batch files instead.")
    ] = False,
) -> None:
    """Print the JSON Schema of instance, scenario or batch files (for editors)."""
    from pydantic import BaseModel

    from scheduler.batch import BatchSpec
    from scheduler.data import Instance
    from scheduler.scenario import Scenario

    model: type[BaseModel] = BatchSpec if batch else Scenario if scenario else Instance
    typer.echo(json.dumps(model.model_json_schema(mode="validation"), indent=2, ensure_ascii=False))


@app.command()
def solve(
    instance: InstanceArgument = BUNDLED_INSTANCE,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Folder for plan.json and the other outputs. Default: results/<instance file "
            "name without its suffix>, e.g. results/ovre-eiker-2025."
        ),
    ] = None,
    time_limit: Annotated[
        float,
        typer.Option(
            callback=_seconds, help="Seconds for the whole solve (above 0, at most a week)."
        ),
    ] = 60.0,
    seed: Annotated[
        int,
        typer.Option(min=0, max=MAX_SEED, help="CP-SAT random seed (same seed, same plan)."),
    ] = 0,
    workers: Annotated[
        int, typer.Option(min=1, max=MAX_WORKERS, help="CP-SAT search workers.")
    ] = 1,
    method: Annotated[Method, typer.Option(help="cp-sat (optimal) or greedy (baseline).")] = (
        Method.CP_SAT
    ),
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    log: Annotated[bool, typer.Option(help="Show the CP-SAT search log.")] = False,
    images: ImagesOption = True,
    force: ForceFolderOption = False,
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """Plan every measure: maximise early savings against the yearly targets.

    Writes plan.json, run.json, plan.csv, gantt.html (+ PNGs), plan.xlsx, report.html and
    report.md into a fresh folder, moved into place as OUT when all are written.
    """
    from scheduler.evaluate import capacity_use, planned_effects, savings_report
    from scheduler.greedy import greedy_plan
    from scheduler.io.plan import plan_file
    from scheduler.io.progress import progress_display
    from scheduler.io.solve_outputs import PLAN_CSV, PLAN_JSON, solve_files, write_solve_outputs
    from scheduler.io.terminal import (
        format_against_consultants,
        format_binding_capacity,
        format_result,
        format_savings_report,
    )
    from scheduler.model.solver import solve as solve_cp_sat
    from scheduler.result import SolveStatus

    data = _load(instance)
    out = out if out is not None else Path("results") / instance.stem
    _check_folder(out, solve_files(images), [instance], force)
    if method == Method.GREEDY:
        result = in_background(lambda: greedy_plan(data))
    else:
        with progress_display(Texts(lang), time_limit, enabled=not (as_json or log)) as hook:
            result = in_background(
                lambda: solve_cp_sat(
                    data,
                    time_limit=time_limit,
                    seed=seed,
                    workers=workers,
                    log=log,
                    on_progress=hook,
                )
            )
    content = plan_file(data, result, lang, input_file=str(instance))
    with _staged(out, replace_earlier=True) as stage:
        written = in_background(lambda: write_solve_outputs(stage, data, content, images, lang))
    _report_written(out, written, Texts(lang), err=as_json)
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
        texts = Texts(lang)
        typer.echo(format_result(result, texts))
        if result.plan is not None and content.savings is not None:
            title = texts("terminal.plan_title")
            typer.echo("")
            typer.echo(format_savings_report(data, content.savings, title, texts))
            typer.echo("")
            typer.echo(format_against_consultants(consultants, content.savings, texts))
            typer.echo("")
            typer.echo(format_binding_capacity(data, capacity_use(data, result.plan), texts))
        typer.echo("")
        files = f"{out / PLAN_JSON}" + (f", {PLAN_CSV}" if result.plan else "")
        typer.echo(one_line(texts("terminal.wrote", files=files)))
    if result.status in (SolveStatus.INFEASIBLE, SolveStatus.UNKNOWN):
        raise typer.Exit(code=EXIT_FINDINGS)


@app.command()
def evaluate(
    instance: InstanceArgument = BUNDLED_INSTANCE,
    plan: Annotated[
        Path | None,
        typer.Argument(help="plan.json to check. Omit it to check the consultants' timing."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """Check a plan against every rule (no solver) and recompute its savings."""
    from scheduler.consultants import as_planned
    from scheduler.evaluate import objective_values, savings_report
    from scheduler.io.terminal import format_savings_report
    from scheduler.validate import check_plan

    data = _load(instance)
    schedule = (
        _load_plan(data, plan, "give its instance first: scheduler evaluate INSTANCE PLAN")
        if plan is not None
        else as_planned(data)
    )
    violations = check_plan(data, schedule, lang)
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
        texts = Texts(lang)
        title = (
            texts("terminal.plan_file", plan=plan)
            if plan is not None
            else texts("terminal.baseline_title")
        )
        typer.echo(format_savings_report(data, report, one_line(title), texts))
        typer.echo("")
        typer.echo(
            texts("terminal.violations", count=len(violations)) + (":" if violations else "")
        )
        for violation in violations:
            typer.echo(f"  {one_line(violation.text(texts))}")
    if violations:
        raise typer.Exit(code=EXIT_FINDINGS)


@app.command()
def gantt(
    plan: PlanArgument,
    instance: PlanInstanceOption = BUNDLED_INSTANCE,
    out: OutOption = None,
    images: ImagesOption = True,
    svg: Annotated[bool, typer.Option("--svg", help="Also write SVGs (needs Chromium).")] = False,
    pdf: Annotated[bool, typer.Option("--pdf", help="Also write PDFs (needs Chromium).")] = False,
    force: ForceFolderOption = False,
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """Draw a saved plan again: gantt.html (Gantt, savings, capacity) and its images."""
    from scheduler.io.solve_outputs import chart_files, plan_figures, write_charts

    data = _load(instance)
    schedule = _load_plan(data, plan, GIVE_INSTANCE_OPTION)
    _warn_if_broken(data, schedule, plan, Texts(lang))
    folder = out if out is not None else plan.parent
    formats = [fmt for fmt, wanted in (("png", images), ("svg", svg), ("pdf", pdf)) if wanted]
    _check_folder(folder, chart_files(formats), [plan, instance], force)
    with _staged(folder, replace_earlier=False) as stage:
        written = in_background(
            lambda: write_charts(
                stage, data, plan_figures(data, schedule, lang), formats, lang=lang
            )
        )
    _report_written(folder, written, Texts(lang))


@app.command()
def report(
    plan: PlanArgument,
    instance: PlanInstanceOption = BUNDLED_INSTANCE,
    out: OutOption = None,
    images: ImagesOption = True,
    force: ForceFolderOption = False,
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """Write the plan report of a saved plan: report.html (charts inside) and report.md."""
    from scheduler.io.plan import read_result
    from scheduler.io.solve_outputs import REPORT_FILES, chart_files, write_report_outputs

    data = _load(instance)
    schedule = _load_plan(data, plan, GIVE_INSTANCE_OPTION)
    _warn_if_broken(data, schedule, plan, Texts(lang))
    result = read_result(plan) if plan.suffix.lower() == ".json" else None
    folder = out if out is not None else plan.parent
    names = [*chart_files(("png",) if images else (), html=False), *REPORT_FILES]
    _check_folder(folder, names, [plan, instance], force)
    with _staged(folder, replace_earlier=False) as stage:
        written = in_background(
            lambda: write_report_outputs(stage, data, schedule, result, images, lang)
        )
    _report_written(folder, written, Texts(lang))


COMPARE_FILES = ("compare.html", "compare.md", "compare.xlsx")


@app.command()
def compare(
    plans: Annotated[
        list[Path],
        typer.Argument(help="plan.json files written by 'scheduler solve', or their folders."),
    ],
    consultants: Annotated[
        bool,
        typer.Option(
            "--consultants/--no-consultants",
            help="Add the consultants' own timing (of the first plan's instance) as a column.",
        ),
    ] = True,
    out: Annotated[
        Path, typer.Option(help="Folder for compare.html, compare.md and compare.xlsx.")
    ] = Path("results/compare"),
    force: ForceFolderOption = False,
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """Plans side by side: savings against the targets, load per section, decisions and
    the measures that move. Each plan is judged by the instance or scenario it was solved
    from (named in its plan.json)."""
    from scheduler.compare import Candidate, consultants_candidate
    from scheduler.compare import compare as compare_plans
    from scheduler.io.plan import read_input_file, read_result
    from scheduler.io.solve_outputs import Written

    texts = Texts(lang)
    candidates = []
    for given in plans:
        path = given / "plan.json" if given.is_dir() else given
        source = read_input_file(path) if path.exists() else None
        if source is None:
            raise _fail(f"{path}: no plan.json naming the instance it was solved from")
        data = _load(Path(source))
        # A scenario's name is what the column is about; a plain instance's plan is named
        # by its folder (two solves of one instance differ there).
        label = data.name.rsplit(" — ", 1)[1] if " — " in data.name else path.parent.name
        candidates.append(Candidate(label, data, _load_plan(data, path, source), read_result(path)))
    if consultants:
        first = candidates[0].instance
        candidates.insert(0, consultants_candidate(first, texts("compare.consultants")))
    comparison = compare_plans(candidates)
    _check_folder(out, COMPARE_FILES, plans, force)
    with _staged(out, replace_earlier=True) as stage:
        _write_comparison(stage, texts, comparison)
    _report_written(out, Written(files=list(COMPARE_FILES)), texts)


@app.command()
def candidates(
    instance: InstanceArgument = BUNDLED_INSTANCE,
    alternatives: Annotated[
        int, typer.Option("-n", "--alternatives", min=0, max=20, help="Alternatives to find.")
    ] = 4,
    tolerance: Annotated[
        float,
        typer.Option(
            min=0.0, max=0.5, help="Share each candidate may give up on either objective level."
        ),
    ] = 0.01,
    differ: Annotated[
        int,
        typer.Option(min=1, max=1000, help="Measures each alternative moves from every earlier."),
    ] = 10,
    months: Annotated[
        int, typer.Option(min=1, max=24, help="Months a measure must move to count as moved.")
    ] = 3,
    time_limit: Annotated[
        float, typer.Option(callback=_seconds, help="Seconds for all candidates together.")
    ] = 30.0,
    seed: Annotated[int, typer.Option(min=0, max=MAX_SEED, help="CP-SAT random seed.")] = 0,
    out: Annotated[
        Path | None,
        typer.Option(help="Folder for the candidates. Default: results/<name>-candidates."),
    ] = None,
    force: ForceFolderOption = False,
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """Several good plans, different on purpose: the best, alternatives that move at least
    --differ measures by --months or more from every earlier one, the plan closest to the
    consultants' timing and certain money first; all within --tolerance of the best.
    Writes each as <NN>-<kind>/plan.json and compares them (compare.html, .md, .xlsx)."""
    from scheduler.compare import Candidate, consultants_candidate
    from scheduler.compare import compare as compare_plans
    from scheduler.io.plan import plan_file, write_plan_json
    from scheduler.io.solve_outputs import Written
    from scheduler.model.candidates import Kind
    from scheduler.model.candidates import candidates as find_candidates

    texts = Texts(lang)
    data = _load(instance)
    out = out if out is not None else Path("results") / f"{instance.stem}-candidates"
    search = in_background(
        lambda: find_candidates(
            data, alternatives, tolerance, differ, months, time_limit=time_limit, seed=seed
        )
    )
    if not search.candidates:
        raise _fail(f"{instance}: no plan found within {time_limit:g} s")
    labelled = _candidate_labels(texts, data, search)
    folders = [f"{index:02d}-{plan.kind.value.replace(' ', '-')}" for index, plan in
               enumerate(search.candidates, start=1)]  # fmt: skip
    names = [f"{folder}/plan.json" for folder in folders] + list(COMPARE_FILES)
    _check_folder(out, names, [instance], force)
    comparison = compare_plans(
        [
            consultants_candidate(data, texts("compare.consultants")),
            *(
                Candidate(label, data, plan.result.plan, plan.result)
                for label, plan in zip(labelled, search.candidates, strict=True)
                if plan.result.plan is not None
            ),
        ]
    )
    with _staged(out, replace_earlier=True) as stage:
        for folder, plan in zip(folders, search.candidates, strict=True):
            (stage / folder).mkdir()
            content = plan_file(data, plan.result, lang, input_file=str(instance))
            write_plan_json(stage / folder / "plan.json", content)
        _write_comparison(stage, texts, comparison)
    for label, plan in zip(labelled, search.candidates, strict=True):
        typer.echo(
            texts(
                "candidates.line",
                label=label,
                gap=texts.percent(round(100 * (plan.result.gap or 0), 2)),
            )
        )
    found = sum(1 for plan in search.candidates if plan.kind == Kind.ALTERNATIVE)
    if found < alternatives:
        typer.echo(
            texts(
                "candidates.fewer",
                found=found,
                asked=alternatives,
                tolerance=texts.percent(100 * tolerance),
                differ=differ,
                months=texts.months(months),
            )
        )
    _report_written(out, Written(files=[*names]), texts)


@app.command()
def marginal(
    instance: InstanceArgument = BUNDLED_INSTANCE,
    years: Annotated[
        str, typer.Option(help="Years to add one unit of capacity in, comma-separated.")
    ] = "2025,2026,2027",
    time_limit: Annotated[
        float, typer.Option(callback=_seconds, help="Seconds for each re-solve.")
    ] = 30.0,
    seed: Annotated[int, typer.Option(min=0, max=MAX_SEED, help="CP-SAT random seed.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """What-if answers by re-solving: one more unit of capacity per section and pool and
    year, and each council decision a month later, against the plan as it is."""
    from scheduler.io.terminal import format_marginal
    from scheduler.marginal import baseline, capacity_values, delay_values

    texts = Texts(lang)
    data = _load(instance)
    try:
        chosen = [int(year) for year in years.split(",")]
    except ValueError:
        raise _fail(f"--years: expected years separated by commas, got {years!r}") from None
    known = [t.year for t in data.targets]
    if unknown := [year for year in chosen if year not in known]:
        raise _fail(f"--years: {unknown[0]} is not a target year of {instance} ({known})")

    def answers() -> list[Any]:
        base = baseline(data, time_limit, seed)
        return [
            *capacity_values(data, base, chosen, time_limit, seed),
            *delay_values(data, base, time_limit, seed),
        ]

    found = in_background(answers)
    if as_json:
        typer.echo(json.dumps([dataclasses.asdict(answer) for answer in found], indent=2))
        return
    typer.echo(format_marginal(found, known, texts))


REPLAN_SCENARIO = "replan.yaml"


@app.command()
def replan(
    instance: Annotated[Path, typer.Argument(help="The instance (or scenario) of the plan.")],
    plan: Annotated[Path, typer.Argument(help="The earlier plan: plan.json or plan.xlsx.")],
    as_of: Annotated[str, typer.Option("--as-of", help="The month to re-plan from, YYYY-MM.")],
    actuals: Annotated[
        Path | None,
        typer.Option(
            help="YAML of actual effect months ('HEV-1.1: \"2025-11\"'), kept as they are."
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(help="Folder for the results. Default: results/<name>-replan-<month>."),
    ] = None,
    time_limit: Annotated[
        float, typer.Option(callback=_seconds, help="Seconds for the whole re-plan.")
    ] = 60.0,
    seed: Annotated[int, typer.Option(min=0, max=MAX_SEED, help="CP-SAT random seed.")] = 0,
    images: ImagesOption = True,
    force: ForceFolderOption = False,
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """Re-plan as of a month: measures started or decided before it (or given in
    --actuals) keep their effect month; the rest is re-optimised from that month, moving
    as little as possible from the earlier plan. Writes the results like solve, and the
    re-plan as a scenario file (replan.yaml) to rerun or draw it."""
    import os

    import yaml

    from scheduler.data import parse_month
    from scheduler.io.files import write_text_atomically
    from scheduler.io.instance import InputError, read_yaml
    from scheduler.io.plan import plan_file
    from scheduler.io.scenario import scenario_instance
    from scheduler.io.solve_outputs import solve_files, write_solve_outputs
    from scheduler.io.terminal import format_moves
    from scheduler.model.replan import frozen_measures, replan_changes
    from scheduler.model.replan import replan as replan_plan

    texts = Texts(lang)
    data = _load(instance)
    earlier = _load_plan(data, plan, GIVE_INSTANCE_OPTION)
    try:
        month = parse_month(as_of, from_file=True)
    except ValueError as error:
        raise _fail(f"--as-of: {error}") from None
    if not data.calendar.plan_start <= month <= data.calendar.horizon_end:
        raise _fail(f"--as-of: {as_of} is outside {_plan_months(data)} (plan start to horizon end)")
    actual: dict[str, int] = {}
    if actuals is not None:
        try:
            raw = read_yaml(actuals)
        except InputError as error:
            raise _fail(error) from None
        if not isinstance(raw, dict):
            raise _fail(f"{actuals}: expected a mapping of measure ids to effect months")
        for measure, effect in raw.items():
            if str(measure) not in {m.id for m in data.measures}:
                raise _fail(f"{actuals}: measure {measure}: not in {data.name!r}")
            try:
                actual[str(measure)] = parse_month(effect, from_file=True)
            except ValueError as error:
                raise _fail(f"{actuals}: measure {measure}: {error}") from None
    out = out if out is not None else Path("results") / f"{instance.stem}-replan-{as_of}"
    scenario_file = out / REPLAN_SCENARIO
    base = os.path.relpath(instance.resolve(), out.resolve())
    frozen = tuple(sorted(frozen_measures(earlier, month, actual)))
    header = texts("replan.header", plan=plan, month=as_of)
    changes = replan_changes(
        f"{texts('replan.name')} {as_of}", header, base, earlier, month, actual
    )
    try:
        changed = scenario_instance(changes, scenario_file)
    except InputError as error:
        raise _fail(error) from None
    _check_folder(out, [*solve_files(images), REPLAN_SCENARIO], [instance, plan], force)
    done = in_background(lambda: replan_plan(changed, earlier, frozen, time_limit, seed))
    content = plan_file(changed, done.result, lang, input_file=str(scenario_file))
    with _staged(out, replace_earlier=True) as stage:
        scenario_text = "".join(f"# {line}\n" for line in header.splitlines()) + yaml.safe_dump(
            changes, allow_unicode=True, sort_keys=False
        )
        write_text_atomically(stage / REPLAN_SCENARIO, scenario_text)
        written = in_background(lambda: write_solve_outputs(stage, changed, content, images, lang))
    written.files.append(REPLAN_SCENARIO)
    typer.echo(
        texts(
            "replan.summary",
            month=texts.month(month),
            frozen=len(frozen),
            moved=len(done.moved),
            status=texts(f"status.{done.result.status.value}"),
        )
    )
    if done.result.plan is not None and done.moved:
        typer.echo(format_moves(texts, changed, done.result.plan, done.moved))
    _report_written(out, written, texts)


def _plan_months(data: Instance) -> str:
    from scheduler.data import format_month

    return f"{format_month(data.calendar.plan_start)}..{format_month(data.calendar.horizon_end)}"


SOLVED_PART_ROWS = 25
"""Rows per part when points are solved: a part about every ten seconds on Øvre Eiker, so
a stopped batch loses little work."""
EVALUATED_PART_ROWS = 2_000
"""Rows per part when a plan is evaluated by array arithmetic (thousands per second): a
part per point would spend the time writing files."""


class Executor(StrEnum):
    LOCAL = "local"
    DASK = "dask"


@app.command()
def batch(
    spec: Annotated[Path, typer.Argument(help="The batch file (YAML, docs/batches.md).")],
    out: Annotated[
        Path | None, typer.Option(help="Folder for the results. Default: results/<batch name>.")
    ] = None,
    workers: Annotated[
        int, typer.Option(min=1, max=MAX_WORKERS, help="Processes (each solve uses one thread).")
    ] = 2,
    executor: Annotated[
        Executor, typer.Option(help="local (a process pool) or dask (a Dask cluster).")
    ] = Executor.LOCAL,
    address: Annotated[
        str | None, typer.Option(help="A Dask scheduler's address; default: a LocalCluster.")
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue a batch stopped before its end.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Start again, discarding an earlier run's rows.")
    ] = False,
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """Run a sensitivity batch: every point of its grid and draws solved (or its plan
    evaluated), one row per point in rows.parquet, the plans in plans.parquet; written in
    parts as they come, so that --resume continues a stopped batch without redoing,
    losing or doubling a row."""
    import shutil

    from scheduler.batch import base_digest, changes, input_hash, points
    from scheduler.batch_eval import evaluated, plan_savings, vectorisable
    from scheduler.batch_run import (
        PLANS_DIR,
        PLANS_FILE,
        ROWS_DIR,
        ROWS_FILE,
        Task,
        combine,
        done_indices,
        drive,
        run_dask,
        run_local,
    )
    from scheduler.io.batch_file import load_batch
    from scheduler.io.files import write_text_atomically
    from scheduler.io.instance import InputError
    from scheduler.io.plan import read_plan
    from scheduler.io.progress import batch_progress
    from scheduler.io.solve_outputs import Written

    texts = Texts(lang)
    try:
        loaded = load_batch(spec)
    except InputError as error:
        raise _fail(error) from None
    out = out if out is not None else Path("results") / spec.stem
    signature = json.dumps(
        {"spec": loaded.spec.model_dump(mode="json"), "base": loaded.base.model_dump_json()},
        sort_keys=True,
    )
    stamp = out / "batch.json"
    started_before = (out / ROWS_DIR).exists()
    if started_before and force:
        for name in (ROWS_DIR, PLANS_DIR):
            shutil.rmtree(out / name, ignore_errors=True)
        for name in (ROWS_FILE, PLANS_FILE):
            (out / name).unlink(missing_ok=True)
    elif started_before and not resume:
        raise _fail(
            f"{out}: holds rows of an earlier run (--resume continues it, --force starts again)"
        )
    elif started_before and stamp.exists() and stamp.read_text(encoding="utf-8") != signature:
        raise _fail(f"{out}: its rows are of another batch or base; --force starts again")
    out.mkdir(parents=True, exist_ok=True)
    write_text_atomically(stamp, signature)
    done = done_indices(out)
    digest = base_digest(loaded.base)
    tasks = []
    for index, point in enumerate(points(loaded.spec)):
        if index in done:
            continue
        data = changes(loaded.base, point, loaded.spec.seed + index)
        tasks.append(
            Task(
                index=index,
                base=str(loaded.base_path),
                plan=str(loaded.plan_path) if loaded.plan_path else None,
                point=point,
                changes=data,
                input_hash=input_hash(digest, data),
                time_limit=loaded.spec.time_limit,
                seed=loaded.spec.seed,
            )
        )
    started = time.perf_counter()
    parameters = {*loaded.spec.grid, *loaded.spec.random_}
    part_rows = SOLVED_PART_ROWS
    if loaded.plan_path is not None and vectorisable(parameters):
        # only shares and targets vary: the fixed plan's savings are array arithmetic
        results = evaluated(plan_savings(loaded.base, read_plan(loaded.plan_path)), tasks)
        part_rows = EVALUATED_PART_ROWS
    elif executor == Executor.DASK:
        results = run_dask(tasks, workers, address)
    else:
        results = run_local(tasks, workers)
    with batch_progress(texts, len(tasks), len(done)) as advance:
        pace = drive(out, results, part_rows, on_row=advance)
    rows = combine(out)
    typer.echo(
        texts(
            "batch.summary",
            rows=len(rows),
            new=len(tasks),
            seconds=texts.decimal(time.perf_counter() - started),
            pace=texts.decimal(pace) if pace is not None else "–",
            statuses=", ".join(
                f"{status} {count}" for status, count in rows["status"].value_counts().items()
            ),
        )
    )
    _report_written(out, Written(files=[ROWS_FILE, PLANS_FILE]), texts)


@app.command()
def serve(
    instance: InstanceArgument = BUNDLED_INSTANCE,
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8050,
    host: Annotated[
        str,
        typer.Option(
            help="Address to listen on. The default serves this machine only; any other "
            "lets others on the network use the page (a warning says so)."
        ),
    ] = LOCALHOST,
    workers: Annotated[
        int,
        typer.Option(min=1, max=64, help="Solves at the same time, one process each."),
    ] = max(1, min(2, os.cpu_count() or 1)),
    time_limit: Annotated[
        float, typer.Option(callback=_seconds, help="Seconds for each solve on the page.")
    ] = 10.0,
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """The what-if page in the browser: change capacities, realisation, preparation, the
    start, council delays, leave measures out or lock them, press Optimaliser; save and
    compare candidates; download the plan (Excel, PNG, report) and the scenario (YAML)."""
    import waitress

    from scheduler.web.app import create_app
    from scheduler.web.solving import Instances, SolvePool

    texts = Texts(lang)
    data = _load(instance)
    if host not in (LOCALHOST, "localhost", "::1"):
        typer.echo(texts("web.listen_warning", host=host), err=True)
    pool = SolvePool(workers, time_limit)
    # A service manager stops the page with SIGTERM: end like Ctrl-C, so that the solver
    # processes are shut down with it instead of being left behind.
    signal.signal(signal.SIGTERM, _stop_serving)
    try:
        pool.warm()
        page = create_app(Instances(data, str(instance.resolve())), pool, lang)
        shown = f"[{host}]" if ":" in host else host
        typer.echo(texts("web.serving", url=f"http://{shown}:{port}/"))
        # Threads wait on the pool, so a few per solve process keep the page answering.
        waitress.serve(page.server, host=host, port=port, threads=4 * workers + 4, ident="")
    except KeyboardInterrupt:
        pass
    finally:
        pool.close()


def _stop_serving(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@app.command("batch-report")
def batch_report(
    folder: Annotated[Path, typer.Argument(help="A batch's folder (with rows.parquet).")],
    force: ForceFolderOption = False,
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """The report of a batch: the probability of meeting each target, what moves the
    savings most (tornado), the distributions; batch-report.html and .xlsx in FOLDER."""
    import pandas as pd

    from scheduler.batch_report import summarise
    from scheduler.io.batch_documents import batch_html, batch_workbook
    from scheduler.io.files import write_bytes_atomically, write_text_atomically
    from scheduler.io.solve_outputs import Written

    texts = Texts(lang)
    table = folder / "rows.parquet"
    if not table.exists():
        raise _fail(f"{folder}: no rows.parquet (run 'scheduler batch' into it first)")
    rows = pd.read_parquet(table)
    summary = summarise(rows)
    names = ["batch-report.html", "batch-report.xlsx"]
    _check_folder(folder, names, [table], force)
    with _staged(folder, replace_earlier=False) as stage:
        write_text_atomically(stage / names[0], batch_html(texts, summary))
        write_bytes_atomically(stage / names[1], batch_workbook(texts, summary, rows))
    _report_written(folder, Written(files=names), texts)


def _candidate_labels(texts: Texts, data: Instance, search: CandidateSearch) -> list[str]:
    """What makes each candidate different, in words."""
    from scheduler.model.candidates import Kind

    labels = []
    number = 0
    for plan in search.candidates:
        if plan.kind == Kind.ALTERNATIVE:
            number += 1
            sections = [data.section_of(data.measure(m)) for m in plan.moved]
            most = max(set(sections), key=sections.count) if sections else "-"
            labels.append(
                texts(
                    "candidates.alternative",
                    number=number,
                    count=len(plan.moved),
                    months=texts.months(search.months),
                    section=most,
                )
            )
        elif plan.kind == Kind.CLOSEST:
            labels.append(texts("candidates.closest", distance=texts.months(plan.distance or 0)))
        elif plan.kind == Kind.LIGHTEST:
            labels.append(texts("candidates.lightest", section=plan.section, peak=plan.peak))
        else:
            labels.append(texts(f"candidates.{plan.kind.name.lower()}"))
    return labels


def _write_comparison(folder: Path, texts: Texts, comparison: Comparison) -> None:
    """compare.html, compare.md and compare.xlsx of a comparison into ``folder``."""
    from scheduler.io.compare_documents import compare_blocks, compare_workbook
    from scheduler.io.files import write_bytes_atomically, write_text_atomically
    from scheduler.io.report_documents import blocks_html, blocks_markdown

    blocks = compare_blocks(texts, comparison)
    html_file, markdown_file, workbook_file = (folder / name for name in COMPARE_FILES)
    write_text_atomically(html_file, blocks_html(texts("compare.title"), blocks, texts.lang))
    write_text_atomically(markdown_file, blocks_markdown(blocks))
    write_bytes_atomically(workbook_file, compare_workbook(texts, comparison))


def _check_output(output: Path, source: Path, force: bool) -> None:
    from scheduler.io.files import check_output_path

    try:
        check_output_path(output, [source], force)
    except FileExistsError as error:
        raise _fail(str(error)) from None


@app.command("export-excel")
def export_excel(
    instance: Annotated[Path, typer.Argument(help="Instance file (YAML).")],
    output: Annotated[Path, typer.Argument(help="Workbook to write (.xlsx).")],
    force: ForceOption = False,
) -> None:
    """Write an instance as an Excel workbook to edit (read it back with import-excel)."""
    from scheduler.io.excel import write_instance_workbook

    data = _load(instance)
    _check_output(output, instance, force)
    with _writing(output):
        write_instance_workbook(output, data)
    typer.echo(f"Wrote {output}: {len(data.measures)} measures")


@app.command("import-excel")
def import_excel(
    workbook: Annotated[Path, typer.Argument(help="Instance workbook (.xlsx).")],
    output: Annotated[Path, typer.Argument(help="Instance file to write (YAML).")],
    force: ForceOption = False,
) -> None:
    """Read an instance workbook, validate it as an instance file, and write it as YAML."""
    from scheduler.io.excel import read_instance_workbook
    from scheduler.io.files import write_text_atomically
    from scheduler.io.instance import InputError, instance_yaml

    _check_output(output, workbook, force)
    try:
        data = read_instance_workbook(workbook)
    except InputError as error:
        raise _fail(error) from None
    header = f"Instance read from {workbook.name} by 'scheduler import-excel'."
    with _writing(output):
        write_text_atomically(output, instance_yaml(data, header))
    typer.echo(f"Wrote {output}: {len(data.measures)} measures")
