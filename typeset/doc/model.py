"""The document model: what readers produce, the citations pass transforms and writers serialise.

Plain frozen dataclasses. Every node that comes from a source file carries a
:class:`~typeset.diagnostics.Span` so later stages (the TeX log mapper,
``typeset check``) can point back at the manuscript.

Inline nodes
    Str, Space, SoftBreak, LineBreak, Emph, Strong, SmallCaps, Superscript,
    Subscript, Strikeout, Underline, InlineSpan, Code, Link, Image, Math, RawInline,
    NoCase, Cite, Note, Rich
Block nodes
    Para, Heading, BlockQuote, BulletList, OrderedList, CodeBlock,
    HorizontalRule, Bibliography, Table (TableRow, TableCell), Figure,
    Equation, Div, RawBlock, DefinitionList (DefinitionItem), LineBlock,
    PageBreak, ContentsList

Labellable blocks (Heading, Table, Figure, Equation, Div) carry ``ident``
(pandoc's ``{#id}``, or for headings the implicit identifier pandoc makes);
tables, figures and equations carry ``number``, assigned across the whole
document in reading order by :func:`typeset.doc.floats.number_floats`.

A :class:`Cite` is what the reader finds; the citations pass replaces it with a
:class:`Note` (note styles) or a :class:`Rich` (in-text styles) whose content
is CSL rich text rendered once for both writers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from typeset.diagnostics import Span
from typeset.doc.front import Front
from typeset.rich.model import RichText

# --- inlines ----------------------------------------------------------------


@dataclass(frozen=True)
class Str:
    text: str
    span: Span | None = None


@dataclass(frozen=True)
class Space:
    pass


@dataclass(frozen=True)
class SoftBreak:
    pass


@dataclass(frozen=True)
class LineBreak:
    pass


@dataclass(frozen=True)
class Emph:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class SmallCaps:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Superscript:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Subscript:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strikeout:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Underline:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class InlineSpan:
    """Pandoc's bracketed span ``[text]{#id .class key=value}`` (``lang`` switches language)."""

    children: tuple[Inline, ...]
    ident: str | None = None
    classes: tuple[str, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Code:
    text: str
    classes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Math:
    """TeX math as written between ``$...$`` (or ``$$...$$`` within a line: ``display``)."""

    text: str
    display: bool = False
    span: Span | None = None


@dataclass(frozen=True)
class RawInline:
    """```code`{=latex}``: passed through by the writer of ``format`` only."""

    format: str
    text: str
    span: Span | None = None


@dataclass(frozen=True)
class Image:
    """An image inside running text; ``width``/``height`` as written (``50%``, ``3cm``)."""

    src: str
    children: tuple[Inline, ...]
    width: str | None = None
    height: str | None = None
    span: Span | None = None
    ident: str | None = None


@dataclass(frozen=True)
class Link:
    url: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class NoCase:
    """Text protected from CSL text-case transforms (``{Braces}`` in BibTeX)."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class CiteItem:
    """One cited work inside a citation cluster.

    ``label`` is a CSL locator label ("page", "chapter", ...); ``prefix`` and
    ``suffix`` are inline Markdown (may hold emphasis).
    """

    key: str
    prefix: tuple[Inline, ...] = ()
    suffix: tuple[Inline, ...] = ()
    locator: str | None = None
    label: str | None = None
    suppress_author: bool = False
    author_only: bool = False
    span: Span | None = None


CiteMode = Literal["normal", "narrative"]


@dataclass(frozen=True)
class Cite:
    """A citation cluster as written: ``[see @a, 12; @b]`` or narrative ``@a [12]``."""

    items: tuple[CiteItem, ...]
    mode: CiteMode = "normal"
    span: Span | None = None


@dataclass(frozen=True)
class Note:
    """A footnote. ``number`` is assigned by the citations pass (1-based, manuscript-wide).

    ``generated`` is True for notes the citations pass made from a citation in
    the main text (as opposed to hand-written ``[^n]`` / ``^[...]`` notes).
    """

    blocks: tuple[Block, ...]
    number: int | None = None
    generated: bool = False
    span: Span | None = None


@dataclass(frozen=True)
class Rich:
    """Rendered CSL output embedded in the document (a rendered citation)."""

    content: RichText
    source: Cite | None = None


Inline = (
    Str
    | Space
    | SoftBreak
    | LineBreak
    | Emph
    | Strong
    | SmallCaps
    | Superscript
    | Subscript
    | Strikeout
    | Underline
    | InlineSpan
    | Code
    | Link
    | Image
    | Math
    | RawInline
    | NoCase
    | Cite
    | Note
    | Rich
)

# --- blocks -----------------------------------------------------------------


@dataclass(frozen=True)
class Para:
    """``continued``: the rest of a paragraph after a numbered display formula written
    inside it (``$$ ... $$ {#eq:x}`` mid-paragraph): set without a first-line indent."""

    children: tuple[Inline, ...]
    span: Span | None = None
    continued: bool = False


@dataclass(frozen=True)
class Heading:
    """A section heading; ``number`` is its display number ("I", "2.1") or None.

    ``ident`` is the ``{#id}`` written or the implicit identifier pandoc makes
    (set by :func:`typeset.doc.floats.number_floats`); ``classes`` e.g. ``appendix``.
    """

    level: int
    children: tuple[Inline, ...]
    number: str | None = None
    ident: str | None = None
    span: Span | None = None
    classes: tuple[str, ...] = ()


@dataclass(frozen=True)
class BlockQuote:
    blocks: tuple[Block, ...]
    span: Span | None = None


@dataclass(frozen=True)
class BulletList:
    """``tight``: items are single paragraphs set without space between them.
    ``tasks``: per item None (no box), False (``[ ]``) or True (``[x]``); empty = no task list."""

    items: tuple[tuple[Block, ...], ...]
    span: Span | None = None
    tight: bool = False
    tasks: tuple[bool | None, ...] = ()


ListStyle = Literal["decimal", "lower-alpha", "upper-alpha", "lower-roman", "upper-roman",
                    "example"]
ListDelim = Literal["period", "paren", "two-parens"]


@dataclass(frozen=True)
class OrderedList:
    """``style`` and ``delim`` as written (``a.``, ``iv)``, ``(1)``); ``start`` may be 0.

    Example lists (``(@)``, ``(@label)``: style ``example``) are numbered on across the
    document by :func:`typeset.doc.floats.number_floats`, which sets ``start``;
    ``labels`` holds each item's label (None for ``(@)``), and ``(@label)``/``@label``
    in the text becomes the item's number there."""

    items: tuple[tuple[Block, ...], ...]
    start: int = 1
    span: Span | None = None
    tight: bool = False
    style: ListStyle = "decimal"
    delim: ListDelim = "period"
    labels: tuple[str | None, ...] = ()


@dataclass(frozen=True)
class CodeBlock:
    """``info`` is the language (first word of the fence's info string or ``.class``).

    A listing (pandoc-crossref: ``{#lst:x caption="..."}``, or a ``Listing: ...`` paragraph
    next to the block) has its ``caption`` and, numbered by ``doc.floats``, its ``number``."""

    text: str
    info: str = ""
    span: Span | None = None
    ident: str | None = None
    caption: tuple[Inline, ...] = ()
    number: int | None = None


@dataclass(frozen=True)
class HorizontalRule:
    span: Span | None = None


@dataclass(frozen=True)
class Bibliography:
    """The rendered list of works cited, placed by the citations pass."""

    title: str
    entries: tuple[RichText, ...]
    hanging_indent: bool = True
    # each entry's anchor (``link-citations``: the citations link to ``#anchor``); empty: none
    anchors: tuple[str, ...] = ()


Align = Literal["default", "left", "right", "center"]


@dataclass(frozen=True)
class TableCell:
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class TableRow:
    cells: tuple[TableCell, ...]


@dataclass(frozen=True)
class Table:
    """A table: header rows, body rows, one alignment per column.

    ``widths`` are relative column widths (summing to at most 1) from multiline
    and grid tables, empty for pipe and simple tables (natural widths).
    """

    head: tuple[TableRow, ...]
    body: tuple[TableRow, ...]
    aligns: tuple[Align, ...]
    caption: tuple[Inline, ...] = ()
    widths: tuple[float, ...] = ()
    ident: str | None = None
    number: int | None = None
    span: Span | None = None


@dataclass(frozen=True)
class Figure:
    """An image alone in its paragraph: a numbered float with its caption (the alt text)."""

    src: str
    caption: tuple[Inline, ...]
    width: str | None = None
    height: str | None = None
    ident: str | None = None
    number: int | None = None
    span: Span | None = None
    sub: str | None = None  # a subfigure's letter ("a"); its number is its group's


@dataclass(frozen=True)
class Equation:
    """Display math (``$$...$$``, ``\\[...\\]``); numbered when it has an ident (``{#eq:x}``)."""

    text: str
    ident: str | None = None
    number: int | None = None
    span: Span | None = None


@dataclass(frozen=True)
class Div:
    """A fenced div ``::: {#id .class key=value}``; ``lang`` switches the language."""

    blocks: tuple[Block, ...]
    ident: str | None = None
    classes: tuple[str, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()
    span: Span | None = None
    # a subfigure group (pandoc-crossref's ``::: {#fig:x}`` around figures): its figure
    # number; its last paragraph, when not of images, is its caption
    number: int | None = None


@dataclass(frozen=True)
class RawBlock:
    """A ```` ```{=latex} ```` block: passed through by the writer of ``format`` only."""

    format: str
    text: str
    span: Span | None = None


@dataclass(frozen=True)
class DefinitionItem:
    term: tuple[Inline, ...]
    definitions: tuple[tuple[Block, ...], ...]


@dataclass(frozen=True)
class DefinitionList:
    items: tuple[DefinitionItem, ...]
    span: Span | None = None


@dataclass(frozen=True)
class LineBlock:
    """``| `` lines (verse, addresses): one inline sequence per line, leading spaces kept
    as no-break spaces."""

    lines: tuple[tuple[Inline, ...], ...]
    span: Span | None = None


@dataclass(frozen=True)
class ContentsList:
    """``\\tableofcontents``, ``\\listoffigures`` or ``\\listoftables`` alone in a paragraph:
    that list (``toc``, ``lof``, ``lot``) printed there, in both routes."""

    kind: Literal["toc", "lof", "lot"]
    span: Span | None = None


@dataclass(frozen=True)
class PageBreak:
    """``\\newpage``, ``\\clearpage``, ``\\pagebreak`` alone in a paragraph."""

    span: Span | None = None


Block = (
    Para
    | Heading
    | BlockQuote
    | BulletList
    | OrderedList
    | CodeBlock
    | HorizontalRule
    | Bibliography
    | Table
    | Figure
    | Equation
    | Div
    | RawBlock
    | DefinitionList
    | LineBlock
    | PageBreak
    | ContentsList
)

# --- the document -----------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """One manuscript file's blocks, kept apart so positions and numbering survive."""

    path: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Meta:
    """What the writers print about the document (from metadata.yaml).

    The string fields are plain text (the PDF's metadata, the running heads); ``front``
    is the title block as rich text (the metadata read as Markdown, :mod:`typeset.
    front_matter`), which the writers print. Empty strings mean "not given"; the writers
    escape every value when they write it. ``section_numbering`` is ``none``, ``roman`` or ``arabic``;
    ``papersize`` and ``fontsize`` select the house style (:mod:`typeset.house`);
    ``pdf_standard`` is the PDF/A level the engines write.
    """

    title: str = ""
    subtitle: str = ""
    short_title: str = ""
    authors: tuple[str, ...] = ()
    date: str = ""
    original_publication: str = ""
    lang: str = "en-US"
    keywords: tuple[str, ...] = ()
    papersize: str = "letter"
    fontsize: str = "11pt"
    section_numbering: str = "none"
    bibliography_title: str = "Bibliography"
    pdf_standard: str = "a-2b"  # a-2b | a-3b | a-2u | none (typeset.config.PDF_STANDARDS)
    toc: bool = False  # a table of contents after the title, headings to toc_depth
    toc_depth: int = 3
    toc_title: str = ""  # "" = the language's word ("Contents")
    lof: bool = False  # a list of figures
    lot: bool = False  # a list of tables
    # the title block as rich text (front matter read as Markdown); the fields above are
    # its plain text, for the PDF metadata and running heads
    front: Front = field(default_factory=Front)
    # citations written in the front matter (title, abstract, ...), in reading order; the
    # front's rich text holds a placeholder leaf for each (doc.front.FRONT_CITE), which the
    # citations pass replaces by the rendering
    front_cites: tuple[Cite, ...] = ()


@dataclass(frozen=True)
class Document:
    """A whole manuscript: its metadata and its sections in order."""

    meta: Meta = field(default_factory=Meta)
    sections: tuple[Section, ...] = ()

    @property
    def blocks(self) -> tuple[Block, ...]:
        return tuple(b for s in self.sections for b in s.blocks)
