"""Rich text as plain text."""

from __future__ import annotations

from collections.abc import Iterable

from typeset.rich.model import Node, Text


def render_text(rich: Iterable[Node]) -> str:
    return "".join(_text(n) for n in rich)


def _text(node: Node) -> str:
    """Plain text, keeping a space after a left-margin block ("1. Mastny", not "1.Mastny")."""
    if isinstance(node, Text):
        return node.text
    inner = "".join(_text(c) for c in node.children)
    if node.display == "left-margin" and inner and not inner.endswith(" "):
        inner += " "
    return inner
