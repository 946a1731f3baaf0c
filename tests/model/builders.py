"""Tiny hand-checkable instances for the constraint-family tests.

Defaults: one section S (capacity 10), months from 2025-01 with plan start 2025-01, amounts
for 2025-2026, horizon to 2026-12; green = 100 % realised, 1 month of preparation, effort 1.
A measure with {2025: 120, 2026: 120} saves 10 a month from its effect month, so a measure
taking effect in month m of 2025 saves 10 * (13 - m) in 2025.
"""

from __future__ import annotations

from typing import Any

from scheduler.data import Instance
from scheduler.io.instance import instance_from_dict

STEADY = {2025: 120, 2026: 120}


def measure(measure_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": measure_id,
        "name": f"Tiltak {measure_id}",
        "group": "G",
        "line": 1,
        "amounts": STEADY,
        "colour": "green",
        "colour_reason": "test",
        "planned_effect": "2025-01",
        **fields,
    }


def build(
    measures: list[dict[str, Any]],
    *,
    capacity: int = 10,
    targets: tuple[tuple[int, int, int], ...] = ((2025, 1000, 1),),
    meetings: tuple[str, ...] = ("2025-05",),
    pools: tuple[dict[str, Any], ...] = (),
    second_section: bool = False,
    case_lead_months: int = 1,
    union_consultation_months: int = 3,
) -> Instance:
    return instance_from_dict(
        {
            "name": "test",
            "calendar": {
                "first_month": "2025-01",
                "plan_start": "2025-01",
                "horizon_end": "2026-12",
                "last_amount_year": 2026,
                "first_year_default_effect": "2025-01",
            },
            "targets": [{"year": y, "amount": a, "weight": w} for y, a, w in targets],
            "colours": {
                "red": {"realisation_pct": 50, "duration": 1, "effort": 1},
                "yellow": {"realisation_pct": 80, "duration": 1, "effort": 1},
                "green": {"realisation_pct": 100, "duration": 1, "effort": 1},
            },
            "sections": [
                {"id": section, "name": name, "capacity": capacity}
                for section, name in ([("S", "Section"), ("T", "Section T")][: 1 + second_section])
            ],
            "pools": list(pools),
            "council": {
                "meetings": list(meetings),
                "case_lead_months": case_lead_months,
                "budget_month": 12,
                "union_consultation_months": union_consultation_months,
            },
            "groups": [
                {"id": group, "section": section, "name": name, "line": 1}
                for group, section, name in [("G", "S", "Group"), ("H", "T", "Group H")][
                    : 1 + second_section
                ]
            ],
            "measures": measures,
        },
        "test",
    )
