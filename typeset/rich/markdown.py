"""Rich text as pandoc Markdown (for README files and web pages):
*italic*, **bold**, [x]{.smallcaps}, ^sup^, ~sub~, [text](<url>)."""

from __future__ import annotations

from collections.abc import Iterable

from typeset.rich.model import Node, Styled, Text

_MD_SPECIAL = set("\\`*_[]<>#|~^")


def render_markdown(rich: Iterable[Node]) -> str:
    """One line of Markdown (line breaks become spaces)."""
    return "".join(_md(node) for node in rich).replace("\n", " ")


def _md(node: Node) -> str:
    if isinstance(node, Text):
        return "".join("\\" + c if c in _MD_SPECIAL else c for c in node.text)
    inner = "".join(_md(child) for child in node.children)
    core = inner.strip()
    if not core:
        return inner
    lead, trail = inner[: len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()):]
    return lead + _md_wrap(node, core) + trail


def _md_wrap(node: Styled, core: str) -> str:
    if node.vertical_align == "sup":
        core = f"^{core.replace(' ', chr(92) + ' ')}^"
    elif node.vertical_align == "sub":
        core = f"~{core.replace(' ', chr(92) + ' ')}~"
    if node.font_variant == "small-caps":
        core = f"[{core}]{{.smallcaps}}"
    if node.font_weight == "bold":
        core = f"**{core}**"
    if node.font_style in ("italic", "oblique"):
        core = f"*{core}*"
    if node.link:
        core = f"[{core}](<{node.link}>)"
    return core
