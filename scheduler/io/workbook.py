"""Reading and writing tables in Excel workbooks, with one-line errors that point at a cell.

A :class:`Sheet` declares a table: its header row names the columns, and each row below is
one item (or, for a ``single`` sheet, the one row holds one object's fields). Reading
checks the sheet and every cell and builds plain data (dicts and lists, as a YAML file
would give) for the domain's own validation; :class:`CellMap` remembers which cell every
value came from, so that an error found later in the plain data still names its sheet, row
and column. Fully empty rows are skipped (people leave blank lines between blocks).

Rejected: a missing sheet or column, an unknown or repeated column header, merged cells,
formula cells (the value must be in the file, not computed by Excel) and cells that do not
hold the column's kind of value.
"""

from __future__ import annotations

import datetime
import difflib
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

import openpyxl
import xlsxwriter
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.data import Colour, RuleField
from scheduler.io.files import write_bytes_atomically
from scheduler.io.instance import InputError

CellValue = str | int | float | bool | datetime.datetime | datetime.date | None


class BadCell(ValueError):
    """A cell that does not hold its column's kind of value (message says what it holds)."""


Written = str | int | float | bool | datetime.datetime | None
Reader = Callable[[CellValue], Any]
Writer = Callable[[Any], Written]


# --- cell kinds: cell value -> plain value (reading) and back (writing) ----------------------
def text(value: CellValue) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # an id typed as a number
    raise BadCell(f"expected text, got {value!r}")


_WHOLE = re.compile(r"^[-−]?\d+$")


