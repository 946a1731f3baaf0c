"""Ctrl-C for the command line: the work runs in a worker thread, the main thread waits
ready for the signal, and a command interrupted stops at once with nothing half-written."""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TypeVar

WORKER_THREAD = "scheduler-worker"
T = TypeVar("T")


class Interrupted(BaseException):
    """Ctrl-C (SIGINT), raised by the CLI's handler. Not an :class:`Exception`, so that no
    library's ``except Exception`` swallows it; the command's clean-up (``finally``) runs."""

    def __init__(self, message: str = "interrupted: stopped; nothing was written or changed"):
        super().__init__(message)


def _raise_interrupted(signum: int, frame: FrameType | None) -> None:
    raise Interrupted


@contextmanager
def interrupts_raised() -> Iterator[None]:
    """Ctrl-C raises :class:`Interrupted` while the command runs (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, _raise_interrupted)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Ctrl-C waits until the block is done (moving finished outputs into place), then
    raises :class:`Interrupted`."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise Interrupted("interrupted: stopped after the outputs were written in full")


def in_background(work: Callable[[], T]) -> T:
    """``work()`` (planning, writing outputs) in a daemon thread while the main thread
    waits, ready for Ctrl-C: it then raises :class:`Interrupted` at once, whatever the
    work is doing (a search in C++, a browser rendering images).

    SIGINT is blocked in the worker thread (and the solver threads it starts) and fetched
    by the main thread with ``sigtimedwait``: CP-SAT's own Ctrl-C handler (on by default)
    would otherwise take the signal, stop only the current search as if its time ran out,
    crash when the signal reaches another thread, and leave the default action (a silent
    kill) behind when a search ends.
    """
    results: list[T] = []
    failures: list[BaseException] = []

    def run() -> None:
        try:
            results.append(work())
        except BaseException as error:  # handed to the main thread
            failures.append(error)

    thread = threading.Thread(target=run, name=WORKER_THREAD, daemon=True)
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "sigtimedwait"
    ):
        thread.start()
        while thread.is_alive():
            thread.join(0.05)
    else:
        handler = signal.getsignal(signal.SIGINT)
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            thread.start()
            while thread.is_alive():
                if signal.sigtimedwait({signal.SIGINT}, 0.05) is not None:
                    raise Interrupted
        finally:
            signal.signal(signal.SIGINT, handler)  # a CP-SAT search resets it when it ends
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if failures:
        raise failures[0]
    return results[0]


def stop_at_once_if_working(code: int) -> None:
    """End the process now if a worker thread is still busy: the interpreter's normal
    shutdown would wait for it, or crash under the solver's native threads. Nothing is
    lost: outputs are only ever moved into place whole, and the unfinished ones are
    already discarded."""
    if any(t.name == WORKER_THREAD and t.is_alive() for t in threading.enumerate()):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
