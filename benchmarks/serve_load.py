"""A bounded load test of the what-if page on localhost.

    python -m benchmarks.serve_load [--users 10] [--rounds 5] [--workers 2]

Starts ``scheduler serve`` on the bundled Øvre Eiker instance as a user would, then lets
``--users`` simulated users at once each press Optimaliser ``--rounds`` times, each time
with a change of their own (HEV capacity and red realisation drawn per press). A round
trip is what the browser does for one press: the optimise request (form -> scenario ->
solve in the pool) and the request that draws the new plan (year cards, group Gantt,
targets chart), both through Dash's own callback endpoint. Reports the median and the
worst round trip and every failed request.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import threading
import time
import urllib.request
from typing import Any

from scheduler.data import Colour
from scheduler.io.instance import load_instance
from scheduler.web.form import base_form
from tests.conftest import OVRE_EIKER
from tests.web.conftest import start_page, stop_page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    process, url = start_page("--workers", str(args.workers))
    try:
        callbacks = _callbacks(url)
        times: list[float] = []
        failures: list[str] = []
        threads = [
            threading.Thread(
                target=_user, args=(url, callbacks, user, args.rounds, times, failures)
            )
            for user in range(args.users)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
    finally:
        stop_page(process)
    print(
        f"{args.users} users x {args.rounds} optimisations, {args.workers} solver processes: "
        f"{len(times)} round trips in {wall:.1f} s; median {statistics.median(times):.2f} s, "
        f"worst {max(times):.2f} s; failed requests: {len(failures)}"
        + (f" (first: {failures[0]})" if failures else "")
    )


def _callbacks(url: str) -> dict[str, dict[str, Any]]:
    """The optimise and the draw callback, as Dash describes them."""
    with urllib.request.urlopen(url + "_dash-dependencies", timeout=30) as response:
        dependencies = json.load(response)
    found = {}
    for callback in dependencies:
        first = callback["inputs"][0]
        if first == {"id": "optimise", "property": "n_clicks"}:
            found["optimise"] = callback
        elif first == {"id": "current", "property": "data"}:
            found["draw"] = callback
    return found


def _outputs(callback: dict[str, Any]) -> list[dict[str, str]]:
    parts = callback["output"].strip(".").split("...")
    return [dict(zip(("id", "property"), part.rsplit(".", 1), strict=True)) for part in parts]


def _post(url: str, callback: dict[str, Any], inputs: list[Any], state: list[Any]) -> Any:
    body = {
        "output": callback["output"],
        "outputs": _outputs(callback),
        "inputs": inputs,
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"],
        "state": state,
    }
    request = urllib.request.Request(
        url + "_dash-update-component",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=300) as response:
        return json.load(response)["response"]


def _state(hev: int, red: int) -> list[Any]:
    """The optimise callback's state for a form with HEV changed by ``hev`` from the plan
    start and red measures realising ``red`` percent (in the order Dash declares it)."""
    form = base_form(_BASE)
    units = list(form.capacity)
    colours = [colour.value for colour in form.realisation_pct]

    def each(role: str, key: str, names: list[str], values: list[Any]) -> list[Any]:
        return [
            {"id": {"role": role, key: name}, "property": "value", "value": value}
            for name, value in zip(names, values, strict=True)
        ]

    capacity_ids = [
        {"id": {"role": "capacity-add", "unit": unit}, "property": "id", "value": {}}
        for unit in units
    ]
    colour_ids = [
        {"id": {"role": "realisation", "colour": colour}, "property": "id", "value": {}}
        for colour in colours
    ]
    for item in capacity_ids + colour_ids:
        item["value"] = item["id"]
    realisation = {**form.realisation_pct, Colour.RED: red}
    return [
        {"id": "base-key", "property": "data", "value": "base"},
        {"id": "extra", "property": "data", "value": {}},
        {"id": "locks", "property": "data", "value": {}},
        capacity_ids,
        each("capacity-add", "unit", units, [hev if u == "HEV" else 0 for u in units]),
        each("capacity-first", "unit", units, [form.plan_start] * len(units)),
        each("capacity-last", "unit", units, [None] * len(units)),
        colour_ids,
        each("realisation", "colour", colours, list(realisation.values())),
        each("duration", "colour", colours, list(form.duration.values())),
        {"id": "plan-start", "property": "value", "value": form.plan_start},
        {"id": "delay", "property": "value", "value": 0},
        {"id": "leave-out", "property": "value", "value": []},
    ]


def _user(
    url: str,
    callbacks: dict[str, dict[str, Any]],
    user: int,
    rounds: int,
    times: list[float],
    failures: list[str],
) -> None:
    draw = random.Random(user)
    for press in range(1, rounds + 1):
        state = _state(draw.randint(-10, 2), draw.choice([30, 40, 50, 60, 70]))
        started = time.perf_counter()
        try:
            optimised = _post(
                url,
                callbacks["optimise"],
                [{"id": "optimise", "property": "n_clicks", "value": press}],
                state,
            )
            current = optimised["current"]["data"]
            drawn = _post(
                url,
                callbacks["draw"],
                [{"id": "current", "property": "data", "value": current}],
                [],
            )
            if "years" not in drawn or current["result"]["plan"] is None:
                raise RuntimeError(f"no plan drawn: {current['result']['status']}")
        except (OSError, KeyError, RuntimeError, ValueError) as error:
            failures.append(f"user {user} press {press}: {error}")
            continue
        times.append(time.perf_counter() - started)


_BASE = load_instance(OVRE_EIKER)

if __name__ == "__main__":
    sys.exit(main())
