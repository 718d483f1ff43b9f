r"""Pandoc's fancy list markers for markdown-it's list rule: ``a.``, ``(iv)``, ``B)``, ``#.``,
``(1)`` and example lists ``(@)``/``(@label)``.

CommonMark knows only ``1.`` and ``1)``. Rather than a second list rule (the
item, indentation, laziness and tight/loose logic of markdown-it's is subtle and
well tested), this rule runs just before markdown-it's ``list`` rule, at every
line where a list item could start (the block tokenizer, and the ``list``,
``paragraph`` and ``blockquote`` terminator checks), and rewrites a fancy
marker *in place* into a decimal marker of the same width: ``(a)`` becomes
``01)``, ``(iv)`` ``001)``, ``#.`` ``1.``. Item contents start at the same
column, so nesting and continuation lines are read exactly as they are written,
and the marker itself never reaches the inline content. What was written is
kept in ``env["list_markers"]`` (line -> marker text and delimiter); the reader
turns it into the list's style, delimiter, start number and example labels, and
starts a new list where the style or delimiter changes (as pandoc does).

Pandoc's rules kept here: a fancy list cannot interrupt a paragraph (a sublist in
a list item can), a capital letter with a period needs two spaces after it
(``A.  Smith``), so that initials are not lists, and the marker is followed by a
space or the end of the line. Decimal ``1.``/``1)`` markers are left to
markdown-it and only recorded.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from typeset.doc.model import ListDelim as Delim
from typeset.doc.model import ListStyle

_MARKER = re.compile(r"(\()?(#|@[\w-]*|[0-9]{1,9}|[A-Za-z]+)([.)])")
_ROMAN = re.compile(r"m{0,4}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def is_roman(text: str) -> bool:
    return bool(text) and (text.islower() or text.isupper()) \
        and _ROMAN.fullmatch(text.lower()) is not None


def roman_value(text: str) -> int:
    values = [_ROMAN_VALUES[c] for c in text.lower()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v
               for i, v in enumerate(values))


def marker_at(text: str, pos: int, end: int) -> tuple[str, Delim, int] | None:
    """The list marker starting at ``pos`` (its text without delimiters, the delimiter, and
    the position after it), or None when there is no pandoc list marker there."""
    match = _MARKER.match(text, pos, end)
    if match is None:
        return None
    paren, body, close = match.groups()
    if paren and close != ")":
        return None
    if body.isalpha() and len(body) > 1 and not is_roman(body):
        return None
    after = match.end()
    if after < end and text[after] not in " \t":
        return None
    if close == "." and len(body) == 1 and body.isupper() and after < end \
            and not text.startswith(("  ", "\t"), after) and not text.startswith(" \t", after):
        return None  # "A. Smith": initials, not a list (pandoc wants two spaces)
    delim: Delim = "two-parens" if paren else "paren" if close == ")" else "period"
    return body, delim, after


def _fancy_list_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.is_code_block(start):
        return False
    indent = state.sCount[start]
    if state.listIndent >= 0 and indent - state.listIndent >= 4 and indent < state.blkIndent:
        return False  # markdown-it's list rule refuses this line too
    pos, maximum = state.bMarks[start] + state.tShift[start], state.eMarks[start]
    found = marker_at(state.src, pos, maximum)
    if found is None:
        return False
    body, delim, after = found
    markers: dict[int, tuple[str, Delim]] = state.env.setdefault("list_markers", {})
    if body.isdigit() and delim != "two-parens":
        markers.setdefault(start, (body, delim))  # CommonMark's own (or one rewritten here)
        return False
    in_paragraph = state.parentType == "paragraph" and indent >= state.blkIndent
    if in_paragraph and (state.listIndent < 0 or state.skipSpaces(after) >= maximum):
        return False  # pandoc: a list does not interrupt a paragraph (a sublist may)
    width = after - pos - 1
    if width > 9:
        return False  # markdown-it reads at most nine digits
    digits = "1".rjust(width, "0") + ("." if delim == "period" else ")")
    state.src = state.src[:pos] + digits + state.src[after:]
    markers[start] = (body, delim)
    return False


Run = tuple[int, int, ListStyle, Delim, int]


def _style_of(body: str) -> tuple[ListStyle, int]:
    """The style and number of a list's first marker, in pandoc's order: decimal, example,
    ``#``, ``i``/``I`` as roman one, a single letter, a roman numeral."""
    if body.isdigit():
        return "decimal", int(body)
    if body.startswith("@"):
        return "example", 1
    if body == "#":
        return "decimal", 1
    if body in ("i", "I"):
        return ("lower-roman" if body == "i" else "upper-roman"), 1
    if len(body) == 1:
        return ("lower-alpha" if body.islower() else "upper-alpha"), ord(body.lower()) - 96
    return ("lower-roman" if body.islower() else "upper-roman"), roman_value(body)


def _continues(body: str, style: ListStyle) -> bool:
    """Whether a later item's marker belongs to a list of ``style`` (``#`` fits any)."""
    if body == "#":
        return style != "example"
    if style == "decimal":
        return body.isdigit()
    if style == "example":
        return body.startswith("@")
    if style in ("lower-alpha", "upper-alpha"):
        return len(body) == 1 and body.isalpha() and body.islower() == (style == "lower-alpha")
    return is_roman(body) and body.islower() == (style == "lower-roman")


def ordered_runs(markers: list[tuple[str, Delim]]) -> list[Run]:
    """The items of one markdown-it list as pandoc's lists: (first, end, style, delimiter,
    start) for each run of items whose markers share a style and a delimiter."""
    runs: list[Run] = []
    for index, (body, delim) in enumerate(markers):
        if runs:
            first, _, style, run_delim, start = runs[-1]
            if delim == run_delim and _continues(body, style):
                runs[-1] = (first, index + 1, style, run_delim, start)
                continue
        style, start = _style_of(body)
        runs.append((index, index + 1, style, delim, start))
    return runs


def fancy_lists_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("list", "fancy_list", _fancy_list_rule,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    _restore_parent_type(md, "lheading")


def _restore_parent_type(md: MarkdownIt, name: str) -> None:
    """markdown-it's ``lheading`` sets ``parentType = "paragraph"`` and, when the text is no
    setext heading, returns without restoring it; the list rule after it would then take
    the next item for a paragraph's continuation (this rule needs the true parent)."""
    rule = next(r for r in md.block.ruler.__rules__ if r.name == name)
    original = rule.fn

    def restored(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        parent = state.parentType
        try:
            return bool(original(state, start, end, silent))
        finally:
            if state.parentType == "paragraph" and parent != "paragraph":
                state.parentType = parent

    md.block.ruler.at(name, restored, {"alt": list(rule.alt)})
