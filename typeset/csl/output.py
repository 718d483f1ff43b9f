"""Building rich output: formatting, affixes, delimiters, punctuation and quotes.

Evaluation returns :data:`RichText` tuples. These helpers join them the way CSL
processors do: affixes and delimiters are plain text around formatted content,
duplicate punctuation at a join collapses ("Jr." + "." -> "Jr."), and quotes stay
marker nodes (``Styled(quotes=True)``) until :func:`finalize` turns them into the
locale's quote characters (alternating inner/outer), moves trailing periods and
commas inside them when the locale asks (punctuation-in-quote), and flip-flops
nested italics/bold/small caps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from typing import Any

from typeset.rich.model import Node, RichText, Styled, Tag, Text, plain, with_children

plain_text = plain

FORMAT_ATTRS = {
    "font-style": "font_style",
    "font-variant": "font_variant",
    "font-weight": "font_weight",
    "text-decoration": "text_decoration",
    "vertical-align": "vertical_align",
}

# (left char, right char) -> what remains at the join; anything else keeps both.
_PUNCT_MERGE = {
    # left keeps, right dropped (citeproc-js, fixtures punctuation_FullMonty*)
    (":", ":"): ":", (";", ":"): ";", ("!", ":"): "!", ("?", ":"): "?",
    (":", "."): ":", (";", "."): ";", ("!", "."): "!", ("?", "."): "?", (".", "."): ".",
    ("…", "."): "…", (";", ";"): ";", ("!", "!"): "!", ("?", "?"): "?", (",", ","): ",",
    # right wins
    (":", "!"): "!", (";", "!"): "!", (":", "?"): "?", (";", "?"): "?",
}


def text(s: str, tag: Tag | None = None) -> RichText:
    return (Text(s, tag),) if s else ()


def is_empty(rich: RichText) -> bool:
    """No text anywhere in the tree (a plain loop: this runs for every join)."""
    if rich and type(rich[0]) is Text and rich[0].text:  # the common case, at once
        return False
    for node in rich:
        if isinstance(node, Text):
            if node.text:
                return False
        elif not is_empty(node.children):
            return False
    return True


def formatting(rich: RichText, attrs: dict[str, str]) -> RichText:
    """Wrap in a Styled node for the element's CSL formatting attributes (if any)."""
    if not rich:
        return rich
    kwargs: dict[str, Any] = {py: attrs[csl] for csl, py in FORMAT_ATTRS.items()
                              if csl in attrs}
    if not kwargs:
        return rich
    return (Styled(tuple(rich), **kwargs),)


def last_char(rich: RichText) -> str:
    for node in reversed(rich):
        if isinstance(node, Text):
            if node.text:
                return node.text[-1]
        elif not node.quotes:
            c = last_char(node.children)
            if c:
                return c
        elif not is_empty(node.children):
            return "”"
    return ""


def first_char(rich: RichText) -> str:
    for node in rich:
        if isinstance(node, Text):
            if node.text:
                return node.text[0]
        elif not node.quotes:
            c = first_char(node.children)
            if c:
                return c
        elif not is_empty(node.children):
            return "“"
    return ""


def _edit_last(rich: RichText, fn: Callable[[str], str]) -> RichText:
    """Apply ``fn`` to the last non-empty Text leaf (outside quote markers)."""
    items = list(rich)
    for i in range(len(items) - 1, -1, -1):
        node = items[i]
        if isinstance(node, Text):
            if node.text:
                items[i] = Text(fn(node.text), node.tag)
                return tuple(items)
        elif not node.quotes and not is_empty(node.children):
            items[i] = with_children(node, _edit_last(node.children, fn))
            return tuple(items)
        elif node.quotes and not is_empty(node.children):
            return tuple(items)
    return tuple(items)


def _edit_first(rich: RichText, fn: Callable[[str], str]) -> RichText:
    items = list(rich)
    for i, node in enumerate(items):
        if isinstance(node, Text):
            if node.text:
                items[i] = Text(fn(node.text), node.tag)
                return tuple(items)
        elif not node.quotes and not is_empty(node.children):
            items[i] = with_children(node, _edit_first(node.children, fn))
            return tuple(items)
        elif node.quotes and not is_empty(node.children):
            return tuple(items)
    return tuple(items)


def strip_last(rich: RichText, n: int = 1) -> RichText:
    return _edit_last(rich, lambda s: s[:-n])


def strip_first(rich: RichText, n: int = 1) -> RichText:
    return _edit_first(rich, lambda s: s[n:])


def concat(left: RichText, right: RichText) -> RichText:
    """Concatenate, collapsing duplicate punctuation (and double spaces) at the seam."""
    if not left:
        return right
    if not right:
        return left
    edge = left[-1]  # last_char and first_char, their common case inline
    a = edge.text[-1] if type(edge) is Text and edge.text else last_char(left)
    edge = right[0]
    b = edge.text[0] if type(edge) is Text and edge.text else first_char(right)
    if a == "”" and b in ".,!?;:":
        moved = _into_last_quote(left, b)
        if moved is not None:
            return moved + strip_first(right)
    if a == b and a in (" ", "\u00a0"):  # two like spaces make one (citeproc-js)
        return left + strip_first(right)
    merged = _PUNCT_MERGE.get((a, b))
    if merged is not None:
        if merged == a:
            return left + strip_first(right)
        if merged == b:
            return strip_last(left) + right
    return left + right


