"""Bibliography entries: sorting, rendering, subsequent-author-substitute (spec "Bibliography").

subsequent-author-substitute replaces the names of an entry's first cs:names
output when they equal the previous entry's; the rule chooses whether the whole
list (complete-all, complete-each) or each matching name (partial-each,
partial-first) is replaced.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from typeset.csl import output as o
from typeset.csl.context import CiteInfo
from typeset.csl.finalize import finalize
from typeset.csl.rich import Node, RichText, Styled, Text

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
    previous_names: str | None = None
    substitute = bib.get("subsequent-author-substitute")
    rule = bib.get("subsequent-author-substitute-rule", "complete-all")
    align = bib.get("second-field-align")
    for item_id in ordered:
        cite = CiteInfo(item_id, citation_number=proc._numbers.get(item_id, 0))
        if align:
            entries.append(_aligned(proc, cite, layout))
            continue
        rich = proc.render_cite(cite, "bibliography")
        if o.is_empty(rich):
            continue
        if substitute is not None:
            names = _first_names(rich)
            if names is not None and previous_names is not None and \
                    o.plain_text(names[1]) == previous_names:
                rich = _substitute(rich, names[0], substitute, rule)
            previous_names = o.plain_text(names[1]) if names is not None else None
        rich = o.formatting(rich, layout.attrs)
        rich = o.affixes(rich, layout.get("prefix"), layout.get("suffix"))
        entries.append(finalize(rich, proc.locale))
    return entries


def _aligned(proc: Processor, cite: CiteInfo, layout) -> RichText:
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


def _first_names(rich: RichText, path: tuple[int, ...] = ()) -> tuple[tuple[int, ...],
                                                                      RichText] | None:
    """Find the first run of nodes tagged as a names variable; return its path and content."""
    for i, node in enumerate(rich):
        tag = node.tag
        if tag is not None and tag.variable and _is_name_var(tag.variable):
            run = [node]
            for other in rich[i + 1:]:
                if other.tag is None or other.tag.variable != tag.variable:
                    break
                run.append(other)
            return path + (i,), tuple(run)
        if isinstance(node, Styled):
            found = _first_names(node.children, path + (i,))
            if found is not None:
                return found
        elif node.text.strip() and not _is_name_var((tag.variable if tag else "") or ""):
            return None
    return None


def _is_name_var(var: str) -> bool:
    from typeset.csl.context import NAME_VARS

    return var in NAME_VARS or var == "editortranslator"


def _substitute(rich: RichText, path: tuple[int, ...], text: str, rule: str) -> RichText:
    items = list(rich)
    i = path[0]
    if len(path) == 1:
        node = items[i]
        items[i] = _replace_names(node, text)
        # drop following siblings tagged with the same variable (one names output)
        var = node.tag.variable if node.tag else None
        j = i + 1
        while j < len(items) and items[j].tag is not None and items[j].tag.variable == var:
            items[j] = Text("")
            j += 1
        return tuple(items)
    node = items[i]
    assert isinstance(node, Styled)
    items[i] = replace(node, children=_substitute(node.children, path[1:], text, rule))
    return tuple(items)


def _replace_names(node: Node, text: str) -> Node:
    if isinstance(node, Text):
        return Text(text, node.tag)
    return replace(node, children=(Text(text, node.tag),))
