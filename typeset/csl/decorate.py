"""The decorations every rendering element shares (spec "Formatting", "Affixes",
"Display", "Quotes", "Text-case", "Strip-periods"), applied in one order."""

from __future__ import annotations

from typeset.csl import output as o
from typeset.csl.context import Ctx
from typeset.csl.style import El
from typeset.csl.textsupport import apply_case
from typeset.rich.model import RichText

_DECORATING = frozenset({"strip-periods", "text-case", "quotes", "prefix", "suffix", "display",
                         *o.FORMAT_ATTRS})


def decorate(rich: RichText, el: El, ctx: Ctx, case: bool = True) -> RichText:
    """text-case, strip-periods, formatting, quotes, affixes, display -- in that order."""
    if not rich:
        return ()
    attrs = el.attrs
    if _DECORATING.isdisjoint(attrs):
        return () if o.is_empty(rich) else rich
    if o.is_empty(rich):
        return ()
    if attrs.get("strip-periods") == "true":
        rich = o.strip_periods(rich)
    text_case = attrs.get("text-case")
    if case and text_case:
        rich = apply_case(rich, text_case, ctx.english, ctx.case_lang)
    rich = o.formatting(rich, attrs)
    if attrs.get("quotes") == "true":
        rich = o.quoted(rich)
    rich = o.affixes(rich, attrs.get("prefix"), attrs.get("suffix"))
    return o.display(rich, attrs.get("display"))