PIQ = Tag(variable="@punctuation-in-quote")


def _into_last_quote(rich: RichText, ch: str) -> RichText | None:
    """Merge punctuation that follows a quotation with the quotation's own end.

    Periods, commas, "!" and "?" go inside the closing quote (the locale's
    punctuation-in-quote is applied later by :mod:`finalize`, which moves
    PIQ-tagged text back out); a colon or semicolon ending the quoted text moves
    outside first (citeproc-js, fixtures punctuation_FullMonty*). Returns the new
    left side including whatever stays outside, or None when nothing applies.
    """
    items = list(rich)
    for i in range(len(items) - 1, -1, -1):
        node = items[i]
        if isinstance(node, Text):
            if node.text:
                return None
            continue
        if is_empty(node.children):
            continue
        if node.quotes:
            inner = last_char(node.children)
            if inner in (":", ";"):
                merged = _PUNCT_MERGE.get((inner, ch), inner + ch)
                kept = strip_last(node.children)
                if merged in ("!", "?"):
                    items[i] = with_children(node, kept + (Text(merged, PIQ),))
                    return tuple(items)
                items[i] = with_children(node, kept)
                return tuple(items[: i + 1]) + (Text(merged),) + tuple(items[i + 1:])
            nested = _into_last_quote(node.children, ch) if ch in ".,!?" else None
            if nested is not None:  # "This is ‘The One.’" -- into the innermost quote
                items[i] = with_children(node, nested)
                return tuple(items)
            merged2 = _PUNCT_MERGE.get((inner, ch))
            if merged2 == inner:
                return tuple(items)
            if merged2 == ch:
                items[i] = with_children(node, strip_last(node.children) + (Text(ch, PIQ),))
            elif ch in ".,!?":
                items[i] = with_children(node, node.children + (Text(ch, PIQ),))
            else:
                return None
            return tuple(items)
        sub = _into_last_quote(node.children, ch)
        if sub is None:
            return None
        items[i] = with_children(node, sub)
        return tuple(items)
    return None


def join(parts: list[RichText], delimiter: str = "") -> RichText:
    """Join non-empty parts with a delimiter (CSL delimiters only go between rendered parts)."""
    if len(parts) == 1:  # the common case: one child's output, passed through
        only = parts[0]
        return only if only and not is_empty(only) else ()
    if not parts:
        return ()
    live = [p for p in parts if p and (type(p[0]) is Text and p[0].text or not is_empty(p))]
    if len(live) <= 1:
        return live[0] if live else ()
    out = live[0]
    sep = literal(delimiter) if delimiter else None
    for part in live[1:]:
        if sep is not None:
            out = concat(out, sep)
        out = concat(out, part)
    return out


def affixes(rich: RichText, prefix: str | None, suffix: str | None) -> RichText:
    if is_empty(rich):
        return ()
    if prefix:
        rich = concat(literal(prefix), rich)
    if suffix:
        rich = concat(rich, literal(suffix))
    return rich


@lru_cache(maxsize=1024)
def literal(s: str) -> RichText:
    """An untagged affix or delimiter: the style has few, and nodes are immutable, so
    each is built once rather than for every join."""
    return (Text(s),)


def quoted(rich: RichText) -> RichText:
    return (Styled(tuple(rich), quotes=True),) if rich else rich


def display(rich: RichText, value: str | None) -> RichText:
    return (Styled(tuple(rich), display=value),) if rich and value else rich


def strip_periods(rich: RichText) -> RichText:
    return tuple(_map_text(n, lambda s: s.replace(".", "")) for n in rich)


def _map_text(node: Node, fn: Callable[[str], str]) -> Node:
    if isinstance(node, Text):
        return Text(fn(node.text), node.tag)
    return with_children(node, tuple(_map_text(c, fn) for c in node.children))


def tag_all(rich: RichText, tag: Tag) -> RichText:
    """Mark the output of a variable with its provenance: tests and the citations pass
    ask the tags, not the strings, where a piece came from."""
    for n in rich:
        if n.tag is None:
            break
    else:
        return rich  # tagged already
    return tuple(n if n.tag is not None else Text(n.text, tag) if isinstance(n, Text)
                 else replace(n, tag=tag) for n in rich)


_SUPERSCRIPTS = dict(zip("ªº¹²³⁰⁴⁵⁶⁷⁸⁹ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ",
                         "ao1230456789abcdefghijklmnoprstuvwxyz", strict=True))


def superscripts(value: str, tag: Tag | None = None) -> RichText:
    """Text whose Unicode superscript letters become one <sup> node each (citeproc-js)."""
    if not any(c in _SUPERSCRIPTS for c in value):
        return text(value, tag)
    out: list[Node] = []
    buf = ""
    for c in value:
        if c in _SUPERSCRIPTS:
            if buf:
                out.append(Text(buf, tag))
                buf = ""
            out.append(Styled((Text(_SUPERSCRIPTS[c], tag),), vertical_align="sup"))
        else:
            buf += c
    if buf:
        out.append(Text(buf, tag))
    return tuple(out)
