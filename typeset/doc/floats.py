"""Document-wide numbers and identifiers: tables, figures, equations, implicit heading ids.

Readers see one file at a time, but "Table 3" and a heading's identifier are
facts about the whole manuscript, so they are settled here, once, after all
sections are read and before the citations pass resolves ``@tbl:x``-style
references against them.

* Tables with a caption or an identifier, every figure, code listings labelled
  ``{#lst:x}``, and equations with an identifier (``$$ ... $$ {#eq:x}``, as pandoc-crossref) are numbered 1, 2, ...
  in reading order, each kind on its own counter (a ``lst:`` div around one code block
  and its caption paragraph is that listing). A number already set wins
  (and is not counted again). A subfigure group (pandoc-crossref's ``::: {#fig:x}``
  div around figures, or a line of images) is one figure: its figures carry its
  number and a letter (``sub``: a, b, ...), its last paragraph is its caption.
* Example lists (``(@)``, ``(@label)``) are numbered on from one list to the next,
  and a narrative citation of an example's label (``(@good)``, ``@good``) becomes
  its number, as pandoc does (before the citations pass would take it for a key).
* ``\\ref{x}`` and ``\\eqref{x}`` in the text become the number ("(n)") of the table,
  figure, listing or equation labelled ``x`` (``{#eq:x}`` or ``\\label{x}`` in the formula).
* Headings without ``{#id}`` get pandoc's implicit identifier (extension
  ``auto_identifiers``): formatting and notes dropped, everything but letters,
  digits, ``_``, ``-`` and ``.`` removed, spaces to hyphens, lower case, nothing
  before the first letter; ``section`` when nothing is left; ``-1``, ``-2`` ...
  appended to repeats. Explicit identifiers are reserved first, as pandoc does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from typeset.doc import model as m
from typeset.doc.walk import map_tree, plain_text, query

# \ref{x} / \eqref{x} written in the text (LaTeX habit): the number of a numbered float
TEX_REFERENCE = re.compile(r"[^\\]*\\((eq|auto)?ref|label)\{([^{}]+)\}")
_CAPTION_LABEL = re.compile(r"\\label\{([^{}]+)\}")
_TEX_REFERENCES = re.compile(r"\\(eq|auto)?ref\{([^{}]+)\}")
_AUTOREF_NAMES = {m.Table: "Table", m.Figure: "Figure", m.Equation: "Equation",
                  m.CodeBlock: "Listing"}


def number_floats(doc: m.Document) -> m.Document:
    """``doc`` with table, figure and equation numbers, every heading's identifier, and
    example lists numbered on (their ``@label`` references replaced by the number)."""
    counters = {m.Table: 0, m.Figure: 0, m.Equation: 0, m.OrderedList: 0, m.CodeBlock: 0}
    used: set[str] = set()
    lists: list[m.OrderedList] = []
    floats = False  # a table, figure, equation, listing or div: what tex_references numbers
    node: Any  # a Str, an OrderedList, or a node that may carry a label
    for node in query(doc, (m.Heading, m.Table, m.Figure, m.Equation, m.Div, m.Str,
                            m.OrderedList, m.CodeBlock)):  # one walk for the three
        if isinstance(node, m.Str):
            if "\\label{" in node.text:
                used.update(match.group(1) for match in _CAPTION_LABEL.finditer(node.text))
            continue
        if isinstance(node, m.OrderedList):
            lists.append(node)
            continue
        floats = floats or not isinstance(node, m.Heading)
        if node.ident and not isinstance(node, m.CodeBlock):  # a listing's id is not reserved
            used.add(node.ident)
    examples = _example_labels(lists)

    def visit(block: m.Block, _parents: tuple[object, ...]) -> m.Block:
        if isinstance(block, m.Figure | m.Table):
            block = caption_label(block)
        if isinstance(block, m.OrderedList) and block.style == "example":
            start = counters[m.OrderedList] + 1
            counters[m.OrderedList] += len(block.items)
            return replace(block, start=start)
        if isinstance(block, m.Div) and is_figure_group(block):
            if block.number is not None:
                return block
            counters[m.Figure] += 1
            return subfigures(block, counters[m.Figure])
        if isinstance(block, m.Heading) and not block.ident:
            return replace(block, ident=_unique(implicit_identifier(block.children), used))
        if isinstance(block, m.Div):
            block = wrapped_listing(block) or block
        if isinstance(block, m.Table | m.Figure | m.Equation | m.CodeBlock) and _numbered(block):
            if block.number is not None:
                return block
            counters[type(block)] += 1
            return replace(block, number=counters[type(block)])
        return block

    def reference(node: m.Inline, _parents: tuple[object, ...]) -> m.Inline:
        if isinstance(node, m.Cite) and node.mode == "narrative" and len(node.items) == 1:
            item = node.items[0]
            if item.key in examples and not (item.prefix or item.suffix or item.locator):
                return m.Str(str(examples[item.key]), item.span)
        return node

    numbered = map_tree(doc, block=visit, inline=reference if examples else None)
    # no numbered float without one of those nodes (a div of images becomes figures)
    return tex_references(numbered) if floats else numbered


def wrapped_listing(div: m.Div) -> m.CodeBlock | None:
    """pandoc-crossref's wrapping div, ``<div id="lst:x" class="listing">`` or ``::: {#lst:x}``
    holding one code block and, before or after it, one paragraph, its caption: the code
    block, labelled and captioned, in the div's place (else None)."""
    if not (div.ident or "").startswith("lst:"):
        return None
    codes = [b for b in div.blocks if isinstance(b, m.CodeBlock)]
    paras = [b for b in div.blocks if isinstance(b, m.Para)]
    if len(codes) != 1 or len(paras) > 1 or len(codes) + len(paras) != len(div.blocks):
        return None
    code = codes[0]
    caption = code.caption or (paras[0].children if paras else ())
    return replace(code, ident=div.ident, caption=caption, span=code.span or div.span)


