"""The catalog and the number style of each language."""

from __future__ import annotations

import string

import pytest

from scheduler.data import month_of
from scheduler.i18n import CATALOG, LANGS, Texts


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_both_languages_name_the_same_fields(key: str) -> None:
    nb, en = CATALOG[key]
    assert nb and en
    assert _fields(nb) == _fields(en), key


def test_norwegian_number_style() -> None:
    texts = Texts("nb")
    assert texts.kilo(111128) == "111 128"
    assert texts.signed(-1234) == "−1 234"
    assert texts.millions(12591) == "12,6 mill. kr"
    assert texts.percent(50) == "50 %"
    assert texts.month(month_of(2025, 9)) == "sep. 2025"
    assert texts.months(1) == "1 måned"
    assert texts.months(3) == "3 måneder"


def test_english_number_style() -> None:
    texts = Texts("en")
    assert texts.kilo(111128) == "111 128"
    assert texts.signed(-1234) == "-1 234"
    assert texts.millions(12591) == "NOK 12.6 million"
    assert texts.percent(50) == "50%"
    assert texts.month(month_of(2025, 9)) == "Sep 2025"
    assert texts.months(1) == "1 month"


def test_every_language_has_twelve_month_names() -> None:
    for lang in LANGS:
        names = {Texts(lang).month(month_of(2025, m)).split()[0] for m in range(1, 13)}
        assert len(names) == 12


def test_listing_joins_the_last_item_with_and() -> None:
    assert Texts("nb").listing(["a", "b", "c"]) == "a, b og c"
    assert Texts("en").listing(["a", "b"]) == "a and b"
    assert Texts("en").listing(["a"]) == "a"
