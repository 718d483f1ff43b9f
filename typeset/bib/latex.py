"""LaTeX in BibTeX field values -> Unicode text with citeproc-js mini-markup.

Why our own walk over pylatexenc's nodes instead of ``latex2text`` alone:
BibTeX gives braces a meaning LaTeX does not (``{Protected}`` words keep
their case, ``{\\"o}`` is a "special character"), and formatting commands
must become the mini-markup tags the CSL engine understands (``<i>``,
``<b>``, ``<sc>``, ``<sup>``, ``<sub>``, ``<span class="nocase">``).
Accents and symbols are left to pylatexenc's tables.

Escaping choice (documented for the CSL engine): the output is mini-markup
as citeproc-js reads it. ``&`` is a literal ampersand (citeproc-js does not
decode entities in input), and literal ``<`` / ``>`` are kept as they are:
citeproc-js treats anything that is not one of its known tags as text. The
only tags this module emits are the known ones above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text, get_default_latex_context_db
from pylatexenc.latexwalker import (
    LatexCharsNode,
    LatexCommentNode,
    LatexGroupNode,
    LatexMacroNode,
    LatexMathNode,
    LatexNode,
    LatexSpecialsNode,
    LatexWalker,
)
from pylatexenc.latexwalker import get_default_latex_context_db as get_walker_db

from typeset.bib import latex_tables
from typeset.bib.latex_fast import fast_decode

NOCASE_OPEN = '<span class="nocase">'
NOCASE_CLOSE = "</span>"

# Commands taking one argument that become a mini-markup tag (kept as a table, not as branches).
FORMAT_COMMANDS: dict[str, tuple[str, str]] = {
    "emph": ("<i>", "</i>"),
    "textit": ("<i>", "</i>"),
    "textsl": ("<i>", "</i>"),
    "mkbibemph": ("<i>", "</i>"),
    "mkbibitalic": ("<i>", "</i>"),
    "textbf": ("<b>", "</b>"),
    "mkbibbold": ("<b>", "</b>"),
    "textsc": ("<sc>", "</sc>"),
    "textsuperscript": ("<sup>", "</sup>"),
    "mkbibsuperscript": ("<sup>", "</sup>"),
    "textsubscript": ("<sub>", "</sub>"),
    "mkbibsubscript": ("<sub>", "</sub>"),
    "mkbibquote": ("\u201c", "\u201d"),
    "enquote": ("\u201c", "\u201d"),
    "textnormal": ("", ""),
    "textrm": ("", ""),
    "textup": ("", ""),
    "textsf": ("", ""),
    "texttt": ("", ""),
    "url": ("", ""),
    "nolinkurl": ("", ""),
    "mbox": ("", ""),
    "hbox": ("", ""),
    "NoCaseChange": (NOCASE_OPEN, NOCASE_CLOSE),
}

# Declarations that format the rest of their group: ``{\em text}``.
FORMAT_DECLARATIONS: dict[str, tuple[str, str]] = {
    "em": ("<i>", "</i>"),
    "it": ("<i>", "</i>"),
    "itshape": ("<i>", "</i>"),
    "sl": ("<i>", "</i>"),
    "bf": ("<b>", "</b>"),
    "bfseries": ("<b>", "</b>"),
    "sc": ("<sc>", "</sc>"),
    "scshape": ("<sc>", "</sc>"),
    "rm": ("", ""),
    "tt": ("", ""),
    "sf": ("", ""),
    "normalfont": ("", ""),
    "upshape": ("", ""),
}

# Tables of commands pylatexenc lacks or renders wrongly (latex_tables.py).
EXTRA_SYMBOLS = latex_tables.SYMBOLS
DROP_ARGUMENT = frozenset(latex_tables.DROP_ARGUMENTS)
# Accents that, on an empty group, print themselves (``\~{}`` is a tilde).
_BARE_ACCENTS = {"~": "~", "^": "^", "'": "'", "`": "`", '"': '"'}
_CITE = re.compile(
    r"\\(" + "|".join(sorted(latex_tables.CITE_COMMANDS, key=len, reverse=True)) + r")\*?"
    r"((?:\s*\[[^\]]*\]){0,2})((?:\s*\{[^{}]*\})+)"
)
# Commands whose argument is verbatim (``~`` is a tilde, ``%`` a percent sign), in
# braces or between a delimiter pair: ``\\url{a/~b}``, ``\\path|x@y.org|``, ``\\verb+x+``.
_VERBATIM = re.compile(
    r"\\(?:url|path|nolinkurl|verb)(?![A-Za-z@])\*?\s*(?:\{([^{}]*)\}|([^\sA-Za-z{}*\\])(.*?)\2)"
)
_PLACEHOLDER = 0xE000  # private-use characters stand for verbatim texts during the walk
_PRIMITIVE_NUMBER = re.compile(r"\\(?:spacefactor|penalty)\s*=?\s*-?\d+\s?")
_SINGLE_QUOTES = re.compile(r"`([^`']*)'")
_TAG = re.compile(r"(<[^>]*>)")

# Text without these needs no LaTeX walk (most fields: plain words and numbers).
_QUICK_SAFE = re.compile(r"[\\{}~$]|--|``|''|!`|\?`")
_WS = re.compile(r"[ \t\r\n\f\v]+")  # not \s: a ~ (no-break space) must survive
_BARE_PERCENT = re.compile(r"(?<!\\)%")
_TEXT_DB = get_default_latex_context_db()
# Built once: constructing these rebuilds pylatexenc's context tables (~0.2 ms).
_L2T = LatexNodes2Text(latex_context=_TEXT_DB, math_mode="text", strict_latex_spaces=False)
_WALKER_DB = get_walker_db()
# In a .bib value these are plain characters, not LaTeX alignment or parameters.
_LITERAL_SPECIALS = frozenset({"&", "#", "^", "_"})


@dataclass
class Decoded:
    """Decoded text plus the names of LaTeX commands the decoder did not know."""

    text: str
    unknown: list[str] = field(default_factory=list)
    cites: list[str] = field(default_factory=list)


def decode_latex(value: str, *, nocase: bool = True, markup: bool = True) -> Decoded:
    """Turn a raw BibTeX field value (macros resolved, LaTeX intact) into text.

    ``nocase`` wraps top-level ``{Protected}`` groups in no-case spans (off for
    name parts); ``markup`` off drops formatting tags (for names). Never raises:
    pylatexenc runs in tolerant mode and anything unexpected becomes text.
    """
    if not _QUICK_SAFE.search(value):
        return Decoded(_quotes(_WS.sub(" ", value).strip()))
    return _decode_cached(value, nocase, markup)


@lru_cache(maxsize=32768)
def _decode_cached(value: str, nocase: bool, markup: bool) -> Decoded:
    """Decoded values by field text: a file repeats its journals, publishers
    and names, and ``bib --all`` then ``cite`` decode each once. Callers only
    read the result."""
    raw = _decode_raw(value, nocase, markup)
    return Decoded(_finish(raw.text), raw.unknown, raw.cites)


def _finish(text: str) -> str:
    return _quotes(_WS.sub(" ", text).strip())


def _decode_raw(value: str, nocase: bool, markup: bool) -> Decoded:
    """The walk's text before white space is collapsed and quotes are read."""
    fast = None if _VERBATIM.search(value) else fast_decode(value, nocase=nocase)
    if fast is not None:
        return Decoded(fast)
    pieces = _top_level_pieces(value)
    if pieces is None:
        return _slow_raw(value, nocase, markup)
    decoded = [_piece_cached(piece, nocase, markup) for piece in pieces]
    return Decoded(
        "".join(d.text for d in decoded),
        [name for d in decoded for name in d.unknown],
        [cite for d in decoded for cite in d.cites],
    )


