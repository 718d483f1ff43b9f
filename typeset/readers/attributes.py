"""Pandoc attribute blocks ``{#id .class key=value key="quoted value"}`` and ``{=format}``.

Hand-written rather than mdit-py-plugins' ``attrs``: that plugin follows djot,
so pandoc's unquoted ``width=50%`` is not an attribute there and would print
as typed, and it cannot read ``{=latex}`` (raw inline) or ``{-}``.

:func:`attach_inline_attributes` moves a block written right after an image,
a code span or a bracketed span from the following text into the token's
``meta["attrs"]``, shifting the text's source offset so positions stay exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.token import Token

_WORD = re.compile(r"""\s*(?:(#[^\s}]+)|(\.[^\s}]+)|(-)(?=[\s}])|([\w:.-]+)=("(?:[^"\\]|\\.)*"|'[^']*'|[^\s}"']*))""")
_RAW = re.compile(r"\{=([A-Za-z][\w-]*)\}")


@dataclass(frozen=True)
class Attributes:
    ident: str | None = None
    classes: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    end: int = 0  # offset just after the closing brace
    raw_format: str | None = None

    def get(self, key: str) -> str | None:
        return next((v for k, v in self.pairs if k == key), None)


def parse_attributes(text: str, start: int = 0) -> Attributes | None:
    """The attribute block starting at ``text[start]`` (a ``{``), or None if it is none."""
    if not text.startswith("{", start):
        return None
    raw = _RAW.match(text, start)
    if raw:
        return Attributes(raw_format=raw.group(1).lower(), end=raw.end())
    pos, ident = start + 1, None
    classes: list[str] = []
    pairs: list[tuple[str, str]] = []
    while True:
        while pos < len(text) and text[pos] in " \t\n":
            pos += 1
        if pos < len(text) and text[pos] == "}":
            if pos == start + 1:
                return None  # "{}" is text
            return Attributes(ident, tuple(classes), tuple(pairs), pos + 1)
        match = _WORD.match(text, pos)
        if match is None or match.end() == pos:
            return None
        hash_word, class_word, minus, key, value = match.groups()
        if hash_word:
            ident = hash_word[1:]
        elif class_word:
            classes.append(class_word[1:])
        elif minus:
            classes.append("unnumbered")
        else:
            pairs.append((key, _unquote(value)))
        pos = match.end()


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


_TAKES_ATTRIBUTES = {"image", "code_inline", "span_close", "link_close"}


def attach_inline_attributes(tokens: list[Token]) -> None:
    """Move ``{...}`` right after images, code spans and spans into ``meta["attrs"]``."""
    for index, tok in enumerate(tokens[:-1]):
        following = tokens[index + 1]
        if tok.type not in _TAKES_ATTRIBUTES or following.type != "text":
            continue
        attrs = parse_attributes(following.content)
        if attrs is None and following.content.startswith("{"):
            attrs = _across_lines(tokens, index + 1)
            if attrs is not None:
                tok.meta["attrs"] = attrs
                continue
        if attrs is None or (attrs.raw_format and tok.type != "code_inline"):
            continue
        tok.meta["attrs"] = attrs
        following.content = following.content[attrs.end:]
        if isinstance(following.meta.get("pos"), int):
            following.meta["pos"] += attrs.end


def _across_lines(tokens: list[Token], first: int) -> Attributes | None:
    """An attribute block broken over lines (pandoc allows it: ``{#fig:x\nwidth=50%}``):
    the attributes, the text tokens it spans emptied (the rest of the last kept)."""
    joined, last = tokens[first].content, first
    while last + 1 < len(tokens) and tokens[last + 1].type in ("softbreak", "text",
                                                               "text_special"):
        last += 1
        joined += " " if tokens[last].type == "softbreak" else tokens[last].content
        if tokens[last].type == "softbreak":
            continue
        attrs = parse_attributes(joined)
        if attrs is None or attrs.raw_format:
            continue
        if attrs.end <= len(joined) - len(tokens[last].content):
            return None  # closed before the last line: not one block
        rest = joined[attrs.end:]
        for index in range(first, last):
            tokens[index].type, tokens[index].content = "text", ""
        tokens[last].content = rest
        return attrs
    return None
