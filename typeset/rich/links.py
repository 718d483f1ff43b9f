"""Which addresses become links, and the URLs and DOIs of rendered citations as links.

:func:`link_target` is the one policy both writers (and the Markdown link
checks) apply: ``http``, ``https`` and ``mailto`` addresses are linked as they
are, ``doi:10.x/y`` becomes ``https://doi.org/10.x/y``, ``#name`` is an internal
destination; anything else (``javascript:``, ``file:``, relative paths, data
URLs) is printed but not linked.

:func:`link_urls` is what makes the printed URLs and DOIs of notes and
bibliography entries clickable: the CSL engine tags every leaf with the
variable it came from, so a ``URL`` leaf links to itself and a ``DOI`` leaf to
its resolver, together with a ``https://doi.org/`` prefix the style printed
just before it. The engine itself never sets links (citeproc-js does not by
default, and the CSL test suite compares its HTML), so this runs only on the
way to a PDF.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from urllib.parse import quote, urlsplit

from typeset.rich.model import Node, RichText, Styled, Text

LINK_SCHEMES = ("http", "https", "mailto")
DOI_RESOLVER = "https://doi.org/"
_DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/",
                 "doi:")


def link_target(address: str) -> str | None:
    """The href for ``address`` if policy lets it be a link, else ``None``."""
    text = address.strip()
    if text.startswith("#"):
        return text if len(text) > 1 else None
    if text.lower().startswith("doi:"):
        return doi_url(text)
    parts = urlsplit(text)
    if parts.scheme.lower() not in LINK_SCHEMES:
        return None
    if parts.scheme.lower() != "mailto" and not parts.netloc:
        return None
    return text


def doi_url(doi: str) -> str | None:
    """``10.1000/xyz`` (or ``doi:...``, or a doi.org URL) -> its https://doi.org/ URL."""
    text = doi.strip()
    for prefix in _DOI_PREFIXES:
        if text.lower().startswith(prefix):
            text = text[len(prefix):]
            break
    if not text.startswith("10."):
        return None
    return DOI_RESOLVER + quote(text, safe="/:;()._-<>[]")


def link_urls(rich: Iterable[Node]) -> RichText:
    """The same rich text with each URL and DOI leaf (and a DOI's printed prefix) a link."""
    nodes = list(rich)
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Styled):  # never a link inside a link (nested <a> is invalid)
            out.append(node if node.link else replace(node, children=link_urls(node.children)))
        elif node.tag is not None and node.tag.variable == "URL":
            out.append(_linked((node,), link_target(node.text)))
        elif node.tag is not None and node.tag.variable == "DOI":
            out += _doi(out, node)
        else:
            out.append(node)
    return tuple(out)


def _doi(before: list[Node], leaf: Text) -> list[Node]:
    """The DOI leaf as a link, with the resolver prefix the style printed before it (the
    end of the previous leaf) moved into the link; ``before`` loses that prefix."""
    target = doi_url(leaf.text)
    previous = before[-1] if before else None
    if target is None or not isinstance(previous, Text) or previous.tag is not None:
        return [_linked((leaf,), target)]
    prefix = next((p for p in _DOI_PREFIXES if previous.text.lower().endswith(p)), None)
    if prefix is None:
        return [_linked((leaf,), target)]
    before.pop()
    rest = previous.text[: -len(prefix)]
    head = [replace(previous, text=rest)] if rest else []
    return [*head, _linked((replace(previous, text=previous.text[-len(prefix):]), leaf), target)]


def _linked(children: tuple[Node, ...], target: str | None) -> Node:
    if target is None:
        return children[0] if len(children) == 1 else Styled(children)
    return Styled(children, link=target, classes=("url",))


# Chicago (CMOS 14.18): a URL breaks after a colon-and-double-slash, before a single
# slash, a tilde, a period, a comma, a hyphen, an underline, a question mark, a number
# sign or a percent sign, and before or after an equals sign or an ampersand; never at
# a hyphen of its own making.
_BREAK_BEFORE = frozenset("/~.,-_?#%=&")
_BREAK_AFTER = frozenset("=&")


def url_segments(text: str) -> list[str]:
    """``text`` (a printed URL or DOI) cut at Chicago's break points; both writers set
    the pieces unbreakable and unhyphenated, with a break opportunity between them."""
    pieces: list[str] = []
    start = i = 0
    while i < len(text):
        if text.startswith("://", i):
            i += 3
            pieces.append(text[start:i])
            start = i
            continue
        char = text[i]
        if i > start and char in _BREAK_BEFORE:
            pieces.append(text[start:i])
            start = i
        i += 1
        if char in _BREAK_AFTER and i < len(text):
            pieces.append(text[start:i])
            start = i
    pieces.append(text[start:])
    return [piece for piece in pieces if piece]


def plain_url_text(node: Styled) -> str | None:
    """The text of a printed URL node (``link_urls``'s ``url`` class) made only of plain
    text, else ``None`` (the writers then set its children as usual)."""
    if not node.link or "url" not in node.classes:
        return None
    if not all(isinstance(child, Text) for child in node.children):
        return None
    return "".join(child.text for child in node.children if isinstance(child, Text))
