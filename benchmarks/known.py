"""Known values of the public sets (``known_values.csv`` in the shared benchmark folder)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "benchmarks"
"""The shared folder beside the clone (CI lays ``shared/`` next to it)."""


@dataclass(frozen=True)
class Known:
    """What the literature knows: an optimum, a best upper bound, or infeasibility."""

    value: int | None  # optimum or best known makespan; None if infeasible
    lower_bound: int | None
    proven: bool  # value proven optimal (or infeasibility proven)

    @property
    def infeasible(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        if self.value is None:
            return "infeasible"
        if self.proven:
            return str(self.value)
        return f"{self.lower_bound}..{self.value}"


def _optional_int(text: str) -> int | None:
    return int(text) if text.strip() else None


def psplib_known(data: Path) -> dict[str, Known]:
    """``"j30/j301_1.sm" -> Known`` from ``psplib/known_values.csv``."""
    with (data / "psplib" / "known_values.csv").open(encoding="utf-8") as stream:
        return {
            row["instance"]: Known(
                value=int(row["upper_bound"]),
                lower_bound=_optional_int(row["lower_bound"]),
                proven=row["proven_optimal"] == "true",
            )
            for row in csv.DictReader(stream)
        }


def rcpsp_max_known(data: Path) -> dict[str, Known]:
    """``"j10/PSP1.SCH" -> Known`` from ``rcpsp_max/known_values.csv``."""
    with (data / "rcpsp_max" / "known_values.csv").open(encoding="utf-8") as stream:
        return {
            row["instance"]: Known(
                value=None if row["known_value"] == "infeasible" else int(row["known_value"]),
                lower_bound=_optional_int(row["lower_bound"]),
                proven=row["proven"] == "true",
            )
            for row in csv.DictReader(stream)
        }


def natural_key(path: Path) -> tuple[int | str, ...]:
    """Sort ``j301_2`` before ``j301_10`` and ``PSP2`` before ``PSP10``."""
    return tuple(
        int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", path.name)
    )
