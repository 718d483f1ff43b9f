"""Last pass over engine output: quotes, punctuation-in-quote and flip-flops.

Writers must never see engine-internal markers, so every ``Styled(quotes=True)``
becomes the locale's quote characters here: outer quotes at even depth, inner
quotes at odd depth (spec "quotes"). Punctuation that :mod:`output` moved inside a
quotation is moved back out when the locale says punctuation-in-quote="false".
Nested italics (and bold, small caps) flip to normal so emphasis stays visible.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from typing import Any

from typeset.csl.locale import Locale
from typeset.csl.output import PIQ
from typeset.csl.rich import Node, RichText, Styled, Text

_FLIP = (("font_style", "italic"), ("font_weight", "bold"), ("font_variant", "small-caps"))


def finalize(rich: RichText, locale: Locale) -> RichText:
    quotes = (
        locale.term("open-quote") or "“", locale.term("close-quote") or "”",
        locale.term("open-inner-quote") or "‘", locale.term("close-inner-quote") or "’",
    )
    out = _quotes(rich, quotes, 0, locale.punctuation_in_quote)
    return _guillemet_spaces(_superscripts(_flipflop(out, frozenset())))


_GUILLEMET_SPACE = re.compile(r"(?<=«) | (?=»)")


def _guillemet_spaces(rich: RichText) -> RichText:
    """A plain space just inside « » becomes a narrow no-break space (French
    orthography), so the guillemet never ends up alone at a line break."""
    out: list[Node] = []
    changed = False
    for node in rich:
        if isinstance(node, Text):
            if "«" in node.text or "»" in node.text:
                new = _GUILLEMET_SPACE.sub("\u202f", node.text)
                changed = changed or new != node.text
                node = Text(new, node.tag)
        else:
            children = _guillemet_spaces(node.children)
            if children is not node.children:
                node, changed = replace(node, children=children), True
        out.append(node)
    return tuple(out) if changed else rich


def _super_table() -> dict[str, str]:
    """Unicode superscript characters -> their base text (from the Unicode <super>
    decompositions, plus modifier letters Unicode does not decompose)."""
    table = {"ˀ": "ʔ", "ˁ": "ʕ", "ۥ": "و", "ۦ": "ي"}
    for code in range(0x00A0, 0x10000):
        c = chr(code)
        d = unicodedata.decomposition(c)
        if d.startswith("<super>"):
            table[c] = "".join(chr(int(h, 16)) for h in d.split()[1:])
    return table


_SUPER = _super_table()
_SUPER_RE = re.compile("[" + re.escape("".join(_SUPER)) + "]")


def _superscripts(rich: RichText) -> RichText:
    """Superscript characters print as <sup> runs of their base letters (citeproc-js):
    fonts rarely have them all, and writers can set <sup> in any font."""
    if not any(_has_super(n) for n in rich):
        return rich
    out: list[Node] = []
    for node in rich:
        if isinstance(node, Text):
            out.extend(_split_super(node))
        else:
            out.append(replace(node, children=_superscripts(node.children)))
    return tuple(out)


def _has_super(node: Node) -> bool:
    if isinstance(node, Text):
        return _SUPER_RE.search(node.text) is not None
    return any(_has_super(c) for c in node.children)


def _split_super(node: Text) -> list[Node]:
    out: list[Node] = []
    pos = 0
    for m in _SUPER_RE.finditer(node.text):
        if m.start() > pos:
            out.append(Text(node.text[pos:m.start()], node.tag))
        out.append(Styled((Text(_SUPER[m.group(0)], node.tag),), vertical_align="sup"))
        pos = m.end()
    if pos < len(node.text):
        out.append(Text(node.text[pos:], node.tag))
    return out


def _quotes(rich: RichText, q: tuple[str, str, str, str], depth: int, piq: bool) -> RichText:
    result: list[Node] = []
    for node in rich:
        if isinstance(node, Text):
            result.append(node)
            continue
        if not node.quotes:
            result.append(replace(node, children=_quotes(node.children, q, depth, piq)))
            continue
        children = list(node.children)
        trailing: list[Node] = []
        while children and isinstance(children[-1], Text) and children[-1].tag == PIQ:
            last = children.pop()
            assert isinstance(last, Text)
            trailing.insert(0, Text(last.text))
        inner = _quotes(tuple(children), q, depth + 1, piq)
        open_, close = (q[0], q[1]) if depth % 2 == 0 else (q[2], q[3])
        if piq:
            body = (Text(open_), *inner, *trailing, Text(close))
            after: tuple[Node, ...] = ()
        else:
            body = (Text(open_), *inner, Text(close))
            after = tuple(trailing)
        result.append(replace(node, children=tuple(body), quotes=False))
        result.extend(after)
    return tuple(result)


def _flipflop(rich: RichText, active: frozenset[str]) -> RichText:
    out: list[Node] = []
    for node in rich:
        if isinstance(node, Text):
            out.append(node)
            continue
        changes: dict[str, Any] = {}
        now = set(active)
        for attr, on in _FLIP:
            value = getattr(node, attr)
            if value == on:
                if attr in active:
                    changes[attr] = "normal"
                    now.discard(attr)
                else:
                    now.add(attr)
            elif value == "normal":
                if attr not in active:
                    changes[attr] = None
                now.discard(attr)
        new = replace(node, children=_flipflop(node.children, frozenset(now)), **changes)
        if _is_plain(new):
            out.extend(new.children)
        else:
            out.append(new)
    return tuple(out)


def _is_plain(node: Styled) -> bool:
    return (node.font_style is None and node.font_variant is None and node.font_weight is None
            and node.text_decoration is None and node.vertical_align is None
            and node.display is None and not node.nocase and node.link is None
            and not node.quotes and not node.classes)
