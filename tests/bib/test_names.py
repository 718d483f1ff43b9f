"""Name splitting (BibTeX rules, CSL-JSON output)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from typeset.bib.names import parse_name, parse_names, split_top_level

CASES = [
    ("Mastny, Vojtech", {"family": "Mastny", "given": "Vojtech"}),
    # the space after a control word is TeX's, not a word break (biber: Große, cnltx.bib)
    (r"Johannes Gro\ss e", {"family": "Große", "given": "Johannes"}),
    (r"Jean-Fran\c cois Dupont", {"family": "Dupont", "given": "Jean-François"}),
    (r"S\o ren Kierkegaard", {"family": "Kierkegaard", "given": "Søren"}),
    (r"Gro\ss e, Hans", {"family": "Große", "given": "Hans"}),
    ("Vojtech Mastny", {"family": "Mastny", "given": "Vojtech"}),
    ("Harriman, W. Averell", {"family": "Harriman", "given": "W. Averell"}),
    ("W.~Averell Harriman", {"family": "Harriman", "given": "W. Averell"}),
    ("{United States Department of State}", {"literal": "United States Department of State"}),
    ("{U.S. Department of State}", {"literal": "U.S. Department of State"}),
    ("{Barnes and Noble}", {"literal": "Barnes and Noble"}),
    (
        "Ludwig van Beethoven",
        {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
    ),
    (
        "van der Waals, Johannes Diderik",
        {"family": "Waals", "given": "Johannes Diderik", "non-dropping-particle": "van der"},
    ),
    ("de Gaulle, Charles", {"family": "Gaulle", "given": "Charles", "non-dropping-particle": "de"}),
    (
        "Charles Louis Xavier Joseph de la Vall{\\'e}e Poussin",
        {
            "family": "Vallée Poussin",
            "given": "Charles Louis Xavier Joseph",
            "non-dropping-particle": "de la",
        },
    ),
    ("King, Jr., Martin Luther", {"family": "King", "given": "Martin Luther", "suffix": "Jr."}),
    ("Martin Luther King, Jr.", {"family": "King", "given": "Martin Luther", "suffix": "Jr."}),
    ("Smith, John, III", {"family": "Smith", "given": "John", "suffix": "III"}),
    ("{\\v{C}}ech, Eduard", {"family": "Čech", "given": "Eduard"}),
    ("{\\'E}mile Zola", {"family": "Zola", "given": "Émile"}),
    ("Miko{\\l}ajczyk, Stanis{\\l}aw", {"family": "Mikołajczyk", "given": "Stanisław"}),
    ("{Van} Dyke, Dick", {"family": "Van Dyke", "given": "Dick"}),
    ("Plato", {"family": "Plato"}),
    ("{\\relax Ch}ristopher Smith", {"family": "Smith", "given": "Christopher"}),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_parse_name(raw: str, expected: dict[str, str]) -> None:
    assert parse_name(raw) == expected


def test_and_splits_only_at_top_level() -> None:
    result = parse_names("Harriman, W. Averell and {Abel and Sons} AND Smith, J.")
    assert [n.get("family", n.get("literal")) for n in result.names] == [
        "Harriman",
        "Abel and Sons",
        "Smith",
    ]


def test_and_others_is_a_flag_not_a_name() -> None:
    result = parse_names("Smith, John and others")
    assert result.names == [{"family": "Smith", "given": "John"}]
    assert result.others


@pytest.mark.parametrize("raw", ["", " ", ",", "{}", "and"])
def test_empty_names_are_problems_not_crashes(raw: str) -> None:
    result = parse_names(raw)
    assert all(isinstance(n, dict) for n in result.names)


def test_split_top_level_respects_braces() -> None:
    assert split_top_level("a, {b, c}, d", ",") == ["a", " {b, c}", " d"]


NAMEY = st.lists(
    st.sampled_from([*"aAbB ,{}\\~.'\"-", " and ", "von ", "{\\v c}", "Jr.", " others"])
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), NAMEY))
def test_names_never_raise(raw: str) -> None:
    result = parse_names(raw)
    for name in result.names:
        assert name.get("family") or name.get("literal")
        assert all(isinstance(v, str) and v for v in name.values())
