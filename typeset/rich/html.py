"""Rich text as HTML, following citeproc-js's inline conventions (so the CSL test
suite compares strings directly). Text is escaped here: ``& < >``. A printed URL or DOI
(:func:`typeset.rich.links.link_urls`) is an ``<a class="url">``; other links (citations
linked to their entry, front-matter links) carry their own classes."""

from __future__ import annotations

from collections.abc import Iterable

from typeset.rich.links import plain_url_text, url_segments
from typeset.rich.model import STYLE_ATTRS, Node, Text

_HTML_ESCAPES = {"&": "&#38;", "<": "&#60;", ">": "&#62;"}


def escape_html(text: str) -> str:
    if "&" not in text and "<" not in text and ">" not in text:
        return text  # the common case, without a per-character walk
    return "".join(_HTML_ESCAPES.get(c, c) for c in text)


_HTML_WRAP = {
    ("font_style", "italic"): ("<i>", "</i>"),
    ("font_style", "oblique"): ('<span style="font-style:oblique;">', "</span>"),
    ("font_style", "normal"): ('<span style="font-style:normal;">', "</span>"),
    ("font_variant", "small-caps"): ('<span style="font-variant:small-caps;">', "</span>"),
    ("font_variant", "normal"): ('<span style="font-variant:normal;">', "</span>"),
    ("font_weight", "bold"): ("<b>", "</b>"),
    ("font_weight", "light"): ('<span style="font-weight:light;">', "</span>"),
    ("font_weight", "normal"): ('<span style="font-weight:normal;">', "</span>"),
    ("text_decoration", "underline"): ('<span style="text-decoration:underline;">', "</span>"),
    ("text_decoration", "none"): ('<span style="text-decoration:none;">', "</span>"),
    ("vertical_align", "sup"): ("<sup>", "</sup>"),
    ("vertical_align", "sub"): ("<sub>", "</sub>"),
    ("vertical_align", "baseline"): ('<span style="baseline">', "</span>"),
}


def render_html(rich: Iterable[Node]) -> str:
    return "".join(_html(n) for n in rich)


def _html(node: Node) -> str:
    if isinstance(node, Text):
        return escape_html(node.text)
    url = plain_url_text(node)
    if url is not None:  # Chicago's break points only: unbreakable pieces, <wbr> between
        inner = "<wbr>".join(f'<span class="url-part">{escape_html(piece)}</span>'
                             for piece in url_segments(url))
    else:
        inner = "".join(_html(c) for c in node.children)
    if node.nocase and not inner:
        return ""
    for attr in STYLE_ATTRS:  # the first wraps innermost, as citeproc-js nests them
        value = getattr(node, attr)
        if value is not None:
            open_, close = _HTML_WRAP[(attr, value)]
            inner = open_ + inner + close
    if node.link:
        # links.link_urls (class url), link-citations (cite-link) and the front matter set
        # these; the CSL engine never does
        href = escape_html(node.link).replace('"', "&#34;")
        classes = " ".join(node.classes) or "url"
        inner = f'<a class="{classes}" href="{href}">{inner}</a>'
    if node.display:
        inner = f'<div class="csl-{node.display}">{inner}</div>'
    return inner
