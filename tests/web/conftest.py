"""A running page and a real browser for the page's tests.

The page runs as a user starts it (``python -m scheduler serve``) on a free port of
127.0.0.1 and is stopped after the module's tests. The browser is Debian's Chromium,
driven by Playwright's Python client: skipped where it is missing, a failure in CI.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import REPO


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_page(*args: str) -> tuple[subprocess.Popen[bytes], str]:
    """``scheduler serve`` with ``args`` on a free port, once it answers."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "scheduler", "serve", "--port", str(port), *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            raise RuntimeError(f"the page did not start: {output}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("the page did not answer in 120 s")


def stop_page(process: subprocess.Popen[bytes]) -> str:
    """Stop the page as a service manager would (SIGTERM); its output."""
    process.terminate()
    try:
        output, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate(timeout=30)
    return output.decode()


@pytest.fixture(scope="module")
def page_url() -> Iterator[str]:
    process, url = start_page("--workers", "1")
    try:
        yield url
    finally:
        stop_page(process)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = shutil.which("chromium")
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have Chromium for the page's browser test (see .ci/run)")
        pytest.skip("no Chromium on this machine")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()


def outside_requests(page: Any) -> list[str]:
    """Every request the page makes that does not go to this machine (filled as it runs)."""
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith(("http://127.0.0.1", "data:", "blob:"))
            else None
        ),
    )
    return outside
