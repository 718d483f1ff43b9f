"""Last pass over engine output: quotes, punctuation-in-quote and flip-flops.

Writers must never see engine-internal markers, so every ``Styled(quotes=True)``
becomes the locale's quote characters here: outer quotes at even depth, inner
quotes at odd depth (spec "quotes"). Punctuation that :mod:`output` moved inside a
quotation is moved back out when the locale says punctuation-in-quote="false".
Italics (bold, small caps) written in a field's value flip to normal inside the same
emphasis, so it stays visible; the style's own nested formatting stays as written
(``<i><i>…</i></i>``), as in citeproc-js.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import lru_cache
from typing import Any

from typeset.csl.locale import Locale
from typeset.csl.output import PIQ
from typeset.rich.model import Node, RichText, Styled, Text, plain, with_children

_FLIP = (("font_style", "italic"), ("font_weight", "bold"), ("font_variant", "small-caps"))


def finalize(rich: RichText, locale: Locale) -> RichText:
    quotes = (
        locale.term("open-quote") or "“", locale.term("close-quote") or "”",
        locale.term("open-inner-quote") or "‘", locale.term("close-inner-quote") or "’",
    )
    out = _flipflop(_quotes(tuple(rich), quotes, 0, locale.punctuation_in_quote), frozenset())
    if _ascii(out):  # both passes below only act on non-ASCII characters
        return out
    text = plain(out)
    pattern = _super_pattern(text)
    if pattern is not None:
        out = _superscripts(out, pattern)
    if "«" in text or "»" in text:
        out = _guillemet_spaces(out)
    return out


def _ascii(rich: RichText) -> bool:
    for node in rich:
        if isinstance(node, Text):
            if not node.text.isascii():
                return False
        elif not _ascii(node.children):
            return False
    return True


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
                node, changed = with_children(node, children), True
        out.append(node)
    return tuple(out) if changed else rich


_SUPER_EXTRA = {"ˀ": "ʔ", "ˁ": "ʕ", "ۥ": "و", "ۦ": "ي"}


@lru_cache(maxsize=4096)
def _super_base(c: str) -> str | None:
    """The base text of a Unicode superscript character (from its <super>
    decomposition, plus modifier letters Unicode does not decompose), else None.
    Looked up per distinct character so no table of all of Unicode is built."""
    if c in _SUPER_EXTRA:
        return _SUPER_EXTRA[c]
    if not 0x00A0 <= ord(c) < 0x10000:
        return None
    d = unicodedata.decomposition(c)
    if not d.startswith("<super>"):
        return None
    return "".join(chr(int(h, 16)) for h in d.split()[1:])


# The blocks holding every character _super_base maps (Latin-1's ª ² ³ ¹ º, spacing
# modifiers, Arabic's small waw and yeh, phonetic extensions, superscripts, ™ ℠, ...):
# a text with none of them has no superscript, found without looking at each character.
# tests/csl/test_output.py checks the class against every character of the BMP.
MAYBE_SUPERSCRIPT = re.compile(
    "[\u00aa\u00b2\u00b3\u00b9\u00ba\u02b0-\u02ff\u06e5\u06e6\u10fc\u1d2c-\u1dbf"
    "\u2070-\u209f\u2120-\u2122\u2c7c\u2c7d\u2d6f\u3192-\u319f\ua69c\ua69d"
    "\ua700-\ua7ff\uab5c-\uab6f]")


def _super_pattern(text: str) -> re.Pattern[str] | None:
    """A regex matching the superscript characters that occur in ``text`` (None if none)."""
    if MAYBE_SUPERSCRIPT.search(text) is None:
        return None
    chars = frozenset(c for c in set(text) if c > "\x7f" and _super_base(c) is not None)
    return _super_re(chars) if chars else None


@lru_cache(maxsize=256)
def _super_re(chars: frozenset[str]) -> re.Pattern[str]:
    return re.compile("[" + re.escape("".join(sorted(chars))) + "]")


def _superscripts(rich: RichText, pattern: re.Pattern[str] | None = None) -> RichText:
    """Superscript characters print as <sup> runs of their base letters (citeproc-js):
    fonts rarely have them all, and writers can set <sup> in any font."""
    if pattern is None:
        pattern = _super_pattern(plain(rich))
        if pattern is None:
            return rich
    out: list[Node] = []
    for node in rich:
        if isinstance(node, Text):
            out.extend(_split_super(node, pattern))
        else:
            out.append(with_children(node, _superscripts(node.children, pattern)))
    return tuple(out)


def _split_super(node: Text, pattern: re.Pattern[str]) -> list[Node]:
    if pattern.search(node.text) is None:
        return [node]
    out: list[Node] = []
    pos = 0
    for m in pattern.finditer(node.text):
        if m.start() > pos:
            out.append(Text(node.text[pos:m.start()], node.tag))
        base = _super_base(m.group(0))
        assert base is not None
        out.append(Styled((Text(base, node.tag),), vertical_align="sup"))
        pos = m.end()
    if pos < len(node.text):
        out.append(Text(node.text[pos:], node.tag))
    return out


def _quotes(rich: RichText, q: tuple[str, str, str, str], depth: int, piq: bool) -> RichText:
    """Quote markers -> locale quote characters; ``rich`` itself comes back (no copy)
    when it holds no quote marker."""
    result: list[Node] = []
    changed = False
    for node in rich:
        if isinstance(node, Text):
            result.append(node)
            continue
        if not node.quotes:
            children = _quotes(node.children, q, depth, piq)
            if children is not node.children:
                node, changed = with_children(node, children), True
            result.append(node)
            continue
        changed = True
        kids = list(node.children)
        trailing: list[Node] = []
        while kids and isinstance(kids[-1], Text) and kids[-1].tag == PIQ:
            last = kids.pop()
            assert isinstance(last, Text)
            trailing.insert(0, Text(last.text))
        inner = _quotes(tuple(kids), q, depth + 1, piq)
        open_, close = (q[0], q[1]) if depth % 2 == 0 else (q[2], q[3])
        if piq:
            body = (Text(open_), *inner, *trailing, Text(close))
            after: tuple[Node, ...] = ()
        else:
            body = (Text(open_), *inner, Text(close))
            after = tuple(trailing)
        result.append(replace(node, children=tuple(body), quotes=False))
        result.extend(after)
    return tuple(result) if changed else rich


def _flipflop(rich: RichText, active: frozenset[str]) -> RichText:
    """A field's own emphasis flips to normal inside the same; plain wrappers dissolve. ``rich`` itself comes
    back (no copy) when nothing changes."""
    out: list[Node] = []
    changed = False
    for node in rich:
        if isinstance(node, Text):
            out.append(node)
            continue
        changes: dict[str, Any] = {}
        inner = active
        if node.markup or node.font_style is not None or node.font_weight is not None \
                or node.font_variant is not None:  # else nothing to flip (the common case)
            if node.markup:
                changes["markup"] = False
            now = set(active)
            for attr, on in _FLIP:
                value = getattr(node, attr)
                if value == on:
                    if attr in active and node.markup:
                        changes[attr] = "normal"
                        now.discard(attr)
                    else:
                        now.add(attr)
                elif value == "normal":
                    if attr not in active:
                        changes[attr] = None
                    now.discard(attr)
            inner = active if now == active else frozenset(now)
        children = _flipflop(node.children, inner)
        if changes:
            node, changed = replace(node, children=children, **changes), True
        elif children is not node.children:
            node, changed = with_children(node, children), True
        if _is_plain(node):
            out.extend(node.children)
            changed = True
        else:
            out.append(node)
    return tuple(out) if changed else rich


def _is_plain(node: Styled) -> bool:
    return (node.font_style is None and node.font_variant is None and node.font_weight is None
            and node.text_decoration is None and node.vertical_align is None
            and node.display is None and not node.nocase and node.link is None
            and not node.quotes and not node.classes)
