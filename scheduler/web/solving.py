"""What the page's server keeps: the instances it plans, and a bounded pool of solvers.

Every session's own state (its form, plan and candidates) lives in its browser; the server
holds only instances, by key: the one it was started with and uploaded ones, keyed by a
hash of their content (a session knows the keys of its own uploads only), at most
``MAX_UPLOADS`` of them. Solves run in at most ``workers`` processes, so that one long
solve never blocks the page for others and the machine is never asked for more solver
threads than it has; a request waits for a free process.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import threading
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor, wait
from functools import lru_cache

from scheduler.data import Instance
from scheduler.io.scenario import changed_instance, validated_scenario
from scheduler.result import Result

BASE_KEY = "base"
"""The key of the instance the server was started with."""

MAX_UPLOADS = 32
"""Uploaded instances kept (the oldest goes first); a session whose upload is gone is told
so and falls back to the base."""


class Instances:
    """The instances the page plans, by key; thread-safe."""

    def __init__(self, base: Instance, base_file: str) -> None:
        self.base_file = base_file
        self._by_key: OrderedDict[str, tuple[Instance, str]] = OrderedDict()
        self._by_key[BASE_KEY] = (base, base_file)
        self._lock = threading.Lock()

    def add(self, instance: Instance, file_name: str, content: bytes) -> str:
        key = "u-" + hashlib.sha256(content).hexdigest()[:24]
        with self._lock:
            self._by_key[key] = (instance, file_name)
            self._by_key.move_to_end(key)
            uploads = [k for k in self._by_key if k != BASE_KEY]
            for old in uploads[: max(0, len(uploads) - MAX_UPLOADS)]:
                del self._by_key[old]
        return key

    def get(self, key: str) -> tuple[Instance, str]:
        """The instance and its file name (KeyError for a key no longer kept)."""
        with self._lock:
            return self._by_key[key]

    def changed(self, key: str, changes_json: str, origin: str) -> Instance:
        """The instance ``key`` with scenario changes (JSON text: hashable for the cache);
        an ``InputError`` naming ``origin`` and the field where they do not fit."""
        return _changed(self, key, changes_json, origin)


@lru_cache(maxsize=256)
def _changed(instances: Instances, key: str, changes_json: str, origin: str) -> Instance:
    base, _ = instances.get(key)
    changes = json.loads(changes_json)
    if not changes:
        return base
    raw = {"name": origin, "base": "(page)", **changes}
    return changed_instance(base, validated_scenario(raw, origin), origin)


class SolvePool:
    """At most ``workers`` solves at a time, each in its own process with one solver thread."""

    def __init__(self, workers: int, time_limit: float) -> None:
        self.workers, self.time_limit = workers, time_limit
        self._executor = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("spawn")
        )

    def warm(self) -> None:
        """Start every process and load the solver in it, so the first solve is not slow."""
        wait([self._executor.submit(_load_solver) for _ in range(self.workers)])

    def solve(self, instance: Instance) -> Result:
        """The optimised plan (seed 0: the same form gives the same plan)."""
        return self._executor.submit(_solve, instance, self.time_limit).result()

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


def _load_solver() -> None:
    import scheduler.model.solver  # noqa: F401  (the import is the work)


def _solve(instance: Instance, time_limit: float) -> Result:
    from scheduler.model.solver import solve

    return solve(instance, time_limit=time_limit, seed=0)
