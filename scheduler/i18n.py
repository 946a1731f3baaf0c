"""Every word a user reads, in Norwegian (bokmål, the default) and English, in one place.

``Texts(lang)`` is what the report, the charts, the workbook and the terminal take: it
looks a message up by key (``texts("report.title", instance=...)``) and formats numbers,
months and shares the way readers of that language expect: thousands separated by a
space, "50 %", "sep. 2025" and "12,6 mill. kr" in Norwegian; "50%", "Sep 2025" and
"NOK 12.6 million" in English (the space as thousands separator is kept there too, SI
style, so tables line up the same in both).

The catalog is a plain mapping from key to (bokmål, English) with ``str.format`` fields;
a test checks that both texts of a key name the same fields. What comes from the
instance (measure, section and group names, the assumptions' reasons) is shown as
written there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Lang = Literal["nb", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)
DEFAULT_LANG: Lang = "nb"

_MONTHS: dict[Lang, tuple[str, ...]] = {
    "nb": tuple(
        [
            "jan.",
            "feb.",
            "mar.",
            "apr.",
            "mai",
            "jun.",
            "jul.",
            "aug.",
            "sep.",
            "okt.",
            "nov.",
            "des.",
        ]
    ),
    "en": tuple(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    ),
}

# key: (bokmål, English)
CATALOG: dict[str, tuple[str, str]] = {
    # --- units and small words -------------------------------------------------------------
    "unit.month": ("{count} måned", "{count} month"),
    "unit.months": ("{count} måneder", "{count} months"),
    "unit.kilo_nok": ("tusen kr", "thousand NOK"),
    "unit.millions": ("{value} mill. kr", "NOK {value} million"),
    "word.yes": ("ja", "yes"),
    "word.never": ("aldri", "never"),
    "word.section": ("tjenesteområde", "section"),
    "word.pool": ("felles ressurs", "pool"),
    "word.council": ("kommunestyret", "council"),
    "word.budget": ("budsjett", "budget"),
    "word.reached": ("nådd", "reached"),
    "word.not_reached": ("ikke nådd", "not reached"),
    # --- charts ----------------------------------------------------------------------------
    # --- progress --------------------------------------------------------------------------
}


@dataclass(frozen=True)
class Texts:
    """The messages and number style of one language."""

    lang: Lang = DEFAULT_LANG

    def __call__(self, key: str, **values: object) -> str:
        nb, en = CATALOG[key]
        return (nb if self.lang == "nb" else en).format(**values)

    def kilo(self, value: int | None) -> str:
        """12591 -> '12 591'; None -> ''."""
        return "" if value is None else f"{value:,}".replace(",", " ")

    def signed(self, value: int) -> str:
        """+1 234 / -1 234 (a typographic minus in Norwegian)."""
        sign = "+" if value >= 0 else ("−" if self.lang == "nb" else "-")
        return f"{sign}{self.kilo(abs(value))}"

    def decimal(self, value: float, digits: int = 1) -> str:
        """12.55 -> '12,6' in Norwegian, '12.6' in English (thousands separated by a space)."""
        text = f"{value:,.{digits}f}".replace(",", " ")
        return text.replace(".", ",") if self.lang == "nb" else text

    def millions(self, kilo: int) -> str:
        """Thousand NOK -> '12,6 mill. kr' / 'NOK 12.6 million'."""
        return self("unit.millions", value=self.decimal(kilo / 1000))

    def percent(self, value: float) -> str:
        """50 -> '50 %' / '50%'."""
        number = self.decimal(value, 0) if float(value).is_integer() else self.decimal(value)
        return f"{number} %" if self.lang == "nb" else f"{number}%"

    def month(self, month: int) -> str:
        """Absolute month number -> 'sep. 2025' / 'Sep 2025'."""
        return f"{_MONTHS[self.lang][month % 12]} {month // 12}"

    def months(self, count: int) -> str:
        """3 -> '3 måneder' / '3 months'."""
        return self("unit.month" if abs(count) == 1 else "unit.months", count=count)
