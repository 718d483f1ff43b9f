"""Markdown manuscript -> document model (blocks with source positions).

markdown-it-py with the CommonMark preset (typographer off: curly quotes and
dashes pass through exactly as typed), the footnote plugin (``[^id]`` and
``^[inline]`` notes), front matter (ignored), our citation rules
(:mod:`typeset.readers.citations`) and pandoc's ``^sup^``/``~sub~``. Raw
HTML is kept as literal text: the manuscript is data, never markup passed
through to a writer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from typeset.diagnostics import Diagnostic, Span, error, warning
from typeset.doc.model import (
    Block,
    BlockQuote,
    BulletList,
    Cite,
    CiteItem,
    Code,
    CodeBlock,
    Emph,
    Heading,
    HorizontalRule,
    Inline,
    LineBreak,
    Link,
    Note,
    OrderedList,
    Para,
    SmallCaps,
    SoftBreak,
    Space,
    Str,
    Strong,
    Subscript,
    Superscript,
)
from typeset.readers.citations import citations_plugin
from typeset.readers.positions import LineMap, token_pos, track_positions
from typeset.readers.scripts import scripts_plugin
from typeset.readers.spans import spans_plugin

_TEXT_TOKENS = {"text", "text_special", "html_inline"}


@lru_cache(maxsize=1)
def make_parser() -> MarkdownIt:
    """One configured parser, built once (position tracking must wrap every rule)."""
    md = MarkdownIt("commonmark", {"typographer": False})
    md.use(front_matter_plugin)
    md.use(footnote_plugin, move_to_end=False, always_match_refs=True)
    md.use(citations_plugin)
    md.use(scripts_plugin)
    md.use(spans_plugin)
    md.core.ruler.disable("text_join")  # keep escapes apart so offsets stay exact
    track_positions(md)
    return md


def _groups(tokens: list[Token]) -> Iterator[tuple[Token, list[Token]]]:
    """Each top-level token with the tokens nested inside it (empty for leaves)."""
    index = 0
    while index < len(tokens):
        tok = tokens[index]
        if tok.nesting != 1:
            yield tok, []
            index += 1
            continue
        depth, end = 1, index + 1
        while end < len(tokens) and depth:
            depth += tokens[end].nesting
            end += 1
        yield tok, tokens[index + 1 : end - 1]
        index = end


class _Reader:
    """Converts one file's token stream; collects diagnostics as it goes."""

    def __init__(self, text: str, path: str, env: dict[str, Any]):
        self.path = path
        self.lines = text.split("\n")
        self.env = env
        self.diagnostics: list[Diagnostic] = []
        self.definitions: dict[str, list[Token]] = {}
        self.def_lines: dict[str, int] = {}
        self.used: set[str] = set()
        self.converted: dict[str, tuple[Block, ...]] = {}
        self.active: set[str] = set()

    # --- blocks ---------------------------------------------------------

    def block_span(self, tok: Token) -> Span | None:
        if not tok.map:
            return None
        line = self.lines[tok.map[0]] if tok.map[0] < len(self.lines) else ""
        return Span(self.path, tok.map[0] + 1, len(line) - len(line.lstrip()) + 1)

    def blocks(self, tokens: list[Token]) -> tuple[Block, ...]:
        out: list[Block] = []
        for tok, inner in _groups(tokens):
            out.extend(self.block(tok, inner))
        return tuple(out)

    def block(self, tok: Token, inner: list[Token]) -> list[Block]:
        kind, span = tok.type, self.block_span(tok)
        if kind == "paragraph_open":
            return [Para(self.inline_block(inner), span)]
        if kind == "heading_open":
            children, number, ident = heading_attributes(self.inline_block(inner))
            return [Heading(int(tok.tag[1:]), children, number=number, ident=ident, span=span)]
        if kind == "blockquote_open":
            return [BlockQuote(self.blocks(inner), span)]
        if kind in ("bullet_list_open", "ordered_list_open"):
            return [self.list_block(tok, inner, span)]
        if kind in ("code_block", "fence"):
            return [CodeBlock(tok.content, tok.info.strip(), span)]
        if kind == "hr":
            return [HorizontalRule(span)]
        if kind == "html_block":
            return [Para(self.literal(tok.content.rstrip("\n"), tok), span)]
        if kind in ("footnote_reference_open", "front_matter"):
            return []
        return list(self.blocks(inner))

    def list_block(self, tok: Token, inner: list[Token], span: Span | None) -> Block:
        items = tuple(self.blocks(item_inner) for _, item_inner in _groups(inner))
        if tok.type == "bullet_list_open":
            return BulletList(items, span)
        start = tok.attrs.get("start", 1)
        return OrderedList(items, int(start) if isinstance(start, int | str) else 1, span)

    def literal(self, text: str, tok: Token) -> tuple[Inline, ...]:
        """Raw HTML block as plain text, line by line."""
        out: list[Inline] = []
        first = tok.map[0] if tok.map else 0
        for number, line in enumerate(text.split("\n")):
            if number:
                out.append(SoftBreak())
            linemap = LineMap(line, self.lines, first + number)
            out.extend(_words([(line, 0)], linemap, self.path))
        return tuple(out)

    # --- inlines --------------------------------------------------------

    def inline_block(self, inner: list[Token]) -> tuple[Inline, ...]:
        tok = next((t for t in inner if t.type == "inline"), None)
        if tok is None:
            return ()
        linemap = LineMap(tok.content, self.lines, tok.map[0] if tok.map else 0)
        return self.inlines(tok.children or [], linemap)

    def inlines(self, tokens: list[Token], linemap: LineMap) -> tuple[Inline, ...]:
        out: list[Inline] = []
        pending: list[tuple[str, int]] = []
        for tok, inner in _groups(tokens):
            if tok.type in _TEXT_TOKENS:
                pending.append((tok.content, token_pos(tok) or 0))
                continue
            out.extend(_words(pending, linemap, self.path))
            pending = []
            out.extend(self.inline(tok, inner, linemap))
        out.extend(_words(pending, linemap, self.path))
        return tuple(out)

    def span_at(self, tok: Token, linemap: LineMap) -> Span:
        line, col = linemap.position(token_pos(tok) or 0)
        return Span(self.path, line, col)

    def inline(self, tok: Token, inner: list[Token], linemap: LineMap) -> list[Inline]:
        kind = tok.type
        if kind == "softbreak":
            return [SoftBreak()]
        if kind == "hardbreak":
            return [LineBreak()]
        if kind == "code_inline":
            return [Code(tok.content)]
        if kind == "em_open":
            return [Emph(self.inlines(inner, linemap))]
        if kind == "strong_open":
            return [Strong(self.inlines(inner, linemap))]
        if kind == "sup_open":
            return [Superscript(self.inlines(inner, linemap))]
        if kind == "sub_open":
            return [Subscript(self.inlines(inner, linemap))]
        if kind == "smallcaps_open":
            return [SmallCaps(self.inlines(inner, linemap))]
        if kind == "link_open":
            return [Link(str(tok.attrs.get("href", "")), self.inlines(inner, linemap))]
        if kind == "image":
            return self.image(tok, linemap)
        if kind == "footnote_ref":
            return [self.note(tok, linemap)]
        if kind == "cite_open":
            return [self.cite(tok, inner, linemap)]
        return list(self.inlines(inner, linemap))

    def image(self, tok: Token, linemap: LineMap) -> list[Inline]:
        """Images are not typeset (yet): say so rather than silently print only the alt text."""
        src = str(tok.attrs.get("src", ""))
        self.diagnostics.append(warning(
            "md-image", f"images are not supported; printing the description instead of {src}",
            self.span_at(tok, linemap)))
        return list(self.inlines(tok.children or [], linemap))

    def cite(self, tok: Token, inner: list[Token], linemap: LineMap) -> Cite:
        items = []
        for item_tok, parts in _groups(inner):
            pieces = {p.type: self.inlines(p_inner, linemap) for p, p_inner in _groups(parts)}
            meta = item_tok.meta
            items.append(CiteItem(
                key=meta["key"], prefix=pieces.get("cite_prefix_open", ()),
                suffix=pieces.get("cite_suffix_open", ()), locator=meta["locator"],
                label=meta["label"], suppress_author=meta["suppress_author"],
                span=self.span_at(item_tok, linemap),
            ))
        if tok.meta.get("mode") == "narrative":
            return Cite(tuple(items), "narrative", self.span_at(tok, linemap))
        return Cite(tuple(items), "normal", self.span_at(tok, linemap))

    # --- notes ----------------------------------------------------------

    def note(self, tok: Token, linemap: LineMap) -> Inline:
        span = self.span_at(tok, linemap)
        label = tok.meta.get("label")
        if label is None:
            entry = self.env["footnotes"]["list"][tok.meta["id"]]
            return Note((Para(self.inlines(entry.get("tokens", []), linemap), span),), span=span)
        if label not in self.definitions or label in self.active:
            why = "is not defined" if label not in self.definitions else "refers to itself"
            self.diagnostics.append(error("md-footnote-undefined", f"footnote [^{label}] {why}", span))
            return Str(f"[^{label}]", span)
        self.used.add(label)
        return Note(self.definition(label), span=span)

    def definition(self, label: str) -> tuple[Block, ...]:
        if label not in self.converted:
            self.active.add(label)
            self.converted[label] = self.blocks(self.definitions[label])
            self.active.discard(label)
        return self.converted[label]

    def collect_definitions(self, tokens: list[Token]) -> None:
        """Footnote definitions stay in place (move_to_end off) so we can see unused ones."""
        for index, tok in enumerate(tokens):
            if tok.type != "footnote_reference_open":
                continue
            depth, end = 1, index + 1
            while end < len(tokens) and depth:
                depth += tokens[end].nesting
                end += 1
            label = tok.meta["label"]
            inner = tokens[index + 1 : end - 1]
            first = next((t for t in inner if t.map), None)
            line = first.map[0] + 1 if first and first.map else self.find_line(f"[^{label}]:")
            if label in self.definitions:
                msg = f"footnote [^{label}] is defined twice (line {self.def_lines[label]}); the last wins"
                self.diagnostics.append(warning("md-footnote-duplicate", msg, Span(self.path, line, 1)))
            self.definitions[label], self.def_lines[label] = inner, line

    def find_line(self, marker: str) -> int:
        """Line of the first occurrence of ``marker`` (an empty definition has no map)."""
        return next((n for n, line in enumerate(self.lines, 1) if marker in line), 1)

    def unused_warnings(self) -> list[Diagnostic]:
        return [
            warning("md-footnote-unused", f"footnote [^{label}] is defined but never referenced",
                    Span(self.path, self.def_lines[label], 1))
            for label in self.definitions if label not in self.used
        ]


