"""Excel workbooks: a plan to print and share, and an instance to edit and read back.

Plan workbook (written): ``Plan`` (one row per measure: timing as real dates, decision
meeting, the consultants' effect month, how far the plan moves it and why it takes effect
then; savings per year in thousand NOK in the plan, at the consultants' month and
risk-weighted), ``Gantt`` (names beside ids, months as columns, cells filled by
mobilisation colour through conditional formatting), ``Summary`` (savings against the
targets beside the consultants' timing, nominal and risk-weighted, and by section). The
``Plan`` sheet reads back into the same plan (:func:`read_plan_workbook`), so a plan
edited in Excel can be re-checked and re-drawn.

Instance workbook (written and read): one sheet per part of the instance file, one row per
measure, group, section, ...; see docs/excel.md. Reading goes through the same validation
as a YAML file (:func:`scheduler.io.instance.instance_from_dict`), and every error names
the file, sheet, row and column.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from xlsxwriter.utility import xl_rowcol_to_cell

from scheduler.data import Colour, ComponentKind, Instance, Measure
from scheduler.evaluate import planned_effects, rows_by_section, savings_report
from scheduler.i18n import DEFAULT_LANG, LANGS, Lang, Texts
from scheduler.io.instance import InputError, instance_from_dict
from scheduler.io.workbook import (
    DEPENDENCY_EXAMPLE,
    Column,
    Sheet,
    WorkbookReader,
    WorkbookWriter,
    capacity_periods,
    colour,
    dependencies,
    describe,
    flag,
    month,
    month_date,
    months,
    number,
    source_lines,
    support,
    whole_number,
    write_capacity_periods,
    write_dependencies,
    write_months,
    write_source_lines,
    write_support,
)
from scheduler.reasons import MeasureReason, reasons
from scheduler.result import Plan, Result, ScheduledMeasure
from scheduler.savings import YearlySavings, savings_by_effect, yearly_savings

KNOK = "#,##0"  # thousand NOK, with the locale's thousands separator
COLOUR_FILL = {Colour.RED: "#d7301f", Colour.YELLOW: "#f5b800", Colour.GREEN: "#2e9e4f"}
EFFECT_FILL = {Colour.RED: "#f4b4aa", Colour.YELLOW: "#fbe3a0", Colour.GREEN: "#b3dcbc"}
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_AMOUNT = re.compile(r"^amount_(\d{4})$")


# --- the instance workbook -------------------------------------------------------------------
COMPONENTS = "Components"


def _capacity_columns() -> tuple[Column, ...]:
    return (
        Column("id", ("id",)),
        Column("name", ("name",), width=40),
        Column("capacity", ("capacity",), whole_number),
        *(
            Column(
                f"capacity_{name}",
                ("capacity_by_calendar_month", str(number)),
                whole_number,
                width=8,
            )
            for number, name in enumerate(_MONTH_NAMES, start=1)
        ),
        Column(
            "capacity_by_period",
            ("capacity_by_period",),
            capacity_periods,
            write_capacity_periods,
            width=36,
        ),
    )


def _amount_columns(years: list[int]) -> tuple[Column, ...]:
    return tuple(
        Column(f"amount_{year}", ("amounts", str(year)), whole_number, number_format=KNOK)
        for year in years
    )


def instance_sheets(
    amount_years: list[int], component_years: list[int] | None = None
) -> list[Sheet]:
    """The sheets of an instance workbook, in workbook order; the Measures sheet has one
    ``amount_<year>`` column per year in ``amount_years``, the Components sheet one per year
    in ``component_years`` (by default the same)."""
    m = "measures"
    if component_years is None:
        component_years = amount_years
    return [
        Sheet(
            "Measures",
            (m,),
            (
                Column("id", ("id",)),
                Column("name", ("name",), width=50),
                Column("section", ("section",), width=8),
                Column("group", ("group",), width=9),
                Column("line", ("line",), whole_number, width=7),
                *_amount_columns(amount_years),
                Column("in_chapter_sum", ("in_chapter_sum",), flag, width=9),
                Column("colour", ("colour",), colour, width=8),
                Column("colour_reason", ("colour_reason",), width=30),
                Column("depends_on", ("depends_on",), dependencies, write_dependencies, 24),
                Column("council_decision", ("council_decision",), flag, width=9),
                Column("budget_decision", ("budget_decision",), flag, width=9),
                Column("union_consultation", ("union_consultation",), flag, width=9),
                Column("support", ("support",), support, write_support),
                Column("planned_effect", ("planned_effect",), month, width=9),
                Column("status", ("status",), width=9),
                Column("earliest_effect", ("earliest_effect",), month, width=9),
                Column("latest_effect", ("latest_effect",), month, width=9),
                Column("fixed_effect", ("fixed_effect",), month, width=9),
                Column("source_lines", ("source_lines",), source_lines, write_source_lines, 30),
                Column("duration", ("duration",), whole_number, width=8),
                Column("effort", ("effort",), whole_number, width=8),
                Column("realisation_pct", ("realisation_pct",), whole_number, width=8),
                Column("note", ("note",), width=60),
            ),
        ),
        Sheet(
            COMPONENTS,
            ("components",),  # moved into the measures' ``components`` on reading
            (
                Column("measure", ("measure",)),
                Column("kind", ("kind",), width=10),
                *_amount_columns(component_years),
                Column("until", ("until",), month, width=9),
                Column("line", ("line",), whole_number, width=7),
                Column("reason", ("reason",), width=60),
            ),
        ),
        Sheet(
            "Groups",
            ("groups",),
            (
                Column("id", ("id",)),
                Column("section", ("section",)),
                Column("name", ("name",), width=50),
                Column("line", ("line",), whole_number),
            ),
        ),
        Sheet("Sections", ("sections",), _capacity_columns()),
        Sheet("Pools", ("pools",), _capacity_columns()),
        Sheet(
            "Colours",
            ("colours",),
            (
                Column("colour", ("colour",), colour),
                Column("realisation_pct", ("realisation_pct",), whole_number),
                Column("duration", ("duration",), whole_number),
                Column("effort", ("effort",), whole_number),
            ),
            shape="keyed",
        ),
        Sheet(
            "Targets",
            ("targets",),
            (
                Column("year", ("year",), whole_number),
                Column("amount", ("amount",), whole_number, number_format=KNOK),
                Column("weight", ("weight",), whole_number),
                Column("line", ("line",), whole_number),
                Column("carry_over", ("carry_over",), flag, width=10),
            ),
        ),
        Sheet(
            "Council",
            ("council",),
            (
                Column("meetings", ("meetings",), months, write_months, width=60),
                Column("case_lead_months", ("case_lead_months",), whole_number),
                Column("budget_month", ("budget_month",), whole_number),
                Column("union_consultation_months", ("union_consultation_months",), whole_number),
            ),
            shape="single",
        ),
        Sheet(
            "Calendar",
            ("calendar",),
            (
                Column("first_month", ("first_month",), month),
                Column("plan_start", ("plan_start",), month),
                Column("first_year_start", ("first_year_start",), month),
                Column("horizon_end", ("horizon_end",), month),
                Column("last_amount_year", ("last_amount_year",), whole_number),
                Column("first_year_default_effect", ("first_year_default_effect",), month),
            ),
            shape="single",
        ),
        Sheet(
            "Assumptions",
            ("assumptions",),
            (
                Column("field", ("field",), width=30),
                Column("reason", ("reason",), width=100),
                Column("line", ("line",), whole_number),
            ),
        ),
        Sheet(
            "Instance",
            (),
            (Column("name", ("name",), width=50), Column("source", ("source",), width=50)),
            shape="single",
        ),
    ]


_ABOUT = [
    "Instance workbook of the scheduler: edit it, then run `scheduler import-excel` (or give "
    "it to `scheduler solve`).",
    "Units: thousand NOK (whole numbers) and months written as YYYY-MM.",
    "One row per item under the header row; fully empty rows are skipped. Leave a cell empty "
    "for 'not given' (the default applies); a 0 is a value.",
    f"depends_on: '{DEPENDENCY_EXAMPLE}' (measure, FS or SS, minimum lag, optionally "
    "..maximum lag, optionally l.<source line>).",
    "support: 'HR 1; IKT 2' (pool and effort units per month of preparation).",
    "source_lines: 'council_decision 1046; earliest_effect 3330' (the source line of each "
    "timing rule: planned_effect, earliest_effect, latest_effect, fixed_effect, status, "
    "council_decision, budget_decision, union_consultation).",
    "Components: one row per part of a measure's amounts that is not run rate (kind one_off, "
    "calendar or investment), in the measure's order; the measure column names the measure.",
    "Council meetings: months separated by commas. Capacity columns capacity_jan..capacity_dec "
    "override the capacity in that calendar month; capacity_by_period "
    "'2025-03..2025-06: 40; 2025-07..2025-08: 30' sets it in month ranges (wins over the "
    "calendar months).",
    "Targets: carry_over TRUE adds the year's shortfall to the next target year's amount.",
    "section in Measures must be the section of the measure's group (a check, not a setting).",
    "Not allowed: formulas, merged cells, renamed or missing sheets and columns.",
]

_CHOICES = {"colour": [c.value for c in Colour], "kind": [k.value for k in ComponentKind]}


def write_instance_workbook(path: Path, instance: Instance) -> None:
    """The instance as a workbook that :func:`read_instance_workbook` reads back equal."""
    raw = instance.model_dump(mode="json")
    raw["measures"] = [
        {**item, "section": instance.section_of(measure)}
        for item, measure in zip(raw["measures"], instance.measures, strict=True)
    ]
    raw["components"] = [
        {"measure": item["id"], **component}
        for item in raw["measures"]
        for component in item["components"]
    ]
    writer = WorkbookWriter()
    for sheet in instance_sheets(list(instance.calendar.amount_years)):
        if sheet.shape == "single":
            items = [raw[sheet.path[0]] if sheet.path else raw]
        elif sheet.shape == "keyed":
            key = sheet.columns[0].key[0]
            items = [{key: name, **value} for name, value in raw[sheet.path[0]].items()]
        else:
            items = raw[sheet.path[0]]
        worksheet = writer.table(sheet, items)
        headers = [column.header for column in sheet.columns]
        for header, choices in _CHOICES.items():
            if header in headers:
                index = headers.index(header)
                worksheet.data_validation(
                    1, index, 10_000, index, {"validate": "list", "source": choices}
                )
    about = writer.book.add_worksheet("About")
    about.set_column(0, 0, 120)
    for row, line in enumerate(_ABOUT):
        about.write_string(row, 0, line)
    writer.save(path)


def _amount_years(reader: WorkbookReader, sheet: str) -> list[int]:
    return sorted(
        int(match.group(1)) for header in reader.headers(sheet) if (match := _AMOUNT.match(header))
    )


def read_instance_workbook(path: Path) -> Instance:
    """Read and validate an instance workbook; raise :class:`InputError` naming the cell."""
    reader = WorkbookReader(path)
    raw: dict[str, Any] = {}
    for sheet in instance_sheets(
        _amount_years(reader, "Measures"), _amount_years(reader, COMPONENTS)
    ):
        reader.read(sheet, raw)
    _attach_components(reader, raw)
    # The section column is a check, not part of a measure: it must name its group's section.
    sections = [measure.pop("section", None) for measure in raw["measures"]]
    try:
        instance = instance_from_dict(raw, reader.origin)
    except InputError as error:
        raise reader.locate(error) from None
    for index, (measure, section) in enumerate(zip(instance.measures, sections, strict=True)):
        if section != instance.section_of(measure):
            cell = reader.cells.find(("measures", str(index), "section"))
            where = describe(reader.origin, *cell) if cell else reader.origin
            raise InputError(
                f"{where}: section {section!r} does not match group {measure.group}, "
                f"which belongs to {instance.section_of(measure)}"
            )
    return instance


def _attach_components(reader: WorkbookReader, raw: dict[str, Any]) -> None:
    """Move the rows of the Components sheet into their measures' ``components``, in sheet
    order, so that errors found later in a component still name its row and column."""
    index_of: dict[str, int] = {}
    for index, measure in enumerate(raw["measures"]):
        index_of.setdefault(measure.get("id"), index)
    for position, component in enumerate(raw.pop("components")):
        _, row, _ = reader.cells.find(("components", str(position))) or (COMPONENTS, None, None)
        measure_id = component.pop("measure", None)
        if measure_id is None:
            raise reader.fail(COMPONENTS, row, "measure", "a value is required")
        if measure_id not in index_of:
            raise reader.fail(COMPONENTS, row, "measure", f"unknown measure {measure_id!r}")
        if "amounts" not in component:
            raise reader.fail(
                COMPONENTS, row, None, "a component needs an amount in an amount_<year> column"
            )
        owner = index_of[measure_id]
        parts = raw["measures"][owner].setdefault("components", [])
        if not parts:  # a rule about all of a measure's components points at its first row
            reader.cells.add(("measures", str(owner), "components"), (COMPONENTS, row, None))
        target = ("measures", str(owner), "components", str(len(parts)))
        reader.cells.alias(("components", str(position)), target)
        parts.append(component)


# --- the plan workbook -----------------------------------------------------------------------
MONTH_FORMAT = "mmm yyyy"
"""Months on the plan sheet are real dates, shown in the reader's language."""


