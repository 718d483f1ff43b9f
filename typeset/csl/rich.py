"""Format-neutral rich text: what the CSL engine produces and the writers serialise.

A rich text is a tuple of nodes. :class:`Text` holds plain characters (quotes,
dashes and punctuation already resolved by the engine); :class:`Styled` wraps
children in formatting. Nodes carry a :class:`Tag` saying where they came from
(item id, CSL variable), so disambiguation, ibid and tests can inspect
provenance instead of strings (DESIGN habit 3).

Only the serialisers at the bottom know HTML, LaTeX or plain text. HTML follows
citeproc-js's inline conventions so the CSL test suite compares directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

Format = Literal["html", "text", "latex"]


@dataclass(frozen=True, slots=True)
class Tag:
    """Provenance: which item and which CSL variable (or term/macro) a piece came from."""

    item: str | None = None
    variable: str | None = None


@dataclass(frozen=True, slots=True)
class Text:
    text: str
    tag: Tag | None = None


@dataclass(frozen=True, slots=True)
class Styled:
    """Children under CSL formatting attributes; ``None`` means "not set here".

    ``font_style="normal"`` etc. appear when the engine flip-flops nested
    italics; writers must honour them. ``nocase`` marks spans protected from
    text-case transforms (kept so later stages can still see them); ``link``
    is an optional URL target; ``display`` is CSL's display attribute.
    """

    children: tuple[Node, ...]
    font_style: str | None = None  # italic | oblique | normal
    font_variant: str | None = None  # small-caps | normal
    font_weight: str | None = None  # bold | light | normal
    text_decoration: str | None = None  # underline | none
    vertical_align: str | None = None  # sup | sub | baseline
    display: str | None = None  # block | left-margin | right-inline | indent
    nocase: bool = False
    link: str | None = None
    tag: Tag | None = None
    classes: tuple[str, ...] = field(default=())
    quotes: bool = False  # engine-internal: resolved into quote characters before output


Node = Text | Styled
RichText = tuple[Node, ...]


def plain(rich: Iterable[Node]) -> str:
    """The characters of a rich text without any formatting."""
    return "".join(_plain_iter(rich))


def _plain_iter(nodes: Iterable[Node]) -> Iterator[str]:
    for node in nodes:
        if isinstance(node, Text):
            yield node.text
        else:
            yield from _plain_iter(node.children)


def render(rich: Iterable[Node], fmt: Format) -> str:
    """Serialise rich text as ``html`` (citeproc-js conventions), ``text`` or ``latex``."""
    if fmt == "html":
        return "".join(_html(n) for n in rich)
    if fmt == "text":
        return "".join(_text(n) for n in rich)
    if fmt == "latex":
        return "".join(_latex(n) for n in rich)
    raise ValueError(f"unknown output format {fmt!r}")


# --- plain text -------------------------------------------------------------


def _text(node: Node) -> str:
    """Plain text, keeping a space after a left-margin block ("1. Mastny", not "1.Mastny")."""
    if isinstance(node, Text):
        return node.text
    inner = "".join(_text(c) for c in node.children)
    if node.display == "left-margin" and inner and not inner.endswith(" "):
        inner += " "
    return inner


# --- HTML -----------------------------------------------------------------

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

# citeproc-js applies formatting in this nesting order (outermost first).
STYLE_ATTRS = ("font_style", "font_variant", "font_weight", "text_decoration", "vertical_align")


def _html(node: Node) -> str:
    if isinstance(node, Text):
        return escape_html(node.text)
    inner = "".join(_html(c) for c in node.children)
    if node.nocase and not inner:
        return ""
    for attr in reversed(STYLE_ATTRS):
        value = getattr(node, attr)
        if value is not None:
            open_, close = _HTML_WRAP[(attr, value)]
            inner = open_ + inner + close
    if node.display:
        inner = f'<div class="csl-{node.display}">{inner}</div>'
    return inner


# --- LaTeX ----------------------------------------------------------------

_LATEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "%": r"\%",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    "\u00a0": "~",
}


def escape_latex(text: str) -> str:
    """Escape every character TeX would treat as markup; text stays data, never code."""
    return "".join(_LATEX_ESCAPES.get(c, c) for c in text)


# (attribute, value) -> command opening a group; the group closes with "}".
# Values that only switch a feature off use commands that leave the others
# alone (\textulc undoes small caps but keeps italics; \textup keeps weight).
# The LaTeX writer shares this table, so `typeset cite --format latex` and the
# PDF route print the same markup.
LATEX_WRAP: dict[tuple[str, str], str] = {
    ("font_style", "italic"): r"\textit{",
    ("font_style", "oblique"): r"\textsl{",
    ("font_style", "normal"): r"\textup{",
    ("font_variant", "small-caps"): r"\textsc{",
    ("font_variant", "normal"): r"\textulc{",
    ("font_weight", "bold"): r"\textbf{",
    ("font_weight", "light"): "{",
    ("font_weight", "normal"): r"\textmd{",
    ("text_decoration", "underline"): r"\underline{",
    ("text_decoration", "none"): "{",
    ("vertical_align", "sup"): r"\textsuperscript{",
    ("vertical_align", "sub"): r"\textsubscript{",
    ("vertical_align", "baseline"): "{",
}


def _latex(node: Node) -> str:
    if isinstance(node, Text):
        return escape_latex(node.text)
    inner = "".join(_latex(c) for c in node.children)
    for attr in reversed(STYLE_ATTRS):
        value = getattr(node, attr)
        if value is not None:
            inner = LATEX_WRAP[(attr, value)] + inner + "}"
    if node.link:
        inner = r"\href{" + _escape_url(node.link) + "}{" + inner + "}"
    return inner


def _escape_url(url: str) -> str:
    return "".join("\\" + c if c in "#%{}\\" else c for c in url)