@lru_cache(maxsize=32768)
def _piece_cached(piece: str, nocase: bool, markup: bool) -> Decoded:
    """One top-level run or group: ``{\\TeX book}`` or ``{$O(n \\log n)$}``
    recurs across a file's titles even when the titles differ."""
    fast = None if _VERBATIM.search(piece) else fast_decode(piece, nocase=nocase)
    return Decoded(fast) if fast is not None else _slow_raw(piece, nocase, markup)


def _top_level_pieces(value: str) -> list[str] | None:
    """``value`` cut into its top-level text runs and ``{groups}``, when the walk
    of the whole is the walk of the pieces joined: no run holds a command (which
    could take the next group as its argument or format the rest, ``\\bf``), math
    (``$`` spans groups) or a comment. None otherwise, or with no group to cut."""
    pieces: list[str] = []
    start = 0
    depth = 0
    index = 0
    length = len(value)
    while index < length:
        char = value[index]
        if char == "\\":
            if depth == 0:
                return None
            index += 2
            continue
        if char == "{":
            if depth == 0 and index > start:
                pieces.append(value[start:index])
                start = index
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return None
            if depth == 0:
                pieces.append(value[start : index + 1])
                start = index + 1
        elif depth == 0 and char in "$%":
            return None
        index += 1
    if start < length:
        pieces.append(value[start:])
    return pieces if depth == 0 and len(pieces) > 1 else None


