"""The plan report reads in one language: Norwegian by default, English with lang=en."""

from __future__ import annotations

import re

import pytest

from scheduler.consultants import as_planned
from scheduler.data import Instance
from scheduler.i18n import Lang
from scheduler.io.report_documents import report_html, report_markdown
from scheduler.plan_report import plan_report

_ENGLISH = """the and of is are with from savings target targets shortfall measure measures month
    months report risk-weighted weighted consultants consultants' council decision decisions
    capacity section sections pool effect year years why what binds which each when not met
    short waits before after nothing could would its it by on no none this that than more less
    rule rules breaks chain meeting ready case moved earlier later reason name unit units yes
    never in all warning method feasible optimal amounts thousand share colour red yellow
    green lead fixed window prerequisite value dependency gains adds free needs used"""
ENGLISH_WORDS = frozenset(_ENGLISH.split())
"""Common English words of the report's sentences that are not also Norwegian words."""

_NORWEGIAN = "risikovektet konsulentenes nådd måneder innsparingen"
NORWEGIAN_WORDS = frozenset(_NORWEGIAN.split())


def _words(markdown: str) -> list[str]:
    """The words of a report, identifiers left out: code spans, file paths and dotted field
    names (`scheduler evaluate`, docs/savings.md, council.case_lead_months)."""
    prose = re.sub(r"`[^`]*`|\S*[/.]\w\S*", " ", markdown)
    return re.findall(r"[A-Za-zÆØÅæøå'-]+", prose)


@pytest.fixture(scope="module")
def reports(ovre_eiker: Instance) -> dict[Lang, str]:
    plan = as_planned(ovre_eiker)
    return {lang: report_markdown(plan_report(ovre_eiker, plan, lang=lang)) for lang in Lang}


def test_no_english_word_left_in_the_norwegian_report(reports: dict[Lang, str]) -> None:
    english = sorted({word for word in _words(reports[Lang.NB]) if word.lower() in ENGLISH_WORDS})
    assert english == []


def test_the_english_report_has_no_norwegian_sentences(reports: dict[Lang, str]) -> None:
    # The assumptions' reasons are the instance's text, in the municipality's language.
    sentences = reports[Lang.EN].split("## Assumptions used")[0]
    norwegian = {word for word in _words(sentences) if word.lower() in NORWEGIAN_WORDS}
    assert norwegian == set()
    assert "## In short" in reports[Lang.EN] and "## Kort fortalt" in reports[Lang.NB]


def test_months_read_as_months(reports: dict[Lang, str]) -> None:
    # Dates people read are months: "sep. 2025" / "Sep 2025", not "2025-09".
    assert re.search(
        r"\| (jan|feb|mar|apr|mai|jun|jul|aug|sep|okt|nov|des)\.? 202\d \|", reports[Lang.NB]
    )
    assert re.search(
        r"\| (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 202\d \|", reports[Lang.EN]
    )
    for text in reports.values():
        assert not re.search(r"\| 202\d-\d\d \|", text)


def test_html_report_declares_its_language(ovre_eiker: Instance) -> None:
    plan = as_planned(ovre_eiker)
    for lang in Lang:
        page = report_html(plan_report(ovre_eiker, plan, lang=lang))
        assert f'<html lang="{lang}">' in page
