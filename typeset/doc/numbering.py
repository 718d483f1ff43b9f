"""Section numbers: one rule for both writers and for cross-references to sections."""

from __future__ import annotations

from typeset.doc import model as m

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(number: int) -> str:
    """Upper-case Roman numeral, as CSS ``upper-roman`` prints it."""
    digits = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        digits.append(letters * count)
    return "".join(digits)


class HeadingCounter:
    """Numbers headings by ``section-numbering`` as the document is written.

    ``roman`` numbers top-level headings I, II, ... (the journal-article
    convention); ``arabic`` numbers every level, 1, 1.1, 1.1.1; ``none`` keeps
    headings bare. A number already set on the Heading wins; an unnumbered
    heading (pandoc's ``{-}``, number ``""``) neither shows nor takes a number.
    """

    def __init__(self, scheme: str) -> None:
        self.scheme = scheme
        self.counters: list[int] = []

    def number(self, heading: m.Heading) -> str | None:
        if heading.number == "":
            return None
        level = max(heading.level, 1)
        self.counters = self.counters[:level] + [0] * (level - len(self.counters))
        self.counters[level - 1] += 1
        if heading.number is not None:
            return heading.number
        if self.scheme == "roman":
            return roman(self.counters[0]) if level == 1 else None
        if self.scheme == "arabic":
            return ".".join(str(n) for n in self.counters[:level])
        return None
