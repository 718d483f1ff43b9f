"""Inline HTML formatting tags written in Markdown text, read as the model's own nodes.

Manuscripts converted from Word, or written for GitHub, carry ``30µm<sup>3</sup>``,
``H<sub>2</sub>O``, ``<em>``/``<i>``, ``<strong>``/``<b>``, ``<u>``, ``<s>``/``<del>``,
``<span class="smallcaps">`` (or ``style="font-variant:small-caps"``, ``lang=``)
and empty anchors ``<a name="ref-x"></a>`` or ``<a id="x"/>`` (the targets of
``[1](#ref-x)``; on a line of their own too, read by :func:`html_anchors`).
Pandoc passes such tags to its HTML writer and drops them (keeping the text) in
LaTeX; here a matched pair becomes the same token markdown-it makes for
``^x^``, ``~x~``, ``*x*``, ``**x**``, ``[x]{.ul}``, ``~~x~~`` and ``[]{#x}``, so
both routes set it, nothing is printed as raw HTML, and no ``md-raw`` warning is
given. A tag without its partner, with attributes other than an anchor's
``name``/``id``, or whose pair would cross Markdown emphasis stays raw text as
before. markdown-it already splits inline HTML into one ``html_inline`` token per
tag, so this is a pass over the token list, not an HTML parser.
"""

from __future__ import annotations

import re
from typing import Literal

from markdown_it.token import Token

from typeset.readers.attributes import Attributes

# tag -> (markdown-it token type prefix, the token's tag)
_PAIRS = {
    "sup": ("sup", "sup"), "sub": ("sub", "sub"),
    "em": ("em", "em"), "i": ("em", "em"),
    "strong": ("strong", "strong"), "b": ("strong", "strong"),
    "s": ("s", "s"), "del": ("s", "s"), "strike": ("s", "s"),
    "u": ("span", "span"),
}
_OPEN = re.compile(r"<([a-z]+)\s*>", re.IGNORECASE)
_SPAN = re.compile(r"""<span((?:\s+[\w:-]+\s*=\s*(?:"[^"<>]*"|'[^'<>]*'))+)\s*>""", re.IGNORECASE)
_SPAN_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"<>]*)"|'([^'<>]*)')""")
_SMALL_CAPS = re.compile(r"font-variant\s*:\s*small-caps", re.IGNORECASE)


def span_attributes(tag: str) -> Attributes | None:
    """``<span class= id= lang= style=>`` as a span's attributes: classes, identifier and
    language kept, ``font-variant: small-caps`` as the ``smallcaps`` class, any other style
    dropped (as pandoc's LaTeX writer drops it); None when ``tag`` is no such span."""
    match = _SPAN.fullmatch(tag)
    if match is None:
        return None
    ident: str | None = None
    classes: list[str] = []
    pairs: list[tuple[str, str]] = []
    for found in _SPAN_ATTR.finditer(match.group(1)):
        name, value = found.group(1).lower(), found.group(2) or found.group(3) or ""
        if name == "class":
            classes += value.split()
        elif name == "id" and value:
            ident = value
        elif name in ("lang", "xml:lang") and value:
            pairs.append(("lang", value))
        elif name == "style" and _SMALL_CAPS.search(value):
            classes.append("smallcaps")
    return Attributes(ident=ident, classes=tuple(dict.fromkeys(classes)), pairs=tuple(pairs))
_ANCHOR = re.compile(r"""<a\s+(?:name|id)\s*=\s*(?:"([^"<>]+)"|'([^'<>]+)')\s*>""",
                     re.IGNORECASE)
_SELF_ANCHOR = re.compile(r"""<a\s+(?:name|id)\s*=\s*(?:"([^"<>]+)"|'([^'<>]+)')\s*/>""",
                          re.IGNORECASE)
# an HTML block of nothing but anchors: <a id="x"/>, <a name="x"></a>, one or more
_ANCHOR_BLOCK = re.compile(r"""(?:\s*<a\s+(?:name|id)\s*=\s*(?:"[^"<>]+"|'[^'<>]+')\s*"""
                           r"""(?:/>|>\s*</a\s*>))+\s*""", re.IGNORECASE)
_ANCHOR_IDENT = re.compile(r"""(?:name|id)\s*=\s*(?:"([^"<>]+)"|'([^'<>]+)')""", re.IGNORECASE)


def html_anchors(content: str) -> list[str]:
    """The identifiers of an HTML block that holds only empty anchors, else ``[]``."""
    if "<a" not in content.lower() or not _ANCHOR_BLOCK.fullmatch(content):
        return []
    return [found.group(1) or found.group(2) for found in _ANCHOR_IDENT.finditer(content)]


def _closes(tok: Token, tag: str) -> bool:
    return tok.type == "html_inline" and re.fullmatch(
        rf"</{tag}\s*>", tok.content, re.IGNORECASE) is not None


def _partner(tokens: list[Token], start: int, tag: str) -> int | None:
    """Index of the closing tag for the opening one at ``start`` (same Markdown level)."""
    depth, level = 0, 0
    for index in range(start + 1, len(tokens)):
        tok = tokens[index]
        level += tok.nesting
        if level < 0:
            return None
        if tok.type != "html_inline" or level:
            continue
        if _closes(tok, tag):
            if depth == 0:
                return index
            depth -= 1
        elif ((found := _OPEN.fullmatch(tok.content)) and found.group(1).lower() == tag) \
                or (tag == "span" and _SPAN.fullmatch(tok.content)):
            depth += 1
    return None


def html_formatting(tokens: list[Token]) -> list[Token]:
    """``tokens`` with matched formatting tag pairs as markdown-it's own open/close tokens."""
    if not any(t.type == "html_inline" for t in tokens):
        return tokens
    out: list[Token] = []
    for tok in tokens:
        alone = _SELF_ANCHOR.fullmatch(tok.content) if tok.type == "html_inline" else None
        if alone is None:
            out.append(tok)
            continue
        out.append(_token("span_open", "span", 1, tok,
                          Attributes(ident=alone.group(1) or alone.group(2))))
        out.append(_token("span_close", "span", -1, tok))
    for index, tok in enumerate(out):
        if tok.type != "html_inline":
            continue
        anchor = _ANCHOR.fullmatch(tok.content)
        if anchor is not None:
            end = _partner(out, index, "a")
            if end is None:
                continue
            ident = anchor.group(1) or anchor.group(2)
            out[index] = _token("span_open", "span", 1, tok, Attributes(ident=ident))
            out[end] = _token("span_close", "span", -1, out[end])
            continue
        span = span_attributes(tok.content)
        if span is not None:
            end = _partner(out, index, "span")
            if end is not None:
                out[index] = _token("span_open", "span", 1, tok, span)
                out[end] = _token("span_close", "span", -1, out[end])
            continue
        opening = _OPEN.fullmatch(tok.content)
        if opening is None or opening.group(1).lower() not in _PAIRS:
            continue
        name = opening.group(1).lower()
        end = _partner(out, index, name)
        if end is None:
            continue
        kind, tag = _PAIRS[name]
        attrs = Attributes(classes=("underline",)) if name == "u" else None
        out[index] = _token(f"{kind}_open", tag, 1, tok, attrs)
        out[end] = _token(f"{kind}_close", tag, -1, out[end])
    return out


def _token(kind: str, tag: str, nesting: Literal[-1, 1], like: Token,
           attrs: Attributes | None = None) -> Token:
    new = Token(kind, tag, nesting)
    new.meta = dict(like.meta or {})
    if attrs is not None:
        new.meta["attrs"] = attrs
    new.map = like.map
    return new
