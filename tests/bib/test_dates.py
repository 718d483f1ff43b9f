"""Dates: EDTF-ish ``date`` fields and classic year/month/day."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from typeset.bib.dates import parse_date, parse_month, year_month_day

GOOD = [
    ("1976", {"date-parts": [[1976]]}),
    ("1976-01", {"date-parts": [[1976, 1]]}),
    ("1976-01-05", {"date-parts": [[1976, 1, 5]]}),
    ("1941/1946", {"date-parts": [[1941], [1946]]}),
    ("1941-06/1946-02", {"date-parts": [[1941, 6], [1946, 2]]}),
    # open ends, as biber keeps them; citeproc-js prints "1941–" for an end of zeros
    ("1941/", {"date-parts": [[1941], [0]]}),
    ("1941/..", {"date-parts": [[1941], [0]]}),
    ("1941-06/", {"date-parts": [[1941, 6], [0, 0]]}),
    ("1941~/..", {"date-parts": [[1941], [0]], "circa": True}),
    # open starts: biber keeps only the end; citeproc-js prints nothing for a zero start
    ("/1946", {"literal": "–1946"}),
    ("../1946", {"literal": "–1946"}),
    ("1944~", {"date-parts": [[1944]], "circa": True}),
    ("1944%", {"date-parts": [[1944]], "circa": True}),  # approximate and uncertain
    ("1944?", {"date-parts": [[1944]]}),  # uncertain: biblatex prints it only on request
    ("1976-21", {"date-parts": [[1976]], "season": 1}),
    (" 1976 ", {"date-parts": [[1976]]}),
    ("2000-02-29", {"date-parts": [[2000, 2, 29]]}),  # a leap day
    ("-0044-02-29", {"date-parts": [[-45, 2, 29]]}),  # astronomical -44 is a leap year
    # EDTF unspecified digits, which biber accepts: the years they span
    ("199X", {"date-parts": [[1990], [1999]]}),
    ("19XX", {"date-parts": [[1900], [1999]]}),
]


@pytest.mark.parametrize(("text", "expected"), GOOD)
def test_parse_date(text: str, expected: dict[str, object]) -> None:
    assert parse_date(text) == (expected, None)


@pytest.mark.parametrize("text", ["spring 1944", "1976-13", "1976-02-40", "1/2/3", "", "n.d.",
                                  "2000-02-30", "1900-02-29", "2001-04-31"])
def test_bad_dates_keep_their_text(text: str) -> None:
    date, problem = parse_date(text)
    assert date == {"literal": text.strip()}
    assert problem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", 1),
        ("07", 7),
        ("jul", 7),
        ("July", 7),
        ("Sept.", 9),
        ("dec", 12),
        ("Oktober", 10),  # German files (scrguide.bib's "10. Oktober")
        ("März", 3),
        ("Dez.", 12),
        ("13", None),
        ("foo", None),
    ],
)
def test_parse_month(text: str, expected: int | None) -> None:
    assert parse_month(text) == expected


@pytest.mark.parametrize(
    ("year", "month", "day", "expected", "bad"),
    [
        ("1944", None, None, {"date-parts": [[1944]]}, False),
        ("1976", "1", None, {"date-parts": [[1976, 1]]}, False),
        ("1976", "jan", "5", {"date-parts": [[1976, 1, 5]]}, False),
        ("[1944?]", None, None, {"literal": "[1944?]"}, True),
        ("1976", "Foo", None, {"date-parts": [[1976]]}, True),
        # A magazine's season, an issue covering two months, an unknown month.
        ("1994", "Fall", None, {"date-parts": [[1994]], "season": 3}, False),
        ("1994", "winter", None, {"date-parts": [[1994]], "season": 4}, False),
        ("1994", "7--8", None, {"date-parts": [[1994, 7], [1994, 8]]}, False),
        ("1994", "6\\slash 9", None, {"date-parts": [[1994, 6], [1994, 9]]}, False),
        ("1994", "5/6", None, {"date-parts": [[1994, 5], [1994, 6]]}, False),
        ("1994", "Jan--Feb", None, {"date-parts": [[1994, 1], [1994, 2]]}, False),
        ("1994", "????", None, {"date-parts": [[1994]]}, False),
        ("1994", "Dec--Jan", None, {"date-parts": [[1994]]}, True),
        ("1994", "13", None, {"date-parts": [[1994]]}, True),
    ],
)
def test_year_month_day(
    year: str, month: str | None, day: str | None, expected: object, bad: bool
) -> None:
    date, problem = year_month_day(year, month, day)
    assert date == expected
    assert bool(problem) == bad


@given(st.text())
def test_parse_date_never_raises(text: str) -> None:
    date, problem = parse_date(text)
    assert ("literal" in date) == bool(problem)


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        ('"8~" # feb', [1988, 2, 8]),  # btxdoc.bib, xampl.bib: the day before the month macro
        ('jul # "~4"', [1988, 7, 4]),
        ("{July 4}", [1988, 7, 4]),
        ("{10. October}", [1988, 10, 10]),
        ("{10. Oktober}", [1988, 10, 10]),
        ("{19 нояб}", [1988, 11, 19]),  # a GOST file's abbreviated Russian month
        ("{5 марта}", [1988, 3, 5]),
        ('jun # "-" # aug', [1988, 6]),  # a two-month issue: the range's first month
        ("jan", [1988, 1]),
    ],
)
def test_month_with_a_day(month: str, expected: list[int]) -> None:
    """A month macro inside a concatenation is its name (BibTeX's styles), so the
    day beside it is read as the day, not as a month ("10~1" was October)."""
    from typeset.bib import parse_bibtex

    result = parse_bibtex(f"@book{{k, title = {{T}}, year = 1988, month = {month}}}", "f.bib")
    assert result.item("k")["issued"]["date-parts"][0] == expected
    assert result.diagnostics == []


def test_bare_numbers_with_a_tie_stay_unread() -> None:
    from typeset.bib import parse_bibtex

    result = parse_bibtex("@book{k, title = {T}, year = 1988, month = {10~1}}", "f.bib")
    assert result.item("k")["issued"] == {"date-parts": [[1988]]}
    assert [d.code for d in result.diagnostics] == ["bib-date"]


def test_a_day_not_in_the_calendar_says_so() -> None:
    """biber refuses 2000-02-30 ("Invalid format"); so do we, with the reason."""
    assert parse_date("2000-02-30")[1] == "cannot read the date '2000-02-30': no such month or day"


@pytest.mark.parametrize(
    ("field", "value", "advice"),
    [
        ("year", "c. 1934", "write date = {1934~}"),
        ("year", "1500?", "write date = {1500?}"),
        ("year", "1955--58", "write date = {1955/1958}"),
        ("year", "2013-10-30", "write date = {2013-10-30}"),
        ("year", "April 1973", "write date = {1973-04}"),
        ("year", "forthcoming", "write pubstate = {forthcoming}"),
        ("year", "n.d.", "leave it out: styles print their own 'n.d.'"),
        ("date", "18.12.2000", "write date = {2000-12-18}"),
        ("date", "1999-1-5", "write date = {1999-01-05}"),
        ("urldate", "25.01.2012", "write urldate = {2012-01-25}"),
        ("date", "5 May 2000", "write date = {2000-05-05}"),
    ],
)
def test_unreadable_dates_say_what_to_write(field: str, value: str, advice: str) -> None:
    """Real files' dates biber refuses ("not an integer", "Invalid format"), each
    with the biblatex form that says the same."""
    from typeset.bib import parse_bibtex

    result = parse_bibtex(f"@book{{k, title = {{T}}, {field} = {{{value}}}}}", "f.bib")
    result.item("k")
    assert [d.code for d in result.diagnostics] == ["bib-date"]
    assert result.diagnostics[0].message.endswith(f"kept as text ({advice})")


@pytest.mark.parametrize("value", ["1955--1950", "2000-02-30", "Smarch 2000", "12/18/2000"])
def test_no_advice_without_a_safe_rewrite(value: str) -> None:
    from typeset.bib.dates import suggest_date

    assert suggest_date("date", value) is None


@pytest.mark.parametrize(
    ("date", "chicago", "apa"),
    [("2000/", "P, 2000–.", "(2000–)"), ("2000-06/..", "P, 2000–.", "(2000–)"),
     ("../2000", "P, –2000.", "(–2000)"), ("2000~", "P, [2000?].", "(ca. 2000)"),
     ("2000?", "P, 2000.", "(2000)")],
)
def test_open_and_approximate_dates_print_as_citeproc_js_prints_them(
    date: str, chicago: str, apa: str
) -> None:
    # The expected texts are citeproc-js's for the same CSL-JSON (checked by hand).
    from typeset.bib import parse_bibtex
    from typeset.csl import Processor, render

    bib = f"@book{{k, author = {{X, Y}}, title = {{T}}, publisher = {{P}}, date = {{{date}}}}}"
    items = parse_bibtex(bib, "t.bib").items
    for style, expected in (("chicago-notes-bibliography", chicago), ("apa", apa)):
        entry = render(Processor(style, items, locale="en-US").bibliography(["k"])[0], "text")
        assert expected in entry, (style, entry)
