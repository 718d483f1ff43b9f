"""The document walker: it knows every model class, walks in reading order, rebuilds frozen trees."""

from __future__ import annotations

import dataclasses
import inspect
from dataclasses import dataclass
from typing import Any

import pytest

from typeset.diagnostics import Span
from typeset.doc import model as m
from typeset.doc import walk
from typeset.rich import Text


def model_classes() -> set[type]:
    return {cls for _, cls in inspect.getmembers(m, inspect.isclass)
            if cls.__module__ == m.__name__ and dataclasses.is_dataclass(cls)}


def test_every_model_class_has_a_row_and_only_model_classes_do() -> None:
    assert set(walk.CHILD_FIELDS) == model_classes()


@pytest.mark.parametrize("cls", sorted(model_classes(), key=lambda c: c.__name__))
def test_every_node_field_of_every_class_is_walked_or_is_not_a_node(cls: type) -> None:
    """A field typed with a model node (or a tuple of them) must be listed as a child field."""
    listed = {name for name, _ in walk.CHILD_FIELDS[cls]}
    hints = {f.name: str(f.type) for f in dataclasses.fields(cls)}
    node_names = {"Inline", "Block", "CiteItem", "Section", "TableRow", "TableCell",
                  "DefinitionItem"}
    holds_nodes = {name for name, hint in hints.items()
                   if any(word in hint for word in node_names) and name != "source"}
    assert holds_nodes == listed


def test_unknown_node_raises_instead_of_being_skipped() -> None:
    @dataclass(frozen=True)
    class Figure:
        caption: tuple[m.Inline, ...]

    doc = m.Document({}, (m.Section("s.md", (Figure((m.Str("x"),)),)),))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Figure"):
        list(walk.query(doc, m.Cite))
    with pytest.raises(TypeError, match="Figure"):
        walk.map_inlines(doc, lambda node, parents: node)


def cite(key: str) -> m.Cite:
    return m.Cite((m.CiteItem(key, prefix=(m.Str(f"pre-{key}"),)),))


def sample() -> m.Document:
    note = m.Note((m.Para((m.Str("n"), cite("b"), m.Note((m.Para((cite("c"),)),)))),))
    blocks: tuple[m.Block, ...] = (
        m.Heading(1, (m.Emph((cite("a"),)),)),
        m.Para((m.Str("x"), note, m.Link("u", (cite("d"),)))),
        m.BlockQuote((m.Para((cite("e"),)),)),
        m.BulletList(((m.Para((cite("f"),)),), (m.CodeBlock("c"),))),
        m.OrderedList(((m.Para((m.Strong((cite("g"),)),)),),)),
        m.HorizontalRule(),
        m.Bibliography("B", ((Text("entry"),),)),
    )
    return m.Document({}, (m.Section("one.md", blocks), m.Section("two.md", (m.Para((cite("h"),)),))))


def test_query_finds_every_citation_in_reading_order() -> None:
    keys = [c.items[0].key for c in walk.query(sample(), m.Cite)]
    assert keys == list("abcdefgh")


def test_query_goes_into_cite_items_and_takes_a_sequence() -> None:
    assert [s.text for s in walk.query(sample(), m.Str)][:3] == ["pre-a", "x", "n"]
    assert len(list(walk.query(sample().sections[0].blocks, m.Note))) == 2


def test_query_is_the_pre_order_of_children_with_and_without_skip() -> None:
    """The fast paths (leaves, one-field nodes) visit what ``children`` names, in order,
    also for nested-list fields (list items, line blocks, definitions, tables)."""
    extra = (m.LineBlock(((m.Str("l1"),), (m.Emph((m.Str("l2"),)),))),
             m.DefinitionList((m.DefinitionItem((m.Str("t"),),
                                                ((m.Para((m.Str("d"), cite("i"))),),)),)))
    doc = m.Document({}, (*sample().sections, m.Section("three.md", extra)))

    def reference(node: object, skip: tuple[type, ...]) -> list[object]:
        if skip and isinstance(node, skip):
            return []
        return [node, *(x for child in walk.children(node) for x in reference(child, skip))]

    for skip in ((), (m.Note,), (m.Cite, m.BulletList)):
        assert [id(n) for n in walk.query(doc, object, skip)] == \
            [id(n) for n in reference(doc, skip)]


def test_query_does_not_go_into_rendered_citations() -> None:
    rich = m.Rich((Text("r"),), source=cite("z"))
    assert list(walk.query(m.Para((rich,)), m.Cite)) == []


def test_map_inlines_is_top_down_with_parents_and_replaces_by_sequences() -> None:
    seen: list[tuple[str, int]] = []

    def fn(node: m.Inline, parents: walk.Parents) -> Any:
        if isinstance(node, m.Cite):
            depth = sum(isinstance(p, m.Note) for p in parents)
            seen.append((node.items[0].key, depth))
            return (m.Str("["), m.Str(node.items[0].key), m.Str("]"))
        return node

    new = walk.map_inlines(sample(), fn)
    assert seen == [("a", 0), ("b", 1), ("c", 2), ("d", 0), ("e", 0), ("f", 0), ("g", 0), ("h", 0)]
    assert list(walk.query(new, m.Cite)) == []
    assert [s.text for s in walk.query(new.sections[1], m.Str)] == ["[", "h", "]"]


def test_map_inlines_goes_into_what_fn_returned() -> None:
    def wrap(node: m.Inline, parents: walk.Parents) -> m.Inline:
        if isinstance(node, m.Cite) and not any(isinstance(p, m.Note) for p in parents):
            return m.Note((m.Para((node,)),))
        if isinstance(node, m.Cite):
            return m.Str(node.items[0].key.upper())
        return node

    new = walk.map_inlines(m.Para((cite("a"),)), wrap)
    assert new == m.Para((m.Note((m.Para((m.Str("A"),)),)),))


def test_unchanged_subtrees_are_the_same_objects() -> None:
    doc = sample()
    assert walk.map_inlines(doc, lambda node, parents: node) is doc
    assert walk.map_blocks(doc, lambda block, parents: block) is doc


def test_map_blocks_replaces_and_removes_blocks_everywhere() -> None:
    def fn(block: m.Block, parents: walk.Parents) -> Any:
        if isinstance(block, m.HorizontalRule | m.CodeBlock):
            return ()
        if isinstance(block, m.Para) and any(isinstance(p, m.Note) for p in parents):
            return (block, m.Para((m.Str("added"),), Span("x")))
        return block

    new = walk.map_blocks(sample(), fn)
    assert list(walk.query(new, m.HorizontalRule)) == list(walk.query(new, m.CodeBlock)) == []
    assert [s.text for s in walk.query(new, m.Str)].count("added") == 2  # both notes
    bullet = next(walk.query(new, m.BulletList))
    assert bullet.items[1] == ()


def test_map_inline_lists_sees_each_sequence_whole() -> None:
    lengths: list[int] = []

    def fn(nodes: tuple[m.Inline, ...], parents: walk.Parents) -> tuple[m.Inline, ...]:
        lengths.append(len(nodes))
        return tuple(n for n in nodes if not isinstance(n, m.Str) or n.text != "x")

    new = walk.map_inline_lists(sample(), fn)
    assert "x" not in [s.text for s in walk.query(new, m.Str)]
    assert lengths[:5] == [1, 1, 1, 0, 3]  # heading, emph, cite prefix and suffix, paragraph
