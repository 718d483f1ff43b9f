"""Document -> one standalone HTML5 string for WeasyPrint (the default print route).

Everything the page needs is inside the file: the style sheets the pipeline
read (the packaged house style ``typeset/data/print.css``, then the project's
own ``styles/print.css`` when it exists, which extends or overrides the house
style through the normal cascade), and between them a generated ``<style>``
with the page geometry, type size and running heads from
:class:`typeset.house.HouseStyle`. So the HTML renders the same whether or not
WeasyPrint may fetch anything, and ``--keep-intermediate`` leaves a file that
can be inspected on its own. The writer reads no files.

PDF metadata travels as ``<meta>`` elements that WeasyPrint maps to the PDF
info dictionary (title, author, keywords, description -> Subject, generator ->
Creator, dcterms.created -> CreationDate); ``<html lang>`` becomes the PDF
/Lang. Section headings become PDF bookmarks (WeasyPrint outlines h1-h6).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from typeset import __version__
from typeset.doc import model as m
from typeset.doc.walk import map_blocks, query
from typeset.house import CALL_SIZE, HYPHEN_MIN, HYPHEN_MIN_WORD, HouseStyle
from typeset.writers.contents import after_title, html_contents, in_use, with_float_identifiers
from typeset.writers.front_matter import html_front
from typeset.writers.html_blocks import blocks
from typeset.writers.html_body import attr, inlines, text
from typeset.writers.numbering import HeadingCounter


def write_html(
    doc: m.Document,
    house: HouseStyle,
    stylesheets: Sequence[str],
    *,
    created: str | None = None,
) -> str:
    """The whole document as HTML5.

    ``stylesheets`` are CSS texts, the house style first (the page rule
    generated from ``house`` follows it); ``created`` is a W3C date-time (e.g.
    from SOURCE_DATE_EPOCH) for the PDF CreationDate.
    """
    meta = doc.meta
    head = _head(meta, house, list(stylesheets), created)
    body = _body(doc)
    lang = attr(meta.lang or "en-US")
    return f'<!DOCTYPE html>\n<html lang="{lang}">\n{head}\n{body}\n</html>\n'


# --- head -----------------------------------------------------------------------


def _head(meta: m.Meta, house: HouseStyle, sheets: list[str], created: str | None) -> str:
    lines = ['<head>', '<meta charset="utf-8">']
    if meta.title:  # no made-up title: the PDF's Title stays empty, as in LaTeX
        lines.append(f"<title>{text(meta.title)}</title>")
    lines += _meta_lines(meta, created)
    styles = [*sheets[:1], page_css(house, meta), *sheets[1:]]
    lines += [f"<style>\n{_style_text(css)}\n</style>" for css in styles if css.strip()]
    lines.append("</head>")
    return "\n".join(lines)


def _meta_lines(meta: m.Meta, created: str | None) -> list[str]:
    metas: list[tuple[str, str]] = [("author", a) for a in meta.authors]
    if meta.keywords:
        metas.append(("keywords", ", ".join(meta.keywords)))
    if meta.subtitle:
        metas.append(("description", meta.subtitle))
    metas.append(("generator", f"typeset {__version__}"))
    if created:
        metas.append(("dcterms.created", created))
    return [f'<meta name="{attr(n)}" content="{attr(v)}">' for n, v in metas]


def _style_text(css: str) -> str:
    """CSS text made safe inside <style>: it may not contain an end tag."""
    return re.sub(r"</(?=style)", r"<\\/", css, flags=re.IGNORECASE)


def css_string(value: str) -> str:
    """A CSS string literal: quotes, backslashes, newlines and '<' escaped."""
    out = []
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif char in "\n\r\f<>" or ord(char) < 0x20:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def page_css(house: HouseStyle, meta: m.Meta) -> str:
    """Page geometry, type size and running heads (short title verso, author recto)."""
    short = meta.short_title or meta.title
    author = ", ".join(meta.authors)
    head = f"font-size: {house.head_size_pt:g}pt; font-variant-numeric: oldstyle-nums;"
    return "\n".join([
        f"@page {{ size: {house.css_page_size}; margin: {house.margin_top} {house.margin_outer}"
        f" {house.margin_bottom} {house.margin_inner}; }}",
        f"@page :left {{ margin-left: {house.margin_outer}; margin-right: {house.margin_inner};",
        f"  @top-left {{ content: counter(page); {head} }}",
        f"  @top-center {{ content: {css_string(short)}; font-style: italic; {head} }} }}",
        f"@page :right {{ margin-left: {house.margin_inner}; margin-right: {house.margin_outer};",
        f"  @top-center {{ content: {css_string(author)}; font-variant-caps: small-caps; {head} }}",
        f"  @top-right {{ content: counter(page); {head} }} }}",
        "@page :first { @top-left { content: none; } @top-center { content: none; }",
        f"  @top-right {{ content: none; }} @bottom-center {{ content: counter(page); {head} }} }}",
        f"html {{ font-size: {house.font_size_pt:g}pt; line-height: {house.leading:g};",
        f"  hyphenate-limit-chars: {HYPHEN_MIN_WORD} {HYPHEN_MIN} {HYPHEN_MIN}; }}",
        f".note-call {{ font-size: {CALL_SIZE * 100:g}%; }}",
        f".footnote {{ font-size: {house.note_size_pt:g}pt; line-height: {house.note_leading:g}; }}",
    ])


# --- body -----------------------------------------------------------------------


def _body(doc: m.Document) -> str:
    numberer = HeadingNumberer(doc.meta.section_numbering or "none")
    header = title_block(doc.meta)
    parts = ["<body>", header] if header else ["<body>"]
    lists = in_use(doc)
    if lists:
        doc = with_float_identifiers(doc)
        ahead = HeadingNumberer(doc.meta.section_numbering or "none")  # as the body will
        ids: dict[int, tuple[str | None, str]] = {}
        for node in query(doc, m.Heading, skip=m.Note):
            number = ahead.number(node)
            ids[id(node)] = number, ahead.ident(node, number)

        def heading_ids(heading: m.Heading) -> tuple[str | None, str]:
            return ids[id(heading)]

        parts.append(html_contents(doc, after_title(doc.meta), heading_ids, text, attr))

        def place(node: m.Block, _parents: tuple[object, ...]) -> m.Block:
            if not isinstance(node, m.ContentsList):
                return node
            return m.RawBlock("html", html_contents(doc, frozenset([node.kind]), heading_ids,
                                                    text, attr), node.span)

        doc = map_blocks(doc, place)
    for section in doc.sections:
        inner = "\n".join(blocks(section.blocks, numberer.render))
        parts.append(f'<section class="chapter" data-source="{attr(section.path)}">\n{inner}\n'
                     "</section>")
    parts.append("</body>")
    return "\n".join(parts)


def title_block(meta: m.Meta) -> str:
    """Title block, abstract and keywords (:mod:`typeset.writers.front_matter`).

    Without a title nothing is printed (as in pandoc): a made-up "Untitled" on
    the page would be worse than none; the other lines still print if given.
    """
    return html_front(meta)


class HeadingNumberer(HeadingCounter):
    """Numbers headings (see :class:`HeadingCounter`) and gives each a unique id.

    Manuscript headings are level 1 and become ``<h2>`` because the title is
    the ``<h1>``, so the PDF bookmarks nest under the title.
    """

    def __init__(self, scheme: str) -> None:
        super().__init__(scheme)
        self.used: set[str] = set()

    def ident(self, heading: m.Heading, number: str | None) -> str:
        base = heading.ident or _slug(inlines(heading.children)) or f"sec-{number or 'x'}"
        ident, n = base, 1
        while ident in self.used:
            n += 1
            ident = f"{base}-{n}"
        self.used.add(ident)
        return ident

    def render(self, heading: m.Heading) -> str:
        number = self.number(heading)
        ident = self.ident(heading, number)
        tag = f"h{min(heading.level + 1, 6)}"
        label = inlines(heading.children)
        num = f'<span class="secnum">{text(number)}</span>' if number else ""
        sep = ". " if number and label else ""
        return f'<{tag} id="{attr(ident)}">{num}{sep}{label}</{tag}>'


def _slug(html_text: str) -> str:
    plain = re.sub(r"<[^>]+>|&[a-z#0-9]+;", "", html_text).lower()
    return re.sub(r"[^\w]+", "-", plain).strip("-")