def _images_alone(block: m.Block) -> tuple[m.Image, ...]:
    """The images of a paragraph of images alone (``![a](a.png) ![b](b.png)``), else ()."""
    if not isinstance(block, m.Para):
        return ()
    if not all(isinstance(n, m.Image | m.Space | m.SoftBreak) for n in block.children):
        return ()
    return tuple(n for n in block.children if isinstance(n, m.Image))


def is_figure_group(div: m.Div) -> bool:
    """pandoc-crossref's subfigures: a ``::: {#fig:x}`` div holding figures (or a line of
    images)."""
    return (div.ident or "").lower().startswith("fig:") and any(
        isinstance(b, m.Figure) or _images_alone(b) for b in div.blocks)


def subfigures(div: m.Div, number: int) -> m.Div:
    """The group numbered ``number``; its figures (a line of images: one figure each)
    numbered with it and lettered a, b, ... in reading order."""
    out: list[m.Block] = []
    for block in div.blocks:
        images = _images_alone(block)
        if images:
            out += [m.Figure(i.src, i.children, i.width, i.height, i.ident, span=i.span)
                    for i in images]
        else:
            out.append(block)
    letters = iter(_letters())
    lettered = tuple(_panel(b, number, next(letters)) if isinstance(b, m.Figure) else b
                     for b in out)
    return replace(div, blocks=lettered, number=number)


def _panel(figure: m.Figure, number: int, letter: str) -> m.Figure:
    labelled = caption_label(figure)
    panel = labelled if isinstance(labelled, m.Figure) else figure
    return replace(panel, number=number, sub=letter)


def _letters() -> Iterable[str]:
    """a, b, ..., z, aa, ab, ..."""
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    yield from alphabet
    for first in alphabet:
        for second in alphabet:
            yield first + second