def _reason_columns(t: Texts) -> tuple[Column, ...]:
    return (
        Column(
            t("xlsx.consultants_effect"),
            ("info", "reason", "planned_effect"),
            month,
            month_date,
            width=11,
            number_format=MONTH_FORMAT,
        ),
        Column(t("xlsx.moved"), ("info", "reason", "moved"), whole_number, width=9),
        Column(t("xlsx.why"), ("info", "reason", "text"), width=70),
        Column(t("xlsx.source_line"), ("info", "reason", "line"), whole_number, width=8),
    )


def _yearly(header: str, key: str, years: list[int], number_format: str = KNOK) -> list[Column]:
    return [
        Column(
            f"{header} {year}",
            ("info", key, str(year)),
            whole_number if number_format == KNOK else number,
            width=11,
            number_format=number_format,
        )
        for year in years
    ]


def plan_sheet(years: list[int], t: Texts, explained: bool = True, compared: bool = True) -> Sheet:
    """The Plan sheet, with headers in the language of ``t``; only measure, start, decision
    meeting and effect are read back. ``explained``: with the columns of why each measure
    takes effect when it does; ``compared``: with the consultants' and the risk-weighted
    savings per year (a workbook written before they existed reads without them)."""
    return Sheet(
        t("xlsx.plan_sheet"),
        ("measures",),
        (
            Column(t("xlsx.measure"), ("id",)),
            Column(t("xlsx.name"), ("info", "name"), width=50),
            Column(t("xlsx.section"), ("info", "section"), width=8),
            Column(t("xlsx.group"), ("info", "group"), width=9),
            Column(t("xlsx.colour"), ("info", "colour"), width=8),
            Column(t("xlsx.start"), ("start",), month, month_date, 9, MONTH_FORMAT),
            Column(t("xlsx.meeting"), ("decision_meeting",), month, month_date, 9, MONTH_FORMAT),
            Column(t("xlsx.effect"), ("effect",), month, month_date, 9, MONTH_FORMAT),
            *(_reason_columns(t) if explained else ()),
            *_yearly(t("xlsx.savings"), "savings", years),
            *(_yearly(t("xlsx.consultants"), "consultants", years) if compared else ()),
            *(
                _yearly(t("xlsx.risk_weighted"), "risk_weighted", years, "#,##0.0")
                if compared
                else ()
            ),
            Column(t("xlsx.in_chapter_sum"), ("info", "in_chapter_sum"), flag, width=9),
            Column(t("xlsx.note"), ("info", "note"), width=60),
        ),
    )


