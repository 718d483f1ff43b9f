"""Bibliography entries: sorting, rendering, subsequent-author-substitute (spec "Bibliography").

subsequent-author-substitute replaces the output of an entry's first cs:names
with the given string when it equals the previous entry's (complete-all; the
partial rules are treated the same way for now).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from typeset.csl import output as o
from typeset.csl.context import CiteInfo
from typeset.csl.finalize import finalize
from typeset.csl.rich import RichText
from typeset.csl.style import El

if TYPE_CHECKING:
    from typeset.csl.processor import Processor


def render_bibliography(proc: Processor, ids: list[str]) -> list[RichText]:
    bib = proc.style.bibliography
    if bib is None:
        return []
    layout = bib.child("layout")
    assert layout is not None
    ordered = proc.sorted_ids(list(dict.fromkeys(ids)), bib, "bibliography")
    entries: list[RichText] = []
    previous: str = ""
    substitute = bib.get("subsequent-author-substitute")
    align = bib.get("second-field-align")
    for item_id in ordered:
        cite = CiteInfo(item_id, citation_number=proc._numbers.get(item_id, 0))
        if align:
            entries.append(_aligned(proc, cite, layout))
            continue
        sub = (previous, substitute) if substitute is not None and previous else None
        rich, names = proc.render_entry(cite, sub)
        previous = names
        if o.is_empty(rich):
            continue
        rich = o.formatting(rich, layout.attrs)
        rich = o.affixes(rich, layout.get("prefix"), layout.get("suffix"))
        entries.append(finalize(rich, proc.locale))
    return entries


def _aligned(proc: Processor, cite: CiteInfo, layout: El) -> RichText:
    """second-field-align: the first field in the margin, the rest inline (spec)."""
    fields = proc.render_entry_fields(cite)
    if not fields:
        return ()
    first = o.formatting(fields[0], layout.attrs)
    first = o.affixes(first, layout.get("prefix"), None)
    rest = o.join(fields[1:], layout.get("delimiter", "") or "")
    rest = o.affixes(o.formatting(rest, layout.attrs), None, layout.get("suffix")) \
        if rest else rest
    out = o.display(first, "left-margin") + o.display(rest, "right-inline")
    return finalize(out, proc.locale)