def _slow_decode(value: str, nocase: bool, markup: bool) -> Decoded:
    """pylatexenc's walk, for everything the fast path does not read."""
    raw = _slow_raw(value, nocase, markup)
    return Decoded(_finish(raw.text), raw.unknown, raw.cites)


def _slow_raw(value: str, nocase: bool, markup: bool) -> Decoded:
    cites: list[str] = []
    if "\\spacefactor" in value or "\\penalty" in value:  # TeX primitives with a number
        value = _PRIMITIVE_NUMBER.sub("", value)
    if "\\" in value and "cite" in value.lower():
        value = _CITE.sub(lambda m: _cite_text(m, cites), value)
    verbatim: list[str] = []
    if "\\" in value:
        value = _VERBATIM.sub(lambda m: _hold(m, verbatim), value)
    source = _BARE_PERCENT.sub(r"\\%", value)
    walker = _Walker(nocase=nocase, markup=markup)
    try:
        walker_ = LatexWalker(source, latex_context=_WALKER_DB, tolerant_parsing=True)
        nodes = walker_.get_latex_nodes()[0]
        text = walker.nodes(nodes or [], depth=0)
    except Exception:  # pylatexenc's tolerant mode still raises on odd input
        text = value.replace("{", "").replace("}", "")
    for index, held in enumerate(verbatim):
        text = text.replace(chr(_PLACEHOLDER + index), held)
    return Decoded(text, walker.unknown, cites)


def _hold(match: re.Match[str], verbatim: list[str]) -> str:
    """A verbatim argument replaced by a placeholder the walk leaves alone; the
    text goes back in after the walk."""
    if len(verbatim) >= 0x1000:
        return match.group(0)
    verbatim.append(match.group(1) if match.group(1) is not None else match.group(3))
    return chr(_PLACEHOLDER + len(verbatim) - 1)


def _cite_text(match: re.Match[str], cites: list[str]) -> str:
    """``\\cite[p.~3]{a,b}`` -> ``[a, b]`` (the keys; notes dropped)."""
    keys = [k.strip() for k in re.findall(r"\{([^{}]*)\}", match.group(3)) for k in k.split(",")]
    keys = [k for k in keys if k]
    cites.append(match.group(0))
    # Braced so that the keys keep their case and no LaTeX in them is read.
    return "{[" + ", ".join(keys).replace("_", "\\_") + "]}"


def _quotes(text: str) -> str:
    """LaTeX's single quotes: `` `x' `` -> ‘x’ (a lone ' stays an apostrophe)."""
    if "`" not in text:
        return text
    return _SINGLE_QUOTES.sub("\u2018\\1\u2019", text).replace("`", "\u2018")


def _change_case(text: str, how: str) -> str:
    """Upper- or lower-case the text, not the mini-markup tags."""
    return "".join(
        piece if piece.startswith("<") else getattr(piece, how)() for piece in _TAG.split(text)
    )


