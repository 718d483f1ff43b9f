"""Document -> one standalone HTML5 string for WeasyPrint (the default print route).

Everything the page needs is inside the file: the packaged house style
(``typeset/data/print.css``), a generated ``<style>`` with the page geometry,
type size and running heads from :class:`typeset.house.HouseStyle`, then the
project's own ``styles/print.css`` when it exists (it extends or overrides the
house style through the normal cascade). So the HTML renders the same whether
or not WeasyPrint may fetch anything, and ``--keep-intermediate`` leaves a file
that can be inspected on its own.

PDF metadata travels as ``<meta>`` elements that WeasyPrint maps to the PDF
info dictionary (title, author, keywords, description -> Subject, generator ->
Creator, dcterms.created -> CreationDate); ``<html lang>`` becomes the PDF
/Lang. Section headings become PDF bookmarks (WeasyPrint outlines h1-h6).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from typeset import __version__
from typeset.doc import model as m
from typeset.house import HouseStyle, house_style
from typeset.writers.html_body import attr, blocks, inlines, text
from typeset.writers.numbering import HeadingCounter

PROJECT_CSS = Path("styles") / "print.css"


def house_css() -> str:
    """The packaged house style sheet."""
    return resources.files("typeset").joinpath("data/print.css").read_text(encoding="utf-8")


def default_stylesheets(config: Any) -> list[str]:
    """House style, then PROJECT/styles/print.css when the project has one."""
    sheets = [house_css()]
    project_dir = getattr(config, "project_dir", None)
    if project_dir is not None:
        override = Path(project_dir) / PROJECT_CSS
        if override.is_file():
            sheets.append(override.read_text(encoding="utf-8"))
    return sheets


def write_html(
    doc: m.Document,
    config: Any,
    *,
    stylesheets: Sequence[str] | None = None,
    created: str | None = None,
) -> str:
    """The whole document as HTML5.

    ``stylesheets`` defaults to :func:`default_stylesheets`; ``created`` is a
    W3C date-time (e.g. from SOURCE_DATE_EPOCH) for the PDF CreationDate.
    """
    house = house_style(config)
    sheets = default_stylesheets(config) if stylesheets is None else list(stylesheets)
    head = _head(config, house, sheets, created)
    body = _body(doc, config)
    lang = attr(str(getattr(config, "lang", "en-US") or "en-US"))
    return f'<!DOCTYPE html>\n<html lang="{lang}">\n{head}\n{body}\n</html>\n'


# --- head -----------------------------------------------------------------------


def _head(config: Any, house: HouseStyle, sheets: list[str], created: str | None) -> str:
    lines = ['<head>', '<meta charset="utf-8">']
    if document_title(config):  # no made-up title: the PDF's Title stays empty, as in LaTeX
        lines.append(f"<title>{text(document_title(config))}</title>")
    lines += _meta_lines(config, created)
    styles = [*sheets[:1], page_css(house, config), *sheets[1:]]
    lines += [f"<style>\n{_style_text(css)}\n</style>" for css in styles if css.strip()]
    lines.append("</head>")
    return "\n".join(lines)


def document_title(config: Any) -> str:
    return str(getattr(config, "title", None) or "")


def _meta_lines(config: Any, created: str | None) -> list[str]:
    metas: list[tuple[str, str]] = [("author", a) for a in getattr(config, "authors", ())]
    keywords = tuple(getattr(config, "keywords", ()) or ())
    if keywords:
        metas.append(("keywords", ", ".join(keywords)))
    if getattr(config, "subtitle", None):
        metas.append(("description", str(config.subtitle)))
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


def page_css(house: HouseStyle, config: Any) -> str:
    """Page geometry, type size and running heads (short title verso, author recto)."""
    short = getattr(config, "short_title", None) or getattr(config, "title", None) or ""
    author = ", ".join(getattr(config, "authors", ()) or ())
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
        f"html {{ font-size: {house.font_size_pt:g}pt; line-height: {house.leading:g}; }}",
        f".footnote {{ font-size: {house.note_size_pt:g}pt; line-height: {house.note_leading:g}; }}",
    ])


# --- body -----------------------------------------------------------------------


def _body(doc: m.Document, config: Any) -> str:
    numberer = HeadingNumberer(str(getattr(config, "section_numbering", "none") or "none"))
    header = title_block(config)
    parts = ["<body>", header] if header else ["<body>"]
    for section in doc.sections:
        inner = "\n".join(blocks(section.blocks, numberer.render))
        parts.append(f'<section class="chapter" data-source="{attr(section.path)}">\n{inner}\n'
                     "</section>")
    parts.append("</body>")
    return "\n".join(parts)


def title_block(config: Any) -> str:
    """Title, subtitle, authors, date and the original-publication line.

    Without a title nothing is printed (as in pandoc): a made-up "Untitled" on
    the page would be worse than none; the other lines still print if given.
    """
    optional = [("subtitle", "subtitle"), ("date", "date"),
                ("original_publication", "original-publication")]
    values = {name: getattr(config, name, None) for name, _ in optional}
    authors = tuple(getattr(config, "authors", ()) or ())
    title = getattr(config, "title", None)
    if not title and not authors and not any(values.values()):
        return ""
    lines = ['<header class="title-block">']
    if title:
        lines.append(f'<h1 class="title">{text(str(title))}</h1>')
    if values["subtitle"]:
        lines.append(f'<p class="subtitle">{text(str(values["subtitle"]))}</p>')
    if authors:
        lines.append(f'<p class="author">{text(", ".join(authors))}</p>')
    for name, css_class in optional[1:]:
        if values[name]:
            lines.append(f'<p class="{css_class}">{text(str(values[name]))}</p>')
    lines.append("</header>")
    return "\n".join(lines)


_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


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