def write_plan_workbook(
    path: Path,
    instance: Instance,
    plan: Plan,
    result: Result | None = None,
    lang: Lang = DEFAULT_LANG,
) -> None:
    """Plan, Gantt and Summary sheets (see the module docstring), in ``lang``."""
    t = Texts(lang)
    writer = WorkbookWriter()
    rows = rows_by_section(instance, plan)
    years = list(instance.calendar.years)
    why = {reason.id: reason for reason in reasons(instance, plan, lang)}
    items = []
    for measure, item in rows:
        plan_savings = savings_by_effect(instance, measure, [item.effect])[item.effect]
        items.append(_plan_item(t, instance, measure, item, plan_savings, why[measure.id]))

    plan_worksheet = writer.table(plan_sheet(years, t), items)
    plan_worksheet.set_landscape()
    plan_worksheet.fit_to_pages(1, 0)
    plan_worksheet.repeat_rows(0)
    _gantt_sheet(t, writer, instance, plan)
    _summary_sheet(t, writer, instance, plan, result)
    writer.save(path)


def _plan_item(
    t: Texts,
    instance: Instance,
    measure: Measure,
    item: ScheduledMeasure,
    plan_savings: YearlySavings,
    reason: MeasureReason,
) -> dict[str, Any]:
    """A Plan-sheet row as plain data: the plan's timing (months as YYYY-MM), and beside
    it the measure, its savings in the plan and at the consultants' month, and its reason."""
    consultants = yearly_savings(instance, measure, instance.planned_effect_of(measure))
    return {
        **item.model_dump(mode="json"),
        "info": {
            "name": measure.name,
            "section": instance.section_of(measure),
            "group": measure.group,
            "colour": t(f"colour.{measure.colour.value}"),
            "savings": {str(year): amount for year, amount in plan_savings.nominal.items()},
            "consultants": {str(year): amount for year, amount in consultants.items()},
            "risk_weighted": {
                str(year): amount / 100 for year, amount in plan_savings.weighted.items()
            },
            "in_chapter_sum": measure.in_chapter_sum,
            "note": measure.note,
            "reason": reason.model_dump(mode="json"),  # months as YYYY-MM
        },
    }


