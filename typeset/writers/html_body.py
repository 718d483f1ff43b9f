"""Document model -> HTML fragments: the inline and block walker of the HTML writer.

Every piece of user text goes through :func:`text` (escaping ``& < >``) and
every attribute value through :func:`attr`, so manuscript and .bib text stay
data. Notes are written as ``<span class="footnote">`` on ONE line: WeasyPrint
prints a newline inside a ``float: footnote`` element as a hard line break, and
a ``<p>`` inside a ``<span>`` would make the HTML parser close the enclosing
paragraph, so note paragraphs after the first become ``span.note-para``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import PurePath

from typeset.doc import model as m
from typeset.doc.raw_html import sanitize_html
from typeset.doc.walk import plain_text
from typeset.rich import RichText, render
from typeset.rich.links import link_urls
from typeset.writers.math_svg import MathError, render_math


def text(value: str) -> str:
    """Escape character data (quotes need no escaping outside attributes)."""
    return html.escape(value, quote=False)


def attr(value: str) -> str:
    """Escape an attribute value for use inside double quotes."""
    return html.escape(value, quote=True)


def rich_html(rich: RichText) -> str:
    """CSL rich text as HTML (typeset.rich escapes its text itself), URLs and DOIs linked."""
    return render(link_urls(rich), "html")


# --- inlines ------------------------------------------------------------------

_WRAPPERS: dict[type, tuple[str, str]] = {
    m.Emph: ("<em>", "</em>"),
    m.Strong: ("<strong>", "</strong>"),
    m.SmallCaps: ('<span class="smallcaps">', "</span>"),
    m.Superscript: ("<sup>", "</sup>"),
    m.Subscript: ("<sub>", "</sub>"),
    m.NoCase: ("", ""),
    m.Strikeout: ("<del>", "</del>"),
    m.Underline: ('<span class="underline">', "</span>"),
}


def inlines(nodes: Iterable[m.Inline]) -> str:
    """Serialise inline nodes; never emits a newline (see the module docstring)."""
    return "".join(inline(node) for node in nodes)


def inline(node: m.Inline) -> str:
    if isinstance(node, m.Str):
        return text(node.text)
    if isinstance(node, m.Space | m.SoftBreak):
        return " "
    if isinstance(node, m.LineBreak):
        return "<br>"
    wrapper = _WRAPPERS.get(type(node))
    if wrapper is not None:
        return wrapper[0] + inlines(node.children) + wrapper[1]  # type: ignore[union-attr]
    return _special_inline(node)


def _special_inline(node: m.Inline) -> str:
    if isinstance(node, m.Code):
        language = f' class="language-{attr(node.classes[0])}"' if node.classes else ""
        return f"<code{language}>{text(node.text)}</code>"
    if isinstance(node, m.InlineSpan):
        return f"<span{_attributes(node.ident, node.classes, node.attributes)}>" \
            f"{inlines(node.children)}</span>"
    if isinstance(node, m.Math):
        return math_html(node.text, node.display)
    if isinstance(node, m.RawInline):
        return sanitize_html(node.text)[0] if node.format == "html" else ""
    if isinstance(node, m.Image) and not node.src:
        return inlines(node.children)
    if isinstance(node, m.Image):
        return image(node.src, node.children, node.width, node.height, "inline-image")
    if isinstance(node, m.Link):
        return f'<a href="{attr(node.url)}">{inlines(node.children)}</a>'
    if isinstance(node, m.Rich):
        return f'<span class="citation">{rich_html(node.content)}</span>'
    if isinstance(node, m.Note):
        return note(node)
    if isinstance(node, m.Cite):
        # An unresolved citation (the citations pass did not run): keep its keys visible.
        keys = "; ".join("@" + item.key for item in node.items)
        return f'<span class="citation unresolved">[{text(keys)}]</span>'
    raise TypeError(f"HTML writer: unknown inline node {type(node).__name__}")


def note(node: m.Note) -> str:
    """A footnote as a CSS paged-media float, all on one line.

    A numbered note writes its own call and marker as links to each other
    (WeasyPrint links neither its ``::footnote-call`` nor its
    ``::footnote-marker``; print.css hides both for ``[data-note]``). The
    call comes right before the floated span, with no break opportunity
    between them, so the note is placed on the call's line.
    """
    parts = []
    for index, block in enumerate(node.blocks):
        body = _note_block(block)
        parts.append(body if index == 0 else f'<span class="note-para">{body}</span>')
    if node.number is None:
        return f'<span class="footnote">{"".join(parts)}</span>'
    n = node.number
    call = f'<a class="note-call" id="fnref.{n}" href="#fn.{n}">{n}</a>'
    mark = f'<a class="note-mark" href="#fnref.{n}">{n}.</a>\u2002'
    return f'{call}<span class="footnote" id="fn.{n}" data-note="{n}">{mark}{"".join(parts)}</span>'


def _note_block(block: m.Block) -> str:
    """Blocks inside a note flattened to inline HTML (no block elements inside a span)."""
    if isinstance(block, m.Para):
        return inlines(block.children)
    if isinstance(block, m.BlockQuote):
        inner = " ".join(_note_block(b) for b in block.blocks)
        return f'<span class="note-quote">{inner}</span>'
    if isinstance(block, m.BulletList | m.OrderedList):
        return " ".join(" ".join(_note_block(b) for b in item) for item in block.items)
    if isinstance(block, m.CodeBlock):
        return f"<code>{text(block.text)}</code>"
    if isinstance(block, m.Equation):
        return math_html(block.text, True)
    if isinstance(block, m.LineBlock):
        return "<br>".join(inlines(line) for line in block.lines)
    if isinstance(block, m.Div):
        return " ".join(_note_block(b) for b in block.blocks)
    if isinstance(block, m.RawBlock) and block.format == "html":
        return sanitize_html(block.text)[0].replace("\n", " ")
    if isinstance(block, m.DefinitionList):
        return " ".join(inlines(item.term) + ": " + " ".join(
            _note_block(b) for d in item.definitions for b in d) for item in block.items)
    return ""


def _attributes(ident: str | None, classes: tuple[str, ...],
                pairs: tuple[tuple[str, str], ...] = ()) -> str:
    """id, class and the ``lang``/``dir`` pairs (other key=value pairs are not HTML's). A
    right-to-left language without a ``dir`` of its own gets ``dir="rtl"``, as babel sets
    such a span or div right to left in the LaTeX route (a Hebrew div is a right-aligned
    paragraph in both)."""
    out = f' id="{attr(ident)}"' if ident else ""
    out += f' class="{attr(" ".join(classes))}"' if classes else ""
    keys = {key for key, _ in pairs}
    for key, value in pairs:
        if key in ("lang", "dir"):
            out += f' {key}="{attr(value)}"'
        if key == "lang" and "dir" not in keys and \
                value.split("-", 1)[0].lower() in RTL_LANGUAGES:
            out += ' dir="rtl"'
    return out


# primary language subtags written right to left
RTL_LANGUAGES = frozenset({"ar", "he", "iw", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb",
                           "syr"})


def math_html(tex: str, display: bool) -> str:
    """TeX math as an SVG image (:mod:`typeset.writers.math_svg`); TeX that cannot be laid
    out (the reader has reported it) prints as its source in a ``math`` span."""
    kind = "display" if display else "inline"
    try:
        rendered = render_math(tex, display)
    except MathError:
        return f'<span class="math {kind} unset">{text(tex)}</span>'
    return f'<span class="math {kind}">{rendered.img("math-svg", attr(tex))}</span>'


_CSS_LENGTH = re.compile(r"(\d+(?:\.\d+)?)(%|in|cm|mm|px|pt|em)?")


def css_length(value: str | None) -> str | None:
    """A pandoc width/height (``50%``, ``3in``, ``300`` = pixels) as a CSS length."""
    match = _CSS_LENGTH.fullmatch((value or "").strip())
    if match is None:
        return None
    return match.group(1) + (match.group(2) or "px")


def image(src: str, alt: Iterable[m.Inline], width: str | None, height: str | None,
          css_class: str) -> str:
    style = "".join(f"{name}: {length}; " for name, length in (
        ("width", css_length(width)), ("height", css_length(height))) if length)
    if src.lower().endswith(".pdf"):
        style += "image-resolution: 300dpi; "  # the engine rasterises PDF pages at 300 dpi
    styled = f' style="{style.strip()}"' if style else ""
    alt_text = attr(plain_text(tuple(alt), skip=(m.Note, m.Cite)))
    url = PurePath(src).as_uri() if PurePath(src).is_absolute() else src
    return f'<img class="{css_class}" src="{attr(url)}" alt="{alt_text}"{styled}>'
