"""The decorations every rendering element shares (spec "Formatting", "Affixes",
"Display", "Quotes", "Text-case", "Strip-periods"), applied in one order."""

from __future__ import annotations

import re

from typeset.csl import output as o
from typeset.csl.context import Ctx
from typeset.csl.style import El
from typeset.csl.textsupport import apply_case
from typeset.rich.model import RichText

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
    attrs = el.attrs
    if DECORATING.isdisjoint(attrs):
        return () if o.is_empty(rich) else rich
    if o.is_empty(rich):
        return ()
    if attrs.get("strip-periods") == "true":
        rich = o.strip_periods(rich)
    text_case = attrs.get("text-case")
    if case and text_case:
        rich = apply_case(rich, text_case, ctx.english, ctx.case_lang)
    if leaf and "font-style" in attrs and not _ROMANESQUE.search(o.plain_text(rich)):
        attrs = {k: v for k, v in attrs.items() if k != "font-style"}
    rich = o.formatting(rich, attrs)
    if attrs.get("quotes") == "true":
        rich = o.quoted(rich)
    rich = o.affixes(rich, attrs.get("prefix"), attrs.get("suffix"))
    return o.display(rich, attrs.get("display"))
