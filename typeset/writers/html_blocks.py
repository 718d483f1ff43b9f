"""Document model -> HTML: the block writers (the inlines are in :mod:`html_body`).

Tables are real ``<table>`` elements (the caption above, "Table N." as
Chicago sets it, rules drawn by print.css); figures are ``<figure>`` with the
image and "Figure N." under it; display equations carry their number at the
right margin. Lists keep their start number, style (``a.``, ``iv)``) and
tightness; raw ``{=html}`` passes through cleaned (:mod:`typeset.doc.raw_html`),
any other raw format is dropped (the reader has warned).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from typeset.doc import model as m
from typeset.doc.raw_html import sanitize_html
from typeset.rich import Styled
from typeset.writers.html_body import (
    _attributes,
    attr,
    css_length,
    image,
    inlines,
    math_html,
    rich_html,
    text,
)
from typeset.writers.table_fit import cramped, fitted_size

# --- blocks -------------------------------------------------------------------

HeadingFn = Callable[[m.Heading], str]


def blocks(nodes: Iterable[m.Block], heading: HeadingFn) -> list[str]:
    """One HTML line (or a few) per block; ``heading`` numbers and tags headings."""
    return [block(node, heading) for node in nodes]


def block(node: m.Block, heading: HeadingFn) -> str:
    if isinstance(node, m.Para):
        return paragraph(node)
    if isinstance(node, m.Heading):
        return heading(node)
    if isinstance(node, m.BlockQuote):
        inner = "\n".join(blocks(node.blocks, heading))
        return f"<blockquote>\n{inner}\n</blockquote>"
    if isinstance(node, m.HorizontalRule):
        return "<hr>"
    if isinstance(node, m.Bibliography):
        return bibliography(node)
    handler = _HANDLERS.get(type(node))
    if handler is None:
        raise TypeError(f"HTML writer: unknown block node {type(node).__name__}")
    return handler(node, heading)


def paragraph(node: m.Para) -> str:
    """``<p>``; display math written inside the paragraph (``text $$x$$ text``) is set
    apart as an unnumbered equation, as LaTeX's ``\\[...\\]`` sets it, and the text
    after it goes on as ``<p class="continued">``: one paragraph, not indented again."""
    first = '<p class="continued">' if node.continued else "<p>"
    if not any(isinstance(n, m.Math) and n.display for n in node.children):
        return f"{first}{inlines(node.children)}</p>"
    out: list[str] = []
    run: list[m.Inline] = []

    def flush() -> None:
        while run and isinstance(run[0], m.Space | m.SoftBreak | m.LineBreak):
            run.pop(0)
        while run and isinstance(run[-1], m.Space | m.SoftBreak | m.LineBreak):
            run.pop()
        if run:
            opening = '<p class="continued">' if out else first
            out.append(f"{opening}{inlines(tuple(run))}</p>")
        run.clear()

    for child in node.children:
        if isinstance(child, m.Math) and child.display:
            flush()
            out.append(f'<div class="equation">{math_html(child.text, True)}</div>')
        else:
            run.append(child)
    flush()
    return "\n".join(out)


def bibliography(node: m.Bibliography) -> str:
    """The works cited: a heading and one list item per entry (hanging indent by CSS).

    Numbered styles (second-field-align) put the label in a left-margin box;
    the ``second-field-align`` class lets print.css keep it on the entry's first
    line, as the LaTeX route's 2.5em box does.
    """
    hanging = " hanging-indent" if node.hanging_indent else ""
    if any(_has_display(entry, "left-margin") for entry in node.entries):
        hanging += " second-field-align"
    ids = [f' id="{attr(a)}"' if a else "" for a in node.anchors] or [""] * len(node.entries)
    entries = "\n".join(f'<li class="csl-entry"{i}>{rich_html(e)}</li>'
                        for i, e in zip(ids, node.entries, strict=True))
    # no title: a ::: {#refs} div placed it under the manuscript's own heading
    heading = f'<h2 class="unnumbered">{text(node.title)}</h2>\n' if node.title else ""
    return (
        '<section class="bibliography" id="bibliography">\n'
        f"{heading}"
        f'<ul class="csl-bib-body{hanging}">\n{entries}\n</ul>\n'
        "</section>"
    )


def _has_display(rich: Iterable[object], display: str) -> bool:
    return any(isinstance(node, Styled) and (node.display == display
                                             or _has_display(node.children, display))
               for node in rich)


# --- lists ---------------------------------------------------------------------

_OL_TYPES = {"decimal": "1", "lower-alpha": "a", "upper-alpha": "A", "lower-roman": "i",
             "upper-roman": "I"}


def _items(items: Iterable[tuple[m.Block, ...]], heading: HeadingFn, tight: bool,
           tasks: tuple[bool | None, ...] = ()) -> list[str]:
    out = []
    for index, item in enumerate(items):
        if tight:
            body = "".join(inlines(b.children) if isinstance(b, m.Para) else block(b, heading)
                           for b in item)
        else:
            body = "".join(blocks(item, heading))
        task = tasks[index] if index < len(tasks) else None
        if task is not None:
            box = "\u2612" if task else "\u2610"
            out.append(f'<li class="task"><span class="task-box">{box}</span> {body}</li>')
        else:
            out.append(f"<li>{body}</li>")
    return out


def bullet_list(node: m.BulletList, heading: HeadingFn) -> str:
    css = ' class="tight"' if node.tight else ""
    if node.tasks:
        css = ' class="tight task-list"' if node.tight else ' class="task-list"'
    lis = _items(node.items, heading, node.tight, node.tasks)
    return f"<ul{css}>\n" + "\n".join(lis) + "\n</ul>"


def list_style_type(style: m.ListStyle, delim: m.ListDelim) -> str:
    """The CSS list-style-type for a list's marker: a CSS keyword for ``1.``/``a.``, one of
    print.css's ``@counter-style`` rules for ``a)`` and ``(a)``; examples count in arabic."""
    css = "decimal" if style == "example" else style
    return css if delim == "period" else f"ts-{delim}-{css}"


