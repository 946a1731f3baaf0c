"""Ctrl-C and kills in a real process: exit 130 within a second with a message, and the
output folder either as before or complete, never half-written or mixed."""

from __future__ import annotations

import hashlib
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.io.instance import instance_yaml
from scheduler.synthetic import SyntheticSpec, generate
from tests.conftest import FIXTURES, REPO

TINY = FIXTURES / "tiny.yaml"

# Runs the CLI with a patch: ``{patch}`` wraps a step so that it first says "<step> started"
# on stderr (and, for the writing step, then blocks as a slow browser would).
SCRIPT = """
import sys, time
import scheduler.cli as cli
import scheduler.io.solve_outputs as outputs
import scheduler.model.solver as solver
real_solve, real_write = solver.solve, outputs.write_solve_outputs

def solve(*args, **kwargs):
    print("solve started", file=sys.stderr, flush=True)
    return real_solve(*args, **kwargs)

def write(out, *args, **kwargs):
    (out / "plan.json").write_text("half of a new run")
    print("write started", file=sys.stderr, flush=True)
    time.sleep(60)

solver.solve, outputs.write_solve_outputs = solve, write  # the CLI imports them when run
sys.argv[0] = "scheduler"
cli.app()
"""


def snapshot(folder: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
    }


def previous_results(out: Path) -> dict[str, str]:
    result = CliRunner().invoke(
        app, ["solve", str(TINY), "--out", str(out), "--method", "greedy", "--no-images"]
    )
    assert result.exit_code == 0, result.output
    return snapshot(out)


def start(*args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", SCRIPT, *(str(arg) for arg in args)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(process: subprocess.Popen[str], marker: str) -> None:
    assert process.stderr is not None
    for line in process.stderr:
        if marker in line:
            return
    pytest.fail(f"the process ended before '{marker}': {process.wait()}")


def stop(process: subprocess.Popen[str], signum: int) -> tuple[int, str, float]:
    """Send ``signum``; the exit code, the rest of stderr and the seconds until the exit."""
    sent = time.monotonic()
    process.send_signal(signum)
    try:
        _, stderr = process.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail(f"still running 10 s after signal {signum}")
    return process.returncode, stderr, time.monotonic() - sent


def test_ctrl_c_during_a_cp_sat_search_stops_at_once_and_writes_nothing(tmp_path: Path) -> None:
    """A 300-measure instance takes CP-SAT several seconds; Ctrl-C one second in ends the
    run within a second, with a message and exit 130, the previous results untouched.
    (CP-SAT's own Ctrl-C handler stopped only the current search as if its time ran out:
    a "feasible" plan and exit 0, or one search after another until the time limit.)"""
    instance = tmp_path / "large.yaml"
    instance.write_text(instance_yaml(generate(SyntheticSpec(measures=300, seed=1))))
    out = tmp_path / "out"
    before = previous_results(out)
    process = start("solve", instance, "--out", out, "--time-limit", "60", "--no-images")
    wait_for(process, "solve started")
    time.sleep(1.0)
    code, stderr, seconds = stop(process, signal.SIGINT)
    assert code == 130, stderr
    assert stderr.splitlines() == ["interrupted: stopped; nothing was written or changed"]
    assert seconds < 1.0
    assert snapshot(out) == before
    assert [path.name for path in tmp_path.iterdir() if ".tmp-" in path.name] == []


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGKILL])
def test_a_run_stopped_while_writing_keeps_the_previous_results_whole(
    tmp_path: Path, signum: int
) -> None:
    """The new run has written part of its files (a new plan.json among them) when it is
    stopped: Ctrl-C discards them, a kill leaves them in out.tmp-<pid>, never in out."""
    out = tmp_path / "out"
    before = previous_results(out)
    process = start("solve", TINY, "--out", out, "--method", "greedy", "--no-images")
    wait_for(process, "write started")
    code, stderr, seconds = stop(process, signum)
    assert snapshot(out) == before
    if signum == signal.SIGINT:
        assert code == 130 and "interrupted" in stderr and seconds < 1.0
        assert [path.name for path in tmp_path.iterdir()] == ["out"]
    else:
        assert code == -signal.SIGKILL


def test_ctrl_c_with_the_progress_line_on_a_terminal(tmp_path: Path) -> None:
    """On a terminal the progress line runs its own refresh thread; Ctrl-C still stops the
    solve within a second with exit 130, and the line showed the search first."""
    instance = tmp_path / "large.yaml"
    instance.write_text(instance_yaml(generate(SyntheticSpec(measures=300, seed=1))))
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "scheduler", "solve", str(instance), "--out",
         str(tmp_path / "out"), "--time-limit", "60", "--no-images"],
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
    )  # fmt: skip
    os.close(follower)
    shown = b""
    deadline = time.monotonic() + 30
    while b"gap" not in shown and time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.5)
        if ready:
            shown += os.read(leader, 65536)
    assert b"gap" in shown, shown  # the search's best value, bound and gap are on the line
    sent = time.monotonic()
    process.send_signal(signal.SIGINT)
    try:
        code = process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail("still running 10 s after Ctrl-C")
    finally:
        os.close(leader)
    assert code == 130
    assert time.monotonic() - sent < 1.0