def caption_label(block: m.Figure | m.Table) -> m.Figure | m.Table:
    """A ``\\label{x}`` written in a caption (LaTeX habit, as in pandoc thesis templates)
    taken out of it, ``x`` the float's identifier unless it has one."""
    for index, node in enumerate(block.caption):
        if not isinstance(node, m.Str):
            continue
        match = _CAPTION_LABEL.search(node.text)
        if match is None:
            continue
        rest = node.text[:match.start()] + node.text[match.end():]
        caption = (*block.caption[:index], *((m.Str(rest, node.span),) if rest else ()),
                   *block.caption[index + 1:])
        while caption and isinstance(caption[-1], m.Space | m.SoftBreak):
            caption = caption[:-1]
        return replace(block, caption=caption, ident=block.ident or match.group(1).strip())
    return block


def tex_references(doc: m.Document) -> m.Document:
    """``\\ref{x}`` as the number of the table, figure or equation labelled ``x``,
    ``\\eqref{x}`` as "(n)" and ``\\autoref{x}`` as "Figure n" (the JOSS template's), each a
    link to it; a label no float has stays as written."""
    floats: Iterable[m.Table | m.Figure | m.Equation | m.CodeBlock] = query(
        doc, (m.Table, m.Figure, m.Equation, m.CodeBlock))
    numbers: dict[str, int] = {}
    kinds: dict[str, str] = {}
    for node in floats:
        if node.ident and node.number is not None:
            numbers[node.ident], kinds[node.ident] = node.number, _AUTOREF_NAMES[type(node)]
    if not numbers:
        return doc

    def replace_refs(node: m.Inline, _parents: tuple[object, ...]
                     ) -> m.Inline | tuple[m.Inline, ...]:
        if not isinstance(node, m.Str) or "ref{" not in node.text:
            return node
        out: list[m.Inline] = []
        pos = 0
        for match in _TEX_REFERENCES.finditer(node.text):
            label = match.group(2).strip()
            if label not in numbers:
                continue
            if match.start() > pos:
                out.append(m.Str(node.text[pos:match.start()], node.span))
            shown = {"eq": f"({numbers[label]})", "auto": f"{kinds[label]} {numbers[label]}"
                     }.get(match.group(1) or "", str(numbers[label]))
            out.append(m.Link("#" + label, (m.Str(shown, node.span),)))
            pos = match.end()
        if not out:
            return node
        if pos < len(node.text):
            out.append(m.Str(node.text[pos:], node.span))
        return tuple(out)

    return map_tree(doc, inline=replace_refs)


def example_labels(doc: m.Document) -> dict[str, int]:
    """Pandoc's example lists: each ``(@label)`` item's number, counted on across lists
    (the first label wins, as in pandoc)."""
    return _example_labels(query(doc, m.OrderedList))


def _example_labels(lists: Iterable[m.OrderedList]) -> dict[str, int]:
    labels: dict[str, int] = {}
    number = 0
    for block in lists:
        if block.style != "example":
            continue
        for offset, label in enumerate(block.labels, 1):
            if label is not None:
                labels.setdefault(label, number + offset)
        number += len(block.items)
    return labels


def _numbered(block: m.Table | m.Figure | m.Equation | m.CodeBlock) -> bool:
    if isinstance(block, m.CodeBlock):  # pandoc-crossref: a listing is labelled lst:...
        return (block.ident or "").startswith("lst:")
    if isinstance(block, m.Table | m.Figure):  # pandoc: ![](x.png) alone is no captioned figure
        return bool(block.caption) or block.ident is not None
    return block.ident is not None


def _unique(base: str, used: set[str]) -> str:
    ident, n = base, 0
    while ident in used:
        n += 1
        ident = f"{base}-{n}"
    used.add(ident)
    return ident


def implicit_identifier(children: Sequence[m.Inline]) -> str:
    """Pandoc's identifier for a heading's text (``auto_identifiers``)."""
    text = plain_text(tuple(children), skip=(m.Note, m.Cite, m.Rich, m.RawInline),
                      math=True).lower()
    text = re.sub(r"[^\w\s.-]", "", text)
    text = re.sub(r"\s+", "-", text.strip())
    text = re.sub(r"^[^a-z\u00c0-\uffff]+", "", text)
    return text or "section"