def ordered_list(node: m.OrderedList, heading: HeadingFn) -> str:
    attrs = f' start="{node.start}"' if node.start != 1 else ""
    if node.style not in ("decimal", "example"):
        attrs += f' type="{_OL_TYPES[node.style]}"'
    classes = [c for c, on in (("tight", node.tight), (f"delim-{node.delim}",
                                                       node.delim != "period"),
                               ("example", node.style == "example")) if on]
    if classes:
        attrs += f' class="{" ".join(classes)}"'
    # WeasyPrint does not read start="0": the counter is set by CSS as well
    styles = [f"counter-reset: list-item {node.start - 1}"] if node.start != 1 else []
    css_type = list_style_type(node.style, node.delim)
    styles += [f"list-style-type: {css_type}"] if css_type != "decimal" else []
    attrs += f' style="{"; ".join(styles)}"' if styles else ""
    lis = _items(node.items, heading, node.tight)
    return f"<ol{attrs}>\n" + "\n".join(lis) + "\n</ol>"


def code_block(node: m.CodeBlock, heading: HeadingFn) -> str:
    """Highlighted by Pygments with inline styles, as the LaTeX route (same "bw" style)."""
    language = f' class="language-{attr(node.info)}"' if node.info else ""
    ident = f' id="{attr(node.ident)}"' if node.ident else ""
    from pygments import highlight  # imported when there is code: it costs 60 ms
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        lexer = get_lexer_by_name(node.info) if node.info else None
    except ClassNotFound:
        lexer = None
    formatter = HtmlFormatter(nowrap=True, noclasses=True, style="bw")
    body = highlight(node.text, lexer, formatter) if lexer else text(node.text)
    if not node.caption and node.number is None:
        return f"<pre{ident}><code{language}>{body.rstrip(chr(10))}</code></pre>"
    # a listing (pandoc-crossref): a figure with "Listing N." and the caption above the code
    label = f'<span class="caption-label">Listing {node.number}.</span> ' \
        if node.number is not None else ""
    # (print.css sets figures centred and unbroken: a listing is set left and may run
    # over pages, its caption kept with its first lines)
    caption = '<figcaption style="text-align: left; margin: 0 0 0.3em; break-after: avoid">' \
        f"{label}{inlines(node.caption)}</figcaption>"
    return f'<figure class="listing" style="text-align: left; break-inside: auto"{ident}>' \
        f'{caption}<pre style="margin-top: 0"><code{language}>{body.rstrip(chr(10))}' \
        "</code></pre></figure>"


# --- tables and figures ----------------------------------------------------------


def _cell(tag: str, cell: m.TableCell, align: m.Align, heading: HeadingFn) -> str:
    style = f' style="text-align: {align}"' if align != "default" else ""
    if len(cell.blocks) == 1 and isinstance(cell.blocks[0], m.Para):
        body = inlines(cell.blocks[0].children)
    else:
        body = "".join(blocks(cell.blocks, heading))
    return f"<{tag}{style}>{body}</{tag}>"


def _row(tag: str, row: m.TableRow, aligns: tuple[m.Align, ...], heading: HeadingFn) -> str:
    cells = [_cell(tag, cell, aligns[i] if i < len(aligns) else "default", heading)
             for i, cell in enumerate(row.cells)]
    return "<tr>" + "".join(cells) + "</tr>"


