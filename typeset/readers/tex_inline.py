r"""A few LaTeX text commands written in Markdown, read as the model's own nodes.

Theses converted from LaTeX, or written for pandoc's LaTeX output, carry
``\emph{...}``, ``\textbf{...}``, ``\texttt{...}``, ``\textsc{...}``, ``\underline{...}``,
``\url{...}``, ``\href{url}{text}``, ``\footnote{...}`` and natbib/biblatex citations
(``\cite{a,b}``, ``\citep[p.~3]{a}``, ``\citet{a}``, ``\parencite``, ``\textcite``,
``\autocite``) in their Markdown. Pandoc passes them to LaTeX only; our routes print bare
TeX literally (it never runs), so such a thesis came out with ``\footnote{Source: \url{...}}``
on its pages. Here each becomes the same tokens markdown-it makes for ``*x*``, ``**x**``,
`` `x` ``, ``[x]{.smallcaps}``, ``[x]{.ul}``, ``<url>``, ``[text](url)``, ``^[note]`` and
``[@a; @b]``, so both routes set it and nothing is run: the argument is Markdown text again
(a note may hold emphasis, links, citations), and a URL goes through the same link checks
as any other. A command with unbalanced braces, or any other command, stays text (and the
reader's ``md-raw`` warning names it).

Our own rule rather than a LaTeX parser (pylatexenc): the commands are few, their arguments
must stay Markdown, and positions must map back to the source like every other token.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from typeset.readers.attributes import Attributes
from typeset.readers.citations import parse_locator
from typeset.readers.math_macros import matching_close

_NAME = re.compile(r"\\([A-Za-z]+)")
_FORMATS = {  # command -> (token type prefix, tag, span classes)
    "emph": ("em", "em", ()), "textit": ("em", "em", ()), "textsl": ("em", "em", ()),
    "textbf": ("strong", "strong", ()),
    "textsc": ("span", "span", ("smallcaps",)), "underline": ("span", "span", ("underline",)),
}
_CITES = {"cite": "normal", "citep": "normal", "parencite": "normal", "autocite": "normal",
          "Cite": "normal", "Citep": "normal", "Parencite": "normal", "Autocite": "normal",
          "footcite": "normal", "citet": "narrative", "textcite": "narrative",
          "Citet": "narrative", "Textcite": "narrative"}
_KEY = re.compile(r"[\w:.#$%&+?<>~/-]+")


def _group(src: str, pos: int, end: int, open_: str = "{", close: str = "}") -> int:
    """The offset of the ``close`` matching the ``open_`` at ``pos``, or -1."""
    return matching_close(src, pos, end, open_, close, within_paragraph=True)


def _tokenize(state: StateInline, lo: int, hi: int) -> None:
    old_pos, old_max = state.pos, state.posMax
    state.pos, state.posMax = lo, hi
    if lo < hi:
        state.md.inline.tokenize(state)
    state.pos, state.posMax = old_pos, old_max


def _push(state: StateInline, kind: str, tag: str, nesting: int,
          attrs: Attributes | None = None) -> Token:
    token = state.push(kind, tag, nesting)  # type: ignore[arg-type]
    if attrs is not None:
        token.meta = {"attrs": attrs}
    return token


def tex_inline_rule(state: StateInline, silent: bool) -> bool:
    src, start, end = state.src, state.pos, state.posMax
    if src[start] != "\\":
        return False
    match = _NAME.match(src, start, end)
    if match is None:
        return False
    name, pos = match.group(1), match.end()
    if name in _FORMATS or name in ("texttt", "url", "footnote"):
        close = _group(src, pos, end)
        if close < 0:
            return False
        if not silent:
            _one_argument(state, name, pos + 1, close)
        state.pos = close + 1
        return True
    if name == "href":
        close = _group(src, pos, end)
        text_close = _group(src, close + 1, end) if close > 0 else -1
        if text_close < 0:
            return False
        if not silent:
            link = state.push("link_open", "a", 1)
            link.attrs = {"href": src[pos + 1:close].strip()}
            _tokenize(state, close + 2, text_close)
            state.push("link_close", "a", -1)
        state.pos = text_close + 1
        return True
    if name in _CITES and state.linkLevel == 0 and not getattr(state, "_ts_in_cite", False):
        return _cite(state, silent, _CITES[name], pos)
    return False


def _one_argument(state: StateInline, name: str, lo: int, hi: int) -> None:
    src = state.src
    if name in _FORMATS:
        kind, tag, classes = _FORMATS[name]
        attrs = Attributes(classes=classes) if classes else None
        _push(state, f"{kind}_open", tag, 1, attrs)
        _tokenize(state, lo, hi)
        _push(state, f"{kind}_close", tag, -1)
    elif name == "texttt":
        token = state.push("code_inline", "code", 0)
        token.content = src[lo:hi].replace("\\_", "_").replace("\\&", "&").replace("\\%", "%")
        token.markup = "`"
    elif name == "url":
        url = src[lo:hi].strip()
        link = state.push("link_open", "a", 1)
        link.attrs = {"href": url}
        text = state.push("text", "", 0)
        text.content = url
        state.push("link_close", "a", -1)
    else:  # footnote: the same tokens as pandoc's ^[inline note]
        from mdit_py_plugins.footnote.index import _data_from_env

        refs = _data_from_env(state.env)["list"]
        ident = len(refs)
        tokens: list[Token] = []
        refs[ident] = {"content": src[lo:hi], "tokens": tokens}
        state.md.inline.parse(src[lo:hi], state.md, state.env, tokens)
        note = state.push("footnote_ref", "", 0)
        note.meta = {"id": ident}


def _cite(state: StateInline, silent: bool, mode: str, pos: int) -> bool:
    """``\\citep[pre][post]{a,b}``: the keys, one optional note (the locator and suffix of
    the last key) or two (the first key's prefix, then the suffix)."""
    src, end = state.src, state.posMax
    notes: list[tuple[int, int]] = []
    while len(notes) < 2 and pos < end and src[pos] == "[":
        close = _group(src, pos, end, "[", "]")
        if close < 0:
            return False
        notes.append((pos + 1, close))
        pos = close + 1
    close = _group(src, pos, end)
    if close < 0:
        return False
    keys = [key.strip() for key in src[pos + 1:close].split(",")]
    if not keys or not all(_KEY.fullmatch(key) for key in keys):
        return False
    if silent:
        state.pos = close + 1
        return True
    prefix = notes[0] if len(notes) == 2 else None
    suffix = notes[-1] if notes else None
    opener = state.push("cite_open", "", 1)
    opener.meta = {"mode": mode, "pos": state.pos}
    setattr(state, "_ts_in_cite", True)  # noqa: B010 - no cites inside prefixes/suffixes
    for index, key in enumerate(keys):
        last = index == len(keys) - 1
        locator = parse_locator(src[suffix[0]:suffix[1]].replace("~", " ")) \
            if suffix and last else None
        item = state.push("cite_item_open", "", 1)
        item.meta = {"key": key, "pos": pos + 1 + src[pos + 1:close].find(key),
                     "suppress_author": False,
                     "locator": locator.value if locator else None,
                     "label": locator.label if locator else None}
        state.push("cite_prefix_open", "", 1)
        if prefix and not index:
            _tokenize(state, *prefix)
        state.push("cite_prefix_close", "", -1)
        state.push("cite_suffix_open", "", 1)
        if suffix and last and locator is not None:
            _tokenize(state, suffix[0] + locator.end, suffix[1])
        state.push("cite_suffix_close", "", -1)
        state.push("cite_item_close", "", -1)
    setattr(state, "_ts_in_cite", False)  # noqa: B010
    state.push("cite_close", "", -1)
    state.pos = close + 1
    return True


def tex_inline_plugin(md: MarkdownIt) -> None:
    """Install the rule before markdown-it's escapes (both start at a backslash)."""
    md.inline.ruler.before("escape", "tex_inline", tex_inline_rule)
