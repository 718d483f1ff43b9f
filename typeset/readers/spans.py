"""Pandoc's bracketed spans ``[text]{#id .class key=value}`` as a markdown-it inline rule.

Humanities manuscripts use them for small capitals (``[nkvd]{.smallcaps}``),
underlining (``[x]{.ul}``, ``{.underline}``) and language switches
(``[Zeitgeist]{lang=de}``); without the rule the brackets and the attribute
block would print as typed. The rule runs before the citation and link rules,
and only where ``]`` is followed at once by an attribute block, so nothing
else that parsed before changes meaning. The tokens are ``span_open`` (with
the parsed :class:`~typeset.readers.attributes.Attributes` in ``meta["attrs"]``)
and ``span_close``.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

from typeset.readers.attributes import parse_attributes


@lru_cache(maxsize=16)
def last_close(src: str) -> int:
    """The offset of the last ``]`` in ``src`` (-1 if none), once per text: every ``[``
    asks, and a text of 100,000 ``[`` would otherwise scan to its end 100,000 times."""
    return src.rfind("]")


def _closing_bracket(src: str, start: int, end: int) -> int:
    """Offset of the ``]`` matching the ``[`` at ``start`` (escapes skipped), or -1."""
    if last_close(src) <= start:
        return -1
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


def _span_rule(state: StateInline, silent: bool) -> bool:
    start, src = state.pos, state.src
    if src[start] != "[":
        return False
    close = _closing_bracket(src, start, state.posMax)
    if close < 0 or close == start + 1:
        return False
    attributes = parse_attributes(src[:state.posMax], close + 1)
    if attributes is None or attributes.raw_format:
        return False
    if not silent:
        state.push("span_open", "span", 1).meta["attrs"] = attributes
        old_max = state.posMax
        state.pos, state.posMax = start + 1, close
        state.md.inline.tokenize(state)
        state.posMax = old_max
        state.push("span_close", "span", -1)
    state.pos = attributes.end
    return True


def spans_plugin(md: MarkdownIt) -> None:
    """Install ``[text]{...}`` ahead of the citation and link rules that also start at ``[``."""
    md.inline.ruler.before("cite_bracket", "span", _span_rule)