_RUNS = re.compile(r"[ \t\n]+|[^ \t\n]+")


def _words(pieces: list[tuple[str, int]], linemap: LineMap, path: str) -> list[Inline]:
    """Split adjacent text pieces into Str and Space, each Str with its position.

    A word may run across pieces (``foo\\*bar`` is three tokens), so words
    are glued until whitespace; the Str is placed at its first character.
    """
    out: list[Inline] = []
    word: list[str] = []
    word_pos = 0
    for text, pos in pieces:
        for run in _RUNS.finditer(text):
            chunk = run.group()
            if not chunk[0].isspace():
                if not word:
                    word_pos = pos + run.start()
                word.append(chunk)
                continue
            if word:
                out.append(Str("".join(word), Span(path, *linemap.position(word_pos))))
                word = []
            if not out or not isinstance(out[-1], Space):
                out.append(Space())
    if word:
        out.append(Str("".join(word), Span(path, *linemap.position(word_pos))))
    return out


def read_markdown(text: str, path: str) -> tuple[tuple[Block, ...], list[Diagnostic]]:
    """Parse one Markdown file into blocks; problems come back as diagnostics."""
    env: dict[str, Any] = {}
    tokens = make_parser().parse(text, env)
    reader = _Reader(text, path, env)
    reader.collect_definitions(tokens)
    blocks = reader.blocks(tokens)
    return blocks, reader.diagnostics + reader.unused_warnings()


_ATTRIBUTES = re.compile(r"\{([^{}]*)\}")
_ATTRIBUTE_WORD = re.compile(r"-|\.[\w-]+|#[\w:.-]+|[\w-]+=\S+")


def heading_attributes(
    children: tuple[Inline, ...],
) -> tuple[tuple[Inline, ...], str | None, str | None]:
    """Pandoc's trailing ``{#id .unnumbered}`` / ``{-}`` on a heading: the children without
    it, the number ("" = unnumbered, None = the scheme's) and the identifier."""
    for start in range(len(children) - 1, 0, -1):
        if not isinstance(children[start - 1], Space):
            continue
        tail = children[start:]
        if not all(isinstance(n, Str | Space) for n in tail):
            return children, None, None
        match = _ATTRIBUTES.fullmatch("".join(n.text if isinstance(n, Str) else " " for n in tail))
        if match is None:
            continue
        words = match.group(1).split()
        if not words or not all(_ATTRIBUTE_WORD.fullmatch(w) for w in words):
            return children, None, None
        number = "" if "-" in words or ".unnumbered" in words else None
        ident = next((w[1:] for w in words if w.startswith("#") and len(w) > 1), None)
        return children[:start - 1], number, ident
    return children, None, None
