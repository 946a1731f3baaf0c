"""scheduler: a municipality's restructuring master plan as an optimised, explainable plan.

The Python API (``scheduler.load``, ``change``, ``solve``, ``savings_table``, ...) is
:mod:`scheduler.api`; its names are loaded on first use, so that the command line starts
without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scheduler.api import (
        InputError,
        change,
        load,
        plan_table,
        reasons_table,
        savings_long,
        savings_table,
        solve,
    )

__all__ = [
    "InputError",
    "change",
    "load",
    "plan_table",
    "reasons_table",
    "savings_long",
    "savings_table",
    "solve",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from scheduler import api

        return getattr(api, name)
    raise AttributeError(f"module 'scheduler' has no attribute {name!r}")
