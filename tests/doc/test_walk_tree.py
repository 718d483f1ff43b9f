"""walk.map_tree (several functions, one traversal) and walk.plain_text."""

from __future__ import annotations

from typeset.doc import model as m
from typeset.doc import walk


def _doc() -> m.Section:
    return m.Section("s.md", (
        m.Heading(1, (m.Str("A"), m.Space(), m.Emph((m.Str("b"),)),
                      m.Note((m.Para((m.Str("note"),)),)), m.Math("x^2"))),
        m.Figure("f.png", (m.Str("cap"),)),
        m.Para((m.Image("i.png", (m.Str("alt"),)), m.Str("t"))),
    ))


def test_map_tree_equals_the_single_function_maps() -> None:
    def block(node: m.Block, _p: walk.Parents) -> m.Block:
        return m.Figure("X", node.caption) if isinstance(node, m.Figure) else node

    def inline(node: m.Inline, _p: walk.Parents) -> m.Inline:
        return m.Image("Y", node.children) if isinstance(node, m.Image) else node

    def inline_list(nodes: tuple[m.Inline, ...], _p: walk.Parents) -> tuple[m.Inline, ...]:
        return tuple(n for n in nodes if not isinstance(n, m.Math))

    section = _doc()
    separate = walk.map_inline_lists(walk.map_inlines(walk.map_blocks(section, block), inline),
                                     inline_list)
    together = walk.map_tree(section, block=block, inline=inline, inline_list=inline_list)
    assert together == separate
    assert [f.src for f in walk.query(together, m.Figure)] == ["X"]
    assert [i.src for i in walk.query(together, m.Image)] == ["Y"]
    assert not list(walk.query(together, m.Math))


def test_map_tree_without_functions_returns_the_same_objects() -> None:
    section = _doc()
    assert walk.map_tree(section) is section


def test_query_skip_does_not_enter_skipped_nodes() -> None:
    strs = [s.text for s in walk.query(_doc(), m.Str, skip=m.Note)]
    assert "note" not in strs and "A" in strs


def test_plain_text() -> None:
    heading = _doc().blocks[0]
    assert walk.plain_text(heading) == "A b"
    assert walk.plain_text(heading, math=True) == "A bx^2"
    assert walk.plain_text(heading, skip=()) == "A bnote"
