"""Sorting cites and bibliography entries by cs:sort keys (spec "Sorting").

Keys are variables or macros. Names sort in name-as-sort-order "all", dates as
zero-padded YYYYYMMDD strings, numeric variables as integers; empty values always
sort last whatever the direction, and strings compare as citeproc-js collates them
(see ``normalize``).

The collation is written here rather than taken from PyICU or pyuca: citeproc-js does
not collate the plain key but one whose spaces it has replaced by a separator symbol,
and at primary strength with punctuation ignorable, the UCA order of accent-stripped,
case-folded Latin, Greek and Cyrillic letters and of digits is their code-point order,
so a string transform gives citeproc-js's order with no compiled dependency. Letters
that do not decompose but are variants of a base letter in the UCA (ø, ł, đ, æ, œ) are
mapped to it; others (þ, ð) sort after z, as in the UCA.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from typeset.csl.style import El

KeyValue = tuple[bool, Any]


def normalize(text: str) -> str:
    """Comparison form of a string, as citeproc-js collates sort keys: each space
    becomes a separator that sorts before every letter and digit (its ``sort_sep``),
    then the Unicode Collation Algorithm at primary strength with punctuation
    ignorable and digits compared as numbers (ICU ``sensitivity: base``,
    ``ignorePunctuation``, ``numeric``). So accents and case do not count, "Dale"
    files before "Dalebout", "U.S. Department" after "Ulam" ("US Department"), and
    "Item 9" before "Item 10"."""
    if text.isascii():  # the common case, one table: nothing to decompose or fold
        return _DIGITS.sub(_number_key, text.strip().translate(_ASCII).lower())
    kept = unicodedata.normalize("NFKD", text.strip()).translate(_KEPT)
    return _DIGITS.sub(_number_key, kept.casefold().translate(_BASE_LETTERS))


class _Kept(dict[int, "str | None"]):
    """The translation table of :func:`normalize`'s decomposed text, filled per
    character on first sight: combining marks and punctuation dropped, white space
    made the separator, everything else kept."""

    def __missing__(self, code: int) -> str | None:
        c = chr(code)
        if unicodedata.combining(c) or unicodedata.category(c).startswith("P"):
            value = None
        else:
            value = _SEPARATOR if c.isspace() else c
        self[code] = value
        return value


_KEPT = _Kept()


_BASE_LETTERS = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "ı": "i"})


_SEPARATOR = "\x01"
# ASCII punctuation dropped, white space made the separator (normalize's fast path)
_ASCII = str.maketrans({chr(c): _SEPARATOR if chr(c).isspace() else None for c in range(128)
                        if chr(c).isspace() or unicodedata.category(chr(c)).startswith("P")})
_DIGITS = re.compile(r"\d+")


def _number_key(m: re.Match[str]) -> str:
    """A run of digits as its length then its digits, so that runs sort by value."""
    digits = m.group().lstrip("0") or "0"
    return f"{len(digits):02d}{digits}"


def numeric_key(text: str) -> Any:
    m = re.match(r"\s*(-?\d+)", text)
    return int(m.group(1)) if m else None


def sort_records(records: list[Any], sort_el: El | None,
                 key_fn: Callable[[Any, El], KeyValue]) -> list[Any]:
    """Stable sort of records (ids, cites) by the sort element's keys."""
    if sort_el is None:
        return list(records)
    keys = [k for k in sort_el.children if k.name == "key"]
    if not keys:
        return list(records)
    computed: dict[tuple[int, int], KeyValue] = {}
    directions = [k.get("sort") == "descending" for k in keys]

    def value(r: Any, n: int) -> KeyValue:
        """Keys are computed lazily: later keys only matter when earlier ones tie."""
        memo = (id(r), n)
        if memo not in computed:
            computed[memo] = key_fn(r, keys[n])
        return computed[memo]

    def compare(a: Any, b: Any) -> int:
        for n, desc in enumerate(directions):
            (ea, va), (eb, vb) = value(a, n), value(b, n)
            if ea != eb:
                return 1 if ea else -1
            if ea:
                continue
            if type(va) is not type(vb):
                va, vb = str(va), str(vb)
            if va == vb:
                continue
            result = -1 if va < vb else 1
            return -result if desc else result
        return 0

    return sorted(records, key=functools.cmp_to_key(compare))