def table(node: m.Table, heading: HeadingFn) -> str:
    # a table whose words alone pass the measure at the usual padding (0.6em each
    # side, type at 0.9 of 11pt) is set closer (print.css: table.cramped)
    classes = ("cramped",) if cramped(node, 9.9, 1.2) else ()
    # set closer, at 0.8 of the 11pt text, 0.25em a side: smaller still if the words pass
    # the measure so (the caption kept at the tables' size)
    fit = fitted_size(node, 8.8, 0.5) if classes else 8.8
    size = f' style="font-size: {fit / 11:.3f}em"' if fit < 8.8 else ""
    caption_size = f' style="font-size: {9.9 / fit:.3f}em"' if size else ""
    parts = [f'<table{_attributes(node.ident, classes)}{size}>']
    if node.caption or node.number is not None:
        label = f'<span class="caption-label">Table {node.number}.</span> ' \
            if node.number is not None else ""
        parts.append(f"<caption{caption_size}>{label}{inlines(node.caption)}</caption>")
    if node.widths:
        parts.append("<colgroup>" + "".join(f'<col style="width: {w * 100:.1f}%">'
                                            for w in node.widths) + "</colgroup>")
    if node.head:
        parts.append("<thead>" + "".join(_row("th", r, node.aligns, heading)
                                         for r in node.head) + "</thead>")
    parts.append("<tbody>" + "".join(_row("td", r, node.aligns, heading)
                                     for r in node.body) + "</tbody>")
    parts.append("</table>")
    return "\n".join(parts)


def figure(node: m.Figure, heading: HeadingFn) -> str:
    label = f'<span class="caption-label">Figure {node.number}.</span> ' \
        if node.number is not None else ""
    caption = f"<figcaption>{label}{inlines(node.caption)}</figcaption>" \
        if node.caption or label else ""
    img = image(node.src, node.caption, node.width, node.height, "figure-image") \
        if node.src else ""
    return f"<figure{_attributes(node.ident, ())}>{img}{caption}</figure>"


def equation(node: m.Equation, heading: HeadingFn) -> str:
    number = f'<span class="equation-number">({node.number})</span>' \
        if node.number is not None else ""
    return f'<div class="equation"{_attributes(node.ident, ())}>' \
        f"{math_html(node.text, True)}{number}</div>"


# --- other blocks ---------------------------------------------------------------


def figure_group(node: m.Div, heading: HeadingFn) -> str:
    """Subfigures side by side (print.css: ``.subfigure``), each over its "(a) caption",
    then the group's "Figure N." and caption (its last paragraph, not of images)."""
    figures = [b for b in node.blocks if isinstance(b, m.Figure)]
    caption = node.blocks[-1] if isinstance(node.blocks[-1], m.Para) else None
    share = f"{100 / len(figures) - 2:.1f}%"
    parts = [f"<figure{_attributes(node.ident, ('subfigures',))}>"]
    for sub in figures:
        width = css_length(sub.width) or share
        img = image(sub.src, sub.caption, "100%" if sub.width else None, sub.height,
                    "figure-image") if sub.src else ""
        parts.append(f'<figure{_attributes(sub.ident, ("subfigure",))} style="width: {width}">'
                     f'{img}<figcaption>({text(sub.sub or "")}) {inlines(sub.caption)}'
                     "</figcaption></figure>")
    parts += [b for b in blocks([b for b in node.blocks
                                 if not isinstance(b, m.Figure) and b is not caption], heading)]
    label = f'<span class="caption-label">Figure {node.number}.</span> '
    parts.append(f"<figcaption>{label}{inlines(caption.children) if caption else ''}"
                 "</figcaption></figure>")
    return "\n".join(parts)


def div(node: m.Div, heading: HeadingFn) -> str:
    if node.number is not None and any(isinstance(b, m.Figure) for b in node.blocks):
        return figure_group(node, heading)
    inner = "\n".join(blocks(node.blocks, heading))
    return f"<div{_attributes(node.ident, node.classes, node.attributes)}>\n{inner}\n</div>"


def definition_list(node: m.DefinitionList, heading: HeadingFn) -> str:
    parts = ["<dl>"]
    for item in node.items:
        parts.append(f"<dt>{inlines(item.term)}</dt>")
        parts += ["<dd>" + "".join(blocks(d, heading)) + "</dd>" for d in item.definitions]
    parts.append("</dl>")
    return "\n".join(parts)


def line_block(node: m.LineBlock, heading: HeadingFn) -> str:
    lines = [f'<span class="line">{inlines(line)}</span>' for line in node.lines]
    return '<div class="line-block">' + "<br>".join(lines) + "</div>"


def raw_block(node: m.RawBlock, heading: HeadingFn) -> str:
    return sanitize_html(node.text)[0] if node.format == "html" else ""


_HANDLERS: dict[type, Callable[[Any, HeadingFn], str]] = {
    m.ContentsList: lambda node, heading: "",  # html.py puts the list there before
    m.BulletList: bullet_list,
    m.OrderedList: ordered_list,
    m.CodeBlock: code_block,
    m.Table: table,
    m.Figure: figure,
    m.Equation: equation,
    m.Div: div,
    m.DefinitionList: definition_list,
    m.LineBlock: line_block,
    m.RawBlock: raw_block,
    m.PageBreak: lambda _node, _heading: '<div class="page-break"></div>',
}
