"""Charts of a plan: pure functions from an instance and a plan to a plotly figure.

Writing files is the caller's business (:mod:`scheduler.io.chart_files`).
"""

from scheduler.plots.capacity import capacity_figure
from scheduler.plots.gantt import gantt_figure
from scheduler.plots.group_gantt import group_gantt_figure
from scheduler.plots.savings import savings_figure
from scheduler.plots.targets import targets_figure

__all__ = [
    "capacity_figure",
    "gantt_figure",
    "group_gantt_figure",
    "savings_figure",
    "targets_figure",
]
