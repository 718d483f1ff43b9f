"""Numeric content: the is-numeric test, number lists, roman numerals and ordinals.

CSL 1.0.2 "is-numeric": content is numeric when it consists solely of numbers,
which may carry letter prefixes and suffixes ("D2", "2b", "L2d", "2nd") and may
be separated by a comma, hyphen, en dash or ampersand, with or without spaces
("2, 3", "2-4", "2 & 4"). "second" and "2nd edition" are not numeric.

Ordinals follow CSL 1.0.2 "Ordinal Suffixes" and "Gender-specific Ordinals".
Terms come from a callback so this module needs no Locale:

``term(name, gender) -> str | None`` returns the text of the locale term
``name`` (e.g. "ordinal-01", "long-ordinal-03", "ordinal") in the gender form
``gender`` ("masculine" / "feminine"), or the neuter form when ``gender`` is
None. It returns None when exactly that term is not defined; this module does
the fallback from a gendered form to the neuter form itself.

``match(name, gender) -> str | None`` (optional) returns the term's ``match``
attribute ("last-digit", "last-two-digits" or "whole-number") or None for the
default (last-digit for ordinal-00..09, last-two-digits for ordinal-10..99).
"""

from __future__ import annotations

import re
from collections.abc import Callable

TermLookup = Callable[[str, "str | None"], "str | None"]

_TOKEN = r"[^\W\d_]*\d+[^\W\d_]*"
_DELIM = r"\s*(?:,|&|-+|–)\s*"
_NUMERIC = re.compile(rf"^\s*{_TOKEN}(?:{_DELIM}{_TOKEN})*\s*$")
_PART = re.compile(rf"({_TOKEN})|({_DELIM})")
_AFFIXED = re.compile(r"^(\D*)(\d+)(\D*)$")


def is_numeric(value: object) -> bool:
    """CSL's numeric test; integers from CSL-JSON count as numeric."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, str) and bool(_NUMERIC.match(value))


def parse_number_parts(value: str | int) -> list[tuple[str, str]]:
    """Split numeric content into (number, following delimiter) pairs.

    Delimiters are normalised as CSL 1.0.2 "Number" asks: a hyphen loses its
    spaces ("2 - 4" -> "2-4"), a comma gets one space after it, an ampersand one
    on each side. The engine may then replace "-" by the locale's en dash.
    A value that is not numeric comes back as one part, unchanged.
    """
    if isinstance(value, int):
        return [(str(value), "")]
    if not is_numeric(value):
        return [(value, "")]
    parts: list[tuple[str, str]] = []
    for m in _PART.finditer(value.strip()):
        if m.group(1):
            parts.append((m.group(1), ""))
        elif parts:
            parts[-1] = (parts[-1][0], _normalise_delimiter(m.group(2)))
    return parts


def _normalise_delimiter(raw: str) -> str:
    core = raw.strip()
    if core == ",":
        return ", "
    if core == "&":
        return " & "
    return "–" if core == "–" else "-"


def split_affixes(token: str) -> tuple[str, int, str] | None:
    """("L", 2, "d") for "L2d": the number inside one token, None if there is none."""
    m = _AFFIXED.match(token)
    if m is None:
        return None
    return m.group(1), int(m.group(2)), m.group(3)


_ROMAN_VALUES = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)


def to_roman(n: int) -> str:
    """Lowercase roman numeral (the style upper-cases with text-case).

    Roman numerals have no zero, negatives or (in plain letters) values of 4000
    and more; such numbers stay arabic rather than producing nonsense.
    """
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for value, letters in _ROMAN_VALUES:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _lookup(term: TermLookup, name: str, gender: str | None) -> str | None:
    """The gendered form of a term, falling back to its neuter form (spec 1.0.2)."""
    if gender:
        text = term(name, gender)
        if text is not None:
            return text
    return term(name, None)


def _matches(n: int, k: int, how: str) -> bool:
    if how == "whole-number":
        return n == k
    if how == "last-two-digits":
        return n % 100 == k
    return n % 10 == k  # last-digit


def _ordinal_suffix(n: int, term: TermLookup, gender: str | None,
                    match: TermLookup | None) -> str:
    """Suffix per CSL 1.0.2: ordinal-10..99 beat ordinal-00..09; "ordinal" is the fallback."""
    candidates = [n % 100] if n % 100 >= 10 else []
    candidates.append(n % 10)
    if n < 100:
        candidates.insert(0, n)  # a whole-number term for n itself
    for k in dict.fromkeys(candidates):
        name = f"ordinal-{k:02d}"
        text = _lookup(term, name, gender)
        if text is None:
            continue
        default = "last-two-digits" if k >= 10 else "last-digit"
        how = (match(name, gender) if match else None) or default
        if _matches(n, k, how):
            return text
    return _lookup(term, "ordinal", gender) or ""


def render_ordinal(n: int, term: TermLookup, gender: str | None = None,
                   match: TermLookup | None = None) -> str:
    """``n`` with the locale's ordinal suffix ("1st", "2nd", "1re")."""
    return f"{n}{_ordinal_suffix(n, term, gender, match)}"


def render_long_ordinal(n: int, term: TermLookup, gender: str | None = None,
                        match: TermLookup | None = None) -> str:
    """"first" .. "tenth" from long-ordinal-01..10; other numbers fall back to ordinals."""
    if 1 <= n <= 10:
        text = _lookup(term, f"long-ordinal-{n:02d}", gender)
        if text is not None:
            return text
    return render_ordinal(n, term, gender, match)
