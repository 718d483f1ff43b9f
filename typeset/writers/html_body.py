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
from collections.abc import Callable, Iterable

from typeset.doc import model as m
from typeset.rich import RichText, Styled, render


def text(value: str) -> str:
    """Escape character data (quotes need no escaping outside attributes)."""
    return html.escape(value, quote=False)


def attr(value: str) -> str:
    """Escape an attribute value for use inside double quotes."""
    return html.escape(value, quote=True)


def rich_html(rich: RichText) -> str:
    """CSL rich text as HTML (typeset.rich escapes its text itself)."""
    return render(rich, "html")


# --- inlines ------------------------------------------------------------------

_WRAPPERS: dict[type, tuple[str, str]] = {
    m.Emph: ("<em>", "</em>"),
    m.Strong: ("<strong>", "</strong>"),
    m.SmallCaps: ('<span class="smallcaps">', "</span>"),
    m.Superscript: ("<sup>", "</sup>"),
    m.Subscript: ("<sub>", "</sub>"),
    m.NoCase: ("", ""),
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
        return f"<code>{text(node.text)}</code>"
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
    """A footnote as a CSS paged-media float, all on one line."""
    parts = []
    for index, block in enumerate(node.blocks):
        body = _note_block(block)
        parts.append(body if index == 0 else f'<span class="note-para">{body}</span>')
    number = f' data-note="{node.number}"' if node.number is not None else ""
    return f'<span class="footnote"{number}>{"".join(parts)}</span>'


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
    return ""


# --- blocks -------------------------------------------------------------------

HeadingFn = Callable[[m.Heading], str]


def blocks(nodes: Iterable[m.Block], heading: HeadingFn) -> list[str]:
    """One HTML line (or a few) per block; ``heading`` numbers and tags headings."""
    return [block(node, heading) for node in nodes]


def block(node: m.Block, heading: HeadingFn) -> str:
    if isinstance(node, m.Para):
        return f"<p>{inlines(node.children)}</p>"
    if isinstance(node, m.Heading):
        return heading(node)
    if isinstance(node, m.BlockQuote):
        inner = "\n".join(blocks(node.blocks, heading))
        return f"<blockquote>\n{inner}\n</blockquote>"
    if isinstance(node, m.BulletList):
        return _list("ul", "", node.items, heading)
    if isinstance(node, m.OrderedList):
        start = f' start="{node.start}"' if node.start != 1 else ""
        return _list("ol", start, node.items, heading)
    if isinstance(node, m.CodeBlock):
        return f"<pre><code>{text(node.text)}</code></pre>"
    if isinstance(node, m.HorizontalRule):
        return "<hr>"
    if isinstance(node, m.Bibliography):
        return bibliography(node)
    raise TypeError(f"HTML writer: unknown block node {type(node).__name__}")


def _list(tag: str, attrs: str, items: Iterable[tuple[m.Block, ...]], heading: HeadingFn) -> str:
    lis = ["<li>" + "".join(blocks(item, heading)) + "</li>" for item in items]
    return f"<{tag}{attrs}>\n" + "\n".join(lis) + f"\n</{tag}>"


def bibliography(node: m.Bibliography) -> str:
    """The works cited: a heading and one list item per entry (hanging indent by CSS).

    Numbered styles (second-field-align) put the label in a left-margin box;
    the ``second-field-align`` class lets print.css keep it on the entry's first
    line, as the LaTeX route's 2.5em box does.
    """
    hanging = " hanging-indent" if node.hanging_indent else ""
    if any(_has_display(entry, "left-margin") for entry in node.entries):
        hanging += " second-field-align"
    entries = "\n".join(f'<li class="csl-entry">{rich_html(e)}</li>' for e in node.entries)
    return (
        '<section class="bibliography" id="bibliography">\n'
        f'<h2 class="unnumbered">{text(node.title)}</h2>\n'
        f'<ul class="csl-bib-body{hanging}">\n{entries}\n</ul>\n'
        "</section>"
    )


def _has_display(rich: Iterable[object], display: str) -> bool:
    return any(isinstance(node, Styled) and (node.display == display
                                             or _has_display(node.children, display))
               for node in rich)