_FIRST_MONTH_COLUMN = 4  # after measure, name, section and colour


def _gantt_sheet(t: Texts, writer: WorkbookWriter, instance: Instance, plan: Plan) -> None:
    """Months as columns: 'x' while prepared, a mark in the decision meeting's month and
    another in the effect month (letters of the language); conditional formatting fills
    them by the row's colour."""
    work_mark, decision_mark, effect_mark = t.columns("xlsx.gantt_marks")
    rows = rows_by_section(instance, plan)
    first = min([instance.calendar.first_month] + [item.start for _, item in rows])
    last = instance.calendar.horizon_end
    sheet = writer.book.add_worksheet(t("xlsx.gantt_sheet"))
    book = writer.book
    january = book.add_format({"left": 1, "left_color": "#808080", "align": "center"})
    plain = book.add_format({"align": "center"})
    header = book.add_format({"bold": True, "rotation": 90, "align": "center", "bottom": 1})
    titles = (t("xlsx.measure"), t("xlsx.name"), t("xlsx.section"), t("xlsx.colour"))
    for index, title in enumerate(titles):
        sheet.write_string(0, index, title, writer.header)
    sheet.set_column(0, 0, 11)
    sheet.set_column(1, 1, 40)
    sheet.set_column(2, 3, 7)
    sheet.set_column(_FIRST_MONTH_COLUMN, _FIRST_MONTH_COLUMN + last - first, 3)
    for offset, current in enumerate(range(first, last + 1)):
        sheet.write_string(0, _FIRST_MONTH_COLUMN + offset, t.month(current), header)
    for row, (measure, item) in enumerate(rows, start=1):
        sheet.write_string(row, 0, measure.id)
        sheet.write_string(row, 1, measure.name)
        sheet.write_string(row, 2, instance.section_of(measure))
        sheet.write_string(row, 3, t(f"colour.{measure.colour.value}"))
        for offset, current in enumerate(range(first, last + 1)):
            mark = (
                decision_mark
                if current == item.decision_meeting
                else work_mark
                if item.start <= current < item.effect
                else effect_mark
                if current == item.effect
                else ""
            )
            style = january if current % 12 == 0 else plain
            sheet.write_string(row, _FIRST_MONTH_COLUMN + offset, mark, style)
    area = (1, _FIRST_MONTH_COLUMN, len(rows), _FIRST_MONTH_COLUMN + last - first)
    top_left = xl_rowcol_to_cell(1, _FIRST_MONTH_COLUMN)
    colour_cell = xl_rowcol_to_cell(1, 3, col_abs=True)
    decision = book.add_format({"bold": True, "font_color": "#000000"})
    sheet.conditional_format(
        *area,
        {"type": "formula", "criteria": f'={top_left}="{decision_mark}"', "format": decision},
    )
    for mobilisation in Colour:
        is_colour = f'{colour_cell}="{t(f"colour.{mobilisation.value}")}"'
        work = book.add_format(
            {"bg_color": COLOUR_FILL[mobilisation], "font_color": COLOUR_FILL[mobilisation]}
        )
        effect = book.add_format({"bg_color": EFFECT_FILL[mobilisation], "bold": True})
        sheet.conditional_format(
            *area,
            {
                "type": "formula",
                "criteria": f'=AND(OR({top_left}="{work_mark}",{top_left}="{decision_mark}"),'
                f"{is_colour})",
                "format": work,
            },
        )
        sheet.conditional_format(
            *area,
            {
                "type": "formula",
                "criteria": f'=AND({top_left}="{effect_mark}",{is_colour})',
                "format": effect,
            },
        )
    sheet.write_string(len(rows) + 2, 0, t("xlsx.gantt_legend"))
    sheet.freeze_panes(1, _FIRST_MONTH_COLUMN)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)


