"""Tables for the tools municipal staff use: CSV that Norwegian Excel opens as it is, and a
long table of savings by measure and month for Power BI and Framsikt (CSV and Parquet).

CSV conventions (docs/outputs.md): semicolon between fields (Norwegian Excel's list
separator, since the comma is its decimal sign), UTF-8 with a byte-order mark (without it
Excel reads æøå as two characters each), decimal comma, months as ISO dates (2025-09-01,
which Excel recognises as a date in any locale), and text that a spreadsheet would take for
a formula quoted (:func:`csv_text`).
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pandas as pd

from scheduler.data import Instance
from scheduler.io.files import write_bytes_atomically
from scheduler.result import Plan
from scheduler.savings import monthly_savings, weighted_monthly_savings, yearly_savings

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these is a formula to spreadsheet programs (CSV
injection); :func:`csv_text` quotes it with a leading apostrophe, as OWASP advises."""

SAVINGS_LONG_CSV = "savings_long.csv"
SAVINGS_LONG_PARQUET = "savings_long.parquet"
SAVINGS_LONG_DATES = ("month", "consultants_effect", "plan_effect")
"""The long table's month columns: datetime64 in the frame, ISO dates in the CSV, Parquet
DATE (Power BI's Date type, not Date/Time) in the Parquet file."""


def csv_text(text: str) -> str:
    """``text`` safe for a CSV cell opened in a spreadsheet: never read as a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def month_date(month: int) -> datetime.date:
    """An absolute month as the date of its first day."""
    return datetime.date(month // 12, month % 12 + 1, 1)


def savings_long(instance: Instance, plan: Plan) -> pd.DataFrame:
    """One row per measure and month of the horizon: who, when, and what it saves then,
    nominal (thousand NOK, :func:`monthly_savings`) and risk-weighted (thousand NOK, exact
    to 10 NOK: :func:`weighted_monthly_savings` / 100). Months are the first day of the
    month; the consultants' effect month is :meth:`Instance.planned_effect_of`."""
    effects = plan.effect_by_measure()
    months = range(instance.calendar.first_month, instance.calendar.horizon_end + 1)
    dates = [month_date(month) for month in months]
    columns: dict[str, list[object]] = {
        name: []
        for name in (
            "measure",
            "name",
            "section",
            "group",
            "colour",
            "status",
            "month",
            "consultants_effect",
            "plan_effect",
            "savings",
            "risk_weighted",
            "in_chapter_sum",
        )
    }
    for measure in instance.measures:
        effect = effects[measure.id]
        nominal = monthly_savings(instance, measure, effect, months)
        weighted = weighted_monthly_savings(instance, measure, effect, months)
        fixed = {
            "measure": measure.id,
            "name": measure.name,
            "section": instance.section_of(measure),
            "group": measure.group,
            "colour": measure.colour.value,
            "status": measure.status.value,
            "consultants_effect": month_date(instance.planned_effect_of(measure)),
            "plan_effect": month_date(effect),
            "in_chapter_sum": measure.in_chapter_sum,
        }
        for month, date in zip(months, dates, strict=True):
            for name, value in fixed.items():
                columns[name].append(value)
            columns["month"].append(date)
            columns["savings"].append(nominal[month])
            columns["risk_weighted"].append(weighted[month] / 100)
    frame = pd.DataFrame(columns)
    for name in SAVINGS_LONG_DATES:
        frame[name] = pd.to_datetime(frame[name])
    return frame


def plan_table(instance: Instance, plan: Plan) -> pd.DataFrame:
    """One row per measure: timing, decision, section, colour and savings per year."""
    years = list(instance.calendar.years)
    rows = []
    for item in plan.measures:
        measure = instance.measure(item.id)
        savings = yearly_savings(instance, measure, item.effect)
        meeting = item.decision_meeting
        rows.append(
            {
                "measure": measure.id,
                "name": measure.name,
                "section": instance.section_of(measure),
                "group": measure.group,
                "colour": measure.colour.value,
                "start": month_date(item.start),
                "decision_meeting": month_date(meeting) if meeting is not None else None,
                "effect": month_date(item.effect),
                **{f"savings_{year}": savings[year] for year in years},
                "in_chapter_sum": measure.in_chapter_sum,
            }
        )
    frame = pd.DataFrame(rows)
    for name in ("start", "decision_meeting", "effect"):
        frame[name] = pd.to_datetime(frame[name])
    return frame


def plan_csv(instance: Instance, plan: Plan) -> bytes:
    """plan.csv: :func:`plan_table` for Norwegian Excel."""
    return excel_csv(plan_table(instance, plan))


def excel_csv(frame: pd.DataFrame) -> bytes:
    """``frame`` as CSV for Norwegian Excel (the module's conventions)."""
    safe = frame.copy()
    for name in safe.columns:
        if pd.api.types.is_string_dtype(safe[name]) or safe[name].dtype == object:
            safe[name] = safe[name].map(
                lambda value: csv_text(value) if isinstance(value, str) else value
            )
    text = io.StringIO()
    safe.to_csv(
        text, sep=";", decimal=",", index=False, date_format="%Y-%m-%d", lineterminator="\n"
    )
    return text.getvalue().encode("utf-8-sig")


def write_savings_long(out: Path, instance: Instance, plan: Plan) -> list[str]:
    """savings_long.csv and savings_long.parquet in ``out``, each atomically; their names."""
    frame = savings_long(instance, plan)
    write_bytes_atomically(out / SAVINGS_LONG_CSV, excel_csv(frame))
    write_bytes_atomically(out / SAVINGS_LONG_PARQUET, parquet_bytes(frame))
    return [SAVINGS_LONG_CSV, SAVINGS_LONG_PARQUET]


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    """The long table as Parquet, its months as DATE (datetime.date once read back)."""
    dates = {name: frame[name].dt.date for name in SAVINGS_LONG_DATES}
    buffer = io.BytesIO()
    frame.assign(**dates).to_parquet(buffer, index=False)
    return buffer.getvalue()
