"""CSL page-range-format: collapsing the second number of a page range.

Spec CSL 1.0.2 "Appendix V - Page Range Formats": ``expanded`` (42–45, 321–328),
``minimal`` (42–5, 321–8), ``minimal-two`` (42–45, 321–28), ``chicago-15``
(``chicago`` in CSL 1.0.1; The Chicago Manual of Style 15th ed. 9.64) and
``chicago-16`` (16th ed. 9.61, which drops the 15th edition's four-digit rule).
Without a format, numbers stay as written; only the range hyphen becomes the
locale's page-range delimiter.

A value may hold several ranges ("1-5, 10-12 & 15"); each piece is handled on
its own and the separators are kept. A number may carry a prefix of letters ("N110",
"8n11564"): a range collapses only when both ends carry the same prefix. A value
with other characters ("1.1-1.10", a line or section) is no number and keeps its
hyphen, as citeproc-js does.
Anything that is not a range of such numbers (or of roman numerals) is left as
written, apart from dropping spaces around its hyphen. ``\\-`` is an escaped,
literal hyphen that never marks a range.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_ESCAPED_HYPHEN = "\x00"
_SEPARATOR = re.compile(r"(\s*[,&;]\s*|\s+and\s+)")
_RANGE = re.compile(r"^\s*(\S+?)\s*(-+|–)\s*(\S+?)\s*$")
_PREFIXED = re.compile(r"^((?:\d*[A-Za-z]+)?)(\d+)$")  # "N110", "8n11564"; not "1.1"
_ROMAN = re.compile(r"^(?:[ivxlcdm]+|[IVXLCDM]+)$")


def format_page_range(value: str, fmt: str | None, delimiter: str = "–") -> str:
    """Format every range in ``value`` per page-range-format ``fmt`` (None = as written)."""
    text = value.replace("\\-", _ESCAPED_HYPHEN)
    parts = _SEPARATOR.split(text)
    out = [part if i % 2 else _format_piece(part, fmt, delimiter) for i, part in enumerate(parts)]
    return "".join(out).replace(_ESCAPED_HYPHEN, "-")


def _format_piece(piece: str, fmt: str | None, delimiter: str) -> str:
    m = _RANGE.match(piece)
    if m is None:
        return piece
    first, hyphen, second = m.group(1), m.group(2), m.group(3)
    a, b = _PREFIXED.match(first), _PREFIXED.match(second)
    if a and b and a.group(1) == b.group(1):
        return _numeric_range(a.group(1), a.group(2), b.group(2), fmt, delimiter)
    if _ROMAN.match(first) and _ROMAN.match(second) and first.islower() == second.islower():
        return first + delimiter + second
    return first + ("-" if hyphen.startswith("-") else hyphen) + second


def _numeric_range(prefix: str, first: str, second: str, fmt: str | None, delim: str) -> str:
    """A range of two numbers with the same prefix, the second collapsed per ``fmt``."""
    if fmt is None:
        return prefix + first + delim + prefix + second
    full = _expand(first, second)
    if full is None:
        return prefix + first + delim + prefix + second
    if fmt == "expanded" or full == first:  # "22-22" stays whole (citeproc-js)
        return prefix + first + delim + prefix + full
    collapse = _FORMATS.get(fmt)
    if collapse is None:  # unknown format: keep the numbers as written
        return prefix + first + delim + prefix + second
    return prefix + first + delim + collapse(first, full)


def _expand(first: str, second: str) -> str | None:
    """The second number written in full ("321", "28" -> "328"); None if not a range."""
    if first.startswith("0") or second.startswith("0"):
        return None  # leading zeros are identifiers, not quantities: leave them alone
    if len(second) < len(first):
        second = first[: len(first) - len(second)] + second
    if int(second) <= int(first) and second != first:
        return None
    return second


def _minimal(first: str, full: str, keep: int = 1) -> str:
    """Drop the leading digits ``full`` shares with ``first``, keeping at least ``keep``."""
    if len(full) != len(first):
        return full
    same = 0
    while same < len(full) - 1 and full[same] == first[same]:
        same += 1
    return full[min(same, max(len(full) - keep, 0)):]


def _minimal_two(first: str, full: str) -> str:
    return _minimal(first, full, keep=2)


def _chicago_16(first: str, full: str) -> str:
    """CMOS 16 9.61: full below 100 and at multiples of 100; 101-109 changed part; else 2+."""
    n = int(first)
    if n < 100 or n % 100 == 0:
        return full
    if n % 100 < 10:
        return _minimal(first, full)
    return _minimal_two(first, full)


def _chicago_15(first: str, full: str) -> str:
    """CMOS 15 9.64: as the 16th, but four-digit numbers where three digits change stay full."""
    short = _chicago_16(first, full)
    if len(first) == 4 and len(full) == 4 and len(short) >= 3:
        return full
    return short


_FORMATS: dict[str, Callable[[str, str], str]] = {
    "minimal": _minimal,
    "minimal-two": _minimal_two,
    "chicago": _chicago_15,
    "chicago-15": _chicago_15,
    "chicago-16": _chicago_16,
}