def whole_number(value: CellValue) -> int:
    """Integers; also 12.0 (Excel stores numbers as floats) and '1 390' typed as text."""
    if isinstance(value, bool):
        raise BadCell(f"expected a whole number, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        digits = re.sub(r"[\s\u00a0]", "", value)
        if _WHOLE.match(digits):
            return int(digits.replace("−", "-"))
    raise BadCell(f"expected a whole number, got {value!r}")


def number(value: CellValue) -> float:
    """A number, whole or not (a computed column that is not read into the model)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise BadCell(f"expected a number, got {value!r}")


_TRUE = {"true", "yes", "ja", "1"}
_FALSE = {"false", "no", "nei", "0"}


def flag(value: CellValue) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | str) and str(value).strip().lower() in _TRUE | _FALSE:
        return str(value).strip().lower() in _TRUE
    raise BadCell(f"expected TRUE or FALSE, got {value!r}")


def month(value: CellValue) -> str:
    """'YYYY-MM' text (checked by the domain model), or a date cell (Excel turns a typed
    '2025-07' into one)."""
    if isinstance(value, datetime.date):
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, str):
        return value.strip()
    raise BadCell(f"expected a month as 'YYYY-MM', got {value!r}")


def month_date(value: Any) -> Written:
    """A 'YYYY-MM' month written as a real date (its first day), which Excel shows in the
    reader's language with the column's format ("sep. 2025" in Norwegian Excel)."""
    if not isinstance(value, str):
        return None
    year, number = value.split("-")
    return datetime.datetime(int(year), int(number), 1)


def months(value: CellValue) -> list[str]:
    """'2025-09, 2025-10 ...' -> ['2025-09', '2025-10', ...]."""
    if isinstance(value, datetime.date):
        return [month(value)]
    return [part for part in re.split(r"[,;\s]+", text(value)) if part]


def write_months(value: Sequence[str]) -> str:
    return ", ".join(value)


def colour(value: CellValue) -> str:
    name = value.strip().lower() if isinstance(value, str) else value
    if name not in {c.value for c in Colour}:
        expected = ", ".join(c.value for c in Colour)
        raise BadCell(f"unknown colour {value!r} (expected one of {expected})")
    return str(name)


_DEPENDENCY = re.compile(
    r"^(\S+)(?:\s+([A-Za-z]+))?(?:\s+(-?\d+)(?:\s*\.\.\s*(-?\d+))?)?(?:\s+l\.\s*(\d+))?$"
)
DEPENDENCY_EXAMPLE = "HEV-1.2 FS 0 l.981; HEV-2.1 SS 2..12"


def _parts(value: CellValue) -> list[str]:
    """The non-empty parts of a list cell, split at ';', ',' or line breaks."""
    return [part.strip() for part in re.split(r"[;,\n]+", text(value)) if part.strip()]


def dependencies(value: CellValue) -> list[dict[str, Any]]:
    """'HEV-1.2 FS 0 l.981; HEV-2.1 SS 2..12' -> dependency dicts (kind, lags and source
    line may be left out: FS, 0, no maximum and no line)."""
    result = []
    for part in _parts(value):
        match = _DEPENDENCY.match(part)
        if match is None:
            raise BadCell(f"expected dependencies like {DEPENDENCY_EXAMPLE!r}, got {part!r}")
        measure, kind, min_lag, max_lag, line = match.groups()
        dependency: dict[str, Any] = {"measure": measure}
        if kind is not None:
            dependency["kind"] = kind.upper()
        if min_lag is not None:
            dependency["min_lag"] = int(min_lag)
        if max_lag is not None:
            dependency["max_lag"] = int(max_lag)
        if line is not None:
            dependency["line"] = int(line)
        result.append(dependency)
    return result


def write_dependencies(value: Sequence[Mapping[str, Any]]) -> str | None:
    parts = [
        f"{d['measure']} {d['kind']} {d['min_lag']}"
        + (f"..{d['max_lag']}" if d.get("max_lag") is not None else "")
        + (f" l.{d['line']}" if d.get("line") is not None else "")
        for d in value
    ]
    return "; ".join(parts) or None


_NAMED_NUMBER = re.compile(r"^(\S+)\s+(\d+)$")


def _named_numbers(
    value: CellValue, what: str, example: str, names: Sequence[str] = (), noun: str = "name"
) -> dict[str, int]:
    """'HR 1; IKT 2' -> {'HR': 1, 'IKT': 2}; with ``names``, only those names (each a
    ``noun``) are allowed. A name given twice is an error (which one would hold?)."""
    result: dict[str, int] = {}
    for part in _parts(value):
        match = _NAMED_NUMBER.match(part)
        if match is None:
            raise BadCell(f"expected {what} like {example!r}, got {part!r}")
        name, number = match.group(1), int(match.group(2))
        if names and name not in names:
            close = difflib.get_close_matches(name, names, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"expected one of {', '.join(names)}"
            raise BadCell(f"unknown {noun} {name!r} ({hint})")
        if name in result:
            raise BadCell(f"{name!r} appears twice")
        result[name] = number
    return result


def _write_named_numbers(value: Mapping[str, int]) -> str | None:
    return "; ".join(f"{name} {number}" for name, number in value.items()) or None


def support(value: CellValue) -> dict[str, int]:
    """'HR 1; IKT 2' -> {'HR': 1, 'IKT': 2}."""
    return _named_numbers(value, "support", "HR 1; IKT 2")


write_support = _write_named_numbers

RULE_FIELDS: tuple[str, ...] = get_args(RuleField)


def source_lines(value: CellValue) -> dict[str, int]:
    """'council_decision 1046; earliest_effect 3330' -> {'council_decision': 1046, ...}: the
    source line of each timing rule of a measure."""
    example = "council_decision 1046; earliest_effect 3330"
    return _named_numbers(value, "source lines", example, RULE_FIELDS, "timing rule")


write_source_lines = _write_named_numbers

_PERIOD = re.compile(r"^(\d{4}-\d{1,2})(?:\s*\.\.\s*(\d{4}-\d{1,2}))?\s*:\s*(\d+)$")


def capacity_periods(value: CellValue) -> list[dict[str, Any]]:
    """'2025-03..2025-06: 40; 2025-07: 30' -> capacity periods (a single month is a period
    of one month); the months themselves are checked by the domain model."""
    result = []
    for part in _parts(value):
        match = _PERIOD.match(part)
        if match is None:
            raise BadCell(
                f"expected periods like '2025-03..2025-06: 40; 2025-07..2025-08: 30', got {part!r}"
            )
        first, last, capacity = match.groups()
        result.append({"first": first, "last": last or first, "capacity": int(capacity)})
    return result


def write_capacity_periods(value: Sequence[Mapping[str, Any]]) -> str | None:
    parts = [f"{p['first']}..{p['last']}: {p['capacity']}" for p in value]
    return "; ".join(parts) or None


def same(value: Any) -> Written:
    return value


MAX_WORKBOOK_BYTES = 50 * 2**20
"""The largest workbook read (the bundled instance's is about 60 KB)."""

MAX_ROWS = 100_000
MAX_COLUMNS = 200
"""The largest used range of a sheet that is read (a measure a row: the synthetic
2 000-measure instance uses 2 001 rows)."""


# --- declarations --------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    header: str
    key: tuple[str, ...]  # where the value goes in the item's plain data
    read: Reader = text
    write: Writer = same
    width: int = 12
    number_format: str | None = None


@dataclass(frozen=True)
class Sheet:
    """A table. ``list``: one item per row; ``single``: exactly one row (one object);
    ``keyed``: one item per row, keyed by the first column (a mapping)."""

    name: str
    path: tuple[str, ...]  # where the items go in the plain data
    columns: tuple[Column, ...]
    shape: Literal["list", "single", "keyed"] = "list"


Location = tuple[str, ...]
Cell = tuple[str, int | None, str | None]  # sheet, row, column header


class CellMap:
    """Which sheet, row and column each path in the plain data came from."""

    def __init__(self) -> None:
        self._cells: dict[Location, Cell] = {}

    def add(self, location: Location, cell: Cell) -> None:
        self._cells[location] = cell

    def alias(self, source: Location, target: Location) -> None:
        """Cells read at ``source`` (and below) are also the cells of ``target`` (for rows
        of one sheet that the reader moves into the items of another)."""
        for location, cell in list(self._cells.items()):
            if location[: len(source)] == source:
                self._cells[target + location[len(source) :]] = cell

    def find(self, location: Location | None) -> Cell | None:
        """The cell of the longest known prefix of ``location``."""
        if location is None:
            return None
        for end in range(len(location), 0, -1):
            if location[:end] in self._cells:
                return self._cells[location[:end]]
        return None


def describe(origin: str, sheet: str, row: int | None, column: str | None) -> str:
    where = f"{origin}: sheet {sheet}"
    if row is not None:
        where += f", row {row}"
    if column is not None:
        where += f", column {column}"
    return where


# --- reading -------------------------------------------------------------------------------
class WorkbookReader:
    """An open workbook and the cells its values came from; every problem is an
    :class:`InputError` naming file, sheet, row and column."""

    def __init__(self, path: Path):
        self.origin = str(path)
        self.cells = CellMap()
        self._checked: set[str] = set()
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise InputError(f"{path}: file not found") from None
        except OSError as error:
            raise InputError(f"{path}: cannot read: {error.strerror}") from None
        if size > MAX_WORKBOOK_BYTES:
            raise InputError(
                f"{path}: the workbook has {size // 2**20} MB, more than the "
                f"{MAX_WORKBOOK_BYTES // 2**20} MB accepted"
            )
        try:
            self.book = openpyxl.load_workbook(path, data_only=False)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
            raise InputError(f"{path}: not a readable Excel workbook (.xlsx): {error}") from None
        except Exception as error:  # malformed XML inside the zip, and the like
            raise InputError(
                f"{path}: not a readable Excel workbook (.xlsx): {type(error).__name__}"
            ) from None

    def fail(self, sheet: str, row: int | None, column: str | None, message: str) -> InputError:
        return InputError(f"{describe(self.origin, sheet, row, column)}: {message}")

    def headers(self, name: str) -> list[str]:
        """The header names of sheet ``name`` (after the sheet-level checks)."""
        return [header for header in self._header_row(self._sheet(name)) if header is not None]

    def read(self, sheet: Sheet, raw: dict[str, Any]) -> None:
        """Read ``sheet`` into ``raw`` at ``sheet.path`` and remember every cell."""
        rows = self._rows(sheet)
        self.cells.add(sheet.path, (sheet.name, None, None))
        if sheet.shape == "single":
            if not rows:
                raise self.fail(sheet.name, 2, None, "expected one row of values, found none")
            if len(rows) > 1:
                raise self.fail(sheet.name, rows[1][0], None, "expected only one row of values")
            row_number, item = rows[0]
            _put(raw, sheet.path, item)
            self._remember(sheet, sheet.path, row_number)
        elif sheet.shape == "keyed":
            mapping: dict[str, Any] = {}
            key = sheet.columns[0]
            for row_number, item in rows:
                name = item.pop(key.key[0], None)
                if name is None:
                    raise self.fail(sheet.name, row_number, key.header, "a value is required")
                if name in mapping:
                    raise self.fail(sheet.name, row_number, key.header, f"{name!r} appears twice")
                mapping[name] = item
                self._remember(sheet, (*sheet.path, name), row_number)
            _put(raw, sheet.path, mapping)
        else:
            _put(raw, sheet.path, [item for _, item in rows])
            for index, (row_number, _) in enumerate(rows):
                self._remember(sheet, (*sheet.path, str(index)), row_number)

    def locate(self, error: InputError) -> InputError:
        """``error`` from validating the plain data, re-pointed at the cell it came from."""
        cell = self.cells.find(error.location)
        if cell is None:
            return error
        detail = error.detail
        if detail.startswith("required field is missing"):  # said of a field, not a cell
            detail = "the cell is empty, but a value is required" + detail[25:]
        return InputError(f"{describe(self.origin, *cell)}: {detail}")

    def _remember(self, sheet: Sheet, prefix: Location, row: int) -> None:
        self.cells.add(prefix, (sheet.name, row, None))
        for column in sheet.columns:
            self.cells.add((*prefix, *column.key), (sheet.name, row, column.header))

    def _sheet(self, name: str) -> Worksheet:
        if name not in self.book.sheetnames:
            raise InputError(f"{self.origin}: sheet {name}: the sheet is missing")
        sheet = self.book[name]
        if name in self._checked:
            return sheet
        # Reading a sheet walks its whole used range: a stray value far below the data (a
        # space in row 1 048 576) would make millions of empty cells.
        if sheet.max_row > MAX_ROWS or sheet.max_column > MAX_COLUMNS:
            raise self.fail(
                name,
                None,
                None,
                f"the sheet uses {sheet.max_row} rows and {sheet.max_column} columns, more "
                f"than the {MAX_ROWS} and {MAX_COLUMNS} accepted: delete what lies below or "
                "beside the table (even a space)",
            )
        self._checked.add(name)
        header = self._header_row(sheet)
        for merged in sorted(sheet.merged_cells.ranges, key=str):
            column = _at(header, merged.min_col)
            raise self.fail(
                name, merged.min_row, column, f"merged cells ({merged}) are not allowed: unmerge"
            )
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    raise self.fail(
                        name,
                        cell.row,
                        _at(header, cell.column) or get_column_letter(cell.column),
                        f"formula {str(cell.value)[:40]!r} is not allowed: enter the value",
                    )
        return sheet

    @staticmethod
    def _header_row(sheet: Worksheet) -> list[str | None]:
        first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
        return [str(value).strip() if value not in (None, "") else None for value in first]

    def _rows(self, sheet: Sheet) -> list[tuple[int, dict[str, Any]]]:
        """(row number, item) for every non-empty row, each cell read by its column."""
        worksheet = self._sheet(sheet.name)
        header = self._header_row(worksheet)
        by_header = {column.header: column for column in sheet.columns}
        seen: set[str] = set()
        for index, name in enumerate(header, start=1):
            if name is None:
                continue
            if name in seen:
                raise self.fail(sheet.name, 1, name, "the column appears twice")
            if name not in by_header:
                close = difflib.get_close_matches(name, list(by_header), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise self.fail(
                    sheet.name, 1, get_column_letter(index), f"unknown column {name!r}{hint}"
                )
            seen.add(name)
        for column in sheet.columns:
            if column.header not in seen:
                raise self.fail(sheet.name, 1, None, f"column {column.header!r} is missing")
        rows = []
        for row in worksheet.iter_rows(min_row=2):
            values = [(cell, _at(header, cell.column)) for cell in row]
            if all(_blank(cell.value) for cell, _ in values):
                continue  # fully empty rows are skipped
            item: dict[str, Any] = {}
            for cell, name in values:
                if _blank(cell.value):
                    continue
                if name is None:
                    raise self.fail(
                        sheet.name,
                        cell.row,
                        get_column_letter(cell.column),
                        "a value in a column without a header",
                    )
                try:
                    _put(item, by_header[name].key, by_header[name].read(cell.value))
                except BadCell as error:
                    raise self.fail(sheet.name, cell.row, name, str(error)) from None
            rows.append((row[0].row, item))
        return rows


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _at(header: list[str | None], column: int) -> str | None:
    return header[column - 1] if column <= len(header) else None


def _put(target: dict[str, Any], key: tuple[str, ...], value: Any) -> None:
    """Set ``target[k1][k2]... = value``, making the inner dicts; an empty key merges
    ``value`` (a dict) into ``target`` itself."""
    if not key:
        target.update(value)
        return
    for part in key[:-1]:
        target = target.setdefault(part, {})
    target[key[-1]] = value


def _get(source: Mapping[str, Any], key: tuple[str, ...]) -> Any:
    for part in key:
        if not isinstance(source, Mapping) or part not in source:
            return None
        source = source[part]
    return source


# --- writing -------------------------------------------------------------------------------
class WorkbookWriter:
    """An XlsxWriter workbook in memory, with the house formats; :meth:`save` writes it
    atomically."""

    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(self.buffer, {"in_memory": True})
        self.header = self.book.add_format(
            {"bold": True, "bg_color": "#dde4ee", "bottom": 1, "text_wrap": True, "valign": "top"}
        )
        self.formats: dict[str, Any] = {}

    def format(self, number_format: str | None) -> Any:
        if number_format is None:
            return None
        if number_format not in self.formats:
            self.formats[number_format] = self.book.add_format({"num_format": number_format})
        return self.formats[number_format]

    def table(self, sheet: Sheet, items: Iterable[Mapping[str, Any]]) -> Any:
        """Write ``items`` (plain data) under a frozen, filtered header; returns the sheet."""
        worksheet = self.book.add_worksheet(sheet.name)
        for index, column in enumerate(sheet.columns):
            worksheet.write_string(0, index, column.header, self.header)
            worksheet.set_column(index, index, column.width, self.format(column.number_format))
        count = 0
        for count, item in enumerate(items, start=1):
            for index, column in enumerate(sheet.columns):
                self.cell(worksheet, count, index, column.write(_get(item, column.key)))
        worksheet.freeze_panes(1, 1 if sheet.shape != "single" else 0)
        worksheet.autofilter(0, 0, max(count, 1), len(sheet.columns) - 1)
        return worksheet

    def cell(
        self, worksheet: Any, row: int, column: int, value: Written, style: Any = None
    ) -> None:
        """Write by type, text always as text (never read as a formula or a link)."""
        if value is None:
            return
        if isinstance(value, bool):
            worksheet.write_boolean(row, column, value, style)
        elif isinstance(value, datetime.datetime):
            worksheet.write_datetime(row, column, value, style)
        elif isinstance(value, int | float):
            worksheet.write_number(row, column, value, style)
        else:
            worksheet.write_string(row, column, value, style)

    def save(self, path: Path) -> None:
        self.book.close()
        write_bytes_atomically(path, self.buffer.getvalue())
