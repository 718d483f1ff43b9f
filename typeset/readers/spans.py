"""Pandoc's bracketed small-caps span ``[text]{.smallcaps}`` as a markdown-it inline rule.

Humanities manuscripts use it for acronyms and names set in small capitals
(``[nkvd]{.smallcaps}``); without the rule the brackets and the attribute block
would print as typed. Only the ``.smallcaps`` class is understood (the document
model has no other span); any other ``[...]{...}`` is left to the citation and
link rules, so nothing that parsed before changes meaning.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

_SMALLCAPS = re.compile(r"\{\s*\.smallcaps\s*\}")


def _closing_bracket(src: str, start: int, end: int) -> int:
    """Offset of the ``]`` matching the ``[`` at ``start`` (escapes skipped), or -1."""
    depth, pos = 0, start
    while pos < end:
        ch = src[pos]
        if ch == "\\":
            pos += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return pos
        pos += 1
    return -1


def _smallcaps_rule(state: StateInline, silent: bool) -> bool:
    start, src = state.pos, state.src
    if src[start] != "[":
        return False
    close = _closing_bracket(src, start, state.posMax)
    if close < 0 or close == start + 1:
        return False
    attributes = _SMALLCAPS.match(src, close + 1, state.posMax)
    if attributes is None:
        return False
    if not silent:
        state.push("smallcaps_open", "span", 1)
        old_max = state.posMax
        state.pos, state.posMax = start + 1, close
        state.md.inline.tokenize(state)
        state.posMax = old_max
        state.push("smallcaps_close", "span", -1)
    state.pos = attributes.end()
    return True


def spans_plugin(md: MarkdownIt) -> None:
    """Install ``[text]{.smallcaps}`` ahead of the citation and link rules that also start at ``[``."""
    md.inline.ruler.before("cite_bracket", "smallcaps", _smallcaps_rule)
