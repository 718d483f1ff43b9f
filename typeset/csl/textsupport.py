"""Adapters between the evaluator and the leaf modules (markup, textcase, numbers).

The leaf modules take plain arguments (a term lookup function rather than a
Locale); this module binds them to the evaluator's locale and caches markup
parsing, since the same field strings are rendered many times during sorting
and disambiguation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from typeset.csl import markup as _markup
from typeset.csl import numbers as _numbers
from typeset.csl import pagerange as _pagerange
from typeset.csl import textcase as _textcase
from typeset.csl.locale import Locale
from typeset.rich.model import RichText, Text


@lru_cache(maxsize=8192)
def markup(value: str) -> RichText:
    """A CSL-JSON string with citeproc-js mini-markup -> rich text (cached)."""
    if not any(c in value for c in "<\"'‘’“”"):
        return _markup_plain(value)
    return tuple(_markup.parse_markup(value))


def _markup_plain(value: str) -> RichText:
    return (Text(value),) if value else ()


def apply_case(rich: RichText, case: str | None, english: bool,
               lang: str | None = None) -> RichText:
    """text-case; ``lang`` (the item's language) picks case mappings such as Turkish i."""
    if not case or not rich:
        return rich
    if len(rich) == 1 and isinstance(rich[0], Text):  # the common case: one plain string
        node = rich[0]
        cased = _cased_string(node.text, case, english, lang)
        return rich if cased == node.text else (Text(cased, node.tag),)
    try:
        return _cased(rich, case, english, lang)
    except TypeError:  # an unhashable node: no memo
        return tuple(_textcase.apply_text_case(rich, case, english=english, lang=lang))


@lru_cache(maxsize=16384)
def _cased(rich: RichText, case: str, english: bool, lang: str | None) -> RichText:
    """Text-case is costly and the same title is cased for note, entry and sort key."""
    return tuple(_textcase.apply_text_case(rich, case, english=english, lang=lang))


@lru_cache(maxsize=16384)
def _cased_string(text: str, case: str, english: bool, lang: str | None) -> str:
    """Text-case of one plain string, memoised by the string alone: the same title
    reaches here under different provenance tags (note, entry, sort key), and casing
    never depends on the tag."""
    out = _textcase.apply_text_case((Text(text),), case, english=english, lang=lang)
    return "".join(n.text for n in out if isinstance(n, Text))


def is_numeric(value: str) -> bool:
    return bool(_numbers.is_numeric(value))


def _terms(locale: Locale) -> Callable[[str, str | None], str | None]:
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
    return {",": ", ", "&": " & ", "-": "–", "–": "–"}[ch]


def page_range(value: str, fmt: str | None, delimiter: str) -> str:
    """Page ranges per page-range-format (expanded, minimal, minimal-two, chicago*)."""
    return _pagerange.format_page_range(value, fmt, delimiter)
