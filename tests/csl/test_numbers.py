"""Numeric test, number lists, roman numerals and ordinals (CSL 1.0.2; number_*/condition_*
fixtures). Ordinals use hand-built term tables, not the locale files, so these tests only
exercise this module's matching rules."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from typeset.csl.numbers import (
    is_numeric,
    parse_number_parts,
    render_long_ordinal,
    render_ordinal,
    split_affixes,
    to_roman,
)


@pytest.mark.parametrize(("value", "numeric"), [
    ("12", True), (12, True), ("5", True), ("01790", True),
    ("2-5", True), ("2 - 5", True), ("2–5", True), ("2, 3 & 5", True), ("2,3", True),
    ("2&3", True), ("2nd", True), ("5th", True), ("L2", True), ("D2", True), ("2b", True),
    ("L2d", True), ("42-45, 50", True),
    ("", False), ("  ", False), ("second", False), ("Fifth ed.", False), ("2nd edition", False),
    ("annotated edition", False), ("5 ed.", False), ("2 3", False), ("2,", False), ("-2", False),
    ("2002, amended effective June 1, 2010, and January 1, 2017", False),
    ("iv", False), (True, False), (None, False), (2.5, False),
])
def test_is_numeric(value: object, numeric: bool) -> None:
    assert is_numeric(value) is numeric


@pytest.mark.parametrize(("value", "parts"), [
    ("42", [("42", "")]),
    (42, [("42", "")]),
    ("2-5, 8 & 10", [("2", "-"), ("5", ", "), ("8", " & "), ("10", "")]),
    ("2 - 5,8&10", [("2", "-"), ("5", ", "), ("8", " & "), ("10", "")]),
    ("2–5", [("2", "–"), ("5", "")]),
    ("2nd, 3rd", [("2nd", ", "), ("3rd", "")]),
    (" 7 ", [("7", "")]),
    ("Fifth ed.", [("Fifth ed.", "")]),
])
def test_parse_number_parts(value: str | int, parts: list[tuple[str, str]]) -> None:
    assert parse_number_parts(value) == parts


@pytest.mark.parametrize(("token", "split"), [
    ("42", ("", 42, "")), ("L2d", ("L", 2, "d")), ("2nd", ("", 2, "nd")), ("abc", None),
])
def test_split_affixes(token: str, split: tuple[str, int, str] | None) -> None:
    assert split_affixes(token) == split


@pytest.mark.parametrize(("n", "roman"), [
    (1, "i"), (4, "iv"), (9, "ix"), (14, "xiv"), (40, "xl"), (42, "xlii"), (90, "xc"),
    (400, "cd"), (1994, "mcmxciv"), (2024, "mmxxiv"), (3999, "mmmcmxcix"),
    (0, "0"), (-3, "-3"), (4000, "4000"),
])
def test_to_roman(n: int, roman: str) -> None:
    assert to_roman(n) == roman


_ROMAN_VALUE = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


@given(st.integers(1, 3999))
def test_roman_reads_back(n: int) -> None:
    digits = [_ROMAN_VALUE[c] for c in to_roman(n)]
    total = sum(-d if i + 1 < len(digits) and d < digits[i + 1] else d
                for i, d in enumerate(digits))
    assert total == n


# --- ordinals ----------------------------------------------------------------

Terms = dict[tuple[str, str | None], str]

ENGLISH: Terms = {
    ("ordinal", None): "th", ("ordinal-01", None): "st", ("ordinal-02", None): "nd",
    ("ordinal-03", None): "rd", ("ordinal-11", None): "th", ("ordinal-12", None): "th",
    ("ordinal-13", None): "th",
    **{(f"long-ordinal-{k:02d}", None): w for k, w in enumerate(
        ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
         "tenth"), 1)},
}

# French-like: gendered forms of "ordinal" and of ordinal-01 only
FRENCH: Terms = {
    ("ordinal", None): "e", ("ordinal", "masculine"): "e", ("ordinal", "feminine"): "e",
    ("ordinal-01", "masculine"): "er", ("ordinal-01", "feminine"): "re",
    ("long-ordinal-01", "masculine"): "premier", ("long-ordinal-01", "feminine"): "première",
    ("long-ordinal-02", None): "deuxième",
}


def lookup(table: Terms):  # type: ignore[no-untyped-def]
    return lambda name, gender: table.get((name, gender))


@pytest.mark.parametrize(("n", "expected"), [
    (1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (10, "10th"), (11, "11th"), (12, "12th"),
    (13, "13th"), (21, "21st"), (22, "22nd"), (23, "23rd"), (42, "42nd"), (100, "100th"),
    (101, "101st"), (111, "111th"), (112, "112th"), (113, "113th"), (1001, "1001st"),
    (0, "0th"),
])
def test_english_ordinals(n: int, expected: str) -> None:
    assert render_ordinal(n, lookup(ENGLISH)) == expected


@pytest.mark.parametrize(("n", "gender", "expected"), [
    (1, "masculine", "1er"), (1, "feminine", "1re"), (2, "feminine", "2e"),
    (1, None, "1e"),  # no neuter ordinal-01: the plain "ordinal" term
    (21, "masculine", "21e"),  # ordinal-01 is whole-number here: 21 takes the plain suffix
])
def test_gendered_ordinals(n: int, gender: str | None, expected: str) -> None:
    terms = dict(FRENCH)
    matches = {"ordinal-01": "whole-number"}
    result = render_ordinal(n, lookup(terms), gender,
                            match=lambda name, _g: matches.get(name))
    assert result == expected


def test_gendered_form_falls_back_to_neuter() -> None:
    assert render_ordinal(2, lookup(ENGLISH), "feminine") == "2nd"


@pytest.mark.parametrize(("terms", "matches", "n", "expected"), [
    # ordinal-10..99 beat ordinal-00..09 when both match (spec 1.0.2)
    ({("ordinal", None): "x", ("ordinal-03", None): "A", ("ordinal-13", None): "B"}, {}, 13, "13B"),
    ({("ordinal", None): "x", ("ordinal-03", None): "A", ("ordinal-13", None): "B"}, {}, 113, "113B"),
    ({("ordinal", None): "x", ("ordinal-03", None): "A", ("ordinal-13", None): "B"}, {}, 23, "23A"),
    # ordinal-00 with last-digit matches 10, 20, ...
    ({("ordinal", None): "x", ("ordinal-00", None): "Z"}, {}, 20, "20Z"),
    # whole-number matches only the number itself
    ({("ordinal", None): "x", ("ordinal-13", None): "B"}, {"ordinal-13": "whole-number"}, 113, "113x"),
    ({("ordinal", None): "x", ("ordinal-13", None): "B"}, {"ordinal-13": "whole-number"}, 13, "13B"),
    # last-two-digits on a 00..09 term: 5 and 105 but not 15
    ({("ordinal", None): "x", ("ordinal-05", None): "F"}, {"ordinal-05": "last-two-digits"}, 105, "105F"),
    ({("ordinal", None): "x", ("ordinal-05", None): "F"}, {"ordinal-05": "last-two-digits"}, 15, "15x"),
    # no terms at all: the bare number
    ({}, {}, 7, "7"),
])
def test_match_rules(terms: Terms, matches: dict[str, str], n: int, expected: str) -> None:
    assert render_ordinal(n, lookup(terms), None, match=lambda name, _g: matches.get(name)) == expected


@pytest.mark.parametrize(("n", "expected"), [
    (1, "first"), (9, "ninth"), (10, "tenth"), (11, "11th"), (42, "42nd"), (0, "0th"),
])
def test_long_ordinals(n: int, expected: str) -> None:
    assert render_long_ordinal(n, lookup(ENGLISH)) == expected


@pytest.mark.parametrize(("n", "gender", "expected"), [
    (1, "feminine", "première"), (1, "masculine", "premier"), (2, "feminine", "deuxième"),
    (3, "feminine", "3e"),
])
def test_gendered_long_ordinals(n: int, gender: str, expected: str) -> None:
    assert render_long_ordinal(n, lookup(FRENCH), gender) == expected
