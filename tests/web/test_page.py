"""The what-if page in a real browser: a meeting's round trip, candidates, downloads,
a bad upload, and two sessions side by side."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

import scheduler
from scheduler.evaluate import savings_report
from scheduler.i18n import Texts
from scheduler.io.scenario import load_problem
from tests.conftest import OVRE_EIKER
from tests.web.conftest import outside_requests

TIMEOUT = 60_000  # ms: a solve on a slow machine, with the page's own start


def savings_2026(instance: scheduler.Instance) -> str:
    """The 2026 figure a direct solve gives, as the page writes it."""
    result = scheduler.solve(instance, time_limit=10)
    assert result.plan is not None
    report = savings_report(instance, result.plan.effect_by_measure())
    return Texts().kilo(report.savings_by_year[2026])


def open_page(browser: Any, url: str) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    outside = outside_requests(page)
    page.goto(url)
    page.wait_for_selector("#savings-2026", timeout=TIMEOUT)
    return context, page, outside


def optimise(page: Any) -> None:
    page.get_by_role("button", name="Optimaliser").click()
    page.wait_for_selector("button#optimise:disabled", timeout=TIMEOUT)
    page.wait_for_selector("button#optimise:not(:disabled)", timeout=TIMEOUT)


def set_capacity(page: Any, unit: str, add: int) -> None:
    page.locator(f'input[id*="capacity-add"][id*=\'"{unit}"\']').fill(str(add))


def test_a_meeting_round_trip(browser: Any, page_url: str, tmp_path: Path) -> None:
    base = scheduler.load(OVRE_EIKER)
    fewer = scheduler.change(
        base, "HEV -10", capacity=[{"unit": "HEV", "first": "2025-07", "add": -10}]
    )
    expected, unchanged = savings_2026(fewer), savings_2026(base)
    assert expected != unchanged  # the change must show on the page
    context, page, outside = open_page(browser, page_url)
    assert page.inner_text("#savings-2026") == unchanged
    assert "nådd" in page.inner_text("#years")  # Norwegian verdicts

    set_capacity(page, "HEV", -10)
    optimise(page)
    page.wait_for_function(
        f"document.querySelector('#savings-2026').innerText === '{expected}'", timeout=TIMEOUT
    )
    assert "bevist optimal" in page.inner_text("#status")

    # why this month: a click on the first group's row lists its measures
    page.locator("#gantt .barlayer .point").first.click(force=True)
    page.wait_for_selector("#why p", timeout=TIMEOUT)
    assert "effekt" in page.inner_text("#why")

    page.get_by_text("Kandidater", exact=True).click()
    page.fill("#candidate-name", "Færre i HEV")
    page.get_by_role("button", name="Lagre som kandidat").click()
    set_capacity(page, "HEV", 0)
    optimise(page)
    page.wait_for_function(
        f"document.querySelector('#savings-2026').innerText === '{unchanged}'", timeout=TIMEOUT
    )
    page.fill("#candidate-name", "Som i dag")
    page.get_by_role("button", name="Lagre som kandidat").click()
    page.wait_for_selector("#comparison table thead:has-text('Som i dag')", timeout=TIMEOUT)
    header = page.inner_text("#comparison table thead")
    assert "Færre i HEV" in header and "Som i dag" in header
    assert "Konsulentenes plan" in header

    set_capacity(page, "HEV", -10)
    optimise(page)
    with page.expect_download(timeout=TIMEOUT) as excel:
        page.get_by_role("button", name="Plan (Excel)").click()
    workbook_path = tmp_path / "plan.xlsx"
    excel.value.save_as(workbook_path)
    assert openpyxl.load_workbook(workbook_path).sheetnames[:2] == ["Plan", "Gantt"]

    with page.expect_download(timeout=TIMEOUT) as yaml_file:
        page.get_by_role("button", name="Scenario (YAML)").click()
    scenario_path = tmp_path / "scenario.yaml"
    yaml_file.value.save_as(scenario_path)
    # the downloaded scenario reruns from the command line to the page's figure
    assert savings_2026(load_problem(scenario_path)) == expected

    assert not outside, outside
    context.close()


def test_a_bad_upload_shows_its_located_error_and_changes_nothing(
    browser: Any, page_url: str, tmp_path: Path
) -> None:
    context, page, _ = open_page(browser, page_url)
    before = page.inner_text("#years")
    bad = tmp_path / "rodt.yaml"
    bad.write_text("name: rødt\nbase: /etc/passwd\nrealisation_pct:\n  red: 150\n")
    page.set_input_files("#upload input[type=file]", str(bad))
    page.wait_for_selector("#message:not(:empty)", timeout=TIMEOUT)
    message = page.inner_text("#message")
    assert "rodt.yaml: scenario: field 'realisation_pct.red'" in message
    assert page.input_value('input[id*="realisation"][id*="red"]') == "50"
    assert page.inner_text("#years") == before
    context.close()


def test_two_sessions_do_not_see_each_others_scenarios(browser: Any, page_url: str) -> None:
    first, page_one, _ = open_page(browser, page_url)
    second, page_two, _ = open_page(browser, page_url)
    base_figure = page_one.inner_text("#savings-2026")
    set_capacity(page_one, "HEV", -10)
    optimise(page_one)
    page_one.wait_for_function(
        f"document.querySelector('#savings-2026').innerText !== '{base_figure}'",
        timeout=TIMEOUT,
    )
    page_one.get_by_text("Kandidater", exact=True).click()
    page_one.get_by_role("button", name="Lagre som kandidat").click()
    page_one.wait_for_selector("#comparison table", timeout=TIMEOUT)

    page_two.reload()
    page_two.wait_for_selector("#savings-2026", timeout=TIMEOUT)
    assert page_two.inner_text("#savings-2026") == base_figure
    assert page_two.input_value('input[id*="capacity-add"][id*=\'"HEV"\']') == "0"
    page_two.get_by_text("Kandidater", exact=True).click()
    assert page_two.locator("#comparison table").count() == 0
    first.close()
    second.close()
