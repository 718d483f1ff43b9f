"""Tables: markdown-it's pipe-table tokens -> :class:`~typeset.doc.model.Table`, and captions.

A caption is a paragraph right before or after the table that begins with
``Table:`` or ``:`` (pandoc's ``table_captions``); a trailing ``{#tbl:id}``
in it is the table's identifier (pandoc-crossref's syntax). A code block labelled
``{#lst:x}`` takes a ``Listing: ...`` (or ``: ...``) paragraph next to it, the one before
it first, as its caption (pandoc-crossref's ``codeBlockCaptions``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from markdown_it.token import Token

from typeset.diagnostics import Span
from typeset.doc import model as m
from typeset.readers.attributes import parse_attributes

InlineFn = Callable[[list[Token]], tuple[m.Inline, ...]]
BlocksFn = Callable[[str, int], tuple[m.Block, ...]]  # Markdown text, its first line (0-based)

_ALIGNS: dict[str, m.Align] = {
    "text-align:left": "left", "text-align:right": "right", "text-align:center": "center",
}


def _rows(tokens: list[Token], inline: InlineFn, blocks: BlocksFn | None
          ) -> tuple[list[m.TableRow], list[m.TableRow], list[m.Align]]:
    head: list[m.TableRow] = []
    body: list[m.TableRow] = []
    aligns: list[m.Align] = []
    cells: list[m.TableCell] = []
    in_head = False
    for index, tok in enumerate(tokens):
        if tok.type in ("thead_open", "thead_close"):
            in_head = tok.type == "thead_open"
        elif tok.type in ("th_open", "td_open"):
            if in_head or (not head and not body):  # a headerless table: its first row's
                aligns.append(_ALIGNS.get(str(tok.attrs.get("style", "")), "default"))
            inner = tokens[index + 1] if index + 1 < len(tokens) else None
            if inner is not None and blocks is not None and tok.meta.get("blocks"):
                cells.append(m.TableCell(blocks(inner.content, inner.map[0] if inner.map else 0)))
                continue
            content = inline([inner]) if inner is not None else ()
            cells.append(m.TableCell((m.Para(content),) if content else ()))
        elif tok.type == "tr_close":
            (head if in_head else body).append(m.TableRow(tuple(cells)))
            cells = []
    return head, body, aligns


def pipe_table(tokens: list[Token], inline: InlineFn, span: Span | None,
               blocks: BlocksFn | None = None) -> m.Table:
    """The table between ``table_open`` and ``table_close`` (exclusive); cells marked
    ``meta["blocks"]`` (grid tables) are read as blocks by ``blocks``."""
    head, body, aligns = _rows(tokens, inline, blocks)
    return m.Table(tuple(head), tuple(body), tuple(aligns), span=span)


def pipe_widths(lines: Sequence[str], columns: int = 72) -> tuple[float, ...]:
    """Pandoc's relative widths of a pipe table whose source has a line longer than
    ``columns``: each column's share of the dashes (and colons) of the separator line;
    ``()`` (natural widths) when every line fits or the separator cannot be read."""
    if len(lines) < 2 or max(len(line.rstrip()) for line in lines) <= columns:
        return ()
    separator = lines[1].strip().lstrip(">").strip().strip("|")
    cells = [cell.strip() for cell in re.split(r"[|+]", separator)]
    if not cells or not all(_SEPARATOR_CELL.fullmatch(cell) for cell in cells):
        return ()
    total = sum(len(cell) for cell in cells)
    return tuple(len(cell) / total for cell in cells)


_SEPARATOR_CELL = re.compile(r":?-+:?")


def caption_of(para: m.Block, word: str = "Table:"
               ) -> tuple[tuple[m.Inline, ...], str | None] | None:
    """(caption inlines, identifier) if ``para`` is a caption paragraph (``: ...`` or
    ``Table: ...``; ``word`` ``"Listing:"`` for a code listing's)."""
    if not isinstance(para, m.Para) or not para.children:
        return None
    first = para.children[0]
    if not isinstance(first, m.Str):
        return None
    rest: tuple[m.Inline, ...]
    if first.text == ":" or first.text == word:
        rest = para.children[1:]
    elif first.text.startswith(":") and len(first.text) > 1 and first.text[1] != ":":
        rest = (m.Str(first.text[1:], first.span), *para.children[1:])
    else:
        return None
    while rest and isinstance(rest[0], m.Space | m.SoftBreak):
        rest = rest[1:]
    caption, ident = trailing_identifier(rest)
    caption, label = caption_label(caption)
    return caption, ident or label


_TEX_LABEL = re.compile(r"\\label\{([^{}\s]+)\}")


def caption_label(
    nodes: Sequence[m.Inline],
) -> tuple[tuple[m.Inline, ...], str | None]:
    """A caption without a LaTeX ``\\label{x}`` written in it (the JOSS habit:
    ``![Caption.\\label{fig:x}](a.png)``, then ``\\ref{fig:x}`` in the text) and ``x``.

    Pandoc's LaTeX writer passes the label through, so ``\\ref`` works there and the
    HTML writer drops it; here the label becomes the float's identifier, which
    ``\\ref{x}`` resolves to its number in both routes."""
    label: str | None = None
    out: list[m.Inline] = []
    for node in nodes:
        if isinstance(node, m.Str) and "\\label{" in node.text:
            found = _TEX_LABEL.search(node.text)
            if found is not None:
                label = label or found.group(1)
                text = _TEX_LABEL.sub("", node.text)
                if text:
                    out.append(replace(node, text=text))
                continue
        out.append(node)
    while out and isinstance(out[-1], m.Space | m.SoftBreak):
        out.pop()
    return (tuple(out), label) if label is not None else (tuple(nodes), None)


def trailing_identifier(
    nodes: Sequence[m.Inline],
) -> tuple[tuple[m.Inline, ...], str | None]:
    """Inlines without a final ``{#id}`` and the id (None when there is none)."""
    items = tuple(nodes)
    if not items or not isinstance(items[-1], m.Str):
        return items, None
    spaced = _spaced_attributes(items)
    if spaced is not None:
        return spaced
    last = items[-1].text
    if not (last.startswith("{#") and last.endswith("}")) or " " in last:
        return items, None
    rest = items[:-1]
    while rest and isinstance(rest[-1], m.Space | m.SoftBreak):
        rest = rest[:-1]
    return rest, last[2:-1] or None


_CURLY = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


def _spaced_attributes(items: tuple[m.Inline, ...]
                       ) -> tuple[tuple[m.Inline, ...], str | None] | None:
    """A final attribute block with spaces in it (pandoc-crossref's
    ``{#tbl:x short="A short caption"}``): the inlines before it and its id."""
    if not items[-1].text.endswith("}"):  # type: ignore[union-attr]
        return None
    for start in range(len(items) - 2, -1, -1):
        node = items[start]
        if not isinstance(node, m.Str | m.Space):
            return None
        if isinstance(node, m.Str) and node.text.startswith("{#"):
            text = "".join(n.text if isinstance(n, m.Str) else " "
                           for n in items[start:]).translate(_CURLY)
            attrs = parse_attributes(text)
            if attrs is None or attrs.end != len(text) or not attrs.ident:
                return None
            rest = items[:start]
            while rest and isinstance(rest[-1], m.Space | m.SoftBreak):
                rest = rest[:-1]
            return rest, attrs.ident
    return None


def attach_captions(blocks: list[m.Block]) -> list[m.Block]:
    """Merge caption paragraphs into the table they follow or precede, and a ``Listing:
    ...`` (or ``: ...``) paragraph into the ``{#lst:x}`` code block it precedes or follows."""
    out: list[m.Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        nxt = blocks[index + 1] if index + 1 < len(blocks) else None
        if isinstance(nxt, m.CodeBlock) and not nxt.caption:  # the caption before it first
            if (split := _term_and_caption(block)) is not None and _is_listing(nxt, split[1]):
                out.extend((split[0], _listing(nxt, *split[1])))
                index += 2
                continue
            found = caption_of(block, "Listing:")
            if found is not None and _is_listing(nxt, found):
                out.append(_listing(nxt, *found))
                index += 2
                continue
        if isinstance(block, m.CodeBlock) and not block.caption and nxt is not None:
            found = caption_of(nxt, "Listing:")
            after = blocks[index + 2] if index + 2 < len(blocks) else None
            # a caption labelled in itself between two unlabelled code blocks is the
            # next one's (the caption before the code is the usual order)
            if found is not None and not (block.ident or "").startswith("lst:") and \
                    isinstance(after, m.CodeBlock) and not after.caption:
                found = None
            if found is not None and _is_listing(block, found):
                out.append(_listing(block, *found))
                index += 2
                continue
        if isinstance(block, m.Table) and not block.caption and nxt is not None:
            found = caption_of(nxt)
            if found is not None:
                out.append(_captioned(block, *found))
                index += 2
                continue
        if isinstance(nxt, m.Table) and not nxt.caption and (
                split := _term_and_caption(block)) is not None:
            out.extend((split[0], _captioned(nxt, *split[1])))
            index += 2
            continue
        if isinstance(nxt, m.Table) and not nxt.caption:
            found = caption_of(block)
            if found is not None:
                out.append(_captioned(nxt, *found))
                index += 2
                continue
        out.append(block)
        index += 1
    return out


def _term_and_caption(
    block: m.Block,
) -> tuple[m.Para, tuple[tuple[m.Inline, ...], str | None]] | None:
    """``Text.`` + blank line + ``: Caption {#tbl:x}`` right before a table reads as a
    one-item definition list; pandoc 2.17 takes it for a paragraph and the table's
    caption (only for one term with one one-paragraph definition, as here)."""
    if not isinstance(block, m.DefinitionList) or len(block.items) != 1:
        return None
    (item,) = block.items
    if len(item.definitions) != 1 or len(item.definitions[0]) != 1:
        return None
    (para,) = item.definitions[0]
    if not isinstance(para, m.Para) or not para.children:
        return None
    caption, ident = trailing_identifier(para.children)
    caption, label = caption_label(caption)
    return m.Para(item.term, block.span), (caption, ident or label)


def _is_listing(code: m.CodeBlock, found: tuple[tuple[m.Inline, ...], str | None]) -> bool:
    """pandoc-crossref's listing captions: only for a code block labelled ``lst:...``
    (on the block or at the caption's end)."""
    return any((ident or "").startswith("lst:") for ident in (code.ident, found[1]))


def _listing(code: m.CodeBlock, caption: tuple[m.Inline, ...], ident: str | None
             ) -> m.CodeBlock:
    return replace(code, caption=caption, ident=code.ident or ident)


def _captioned(table: m.Table, caption: tuple[m.Inline, ...], ident: str | None) -> m.Table:
    return replace(table, caption=caption, ident=ident or table.ident)
