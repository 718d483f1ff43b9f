"""Document model -> LaTeX (a pylatex Document and its .tex source).

The writer receives the same Document as the HTML writer, after the citations
pass: Notes carry their numbers, rendered citations are Rich nodes, and the
Bibliography block holds rendered entries. It only serialises; it never decides
wording, so both routes print the same characters.

This is the one place with raw LaTeX (``NoEscape``): every piece of user text
goes through :func:`typeset.rich.latex.escape_text`.

Alongside the source the writer records a source map, .tex line -> manuscript
Span, so the engine can point a TeX error back at the Markdown line.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

from pylatex import Document as LatexDocument
from pylatex import NoEscape

from typeset.diagnostics import Span
from typeset.doc import model as m
from typeset.doc.walk import plain_text
from typeset.house import HouseStyle
from typeset.rich.latex import (
    escape_breakable,
    escape_pdf_string,
    escape_text,
    escape_url,
    render_latex,
)
from typeset.rich.links import link_urls
from typeset.rich.model import Node, Styled
from typeset.writers.contents import LATEX_LEVELS, after_title, in_use, latex_contents
from typeset.writers.contents import latex_preamble as contents_preamble
from typeset.writers.latex_blocks import MATH_PREAMBLE, PREAMBLE, BlockWriter, pygments_preamble
from typeset.writers.latex_out import SourceMap, _Out
from typeset.writers.latex_preamble import new_document, with_font_fallback, with_rtl
from typeset.writers.numbering import HeadingCounter


def rich_to_latex(rich: Iterable[Node]) -> str:
    """Rendered citations and entries, their URLs and DOIs as links."""
    return render_latex(link_urls(rich))


_BODY_MARK = "% typeset: body begins"


# --- inlines -------------------------------------------------------------------------------


class _Writer(BlockWriter):
    """Walks blocks and inlines, writing LaTeX into an :class:`_Out`."""

    def __init__(self, section_numbering: str, images: dict[str, str] | None = None,
                 meta: m.Meta | None = None) -> None:
        self.meta = meta or m.Meta()
        self.lists: frozenset[str] = frozenset()  # toc, lof, lot: printed somewhere
        self.out = _Out()
        self.images = images or {}
        self.deferred_notes: list[m.Note] | None = None
        self.headings = HeadingCounter(section_numbering)
        self._block_span: Span | None = None
        self._soft_breaks = 0

    # inlines

    def inlines(self, nodes: Iterable[m.Inline]) -> None:
        for node in nodes:
            self.inline(node)

    def inline(self, node: m.Inline) -> None:
        handler = _INLINE_HANDLERS.get(type(node))
        if handler is None:
            raise TypeError(f"LaTeX writer: unknown inline {type(node).__name__}")
        handler(self, node)

    def _str(self, node: m.Str) -> None:
        self.out.mark(node.span, exact=True)
        self.out.write(escape_breakable(node.text))

    def _soft_break(self, _node: m.SoftBreak) -> None:
        # Source lines stay .tex lines, so a TeX error's l.NN finds its Markdown line.
        self.out.write("\n")
        self._soft_breaks += 1
        span = self._block_span
        if span is not None:
            self.out.mark(Span(span.path, span.line + self._soft_breaks, 0))

    def _wrapped(self, command: str, children: Iterable[m.Inline]) -> None:
        self.out.write(command + "{")
        self.inlines(children)
        self.out.write("}")

    def _link(self, node: m.Link) -> None:
        self.out.write(r"\href{" + escape_url(node.url) + "}{")
        self.inlines(node.children)
        self.out.write("}")

    def _cite(self, node: m.Cite) -> None:
        """An unresolved citation (no citations pass ran): print it as written."""
        keys = "; ".join("@" + item.key for item in node.items)
        self.out.mark(node.span, exact=True)
        self.out.write(escape_text(f"[{keys}]"))

    def _note(self, node: m.Note) -> None:
        """``\\footnote[N]`` keeps the HTML route's number; the note's text gets .tex
        lines of its own ("%" ends a line without a space) so TeX errors inside it
        map to the note's own Markdown lines."""
        number = f"[{node.number}]" if node.number is not None else ""
        if self.deferred_notes is not None and node.number is not None:
            # inside a table: longtable loses \footnote text; the text follows the table
            self.out.write(r"\footnotemark" + number)
            self.deferred_notes.append(node)
            return
        self.note_text(r"\footnote" + number, node)

    def note_text(self, command: str, node: m.Note) -> None:
        self.out.write(command + "{%\n")
        self.out.mark(node.span)
        saved = self._block_span, self._soft_breaks
        for index, block in enumerate(node.blocks):
            if index:
                self.out.write("\\par\n")
            self.block(block, in_note=True)
        self._block_span, self._soft_breaks = saved
        self.out.write("}")
        self.out.end_line_soon = True

    # blocks

    def block(self, block: m.Block, in_note: bool = False) -> None:
        self._block_span = getattr(block, "span", None)
        self._soft_breaks = 0
        self.out.mark(self._block_span)
        if isinstance(block, m.Para):
            if block.continued:
                self.out.write(r"\noindent ")
            self.inlines(block.children)
        elif isinstance(block, m.Heading):
            self._heading(block)
        elif isinstance(block, m.BlockQuote):
            self._environment("tsquote", [block.blocks])
        elif isinstance(block, m.HorizontalRule):
            self.out.write(r"\tsrule")
        elif isinstance(block, m.Bibliography):
            self._bibliography(block)
        elif isinstance(block, m.ContentsList):
            self.out.write(latex_contents(self.meta, frozenset([block.kind]), escape_text,
                                          escape_pdf_string).rstrip("\n"))
        elif isinstance(block, m.Figure):
            self._figure(block, self.images.get(block.src, escape_url(block.src)))
        elif type(block) in _BLOCK_HANDLERS:
            _BLOCK_HANDLERS[type(block)](self, block)
        else:
            raise TypeError(f"LaTeX writer: unknown block {type(block).__name__}")
        if not in_note:
            self.out.write("\n\n")

    def blocks(self, blocks: Iterable[m.Block], separator: str = "\n\n") -> None:
        previous: m.Block | None = None
        for block in blocks:
            if previous is not None:
                if isinstance(previous, m.CodeBlock) and not separator.startswith("\n"):
                    self.out.write("\n")  # fancyvrb ends only at \end{Verbatim} alone on its line
                self.out.write(separator)
            self.block(block, in_note=True)
            previous = block

    def _environment(self, name: str, items: Iterable[tuple[m.Block, ...]],
                     item: bool = False, options: str = "") -> None:
        self.out.write(r"\begin{" + name + "}" + options + "\n")
        for blocks in items:
            if item:
                # "{}" so text starting with "[" is not read as \item's optional argument.
                self.out.write(r"\item{}" + " ")
            self.blocks(blocks, separator="\\par\n")
            self.out.write("\n")
        self.out.write(r"\end{" + name + "}")

    def _heading(self, block: m.Heading) -> None:
        number = self.headings.number(block)
        title = plain_inlines(block.children)
        shown = f"{number}. {title}" if number and title else (number or title)
        level = max(1, min(block.level, 6))
        self._anchor(block.ident)
        command = r"\tsheadingleft" if level >= 4 else r"\tsheading"
        self.out.write(rf"{command}{{{level}}}{{{escape_pdf_string(shown)}}}{{")
        if number:
            self.out.write(escape_text(number) + (". " if title else ""))
        self.inlines(block.children)
        self.out.write("}")
        if "toc" in self.lists and level <= self.meta.toc_depth:
            self.contents_line("toc", LATEX_LEVELS[level - 1], f"{number}." if number else None,
                               block.children)

    def _bibliography(self, block: m.Bibliography) -> None:
        if block.title:  # none: a ::: {#refs} div placed it under the manuscript's heading
            self.out.write(rf"\tsheading{{1}}{{{escape_pdf_string(block.title)}}}"
                           "{" + escape_text(block.title) + "}\n")
            if "toc" in self.lists:
                self.contents_line("toc", "section", None, (m.Str(block.title),))
                self.out.write("\n")
        # Numbered styles put the label in a left-margin box (rich.latex: 2.5em
        # wide); lines after the first then align with the text after the label.
        if any(_has_display(entry, "left-margin") for entry in block.entries):
            indent = "2.5em"
        else:
            indent = "1.5em" if block.hanging_indent else "0pt"
        self.out.write(r"\begin{tsbibliography}{" + indent + "}\n")
        anchors = block.anchors or ("",) * len(block.entries)
        for name, entry in zip(anchors, block.entries, strict=True):
            target = rf"\hypertarget{{{name}}}{{}}" if name else ""  # link-citations
            self.out.write(target + rich_to_latex(entry) + "\\par\n")
        self.out.write(r"\end{tsbibliography}")


