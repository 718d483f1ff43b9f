"""Pandoc's fenced divs (``:::``) and line blocks (``| ``) as markdown-it block rules.

Hand-written: mdit-py-plugins' ``container`` closes a div at the first fence
of its length, so nested ``:::`` divs (pandoc: a fence without attributes
always closes, one with attributes always opens) would end early, and no
plugin reads line blocks.

Tokens: ``div_open`` (``meta["attrs"]``: the parsed attributes) ... ``div_close``;
``line_block_open``, one ``inline`` token per line (``meta["indent"]``: the
leading spaces pandoc keeps), ``line_block_close``.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from typeset.readers.attributes import Attributes, parse_attributes

_OPEN = re.compile(r":{3,}\s*(\{.*\}|[^\s{}:]+)\s*:*\s*$")
_CLOSE = re.compile(r":{3,}\s*$")


def _line(state: StateBlock, line: int) -> str:
    start = state.bMarks[line] + state.tShift[line]
    return state.src[start:state.eMarks[line]]


def _opening(text: str) -> Attributes | None:
    match = _OPEN.match(text)
    if match is None:
        return None
    word = match.group(1)
    if word.startswith("{"):
        return parse_attributes(word)
    return Attributes(classes=(word,))


def _closing_line(state: StateBlock, start: int, end: int) -> int | None:
    """The line of the fence closing the div opened at ``start`` (nested divs counted)."""
    depth, in_code = 1, ""
    for line in range(start + 1, end):
        text = _line(state, line)
        fence = re.match(r"(`{3,}|~{3,})", text)
        if fence and (not in_code or text.startswith(in_code)):
            in_code = "" if in_code else fence.group(1)
            continue
        if in_code or state.sCount[line] - state.blkIndent >= 4:
            continue
        if _CLOSE.match(text):
            depth -= 1
            if depth == 0:
                return line
        elif _opening(text) is not None:
            depth += 1
    return None


def fenced_div_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    attrs = _opening(_line(state, start))
    if attrs is None:
        return False
    close = _closing_line(state, start, end)
    if close is None:
        return False
    if silent:
        return True
    opener = state.push("div_open", "div", 1)
    opener.map, opener.meta["attrs"] = [start, close + 1], attrs
    old_parent, old_max = state.parentType, state.lineMax
    state.parentType, state.lineMax = "div", close
    state.md.block.tokenize(state, start + 1, close)
    state.parentType, state.lineMax = old_parent, old_max
    state.push("div_close", "div", -1)
    state.line = close + 1
    return True


_LINE_START = re.compile(r"\|(?: |$)")


def line_block_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """``| text`` lines; a line starting with a space continues the one before."""
    if state.sCount[start] - state.blkIndent >= 4 or not _LINE_START.match(_line(state, start)):
        return False
    lines: list[tuple[int, str]] = []
    line = start
    while line < end and not state.isEmpty(line):
        raw = state.src[state.bMarks[line]:state.eMarks[line]]
        text = _line(state, line)
        if _LINE_START.match(text):
            lines.append((line, text[2:]))
        elif lines and raw[:1] in " \t":
            first, before = lines[-1]
            lines[-1] = (first, before + "\n" + text)
        else:
            break
        line += 1
    if silent:
        return True
    state.push("line_block_open", "div", 1).map = [start, line]
    for first, text in lines:
        body = text.lstrip(" ")
        tok = state.push("inline", "", 0)
        tok.content, tok.map, tok.children = body, [first, first + 1 + body.count("\n")], []
        tok.meta["indent"] = len(text) - len(body)
    state.push("line_block_close", "div", -1)
    state.line = line
    return True


_TEX_ENV = re.compile(r"\\begin\{(equation|align|gather|multline|flalign)(\*?)\}")


def tex_math_env_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """``\\begin{equation} ... \\end{equation}`` (and align, gather, multline) written in
    the text, as the JOSS template teaches: a display formula (a ``math_block`` token, as
    ``$$ ... $$``), even in the middle of a paragraph; an ``equation`` keeps only its body."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    opener = _TEX_ENV.match(_line(state, start))
    if opener is None:
        return False
    name, star = opener.groups()
    closing = "\\end{" + name + star + "}"
    line = start
    while line < end and closing not in _line(state, line):
        if line > start and state.isEmpty(line):
            return False  # a blank line: no formula (TeX would fail on it too)
        line += 1
    if line >= end or not _line(state, line).rstrip().endswith(closing):
        return False
    if silent:
        return True
    text = "\n".join(_line(state, n) for n in range(start, line + 1))
    if name == "equation":
        text = text[opener.end():text.rindex(closing)]
    tok = state.push("math_block", "math", 0)
    tok.content, tok.map, tok.markup = text.strip(), [start, line + 1], "$$"
    state.line = line + 1
    return True


def block_rules_plugin(md: MarkdownIt) -> None:
    """Fenced divs before fences (``:::`` is no code fence), line blocks before paragraphs
    (interrupting nothing: a pipe table's rows also start with ``|``)."""
    md.block.ruler.before("fence", "fenced_div", fenced_div_rule,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.block.ruler.before("paragraph", "line_block", line_block_rule)
    md.block.ruler.before("fence", "tex_math_env", tex_math_env_rule,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