def _summary_sheet(
    t: Texts, writer: WorkbookWriter, instance: Instance, plan: Plan, result: Result | None
) -> None:
    report = savings_report(instance, plan.effect_by_measure())
    sheet = writer.book.add_worksheet(t("xlsx.summary_sheet"))
    number = writer.format(KNOK)
    bold = writer.book.add_format({"bold": True, "font_size": 13})
    sheet.set_column(0, 0, 44)
    sheet.set_column(1, 8, 14)
    sheet.write_string(0, 0, t("xlsx.summary_title"), bold)
    sheet.write_string(1, 0, t("xlsx.instance"))
    sheet.write_string(1, 1, instance.name)
    if result is not None:
        sheet.write_string(2, 0, t("xlsx.method"))
        sheet.write_string(2, 1, f"{result.method}, {t('status.' + result.status.value)}")
    consultants = savings_report(instance, planned_effects(instance))
    headers = t.columns("xlsx.summary_headers")
    for column, title in enumerate(headers):
        sheet.write_string(4, column, title, writer.header)
    for row, year in enumerate(report.savings_by_year, start=5):
        values = [
            report.targets.get(year),
            report.savings_by_year[year],
            report.risk_weighted_by_year[year],
            report.shortfall_by_year.get(year),
            report.risk_weighted_shortfall_by_year.get(year),
            consultants.savings_by_year[year],
            consultants.risk_weighted_by_year[year],
        ]
        sheet.write_number(row, 0, year)
        for column, value in enumerate(values, start=1):
            writer.cell(sheet, row, column, value, number)
    top = 6 + len(report.savings_by_year)
    sheet.write_string(top, 0, t("xlsx.by_section"), writer.header)
    for column, year in enumerate(report.savings_by_year, start=1):
        sheet.write_number(top, column, year, writer.header)
    for row, section in enumerate(instance.sections, start=top + 1):
        sheet.write_string(row, 0, f"{section.id} {section.name}")
        for column, amount in enumerate(report.savings_by_section[section.id].values(), start=1):
            sheet.write_number(row, column, amount, number)


