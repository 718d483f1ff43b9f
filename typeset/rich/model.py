"""The rich-text model: what the CSL engine produces and the writers serialise.

A rich text is a tuple of nodes. :class:`Text` holds plain characters (quotes,
dashes and punctuation already resolved by the engine); :class:`Styled` wraps
children in formatting. Nodes carry a :class:`Tag` saying where they came from
(item id, CSL variable), so disambiguation, ibid and tests inspect provenance
instead of matching strings.

This is the bottom floor of the package: it imports nothing from typeset.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace


@dataclass(frozen=True, slots=True)
class Tag:
    """Provenance: which item and which CSL variable (or term/macro) a piece came from."""

    item: str | None = None
    variable: str | None = None


@dataclass(frozen=True, slots=True)
class Text:
    text: str
    tag: Tag | None = None


@dataclass(frozen=True, slots=True)
class Styled:
    """Children under CSL formatting attributes; ``None`` means "not set here".

    ``font_style="normal"`` etc. appear when the engine flip-flops nested
    italics; writers must honour them. ``nocase`` marks spans protected from
    text-case transforms (kept so later stages can still see them); ``link``
    is an optional URL target; ``display`` is CSL's display attribute.
    """

    children: tuple[Node, ...]
    font_style: str | None = None  # italic | oblique | normal
    font_variant: str | None = None  # small-caps | normal
    font_weight: str | None = None  # bold | light | normal
    text_decoration: str | None = None  # underline | none
    vertical_align: str | None = None  # sup | sub | baseline
    display: str | None = None  # block | left-margin | right-inline | indent
    nocase: bool = False
    link: str | None = None
    tag: Tag | None = None
    classes: tuple[str, ...] = field(default=())
    quotes: bool = False  # engine-internal: resolved into quote characters before output
    # engine-internal: formatting written in a field's own value ("<i>" in a title); only
    # this kind flips to normal inside the same emphasis (cleared before output)
    markup: bool = False


Node = Text | Styled
RichText = tuple[Node, ...]

# Formatting attributes in citeproc-js's nesting order, innermost first: HTML nests
# them so (<b><i>x</i></b>); the other serialisers' order does not show in print.
STYLE_ATTRS = ("font_style", "font_variant", "font_weight", "text_decoration", "vertical_align")


def plain(rich: Iterable[Node]) -> str:
    """The characters of a rich text without any formatting."""
    if type(rich) is tuple and len(rich) == 1 and type(rich[0]) is Text:
        return rich[0].text  # the common case: one string
    out: list[str] = []
    _plain_into(rich, out)
    return "".join(out)


def _plain_into(rich: Iterable[Node], out: list[str]) -> None:
    for node in rich:
        if type(node) is Text:
            out.append(node.text)
        else:
            _plain_into(node.children, out)  # type: ignore[union-attr]


def with_children(node: Styled, children: tuple[Node, ...]) -> Styled:
    """``replace(node, children=children)``, without dataclasses.replace's field walk."""
    return Styled(children, node.font_style, node.font_variant, node.font_weight,
                  node.text_decoration, node.vertical_align, node.display, node.nocase,
                  node.link, node.tag, node.classes, node.quotes, node.markup)


def leaves(rich: Iterable[Node]) -> Iterator[Text]:
    """The Text leaves in reading order."""
    for node in rich:
        if isinstance(node, Text):
            yield node
        else:
            yield from leaves(node.children)


def transform(rich: Iterable[Node], leaf: Callable[[Text], Text]) -> RichText:
    """The same tree with every Text leaf replaced by ``leaf(text)``."""
    return tuple(leaf(node) if isinstance(node, Text)
                 else replace(node, children=transform(node.children, leaf))
                 for node in rich)
