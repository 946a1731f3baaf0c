"""A one-line progress display on the terminal while a plan is solved.

It shows the phase, the search's best value and proven bound so far, the gap, the time
spent and the time left, refreshed four times a second on stderr, and disappears when
the solve ends (the result is printed after it). Nothing at all is shown when stderr is
not a terminal (a pipe, a file, CI) or when the caller asks for none (``--json``).
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from rich.console import Console
from rich.live import Live
from rich.text import Text

from scheduler.i18n import Texts
from scheduler.model.progress import Phase, Progress, ProgressHook

REFRESHES_PER_SECOND = 4


def progress_line(t: Texts, progress: Progress, elapsed: float, time_limit: float) -> str:
    """'søk: vektet manko · beste 6 141 140 · grense 6 100 000 · gap 0,7 % · 3,2 s, 56,8 s
    igjen': what the display shows (the search's first objective level)."""
    parts = [t(f"progress.{progress.phase.value}")]
    if progress.phase == Phase.SEARCH and progress.stages > 1:
        parts[0] += " " + t("progress.stage", stage=progress.stage, stages=progress.stages)
    if progress.level:
        parts[0] += f": {t(f'level.{progress.level}')}"
    if progress.objective is not None:
        parts.append(t("progress.best", value=t.kilo(round(progress.objective))))
    if progress.bound is not None:
        parts.append(t("progress.bound", value=t.kilo(round(progress.bound))))
    if progress.gap is not None:
        parts.append(t("progress.gap", gap=t.percent(round(100 * progress.gap, 1))))
    left = max(0.0, time_limit - elapsed)
    parts.append(t("progress.time", elapsed=t.decimal(elapsed), left=t.decimal(left)))
    return " · ".join(parts)


@dataclass
class _Latest:
    """The latest report, written by the solver's threads and read by the display's."""

    progress: Progress = field(default_factory=lambda: Progress(Phase.WARM_START))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def update(self, progress: Progress) -> None:
        with self.lock:
            self.progress = progress

    def read(self) -> Progress:
        with self.lock:
            return self.progress


@contextmanager
def progress_display(
    t: Texts, time_limit: float, enabled: bool = True, console: Console | None = None
) -> Iterator[ProgressHook | None]:
    """A hook for :func:`scheduler.model.solver.solve` that feeds a live line on stderr,
    or None (show nothing) when ``enabled`` is false or stderr is not a terminal."""
    console = console or Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield None
        return
    latest = _Latest()
    started = time.perf_counter()

    def render() -> Text:
        line = progress_line(t, latest.read(), time.perf_counter() - started, time_limit)
        return Text(line, style="dim")

    live = Live(
        get_renderable=render,
        console=console,
        refresh_per_second=REFRESHES_PER_SECOND,
        transient=True,
    )
    # The display's refresh thread must not take Ctrl-C: the main thread waits for it
    # (scheduler.interrupts), so the thread starts with SIGINT blocked, as the solver's do.
    blocked = hasattr(signal, "pthread_sigmask")
    if blocked:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        live.start()
    finally:
        if blocked:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
    try:
        yield latest.update
    finally:
        live.stop()


@contextmanager
def batch_progress(
    t: Texts, total: int, done: int, console: Console | None = None
) -> Iterator[Callable[[], None]]:
    """A bar of a batch's points on a terminal (points done, rate, time left); a call of
    the yielded function counts one more point. Silent off a terminal."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    console = console or Console(stderr=True)
    if not console.is_terminal or total == 0:
        yield lambda: None
        return
    columns = (
        TextColumn(t("progress.batch")),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("batch", total=total + done, completed=done)
        yield lambda: progress.advance(task)