def _workbook_language(reader: WorkbookReader, path: Path) -> Texts:
    """The language a plan workbook was written in, from its Plan sheet's first header."""
    for lang in LANGS:
        t = Texts(lang)
        sheet = t("xlsx.plan_sheet")
        if sheet in reader.book.sheetnames and reader.headers(sheet)[:1] == [t("xlsx.measure")]:
            return t
    raise InputError(
        f"{path}: no plan sheet with a first column "
        + " or ".join(f"'{Texts(lang)('xlsx.measure')}'" for lang in LANGS)
    )


def read_plan_workbook(path: Path) -> Plan:
    """The plan in a workbook written by :func:`write_plan_workbook` (possibly edited), in
    either language: the first column's header says which."""
    reader = WorkbookReader(path)
    t = _workbook_language(reader, path)
    headers = reader.headers(t("xlsx.plan_sheet"))
    savings = t("xlsx.savings") + " "
    years = sorted(
        int(header.removeprefix(savings))
        for header in headers
        if header.startswith(savings) and header.removeprefix(savings).isdigit()
    )
    raw: dict[str, Any] = {}
    compared = any(header.startswith(t("xlsx.consultants") + " ") for header in headers)
    reader.read(plan_sheet(years, t, t("xlsx.why") in headers, compared), raw)
    summary_name = t("xlsx.summary_sheet")
    summary = reader.book[summary_name] if summary_name in reader.book.sheetnames else None
    name = summary.cell(2, 2).value if summary is not None else None
    if (
        summary is None
        or summary.cell(2, 1).value != t("xlsx.instance")
        or not isinstance(name, str)
    ):
        raise InputError(
            f"{path}: sheet {summary_name}, row 2, column B: expected the instance name"
        )
    for item in raw["measures"]:
        item.pop("info", None)
    try:
        return Plan.model_validate({"instance": name, "measures": raw["measures"]})
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        location = tuple(str(part) for part in first["loc"])
        cell = reader.cells.find(location)
        where = describe(reader.origin, *cell) if cell else f"{path}: {'.'.join(location)}"
        raise InputError(f"{where}: {first['msg']}") from None
