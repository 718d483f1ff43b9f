"""Rich text and user text as LaTeX: the one serialiser, with its escape tables.

User text (Markdown, .bib fields, metadata) is data. Every character TeX could
read as markup goes through :func:`escape_text`, so ``\\input{/etc/passwd}``
prints as those characters and never runs. The only raw LaTeX is the fixed
markup emitted here and by ``typeset.writers.latex``.

The PDF route, ``typeset cite --format latex`` and ``typeset bib --format latex``
all serialise rich text with :func:`render_latex`: links are made safe inside
footnote arguments (where TeX has already tokenised ``^^5c`` into a backslash),
small caps are undone without resetting italics, CSL's ``display`` becomes
boxes and paragraph breaks, and a slash in text is a line-break opportunity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote

from typeset.rich.links import plain_url_text, url_segments
from typeset.rich.model import STYLE_ATTRS, Node, Styled, Text

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


# C0 controls and DEL: TeX treats most as invalid characters (an error) and
# form feed as an \outer \par. Tabs and line ends become spaces: a blank line
# inside a macro argument would be a paragraph break.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WHITESPACE = re.compile(r"[\t\r\n]")


def escape_text(text: str) -> str:
    """Escape user text for a LaTeX paragraph: printed literally, never interpreted."""
    text = _WHITESPACE.sub(" ", _CONTROL.sub("", text))
    return escape_latex(text)


_SLASH = re.compile(r"/(?!/)")


def escape_breakable(text: str) -> str:
    """:func:`escape_text` plus a line-break opportunity after a slash (not inside
    "//"), so URLs in notes break where WeasyPrint (Pango, UAX #14) breaks them."""
    return _SLASH.sub(r"/\\allowbreak{}", escape_text(text))


def escape_pdf_string(text: str) -> str:
    """Escape text for hyperref's PDF strings (metadata, bookmarks).

    Besides :func:`escape_text`, a hyphen gets an empty group after it, because
    hyperref's string conversion turns ``--`` into an en dash even when the
    font does not.
    """
    return escape_text(text).replace("-", "-{}")


# Characters left as they are in a URL handed to \href. Everything else is
# percent-encoded, which keeps TeX's specials (\ { } ^ ~ $ and space) out of
# the argument; # and % keep their URL meaning and are backslash-escaped,
# which \href understands even inside another command's argument; & and _
# pass through \href unharmed there too (tested in a footnote).
_URL_SAFE = "-._:/?=&+,;@!*'()[]" + "#%"


def escape_url(url: str) -> str:
    """A URL for ``\\href{...}``: percent-encoded outside a safe set, # and % escaped."""
    # quote() never encodes "~", an active character (a tie) in TeX.
    encoded = quote(_CONTROL.sub("", url), safe=_URL_SAFE).replace("~", "%7E")
    return encoded.replace("%", r"\%").replace("#", r"\#")


# --- rich text ----------------------------------------------------------------

# (attribute, value) -> command opening a group; the group closes with "}".
# Values that only switch a feature off use commands that leave the others
# alone (\textulc undoes small caps but keeps italics; \textup keeps weight).
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

# CSL display attribute -> (before, after). Bibliography entries of numbered
# styles use left-margin + right-inline; block and indent start new lines.
_DISPLAY: dict[str, tuple[str, str]] = {
    "block": (r"\par{}", r"\par{}"),
    "left-margin": (r"\makebox[2.5em][l]{", "}"),
    "right-inline": ("", ""),
    "indent": (r"\par\hspace*{2em}", r"\par{}"),
}


# LuaTeX keeps \lefthyphenmin/\righthyphenmin in each glyph, so a group with
# impossible minimums switches hyphenation off for just these characters.
_NO_HYPHENATION = r"{\lefthyphenmin=62\righthyphenmin=62\relax{}"


def render_latex(rich: Iterable[Node]) -> str:
    """Serialise rich text; its characters are escaped, its formatting is ours."""
    return "".join(_node(node) for node in rich)


def _node(node: Node) -> str:
    if isinstance(node, Text):
        return escape_breakable(node.text)
    url = plain_url_text(node)
    if url is not None:  # Chicago's break points only (rich.links.url_segments)
        return _wrap_styled(node, r"\allowbreak{}".join(escape_text(piece)
                                                        for piece in url_segments(url)))
    return _wrap_styled(node, render_latex(node.children))


def _wrap_styled(node: Styled, inner: str) -> str:
    if node.nocase and not inner:
        return ""
    for attr in reversed(STYLE_ATTRS):
        value = getattr(node, attr)
        if value is not None:
            inner = LATEX_WRAP.get((attr, value), "{") + inner + "}"
    if node.link:
        if "url" in node.classes:  # a printed URL or DOI: never hyphenated
            inner = _NO_HYPHENATION + inner + "}"
        if node.link.startswith("#"):  # a destination in the document (link-citations)
            inner = r"\hyperlink{" + escape_url(node.link[1:]) + "}{" + inner + "}"
        else:
            inner = r"\href{" + escape_url(node.link) + "}{" + inner + "}"
    if node.display:
        before, after = _DISPLAY.get(node.display, ("", ""))
        inner = before + inner + after
    return inner