_BLOCK_HANDLERS: dict[type, Any] = {
    m.BulletList: _Writer._bullets,
    m.OrderedList: _Writer._ordered,
    m.CodeBlock: _Writer._code,
    m.Table: _Writer._table,
    m.Equation: _Writer._equation,
    m.Div: _Writer._div,
    m.DefinitionList: _Writer._definitions,
    m.LineBlock: _Writer._line_block,
    m.RawBlock: lambda w, n: w.out.write(n.text.rstrip("\n") if n.format == "latex" else ""),
    m.PageBreak: lambda w, _n: w.out.write(r"\clearpage"),
}


def _math(writer: _Writer, node: m.Math) -> None:
    writer.out.write(("\\[" + node.text + "\\]") if node.display else ("\\(" + node.text + "\\)"))


def _span(writer: _Writer, node: m.InlineSpan) -> None:
    lang = next((v for k, v in node.attributes if k == "lang"), None)
    if lang is None:
        writer.inlines(node.children)
        return
    from typeset.writers.latex_preamble import babel_language

    name, _known = babel_language(lang)
    writer.out.write(r"\foreignlanguage{" + name + "}{")
    writer.inlines(node.children)
    writer.out.write("}")


def _image(writer: _Writer, node: m.Image) -> None:
    from typeset.writers.latex_blocks import tex_length

    if not node.src:
        writer.inlines(node.children)
        return
    path = writer.images.get(node.src, escape_url(node.src))
    width, height = tex_length(node.width), tex_length(node.height, r"\textheight")
    options = ",".join(o for o in (f"width={width}" if width else "",
                                   f"height={height}" if height else "") if o)
    if options:
        writer.out.write(r"\includegraphics[" + options + ",keepaspectratio]{" + path + "}")
    else:
        writer.out.write(r"\includegraphics[height=1em,keepaspectratio]{" + path + "}")


