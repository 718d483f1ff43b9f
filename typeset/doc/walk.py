"""Traversal of the document model: ``query`` and three maps, one table of child fields.

Every class of :mod:`typeset.doc.model` is listed in ``CHILD_FIELDS`` with the
fields that hold document nodes; a node of any other type raises
:class:`TypeError`, so a block added to the model without a row here fails the
first walk over it instead of having its citations skipped without a word.

What counts as a child:

* inline and block sequences (``children``, ``blocks``), list items, a line
  block's lines, table rows and cells (a table's caption first), definition
  list items (term, then definitions), a figure's caption,
  a document's sections, a cluster's ``CiteItem`` s and their prefix and suffix;
* not :class:`~typeset.doc.model.Rich` content (rendered CSL rich text, not
  document nodes) nor ``Rich.source`` (the Cite it replaced, kept as provenance,
  no longer part of the text), nor :class:`~typeset.doc.model.Bibliography`
  entries.

Order: everything runs **top-down in document order** (pre-order). ``query``
yields a node before the nodes inside it. The maps call ``fn`` on a node (or a
sequence) before the walker goes into it, and the walker goes *into what fn
returned*, finishing that subtree before it calls ``fn`` on the next sibling.
So state kept by ``fn`` (a note counter, say) sees nodes in reading order, a
note before the notes inside it. ``fn`` also receives ``parents``: the nodes
enclosing the one it is given, outermost first, as ``fn`` returned them (their
own children not yet rebuilt), so it can ask e.g. which note it is inside.

``map_tree`` runs a block, an inline and an inline-sequence function in one
traversal (a settle pass that rewrites figures and images together walks the
tree once); ``map_blocks``, ``map_inlines`` and ``map_inline_lists`` are its
one-function cases. ``plain_text`` is the characters of a tree without its
formatting (for identifiers, bookmarks, alt text), built on ``query``'s
``skip`` (subtrees not entered, e.g. notes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import Any, Literal, TypeVar, cast

from typeset.doc import model as m

Kind = Literal["inlines", "blocks", "lists", "lines", "items", "sections"]

# node class -> (field name, what the field holds), in document order.
CHILD_FIELDS: dict[type, tuple[tuple[str, Kind], ...]] = {
    m.Str: (), m.Space: (), m.SoftBreak: (), m.LineBreak: (), m.Code: (), m.Rich: (),
    m.Emph: (("children", "inlines"),),
    m.Strong: (("children", "inlines"),),
    m.SmallCaps: (("children", "inlines"),),
    m.Superscript: (("children", "inlines"),),
    m.Subscript: (("children", "inlines"),),
    m.Link: (("children", "inlines"),),
    m.NoCase: (("children", "inlines"),),
    m.CiteItem: (("prefix", "inlines"), ("suffix", "inlines")),
    m.Cite: (("items", "items"),),
    m.Note: (("blocks", "blocks"),),
    m.Para: (("children", "inlines"),),
    m.Heading: (("children", "inlines"),),
    m.BlockQuote: (("blocks", "blocks"),),
    m.BulletList: (("items", "lists"),),
    m.OrderedList: (("items", "lists"),),
    m.CodeBlock: (("caption", "inlines"),), m.HorizontalRule: (), m.Bibliography: (),
    m.Strikeout: (("children", "inlines"),),
    m.Underline: (("children", "inlines"),),
    m.InlineSpan: (("children", "inlines"),),
    m.Image: (("children", "inlines"),),
    m.Math: (), m.RawInline: (),
    # a table's caption comes first: it is printed above the table (Chicago)
    m.Table: (("caption", "inlines"), ("head", "items"), ("body", "items")),
    m.TableRow: (("cells", "items"),),
    m.TableCell: (("blocks", "blocks"),),
    m.Figure: (("caption", "inlines"),),
    m.Equation: (), m.RawBlock: (), m.PageBreak: (), m.ContentsList: (),
    m.Div: (("blocks", "blocks"),),
    m.DefinitionList: (("items", "items"),),
    m.DefinitionItem: (("term", "inlines"), ("definitions", "lists")),
    m.LineBlock: (("lines", "lines"),),
    m.Section: (("blocks", "blocks"),),
    m.Meta: (),
    m.Document: (("sections", "sections"),),
}

T = TypeVar("T")
Parents = tuple[Any, ...]
InlineFn = Callable[[m.Inline, Parents], "m.Inline | Sequence[m.Inline]"]
BlockFn = Callable[[m.Block, Parents], "m.Block | Sequence[m.Block]"]
InlineListFn = Callable[[tuple[m.Inline, ...], Parents], Sequence[m.Inline]]


def child_fields(node: object) -> tuple[tuple[str, Kind], ...]:
    """The fields of ``node`` that hold document nodes; TypeError for a type the model lacks."""
    try:
        return CHILD_FIELDS[type(node)]
    except KeyError:
        raise TypeError(f"the document walker does not know {type(node).__name__!r} nodes "
                        "(add it to typeset.doc.walk.CHILD_FIELDS)") from None


def children(node: object) -> Iterator[Any]:
    """The nodes directly inside ``node``, in document order."""
    for name, kind in child_fields(node):
        value = getattr(node, name)
        if kind in ("lists", "lines"):
            for item in value:
                yield from item
        else:
            yield from value


def query(tree: object, kind: type[T] | tuple[type[T], ...],
          skip: type | tuple[type, ...] = ()) -> Iterator[T]:
    """Every node of type ``kind`` in ``tree`` (a node or a sequence of nodes), pre-order.

    Nodes of a ``skip`` type are neither yielded nor entered."""
    # the hot loop of every whole-document pass (issue 16: 117k calls, the largest cost of
    # the LaTeX route's Python side at 20x): leaves and one-field nodes without a generator
    stack = list(reversed(tree)) if isinstance(tree, tuple | list) else [tree]
    pop, push, fields_of = stack.pop, stack.extend, CHILD_FIELDS
    while stack:
        node = pop()
        if skip and isinstance(node, skip):
            continue
        if isinstance(node, kind):
            yield node
        fields = fields_of.get(type(node))
        if fields is None:
            fields = child_fields(node)  # raises: a type the model lacks
        if not fields:  # a leaf (most nodes: words and spaces)
            continue
        inside: list[Any] = []
        for name, field_kind in fields:
            value = getattr(node, name)
            if field_kind in ("lists", "lines"):
                for item in value:
                    inside.extend(item)
            else:
                inside.extend(value)
        inside.reverse()
        push(inside)


_SPACES = (m.Space, m.SoftBreak, m.LineBreak)


def plain_text(tree: object, *, skip: type | tuple[type, ...] = (m.Note,),
               math: bool = False) -> str:
    """The characters of ``tree``: words, a space for each space or break, code, rendered
    citations (``Rich``) as plain text and, with ``math``, the TeX of math; nothing inside
    a ``skip`` node (notes by default)."""
    from typeset.rich.model import plain

    kinds: tuple[type[Any], ...] = (m.Str, *_SPACES, m.Code, m.Rich, m.Math)
    parts: list[str] = []
    node: Any
    for node in query(tree, kinds, skip):
        if isinstance(node, m.Str | m.Code):
            parts.append(node.text)
        elif isinstance(node, m.Rich):
            parts.append(plain(node.content))
        elif isinstance(node, m.Math):
            parts.append(node.text if math else "")
        else:
            parts.append(" ")
    return "".join(parts)


# --- maps ---------------------------------------------------------------------------


class _Visit:
    """How a map treats a sequence of inlines and a sequence of blocks."""

    def inlines(self, nodes: tuple[m.Inline, ...], parents: Parents) -> tuple[m.Inline, ...]:
        return _rebuilt(nodes, self, parents)

    def blocks(self, nodes: tuple[m.Block, ...], parents: Parents) -> tuple[m.Block, ...]:
        return _rebuilt(nodes, self, parents)


# The two loops below run once per node of the document in every map (a million at 20x
# the sample): a leaf (no child fields, e.g. a word) is kept without calling ``rebuild``;
# any other node, or one of a type the model lacks (``rebuild`` raises), is rebuilt.
_NOT_A_LEAF = (("?", "inlines"),)


def _rebuilt(nodes: Sequence[Any], visit: _Visit, parents: Parents) -> tuple[Any, ...]:
    """Each of ``nodes`` rebuilt through ``visit``."""
    fields_of = CHILD_FIELDS
    return tuple(node if not fields_of.get(type(node), _NOT_A_LEAF)
                 else rebuild(node, visit, parents) for node in nodes)


def _mapped(nodes: Sequence[Any], fn: Callable[[Any, Parents], Any], visit: _Visit,
            parents: Parents) -> tuple[Any, ...]:
    """Each of ``nodes`` through ``fn`` (one node or a sequence back), each result then
    rebuilt through ``visit`` before ``fn`` sees the next node (document order)."""
    fields_of = CHILD_FIELDS
    out: list[Any] = []
    add = out.append
    for node in nodes:
        new = fn(node, parents)
        for one in (new if isinstance(new, tuple | list) else (new,)):
            add(one if not fields_of.get(type(one), _NOT_A_LEAF)
                else rebuild(one, visit, parents))
    return tuple(out)


class _EachInline(_Visit):
    def __init__(self, fn: InlineFn) -> None:
        self.fn = fn

    def inlines(self, nodes: tuple[m.Inline, ...], parents: Parents) -> tuple[m.Inline, ...]:
        return _mapped(nodes, self.fn, self, parents)


class _EachBlock(_Visit):
    def __init__(self, fn: BlockFn) -> None:
        self.fn = fn

    def blocks(self, nodes: tuple[m.Block, ...], parents: Parents) -> tuple[m.Block, ...]:
        return _mapped(nodes, self.fn, self, parents)


class _EachInlineList(_Visit):
    def __init__(self, fn: InlineListFn) -> None:
        self.fn = fn

    def inlines(self, nodes: tuple[m.Inline, ...], parents: Parents) -> tuple[m.Inline, ...]:
        return super().inlines(tuple(self.fn(nodes, parents)), parents)


class _InlineThenList(_Visit):
    """Each sequence's inlines through ``inline`` (and rebuilt, inner sequences first),
    then the sequence through ``inline_list``: :func:`map_inlines_then_lists`."""

    def __init__(self, inline: InlineFn, inline_list: InlineListFn) -> None:
        self.inline, self.inline_list = inline, inline_list

    def inlines(self, nodes: tuple[m.Inline, ...], parents: Parents) -> tuple[m.Inline, ...]:
        return tuple(self.inline_list(_mapped(nodes, self.inline, self, parents), parents))


class _Each(_Visit):
    """Any of the three functions, in one traversal: a sequence of inlines goes through
    ``inline_list`` first, then each of its nodes through ``inline``."""

    def __init__(self, block: BlockFn | None, inline: InlineFn | None,
                 inline_list: InlineListFn | None) -> None:
        self.block, self.inline, self.inline_list = block, inline, inline_list

    def inlines(self, nodes: tuple[m.Inline, ...], parents: Parents) -> tuple[m.Inline, ...]:
        if self.inline_list is not None:
            nodes = tuple(self.inline_list(nodes, parents))
        if self.inline is None:
            return super().inlines(nodes, parents)
        return _mapped(nodes, self.inline, self, parents)

    def blocks(self, nodes: tuple[m.Block, ...], parents: Parents) -> tuple[m.Block, ...]:
        if self.block is None:
            return super().blocks(nodes, parents)
        return _mapped(nodes, self.block, self, parents)


def rebuild(node: T, visit: _Visit, parents: Parents = ()) -> T:
    """``node`` with every child field rebuilt through ``visit`` (unchanged fields kept)."""
    fields = CHILD_FIELDS.get(type(node))
    if fields is None:
        fields = child_fields(node)  # raises: a type the model lacks
    if not fields:  # a leaf: nothing to rebuild (most nodes: words and spaces)
        return node
    inner = (*parents, node)
    changes: dict[str, Any] = {}
    for name, kind in fields:
        value = getattr(node, name)
        new: tuple[Any, ...]
        if kind == "inlines":
            new = visit.inlines(value, inner)
        elif kind == "blocks":
            new = visit.blocks(value, inner)
        elif kind == "lists":
            new = tuple(visit.blocks(item, inner) for item in value)
        elif kind == "lines":
            new = tuple(visit.inlines(line, inner) for line in value)
        else:  # cite items, sections: rebuilt one by one
            new = tuple(rebuild(child, visit, inner) for child in value)
        if not _same(new, value):
            changes[name] = new
    return cast(T, replace(cast(Any, node), **changes)) if changes else node


def _same(new: tuple[Any, ...], old: tuple[Any, ...]) -> bool:
    """Whether a rebuilt sequence holds the very same nodes (so the parent need not change)."""
    return len(new) == len(old) and all(
        a is b or (isinstance(a, tuple) and _same(a, b)) for a, b in zip(new, old, strict=True))


def map_tree(tree: T, *, block: BlockFn | None = None, inline: InlineFn | None = None,
             inline_list: InlineListFn | None = None) -> T:
    """``tree`` rebuilt in one top-down traversal through whichever functions are given:
    each block through ``block``, each inline sequence through ``inline_list`` and then
    each of its inlines through ``inline`` (as ``map_blocks``, ``map_inline_lists`` and
    ``map_inlines``, whose results it equals when one function is given)."""
    return rebuild(tree, _Each(block, inline, inline_list))


def map_inlines(tree: T, fn: InlineFn) -> T:
    """``tree`` with every inline replaced by ``fn(inline, parents)`` (one node or a sequence)."""
    return rebuild(tree, _EachInline(fn))


def map_inlines_then_lists(tree: T, inline: InlineFn, inline_list: InlineListFn) -> T:
    """``map_inline_lists(map_inlines(tree, inline), inline_list)`` in one traversal (the
    citations pass's second walk: half its cost at 20x the sample). The same result when
    ``inline_list`` makes only leaves, reads of its sequence's nodes nothing their own
    sequences' ``inline_list`` changes, and asks ``parents`` only which node encloses it
    and whether a block is its note's last (both hold alike: here ``parents`` are the
    nodes as ``inline`` returned them, there as the first map rebuilt them)."""
    return rebuild(tree, _InlineThenList(inline, inline_list))


def visit_inlines(tree: object, fn: InlineFn, only: tuple[type, ...]) -> None:
    """Call ``fn(inline, parents)`` as :func:`map_inlines` would, on the inlines of the
    ``only`` types, in the same order with the same ``parents``, going into what ``fn``
    returned, and build nothing: for a collecting ``fn`` that returns every other node
    as it is, with no effect (the citations pass's first walk: no tree rebuilt)."""
    fields_of = CHILD_FIELDS

    def node_(node: Any, parents: Parents) -> None:
        fields = fields_of.get(type(node))
        if fields is None:
            fields = child_fields(node)  # raises: a type the model lacks
        if not fields:
            return
        inner = (*parents, node)
        for name, kind in fields:
            value = getattr(node, name)
            if kind == "inlines":
                inlines(value, inner)
            elif kind == "blocks":
                for block in value:
                    node_(block, inner)
            elif kind == "lists":
                for item in value:
                    for block in item:
                        node_(block, inner)
            elif kind == "lines":
                for line in value:
                    inlines(line, inner)
            else:
                for child in value:
                    node_(child, inner)

    def inlines(nodes: Sequence[Any], parents: Parents) -> None:
        for node in nodes:
            if not isinstance(node, only):
                node_(node, parents)
                continue
            new = fn(cast(m.Inline, node), parents)
            for one in (new if isinstance(new, tuple | list) else (new,)):
                node_(one, parents)

    node_(tree, ())


def map_blocks(tree: T, fn: BlockFn) -> T:
    """``tree`` with every block replaced by ``fn(block, parents)`` (one block or a sequence)."""
    return rebuild(tree, _EachBlock(fn))


def map_inline_lists(tree: T, fn: InlineListFn) -> T:
    """``tree`` with every inline sequence replaced by ``fn(sequence, parents)``.

    For rules about neighbours (the space before a note mark, the punctuation after it).
    """
    return rebuild(tree, _EachInlineList(fn))
