"""Section numbering shared by the HTML and LaTeX writers."""

from __future__ import annotations

import pytest

from typeset.doc import model as m
from typeset.writers.numbering import HeadingCounter, roman


@pytest.mark.parametrize(("n", "r"), [(1, "I"), (4, "IV"), (6, "VI"), (9, "IX"), (14, "XIV"),
                                      (40, "XL"), (1976, "MCMLXXVI")])
def test_roman(n: int, r: str) -> None:
    assert roman(n) == r


def _numbers(scheme: str, headings: list[m.Heading]) -> list[str | None]:
    counter = HeadingCounter(scheme)
    return [counter.number(h) for h in headings]


H1, H2 = m.Heading(1, ()), m.Heading(2, ())


@pytest.mark.parametrize(("scheme", "expected"), [
    ("roman", ["I", None, "II", None]),
    ("arabic", ["1", "1.1", "2", "2.1"]),
    ("none", [None, None, None, None]),
])
def test_schemes(scheme: str, expected: list[str | None]) -> None:
    assert _numbers(scheme, [H1, H2, H1, H2]) == expected


def test_unnumbered_heading_takes_no_number_and_explicit_number_wins() -> None:
    unnumbered, explicit = m.Heading(1, (), number=""), m.Heading(1, (), number="A")
    assert _numbers("roman", [H1, unnumbered, H1, explicit]) == ["I", None, "II", "A"]
