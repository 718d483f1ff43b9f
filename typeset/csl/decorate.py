"""The decorations every rendering element shares (spec "Formatting", "Affixes",
"Display", "Quotes", "Text-case", "Strip-periods"), applied in one order."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from typeset.csl import output as o
from typeset.csl.context import Ctx
from typeset.csl.style import El
from typeset.csl.textsupport import apply_case
from typeset.rich.model import RichText, Styled

DECORATING = frozenset({"strip-periods", "text-case", "quotes", "prefix", "suffix", "display",
                         *o.FORMAT_ATTRS})


# citeproc-js's ROMANESQUE_REGEXP: Latin, Greek, Cyrillic, Hebrew, Arabic, Thai, digits
_ROMANESQUE = re.compile("[-0-9a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f"
                         "\u0590-\u05d4\u05d6-\u05ff\u1f00-\u1fff\u0600-\u06ff\u200c-\u200e"
                         "\u0218-\u021b\u202a-\u202e]")


def decorate(rich: RichText, el: El, ctx: Ctx, case: bool = True,
             leaf: bool = False) -> RichText:
    """text-case, strip-periods, formatting, quotes, affixes, display -- in that order.

    ``leaf``: ``rich`` is one value (a variable, term or value of cs:text, a cs:number).
    A value with no letter of an alphabetic script (Chinese, Japanese, Korean) loses
    the element's font-style, as in citeproc-js: italics are foreign to those scripts."""
    if not rich:
        return ()
    plan = _plan(el)
    if plan is None:
        return () if o.is_empty(rich) else rich
    if o.is_empty(rich):
        return ()
    strip, text_case, formats, upright, quotes, prefix, suffix, display = plan
    if strip:
        rich = o.strip_periods(rich)
    if case and text_case:
        rich = apply_case(rich, text_case, ctx.english, ctx.case_lang)
    if leaf and upright is not None and not _ROMANESQUE.search(o.plain_text(rich)):
        formats = upright
    if formats:
        rich = (Styled(tuple(rich), **formats),)
    if quotes:
        rich = (Styled(tuple(rich), quotes=True),)
    rich = o.affixes(rich, prefix, suffix)
    return (Styled(rich, display=display),) if rich and display else rich


Plan = tuple[bool, "str | None", dict[str, Any], "dict[str, Any] | None", bool, "str | None",
             "str | None", "str | None"]


@lru_cache(maxsize=16384)
def _plan(el: El) -> Plan | None:
    """What :func:`decorate` does for an element, read from its attributes once
    (elements hash by identity): None when it decorates nothing. The formatting
    without font-style is the leaf's with no alphabetic letter."""
    attrs = el.attrs
    if DECORATING.isdisjoint(attrs):
        return None
    formats = {py: attrs[csl] for csl, py in o.FORMAT_ATTRS.items() if csl in attrs}
    upright = {k: v for k, v in formats.items() if k != "font_style"} \
        if "font-style" in attrs else None
    return (attrs.get("strip-periods") == "true", attrs.get("text-case"), formats, upright,
            attrs.get("quotes") == "true", attrs.get("prefix"), attrs.get("suffix"),
            attrs.get("display"))
