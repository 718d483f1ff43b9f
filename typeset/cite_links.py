"""``link-citations: true``: each citation links to its entry in the bibliography, in both
routes, as pandoc's ``link-citations`` does.

The rendered citation is rich text whose leaves carry their item (``Tag.item``); each
maximal run of one item's nodes (with the untagged punctuation between them) becomes a
link to ``#ref-ID``, the anchor the writers give that item's bibliography entry
(:attr:`typeset.doc.model.Bibliography.anchors`). The separators between two items stay
outside any link. A URL or DOI leaf is never put inside a citation link: it gets its own
link from :func:`typeset.rich.links.link_urls`, and an ``<a>`` inside an ``<a>`` is
invalid HTML (and a PDF annotation inside another is ambiguous), so a run stops before it.
Only items that have an entry are linked (none when the bibliography is suppressed).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace

from typeset.doc import model as m
from typeset.doc import walk
from typeset.rich.model import Node, RichText, Styled, leaves

_URL_VARIABLES = frozenset({"URL", "DOI"})
LINK_CLASS = "cite-link"


def anchor(item: str) -> str:
    """The entry's anchor name: ``ref-`` and the key, characters outside ``[A-Za-z0-9._:-]``
    written as ``-uXXXX-`` (safe as an HTML id and a PDF destination name in both routes)."""
    safe = "".join(c if (c.isascii() and c.isalnum()) or c in "._:-" else f"-u{ord(c):04x}-"
                   for c in item)
    return "ref-" + safe


def entry_anchors(entries: Sequence[RichText]) -> tuple[str, ...]:
    """Each bibliography entry's anchor, from the item its first tagged leaf names."""
    out = []
    for entry in entries:
        item = next((leaf.tag.item for leaf in leaves(entry)
                     if leaf.tag is not None and leaf.tag.item), None)
        out.append(anchor(item) if item else "")
    return tuple(out)


def _owner(node: Node) -> str | None:
    """The one item ``node`` belongs to; ``""`` for untagged punctuation; None when it
    mixes items or holds a URL/DOI (then it is split, or left alone)."""
    found: set[str] = set()
    for leaf in leaves((node,)):
        if leaf.tag is not None and leaf.tag.variable in _URL_VARIABLES:
            return None
        if leaf.tag is not None and leaf.tag.item:
            found.add(leaf.tag.item)
    if isinstance(node, Styled) and node.link:
        return None
    if len(found) > 1:
        return None
    return next(iter(found), "")


def link_cites(rich: Iterable[Node], linked: Collection[str]) -> RichText:
    """``rich`` with each item's runs linked to its entry (items in ``linked`` only)."""
    nodes = list(rich)
    owners = [_owner(node) for node in nodes]
    out: list[Node] = []
    index = 0
    while index < len(nodes):
        owner = owners[index]
        if owner is None:
            node = nodes[index]
            if isinstance(node, Styled) and not node.link:
                node = replace(node, children=link_cites(node.children, linked))
            out.append(node)
            index += 1
            continue
        if not owner or owner not in linked:
            out.append(nodes[index])
            index += 1
            continue
        end = index + 1  # the run: this item's nodes and the untagged ones between them
        last = index
        while end < len(nodes) and owners[end] in ("", owner):
            if owners[end] == owner:
                last = end
            end += 1
        out.append(Styled(tuple(nodes[index:last + 1]), link="#" + anchor(owner),
                          classes=(LINK_CLASS,)))
        index = last + 1
    return tuple(out)


def link_citations(doc: m.Document, linked: Collection[str]) -> m.Document:
    """Every rendered citation (``Rich`` with a source cite) linked to its entries."""
    if not linked:
        return doc

    def visit(node: m.Inline, parents: tuple[object, ...]) -> m.Inline:
        if isinstance(node, m.Rich) and node.source is not None:
            return replace(node, content=link_cites(node.content, linked))
        return node

    return walk.map_inlines(doc, visit)


__all__ = ["LINK_CLASS", "anchor", "entry_anchors", "link_citations", "link_cites"]
