"""Bibliography entries: sorting, rendering, subsequent-author-substitute (spec "Bibliography").

subsequent-author-substitute replaces the names of an entry's first cs:names that
repeat the previous entry's, as subsequent-author-substitute-rule says: the whole
list (complete-all), each name of a repeated list (complete-each), each name up to
the first that differs (partial-each), or only a repeated first name (partial-first).
"""

from __future__ import annotations

from dataclasses import replace

from typeset.csl import output as o
from typeset.csl.context import AuthorSubstitute, CiteInfo
from typeset.csl.finalize import finalize
from typeset.csl.render import render_entry, render_entry_fields, sorted_ids
from typeset.csl.state import CslState
from typeset.csl.style import El
from typeset.rich.model import RichText, Styled, leaves


def render_bibliography(state: CslState, ids: list[str]) -> list[RichText]:
    bib = state.style.bibliography
    if bib is None:
        return []
    layout = bib.child("layout")
    assert layout is not None
    ordered = sorted_ids(state, list(dict.fromkeys(ids)), bib, "bibliography")
    entries: list[RichText] = []
    previous: str = ""
    parts: tuple[str, ...] = ()
    substitute = bib.get("subsequent-author-substitute")
    rule = bib.get("subsequent-author-substitute-rule", "complete-all") or "complete-all"
    align = bib.get("second-field-align")
    for item_id in ordered:
        cite = CiteInfo(item_id, citation_number=state.number(item_id))
        if align:
            entries.append(_aligned(state, cite, layout))
            continue
        sub = AuthorSubstitute(previous, parts, substitute, rule) \
            if substitute is not None and previous else None
        rich, previous, parts = render_entry(state, cite, sub)
        if o.is_empty(rich):
            continue
        rich = _capitalize_opening_term(rich)
        rich = o.formatting(rich, layout.attrs)
        rich = _layout_affixes(rich, layout.get("prefix"), layout.get("suffix"))
        entries.append(finalize(rich, state.locale))
    return entries


def _capitalize_opening_term(rich: RichText) -> RichText:
    """A term that opens an entry is capitalised ("O. V. (1932)", "S. d."), as citeproc-js
    does for the first thing rendered (unless its cs:text asks for lowercase)."""
    first = next((leaf for leaf in leaves(rich) if leaf.text), None)
    if first is None or first.tag is None or not (first.tag.variable or "").startswith("term:") \
            or not first.text[:1].islower():
        return rich
    return o._edit_first(rich, lambda s: s[:1].upper() + s[1:])


def _layout_affixes(rich: RichText, prefix: str | None, suffix: str | None) -> RichText:
    """Layout affixes; an entry ending in a display block takes the suffix inside that
    block, so the closing period stays on the block's line (as citeproc-js renders)."""
    last = rich[-1] if rich else None
    if suffix and isinstance(last, Styled) and last.display:
        rich = rich[:-1] + (replace(last, children=o.concat(last.children, o.text(suffix))),)
        suffix = None
    return o.affixes(rich, prefix, suffix)


def _aligned(state: CslState, cite: CiteInfo, layout: El) -> RichText:
    """second-field-align: the first field in the margin, the rest inline (spec)."""
    fields = render_entry_fields(state, cite)
    if not fields:
        return ()
    first = o.formatting(fields[0], layout.attrs)
    first = o.affixes(first, layout.get("prefix"), None)
    rest = o.join(fields[1:], layout.get("delimiter", "") or "")
    rest = o.affixes(o.formatting(rest, layout.attrs), None, layout.get("suffix")) \
        if rest else rest
    out = o.display(first, "left-margin") + o.display(rest, "right-inline")
    return finalize(out, state.locale)