_INLINE_HANDLERS: dict[type, Any] = {
    m.Str: _Writer._str,
    m.Space: lambda w, _n: w.out.write(" "),
    m.SoftBreak: _Writer._soft_break,
    m.LineBreak: lambda w, _n: w.out.write("\\newline\n"),
    m.Emph: lambda w, n: w._wrapped(r"\emph", n.children),
    m.Strong: lambda w, n: w._wrapped(r"\textbf", n.children),
    m.SmallCaps: lambda w, n: w._wrapped(r"\textsc", n.children),
    m.Superscript: lambda w, n: w._wrapped(r"\textsuperscript", n.children),
    m.Subscript: lambda w, n: w._wrapped(r"\textsubscript", n.children),
    m.Code: _Writer.inline_code,
    m.Strikeout: lambda w, n: w._wrapped(r"\strikeThrough", n.children),
    m.Underline: lambda w, n: w._wrapped(r"\underLine", n.children),
    m.InlineSpan: _span,
    m.Math: _math,
    m.RawInline: lambda w, n: w.out.write(n.text if n.format == "latex" else ""),
    m.Image: _image,
    m.Link: _Writer._link,
    m.NoCase: lambda w, n: w.inlines(n.children),
    m.Cite: _Writer._cite,
    m.Note: _Writer._note,
    m.Rich: lambda w, n: w.out.write(rich_to_latex(n.content)),
}


def plain_inlines(nodes: Iterable[m.Inline]) -> str:
    """The characters of inlines without formatting or notes (for bookmarks)."""
    return plain_text(tuple(nodes), skip=(m.Note, m.Cite))


def _has_display(rich: Iterable[Node], display: str) -> bool:
    return any(isinstance(node, Styled) and (node.display == display
                                             or _has_display(node.children, display))
               for node in rich)


# --- the document ----------------------------------------------------------------------------


def _title_block(meta: m.Meta) -> str:
    """Title block, abstract and keywords, as the HTML route prints them
    (:mod:`typeset.writers.front_matter`)."""
    from typeset.writers.front_matter import latex_front

    return latex_front(meta)


def _other_languages(doc: m.Document) -> list[str]:
    """``\\babelprovide[import]`` for each language a span or div switches to (babel
    knows only the languages it was told about)."""
    from typeset.doc.walk import query
    from typeset.writers.latex_preamble import RTL_FONTS, babel_language

    main = babel_language(doc.meta.lang)[0]
    nodes: Iterable[m.Div | m.InlineSpan] = query(doc, (m.Div, m.InlineSpan))
    tags = [v for node in nodes for k, v in node.attributes if k == "lang"]
    found = {babel_language(tag)[0] for tag in tags} - set(RTL_FONTS)  # see with_rtl
    return [rf"\babelprovide[import]{{{name}}}" for name in sorted(found) if name != main]


