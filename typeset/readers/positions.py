"""Source positions for inline tokens, which markdown-it does not record.

markdown-it gives block tokens line ranges (``token.map``) but inline tokens
nothing. We wrap every inline rule so each token it pushes gets
``meta["pos"]``: its offset in the inline source (the block's ``content``).
Text is buffered as "pending" and flushed later, so the wrapper also tracks
where the pending run began. :class:`LineMap` then turns an offset in a
block's content into the line and column of the Markdown file.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from typeset.diagnostics import Span
from typeset.doc.model import Str

RuleFn = Callable[[StateInline, bool], bool]

_PENDING = "_ts_pending_start"


def _tag_new_tokens(state: StateInline, first: int, start: int, flushed_start: int | None) -> None:
    """Give untagged tokens pushed by one rule a position.

    The first may be the pending text the push flushed (it began at
    ``flushed_start``); other text was flushed by a nested tokenise (link
    text, citation prefixes) and began where the last pending run began.
    """
    for index, tok in enumerate(state.tokens[first:]):
        if "pos" in tok.meta:
            continue
        if index == 0 and tok.type == "text" and flushed_start is not None:
            tok.meta["pos"] = flushed_start
        elif tok.type == "text":
            tok.meta["pos"] = getattr(state, _PENDING, start)
        else:
            tok.meta["pos"] = start


def _wrap(fn: RuleFn) -> RuleFn:
    def rule(state: StateInline, silent: bool) -> bool:
        start, count, had_pending = state.pos, len(state.tokens), bool(state.pending)
        before = getattr(state, _PENDING, start)
        matched = fn(state, silent)
        if not matched or silent:
            return matched
        pushed = len(state.tokens) > count
        _tag_new_tokens(state, count, start, before if had_pending else None)
        if state.pending and (not had_pending or pushed):
            setattr(state, _PENDING, start)
        return True
    return rule


def _tag_final_flush(state: StateInline) -> None:
    """The text flushed at the end of tokenising was pushed outside any rule."""
    for tok in reversed(state.tokens):
        if "pos" in tok.meta:
            break
        if tok.type == "text":
            tok.meta["pos"] = getattr(state, _PENDING, 0)


def _wrap_inline_note(fn: RuleFn) -> RuleFn:
    """Inline notes are parsed from a substring: shift their tokens to our offsets."""
    def rule(state: StateInline, silent: bool) -> bool:
        start = state.pos
        notes: dict[int, Any] = state.env.get("footnotes", {}).get("list", {})
        first_id = len(notes)
        matched = fn(state, silent)
        if matched and not silent:
            notes = state.env["footnotes"]["list"]
            for note_id in range(first_id, len(notes)):
                for tok in notes[note_id].get("tokens", []):
                    tok.meta["pos"] = tok.meta.get("pos", 0) + start + 2
        return matched
    return rule


def track_positions(md: MarkdownIt) -> None:
    """Install position tracking; call after every other inline rule is installed."""
    for rule in list(md.inline.ruler.__rules__):
        fn = rule.fn
        if rule.name == "footnote_inline":
            fn = _wrap_inline_note(fn)
        md.inline.ruler.at(rule.name, _wrap(fn))
    md.inline.ruler2.before("balance_pairs", "ts_final_flush", _tag_final_flush)


class LineMap:
    """Offsets in a block's inline content -> (line, column) in the source file.

    markdown-it strips container markers and indentation from each line of the
    content, so each content line is found at the end of its source line.
    """

    def __init__(self, content: str, lines: list[str], first_line: int):
        self.starts: list[int] = []
        self.cols: list[int] = []
        self.first_line = first_line
        offset = 0
        for i, text in enumerate(content.split("\n")):
            self.starts.append(offset)
            offset += len(text) + 1
            source = lines[first_line + i] if first_line + i < len(lines) else ""
            self.cols.append(_column_of(text, source))

    def position(self, offset: int) -> tuple[int, int]:
        index = max(0, bisect.bisect_right(self.starts, offset) - 1)
        return self.first_line + index + 1, self.cols[index] + offset - self.starts[index] + 1


_new = object.__new__


def str_at(text: str, linemap: LineMap, path: str, offset: int) -> Str:
    """``Str(text, Span(path, *linemap.position(offset)))``, made without the frozen
    dataclasses' ``__init__`` (one per word of the manuscript: this is the reader's
    hottest line). The objects are the same: equal, hashing alike, pickling alike."""
    starts = linemap.starts
    index = bisect.bisect_right(starts, offset) - 1
    if index < 0:
        index = 0
    span = _new(Span)
    fields = span.__dict__
    fields["path"] = path
    fields["line"] = linemap.first_line + index + 1
    fields["col"] = linemap.cols[index] + offset - starts[index] + 1
    word = _new(Str)
    fields = word.__dict__
    fields["text"] = text
    fields["span"] = span
    return word


def _column_of(text: str, source: str) -> int:
    """0-based column where the content line ``text`` starts in ``source``."""
    core, src = text.rstrip(), source.rstrip()
    if core and src.endswith(core):
        return len(src) - len(core)
    found = source.find(core) if core else -1
    return found if found >= 0 else len(source) - len(source.lstrip())


def token_pos(token: Token) -> int | None:
    pos = token.meta.get("pos") if token.meta else None
    return pos if isinstance(pos, int) else None