class _Walker:
    """One decoding pass; collects unknown command names as it goes."""

    def __init__(self, *, nocase: bool, markup: bool) -> None:
        self.nocase = nocase
        self.markup = markup
        self.unknown: list[str] = []

    def nodes(self, nodes: list[LatexNode], depth: int) -> str:
        parts: list[str] = []
        index = 0
        while index < len(nodes):
            node = nodes[index]
            if isinstance(node, LatexMacroNode) and node.macroname in FORMAT_DECLARATIONS:
                open_, close = self._tags(FORMAT_DECLARATIONS[node.macroname])
                rest = self.nodes(nodes[index + 1 :], depth).lstrip()
                parts.append(f"{open_}{rest}{close}" if rest else "")
                break
            if isinstance(node, LatexMacroNode) and not _has_args(node):
                text, used = self.bare_macro(node, nodes[index + 1 :], depth)
                parts.append(text)
                index += 1 + used
                continue
            parts.append(self.node(node, depth))
            index += 1
        return "".join(parts)

    def bare_macro(
        self, node: LatexMacroNode, following: list[LatexNode], depth: int
    ) -> tuple[str, int]:
        """A command pylatexenc parsed without arguments: take its groups ourselves.

        pylatexenc only knows the argument shape of LaTeX's own commands, so
        ``\\mkbibquote{x}`` or ``\\href{u}{t}`` arrive as a bare command followed
        by groups; an unknown command's group is its argument, not protection.
        Returns the text and how many following nodes were used.
        """
        name = node.macroname
        if name in EXTRA_SYMBOLS:
            return EXTRA_SYMBOLS[name], 0
        if name in DROP_ARGUMENT:
            return "", len(_leading_groups(following, latex_tables.DROP_ARGUMENTS[name]))
        known = _TEXT_DB.get_macro_spec(name) is not None
        wants = latex_tables.LAST_OF.get(name, 1)
        if known and name not in FORMAT_COMMANDS and name not in latex_tables.LAST_OF:
            return _to_text([node]), 0
        if not known and name not in FORMAT_COMMANDS and name not in latex_tables.LAST_OF:
            self.unknown.append(name)
        groups = _leading_groups(following, wants)
        inner = self.nodes(groups[-1].nodelist or [], depth) if len(groups) == wants else ""
        return self._wrap(name, inner), len(groups)

    def _wrap(self, name: str, inner: str) -> str:
        """A command's decoded argument with its tags or case change applied."""
        if not inner:
            return ""
        if name == "raisebox" and inner == "\u00a0":
            return "~"  # a raised tie is invisible: what was meant is a tilde (URLs)
        if name in latex_tables.CASE_COMMANDS:
            return _change_case(inner, latex_tables.CASE_COMMANDS[name])
        open_, close = self._tags(FORMAT_COMMANDS.get(name, ("", "")))
        return f"{open_}{inner}{close}"

    def node(self, node: LatexNode, depth: int) -> str:
        if isinstance(node, LatexCharsNode):
            return str(node.chars)
        if isinstance(node, LatexGroupNode):
            return self.group(node, depth)
        if isinstance(node, LatexMacroNode):
            return self.macro(node, depth)
        if isinstance(node, LatexSpecialsNode):
            chars = str(node.specials_chars)
            return chars if chars in _LITERAL_SPECIALS else _to_text([node])
        if isinstance(node, LatexMathNode):
            return _math(node.nodelist or [])
        if isinstance(node, LatexCommentNode):
            return ""
        return _to_text([node])

    def group(self, node: LatexGroupNode, depth: int) -> str:
        children = node.nodelist or []
        inner = self.nodes(children, depth + 1)
        starts_with_command = bool(children) and isinstance(children[0], LatexMacroNode)
        # BibTeX: a top-level group that opens with a command is a "special
        # character", not case protection; any other top-level group protects.
        if depth == 0 and self.nocase and not starts_with_command and inner:
            return f"{NOCASE_OPEN}{inner}{NOCASE_CLOSE}"
        return inner

    def macro(self, node: LatexMacroNode, depth: int) -> str:
        name = node.macroname
        if name in FORMAT_COMMANDS or name in latex_tables.LAST_OF:
            return self._wrap(name, self._last_arg(node, depth))
        if name in _BARE_ACCENTS and _empty_argument(node):
            return _BARE_ACCENTS[name]
        return _to_text([node])

    def _last_arg(self, node: LatexMacroNode, depth: int) -> str:
        """A command's argument, read at the command's own depth: the argument
        braces delimit, they do not protect, but braces inside them do."""
        args = [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a is not None]
        if not args:
            return ""
        arg = args[-1]
        if isinstance(arg, LatexGroupNode):
            return self.nodes(arg.nodelist or [], depth)
        return self.node(arg, depth)

    def _tags(self, pair: tuple[str, str]) -> tuple[str, str]:
        if not self.markup and pair[0].startswith("<"):
            return "", ""
        return pair


def _to_text(nodes: list[LatexNode]) -> str:
    """pylatexenc's own rendering, for accents, symbols and math."""
    return str(_L2T.nodelist_to_text(nodes))


def _math(nodes: list[LatexNode]) -> str:
    """Math as text; a command keeps the space after it (``n \\log n``)."""
    parts = []
    for node in nodes:
        text = _to_text([node])
        if isinstance(node, LatexMacroNode) and node.macro_post_space and text[-1:].isalpha():
            text += " "
        parts.append(text)
    return "".join(parts)


def _empty_argument(node: LatexMacroNode) -> bool:
    args = [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a is not None]
    return len(args) == 1 and isinstance(args[0], LatexGroupNode) and not args[0].nodelist


def _has_args(node: LatexMacroNode) -> bool:
    args = (node.nodeargd.argnlist if node.nodeargd else None) or []
    return any(a is not None for a in args)


def _leading_groups(nodes: list[LatexNode], count: int) -> list[LatexGroupNode]:
    """Up to ``count`` groups at the start of ``nodes`` (BibTeX writes none between)."""
    groups: list[LatexGroupNode] = []
    for node in nodes[:count]:
        if not isinstance(node, LatexGroupNode):
            break
        groups.append(node)
    return groups
