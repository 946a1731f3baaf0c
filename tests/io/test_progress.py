"""The progress of a solve: the hook's reports and the terminal line they feed."""

from __future__ import annotations

import io
import time

from rich.console import Console

from scheduler.data import Instance
from scheduler.i18n import Lang, Texts
from scheduler.io.progress import progress_display, progress_line
from scheduler.model.progress import Phase, Progress
from scheduler.model.solver import solve


def test_the_hook_hears_each_phase_and_the_search_values(ovre_eiker: Instance) -> None:
    reports: list[Progress] = []
    result = solve(ovre_eiker, time_limit=30, on_progress=reports.append)
    phases = [report.phase for report in reports]
    assert phases[0] == Phase.WARM_START and phases[-1] == Phase.FINISHING
    searched = [report for report in reports if report.objective is not None]
    assert searched and all(r.phase == Phase.SEARCH for r in searched)
    assert {r.level for r in searched} == {"weighted shortfall"}
    # The last report is the plan the solve returns; no reported bound passes the proven one.
    assert searched[-1].objective == result.objective == result.levels[0].value
    assert all(r.bound is not None and r.bound <= result.levels[0].bound for r in searched)


def test_listening_changes_nothing_in_the_plan(ovre_eiker: Instance) -> None:
    quiet = solve(ovre_eiker, time_limit=30, seed=3)
    heard = solve(ovre_eiker, time_limit=30, seed=3, on_progress=lambda report: None)
    assert heard.plan == quiet.plan
    assert [level.value for level in heard.levels] == [level.value for level in quiet.levels]


def test_progress_line_in_each_language() -> None:
    report = Progress(Phase.SEARCH, 1, 2, "weighted shortfall", 6141140, 6100000)
    assert progress_line(Texts(Lang.NB), report, 3.25, 60) == (
        "søk (nivå 1 av 2): vektet manko · beste 6 141 140 · grense 6 100 000 · gap 0,7 % · "
        "3,2 s, 56,8 s igjen"
    )
    assert progress_line(Texts(Lang.EN), report, 3.25, 60) == (
        "search (level 1 of 2): weighted shortfall · best 6 141 140 · bound 6 100 000 · "
        "gap 0.7% · 3.2 s, 56.8 s left"
    )
    assert progress_line(Texts(Lang.NB), Progress(Phase.WARM_START), 0.0, 5) == (
        "startplan · 0,0 s, 5,0 s igjen"
    )


def test_the_display_shows_the_latest_report_on_a_terminal() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=200)
    with progress_display(Texts(Lang.NB), 60, console=console) as hook:
        assert hook is not None
        hook(Progress(Phase.SEARCH, 1, 1, "weighted shortfall", 100, 90))
        time.sleep(0.4)  # a refresh or two
    assert "søk: vektet manko · beste 100 · grense 90 · gap 10 %" in out.getvalue()


def test_nothing_is_shown_off_a_terminal_or_when_not_wanted() -> None:
    for console, enabled in (
        (Console(file=io.StringIO(), force_terminal=False), True),
        (Console(file=io.StringIO(), force_terminal=True), False),
    ):
        with progress_display(Texts(), 60, enabled=enabled, console=console) as hook:
            assert hook is None
        assert console.file.getvalue() == ""  # type: ignore[attr-defined]


def test_a_bound_weaker_than_the_level_allows_is_shown_as_the_best_possible() -> None:
    from scheduler.model.progress import Levels

    shortfall = Levels(["weighted shortfall"], [], lambda values, bound: round(bound), "min", 0)
    assert shortfall.bound([5], -123_000_000) == 0 and shortfall.bound([5], 3.2) == 3
    savings = Levels(["early savings"], [], lambda values, bound: round(bound), "max", 900)
    assert savings.bound([5], 10_000) == 900 and savings.bound([5], 800) == 800