def image_names(doc: m.Document) -> dict[str, str]:
    """Each image file (an absolute path, as :mod:`typeset.images` resolved it) -> its name
    in TeX's build folder; SVG is converted to PDF there (:mod:`typeset.engines.images`)."""
    from typeset.doc.walk import query

    names: dict[str, str] = {}
    nodes: Iterable[m.Figure | m.Image] = query(doc, (m.Figure, m.Image))
    for node in nodes:
        path = PurePath(node.src)
        if not path.is_absolute() or node.src in names:
            continue
        suffix = ".pdf" if path.suffix.lower() == ".svg" else path.suffix.lower()
        digest = hashlib.sha1(node.src.encode("utf-8"), usedforsecurity=False).hexdigest()
        names[node.src] = f"img-{digest[:12]}{suffix}"
    return names


# What raw ```{=latex} content may use that pandoc's own template (or its --listings) loads
# and ours does not: the package is loaded when the raw TeX names the command or environment,
# so a thesis's lstlisting block builds as it did with pandoc. A second \usepackage of a
# package already loaded is a no-op in LaTeX.
_RAW_PACKAGES = (
    (re.compile(r"\\(?:begin\s*\{lstlisting\}|lstinline|lstset|lstdefinestyle|lstdefinelanguage)"
                r"(?![A-Za-z])"), "listings"),
    (re.compile(r"\\(?:textcolor|color|colorbox|fcolorbox|definecolor|pagecolor)(?![A-Za-z])"),
     "xcolor"),
    (re.compile(r"\\(?:begin\s*\{tikzpicture\}|tikz|usetikzlibrary)(?![A-Za-z])"), "tikz"),
)


def raw_packages(doc: m.Document) -> list[str]:
    """The packages the document's raw LaTeX needs (see ``_RAW_PACKAGES``), in table order."""
    from typeset.doc.walk import query

    nodes: list[m.RawBlock | m.RawInline] = [*query(doc, m.RawBlock), *query(doc, m.RawInline)]
    raw = "\n".join(node.text for node in nodes if node.format in ("latex", "tex"))
    if "\\" not in raw:
        return []
    return [package for pattern, package in _RAW_PACKAGES if pattern.search(raw)]


def _preamble(doc: m.Document) -> list[str]:
    from typeset.doc.walk import query

    code = [pygments_preamble()] if next(query(doc, m.CodeBlock), None) else []
    math = [MATH_PREAMBLE] if next(query(doc, (m.Math, m.Equation)), None) else []
    lists = in_use(doc)
    contents = contents_preamble(doc.meta, lists) if lists else []
    raw = [f"\\usepackage{{{package}}}" for package in raw_packages(doc)]
    return [*PREAMBLE, *math, *_other_languages(doc), *code, *contents, *raw]


def write_latex_document(doc: m.Document, house: HouseStyle,
                         images: dict[str, str] | None = None) -> tuple[LatexDocument, SourceMap]:
    """The pylatex Document for ``doc`` and the body's source map (body-relative lines)."""
    meta = doc.meta
    latex = new_document(house, meta)
    for line in _preamble(doc):
        latex.preamble.append(NoEscape(line))
    writer = _Writer(meta.section_numbering or "none", images, meta)
    writer.lists = in_use(doc)
    writer.out.write(_BODY_MARK + "\n" + r"\pagestyle{fancy}" + "\n")
    writer.out.write(_title_block(meta))
    writer.out.write(latex_contents(meta, after_title(meta), escape_text, escape_pdf_string))
    for section in doc.sections:
        for block in section.blocks:
            writer.block(block)
    latex.append(NoEscape(writer.out.text()))
    return latex, writer.out.spans


def write_latex_with_map(doc: m.Document, house: HouseStyle,
                         images: dict[str, str] | None = None) -> tuple[str, SourceMap]:
    """The .tex source and a map from its line numbers (1-based) to manuscript Spans.

    ``images`` maps image files to their names in the build folder (:func:`image_names`).
    """
    latex, body_map = write_latex_document(doc, house, images)
    source = with_font_fallback(with_rtl(latex.dumps()), house)
    if not source.endswith("\n"):
        source += "\n"
    offset = source[: source.index(_BODY_MARK)].count("\n")
    return source, {offset + line: span for line, span in body_map.items()}


def write_latex(doc: m.Document, house: HouseStyle) -> str:
    """The .tex source for ``doc`` (see :func:`write_latex_with_map` for positions)."""
    return write_latex_with_map(doc, house)[0]
