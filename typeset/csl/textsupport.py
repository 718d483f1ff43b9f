"""Adapters between the evaluator and the leaf modules (markup, textcase, numbers).

The leaf modules take plain arguments (a term lookup function rather than a
Locale); this module binds them to the evaluator's locale and caches markup
parsing, since the same field strings are rendered many times during sorting
and disambiguation.
"""

from __future__ import annotations

import re
from functools import lru_cache

from types import SimpleNamespace

from typeset.csl.locale import Locale
from typeset.csl.rich import RichText, Text

try:  # the leaf modules are written in parallel; until they land, degrade to plain text
    from typeset.csl import markup as _markup
except ImportError:  # pragma: no cover - transitional
    _markup = SimpleNamespace(parse_markup=lambda v: (Text(v),))  # type: ignore[assignment]
try:
    from typeset.csl import textcase as _textcase
except ImportError:  # pragma: no cover - transitional
    _textcase = SimpleNamespace(apply_text_case=lambda r, c, english=True: r)  # type: ignore
try:
    from typeset.csl import pagerange as _pagerange
except ImportError:  # pragma: no cover - transitional
    _pagerange = SimpleNamespace(  # type: ignore[assignment]
        format_page_range=lambda v, f, d="–": v.replace("-", d))
try:
    from typeset.csl import numbers as _numbers
except ImportError:  # pragma: no cover - transitional
    _numbers = SimpleNamespace(  # type: ignore[assignment]
        is_numeric=lambda v: bool(re.fullmatch(r"\s*\d+(\s*[-–,&]\s*\d+)*\s*", v)),
        render_ordinal=lambda n, t, g: f"{n}th", render_long_ordinal=lambda n, t, g: f"{n}th",
        to_roman=lambda n: str(n))


@lru_cache(maxsize=8192)
def markup(value: str) -> RichText:
    """A CSL-JSON string with citeproc-js mini-markup -> rich text (cached)."""
    if not any(c in value for c in "<\"'‘’“”"):
        return _markup_plain(value)
    return tuple(_markup.parse_markup(value))


def _markup_plain(value: str) -> RichText:
    from typeset.csl.rich import Text

    return (Text(value),) if value else ()


def apply_case(rich: RichText, case: str | None, english: bool) -> RichText:
    if not case or not rich:
        return rich
    return tuple(_textcase.apply_text_case(rich, case, english=english))


def is_numeric(value: str) -> bool:
    return bool(_numbers.is_numeric(value))


def _terms(locale: Locale):
    def lookup(name: str, gender: str | None = None) -> str | None:
        return locale.term(name, "long", False, gender or "")

    return lookup


def ordinal(n: int, locale: Locale, gender: str | None) -> str:
    return _numbers.render_ordinal(n, _terms(locale), gender)


def long_ordinal(n: int, locale: Locale, gender: str | None) -> str:
    return _numbers.render_long_ordinal(n, _terms(locale), gender)


_NUM_TOKEN = re.compile(r"(\d+)")


def render_number(value: str, form: str, locale: Locale, gender: str | None) -> str:
    """Render each number in a numeric value ("2-5, 8 & 10") in the given cs:number form."""
    if form == "numeric":
        return re.sub(r"\s*([-–,&])\s*", lambda m: _sep(m.group(1)), value.strip())

    def one(m: re.Match[str]) -> str:
        n = int(m.group(1))
        if form == "ordinal":
            return ordinal(n, locale, gender)
        if form == "long-ordinal":
            return long_ordinal(n, locale, gender)
        if form == "roman":
            return _numbers.to_roman(n).lower()
        return m.group(1)

    out = _NUM_TOKEN.sub(one, value.strip())
    return re.sub(r"\s*([-–,&])\s*", lambda m: _sep(m.group(1)), out)


def _sep(ch: str) -> str:
    return {",": ", ", "&": " & ", "-": "-", "–": "–"}[ch]


def page_range(value: str, fmt: str | None, delimiter: str) -> str:
    """Page ranges per page-range-format (expanded, minimal, minimal-two, chicago*)."""
    return _pagerange.format_page_range(value, fmt, delimiter)
