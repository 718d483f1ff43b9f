"""page-range-format tables, taken from the CSL suite's page_*.txt fixtures and the spec."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from typeset.csl.pagerange import format_page_range

# (input, minimal, chicago-15, page_Minimal / page_Chicago)
MINIMAL_AND_CHICAGO_15 = [
    ("101-108", "101–8", "101–8"),
    ("3-10", "3–10", "3–10"),
    ("71-72", "71–2", "71–72"),
    ("96-117", "96–117", "96–117"),
    ("100-4", "100–4", "100–104"),
    ("600-13", "600–13", "600–613"),
    ("1100-23", "1100–23", "1100–1123"),
    ("107-108", "107–8", "107–8"),
    ("505-17", "505–17", "505–17"),
    ("1002-1006", "1002–6", "1002–6"),
    ("321-325", "321–5", "321–25"),
    ("415-532", "415–532", "415–532"),
    ("1536-538", "1536–8", "1536–38"),
    ("11564-11568", "11564–8", "11564–68"),
    ("11564-11578", "11564–78", "11564–78"),
    ("13792-13803", "13792–803", "13792–803"),
    ("1496-504", "1496–504", "1496–1504"),
    ("2787-816", "2787–816", "2787–2816"),
]


@pytest.mark.parametrize(("value", "minimal", "chicago"), MINIMAL_AND_CHICAGO_15)
def test_minimal(value: str, minimal: str, chicago: str) -> None:
    assert format_page_range(value, "minimal") == minimal


@pytest.mark.parametrize(("value", "minimal", "chicago"), MINIMAL_AND_CHICAGO_15)
@pytest.mark.parametrize("fmt", ["chicago", "chicago-15"])
def test_chicago_15(fmt: str, value: str, minimal: str, chicago: str) -> None:
    assert format_page_range(value, fmt) == chicago


@pytest.mark.parametrize(("value", "expected"), [  # page_Chicago16
    ("3-10", "3–10"), ("71-72", "71–72"), ("71-2", "71–72"), ("96-117", "96–117"),
    ("100-104", "100–104"), ("1100-1113", "1100–1113"), ("1100-13", "1100–1113"),
    ("101-108", "101–8"), ("808-833", "808–33"), ("1103-1104", "1103–4"),
    ("321-328", "321–28"), ("321-8", "321–28"), ("498-532", "498–532"),
    ("1087-1089", "1087–89"), ("1087-89", "1087–89"), ("1496-1500", "1496–500"),
    ("11564-11615", "11564–615"), ("12991-123001", "12991–123001"),
    ("xxv-xxviii", "xxv–xxviii"), ("cvi-cix", "cvi–cix"),
])
def test_chicago_16(value: str, expected: str) -> None:
    assert format_page_range(value, "chicago-16") == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("42-45", "42–45"), ("321-28", "321–28"), ("2787-816", "2787–816"), ("101-108", "101–08"),
    ("1-5", "1–5"), ("100-104", "100–04"),
])
def test_minimal_two(value: str, expected: str) -> None:
    assert format_page_range(value, "minimal-two") == expected


@pytest.mark.parametrize(("value", "expected"), [  # page_Expand, page_ExpandWeirdComposite
    ("110-5", "110–115"),
    ("42-45", "42–45"),
    ("321-28", "321–328"),
    ("N110 - 5", "N110-5"),
    ("N110 - N5", "N110–N115"),
    ("110 - N6", "110-N6"),
    ("N110 - P5", "N110-P5"),
    ("123N110 - N5", "123N110-N5"),
    ("123N110 - N5, 456K200 - 99", "123N110-N5, 456K200-99"),
    ("123N110 - N5, 000c23 - 22", "123N110-N5, 000c23-22"),
])
def test_expanded(value: str, expected: str) -> None:
    assert format_page_range(value, "expanded") == expected


@pytest.mark.parametrize(("fmt", "value", "expected"), [
    # page_ChicagoWeird and page_Minimal: a prefix shared by both ends
    ("chicago", "8n11564-8n1568", "8n11564–68"),
    ("chicago", "n11564-n1568", "n11564–68"),
    ("chicago", "n11564-1568", "n11564-1568"),
    ("minimal", "n11564 - n1568", "n11564–8"),
    ("minimal", "n11564 - 1568", "n11564-1568"),
    # number_MixedPageRange, number_LeadingZeros
    ("chicago", "142-145 & 235", "142–45 & 235"),
    ("chicago", "01790", "01790"),
    ("chicago", "1-5, 10-12", "1–5, 10–12"),
    ("minimal", "101-108; 200-209", "101–8; 200–9"),
    # not ranges, or not ranges of numbers: left as written
    ("chicago", "45", "45"),
    ("chicago", "Michaelson-Morely", "Michaelson-Morely"),
    ("chicago", "45-3", "45–3"),
    ("chicago", "01-05", "01–05"),
    ("unknown-format", "321-28", "321–28"),
    ("chicago", "", ""),
])
def test_prefixes_lists_and_oddities(fmt: str, value: str, expected: str) -> None:
    assert format_page_range(value, fmt) == expected


@pytest.mark.parametrize(("value", "expected"), [  # page_NoOption, number_PlainHyphen...
    ("110-5", "110–5"),
    ("42 - 45", "42–45"),
    ("1-2", "1–2"),
    ("i-ix", "i–ix"),
    ("3\\-B", "3-B"),
    ("4–6", "4–6"),
    ("Michaelson-Morely", "Michaelson-Morely"),
    ("N110-N5", "N110–N5"),
])
def test_no_format_keeps_numbers(value: str, expected: str) -> None:
    assert format_page_range(value, None) == expected


def test_locale_delimiter() -> None:
    # page_WithLocaleAndWeirdDelimiter: the locale's page-range-delimiter term
    assert format_page_range("253-257", "chicago", "\u2011") == "253\u201157"


@given(st.integers(1, 99999), st.integers(1, 99999),
       st.sampled_from(["expanded", "minimal", "minimal-two", "chicago", "chicago-16"]))
def test_collapsed_range_expands_back(a: int, b: int, fmt: str) -> None:
    """Whatever the format, the reader can restore the second number from the first."""
    first, second = min(a, b), max(a, b)
    out = format_page_range(f"{first}-{second}", fmt)
    left, right = out.split("–")
    assert left == str(first)
    restored = str(first)[: max(len(str(first)) - len(right), 0)] + right
    assert int(restored) == second


@given(st.text(max_size=30), st.sampled_from([None, "expanded", "minimal", "chicago-16"]))
def test_never_raises(value: str, fmt: str | None) -> None:
    assert isinstance(format_page_range(value, fmt), str)
