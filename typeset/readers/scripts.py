"""Pandoc's superscript ``^x^`` and subscript ``~x~`` as markdown-it inline rules.

As in pandoc, the content may not hold unescaped spaces or newlines, so a
stray ``^`` or ``~`` in prose stays text; so do doubled markers (``~~``). ``^[`` is left to the inline-note
rule of the footnote plugin.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

from typeset.readers.positions import RuleFn


def _closing(src: str, start: int, end: int, marker: str) -> int:
    """Offset of the closing marker, or -1 when the span is empty or has whitespace."""
    pos = start + 1
    while pos < end:
        ch = src[pos]
        if ch == "\\":
            pos += 2
            continue
        if ch in " \t\n":
            return -1
        if ch == marker:
            return pos if pos > start + 1 else -1
        pos += 1
    return -1


def _script_rule(marker: str, name: str) -> RuleFn:
    def rule(state: StateInline, silent: bool) -> bool:
        start, src = state.pos, state.src
        if src[start] != marker or src.startswith(marker + "[", start):
            return False
        if src.startswith(marker * 2, start):
            return _literal_run(state, silent, marker)
        close = _closing(src, start, state.posMax, marker)
        if close < 0:
            return False
        if not silent:
            state.push(f"{name}_open", name, 1)
            old_max = state.posMax
            state.pos, state.posMax = start + 1, close
            state.md.inline.tokenize(state)
            state.posMax = old_max
            state.push(f"{name}_close", name, -1)
        state.pos = close + 1
        return True
    return rule


def _literal_run(state: StateInline, silent: bool, marker: str) -> bool:
    """A run such as ``~~`` (pandoc's strikeout, which the model lacks) stays text as
    typed; otherwise its second marker would open a subscript (``~~a~~`` -> ``~``a``~``)."""
    end = state.pos
    while end < state.posMax and state.src[end] == marker:
        end += 1
    if not silent:
        state.pending += state.src[state.pos:end]  # as the text rule does: positions stay right
    state.pos = end
    return True


def scripts_plugin(md: MarkdownIt) -> None:
    """Install ``^sup^`` and ``~sub~`` (after the footnote plugin, which owns ``^[``)."""
    md.inline.ruler.before("emphasis", "superscript", _script_rule("^", "sup"))
    md.inline.ruler.before("emphasis", "subscript", _script_rule("~", "sub"))
