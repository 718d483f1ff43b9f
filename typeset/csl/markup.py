"""citeproc-js mini-markup in CSL-JSON strings -> rich text.

CSL-JSON fields may carry a small HTML-like markup (``<i>``, ``<b>``, ``<sc>``,
``<sup>``, ``<sub>``, ``<span class="nocase">``, ``<span class="nodecor">``,
``<span style="font-variant:small-caps;">``) and quotation marks. We parse it at
the boundary, once, so the engine only ever sees rich-text trees:

1. Tags are paired with a stack. A closing tag without an opener, or an opener
   that is never closed, stays literal text -- user data is never lost.
2. Quotation marks are paired *within* one container (the children of a tag or
   the top level), so a quoted span is always properly nested with the tags.
   A pair becomes ``Styled(quotes=True)``; the engine later renders it with the
   locale's outer or inner quote characters, flipping by depth. Straight quotes
   only open at the start of a word and close at its end; a straight ``'``
   inside a word (Russia's) or left unpaired becomes the apostrophe ``’``.

``&`` and ``<`` that are not markup stay literal; the writers escape them.

A cite's prefix and suffix reach the engine as rich text. Where they come from
a string (``typeset cite``'s JSON, the CSL test suite) :func:`parse_affix` reads
them; where they come from Markdown the citations pass builds the rich text and
:func:`quote_rich` pairs its quotation marks by the same rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from typeset.rich.model import Node, RichText, Styled, Text

# Opening tags -> the formatting they stand for (keyword arguments of Styled).
_NODECOR: dict[str, object] = {"font_style": "normal", "font_weight": "normal", "font_variant": "normal"}
_OPEN_TAGS: dict[str, dict[str, object]] = {
    "i": {"font_style": "italic"},
    "em": {"font_style": "italic"},
    "b": {"font_weight": "bold"},
    "strong": {"font_weight": "bold"},
    "sc": {"font_variant": "small-caps"},
    "sup": {"vertical_align": "sup"},
    "sub": {"vertical_align": "sub"},
    "nocase": {"nocase": True},
    "nodecor": _NODECOR,
    "smallcaps": {"font_variant": "small-caps"},
    "italic": {"font_style": "italic"},
    "bold": {"font_weight": "bold"},
    "underline": {"text_decoration": "underline"},
}

# Which closing tag ends which opener ("span" closes every span form).
_CLOSER = {
    "i": "i", "em": "em", "b": "b", "strong": "strong", "sc": "sc", "sup": "sup", "sub": "sub",
    "nocase": "span", "nodecor": "span", "smallcaps": "span", "italic": "span", "bold": "span",
    "underline": "span",
}

_SPAN_STYLES = {
    "font-variant:small-caps": "smallcaps",
    "font-style:italic": "italic",
    "font-weight:bold": "bold",
    "text-decoration:underline": "underline",
}

_TAG_RE = re.compile(
    r"<(?P<close>/)?(?P<name>i|b|sc|sup|sub|em|strong|span)"
    r"(?P<attrs>(?:\s+[a-z-]+\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'))*)\s*>",
    re.IGNORECASE,
)
_ATTR_RE = re.compile(r"([a-z-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.IGNORECASE)

_DOUBLE_OPEN, _DOUBLE_CLOSE = "“", "”"
_SINGLE_OPEN, _SINGLE_CLOSE = "‘", "’"
_QUOTE_CHARS = frozenset("\"'“”‘’")
_APOSTROPHE = "’"
# After these characters a straight quote may open; before them it may close.
_OPEN_CONTEXT = frozenset("([{<–—-/“‘\"'")
_CLOSE_CONTEXT = frozenset(".,;:!?)]}>–—-/…”’\"'")


def parse_markup(value: str, *, quotes: bool = True) -> RichText:
    """Parse citeproc-js mini-markup and quotes; never raises, never loses text.

    ``quotes=False`` parses tags only and leaves every quotation mark as typed:
    citeproc-js does not re-quote a cite's prefix or suffix
    (flipflop_LeadingMarkupWithApostrophe keeps its ‘God willing’).
    """
    return _parse_cached(value, quotes)


@lru_cache(maxsize=16384)
def _parse_cached(value: str, quotes: bool = True) -> RichText:
    if not value:
        return ()
    tree = _build_tag_tree(value)
    return _to_rich(tree, quotes)


parse_markup_cached = parse_markup


# --- step 1: tags ---------------------------------------------------------


@dataclass
class _Elem:
    """A matched tag pair while parsing (``kind`` None for the root)."""

    kind: str | None
    children: list[_Elem | str] = field(default_factory=list)
    template: Styled | None = None  # the formatting, for a tree built from rich text


def _tag_kind(m: re.Match[str]) -> str | None:
    """The kind an opening tag stands for, or None if it is not markup we know."""
    name = m.group("name").lower()
    if name != "span":
        return None if m.group("attrs").strip() else name
    attrs: dict[str, str] = {
        a.lower(): (v or w) for a, v, w in _ATTR_RE.findall(m.group("attrs"))}
    if set(attrs) == {"class"} and attrs["class"].strip() in ("nocase", "nodecor"):
        return attrs["class"].strip()
    if set(attrs) == {"style"}:
        style = re.sub(r"\s+", "", attrs["style"]).rstrip(";").lower()
        return _SPAN_STYLES.get(style)
    return None


def _tokens(value: str) -> list[tuple[str, str, str | None]]:
    """Split into ("text", s, None), ("open", raw, kind) and ("close", raw, name) tokens."""
    out: list[tuple[str, str, str | None]] = []
    pos = 0
    for m in _TAG_RE.finditer(value):
        if m.start() > pos:
            out.append(("text", value[pos:m.start()], None))
        if m.group("close"):
            if m.group("attrs").strip():
                out.append(("text", m.group(0), None))
            else:
                out.append(("close", m.group(0), m.group("name").lower()))
        else:
            kind = _tag_kind(m)
            out.append(("open", m.group(0), kind) if kind else ("text", m.group(0), None))
        pos = m.end()
    if pos < len(value):
        out.append(("text", value[pos:], None))
    return out


def _matched_pairs(tokens: list[tuple[str, str, str | None]]) -> set[int]:
    """Indices of opening and closing tokens that pair up properly (stack discipline)."""
    stack: list[int] = []
    matched: set[int] = set()
    for i, (typ, _raw, kind) in enumerate(tokens):
        if typ == "open":
            stack.append(i)
        elif typ == "close":
            depth = next((d for d in range(len(stack) - 1, -1, -1)
                          if _CLOSER[tokens[stack[d]][2] or ""] == kind), None)
            if depth is None:
                continue
            # openers above the match were never closed: they stay literal
            matched.update((stack[depth], i))
            del stack[depth:]
    return matched


def _build_tag_tree(value: str) -> _Elem:
    tokens = _tokens(value)
    matched = _matched_pairs(tokens)
    root = _Elem(None)
    stack = [root]
    for i, (typ, raw, kind) in enumerate(tokens):
        if typ == "open" and i in matched:
            elem = _Elem(kind)
            stack[-1].children.append(elem)
            stack.append(elem)
        elif typ == "close" and i in matched:
            stack.pop()
        else:
            _append_text(stack[-1], raw)
    return root


def _append_text(elem: _Elem, text: str) -> None:
    if elem.children and isinstance(elem.children[-1], str):
        elem.children[-1] += text
    else:
        elem.children.append(text)


# --- step 2: quotes within each container ----------------------------------


@dataclass
class _Quote:
    """A candidate quotation mark: its position in the container's items."""

    item: int
    offset: int
    double: bool


def _first_char(item: _Elem | str) -> str:
    if isinstance(item, str):
        return item[:1]
    for child in item.children:
        c = _first_char(child)
        if c:
            return c
    return ""


def _last_char(item: _Elem | str) -> str:
    if isinstance(item, str):
        return item[-1:]
    for child in reversed(item.children):
        c = _last_char(child)
        if c:
            return c
    return ""


def _neighbours(items: list[_Elem | str], i: int, j: int) -> tuple[str, str]:
    """Characters before and after position j of text item i ("" at the edges)."""
    text = items[i]
    assert isinstance(text, str)
    before = text[j - 1] if j > 0 else next(
        (c for k in range(i - 1, -1, -1) if (c := _last_char(items[k]))), "")
    after = text[j + 1] if j + 1 < len(text) else next(
        (c for k in range(i + 1, len(items)) if (c := _first_char(items[k]))), "")
    return before, after


def _can_open(ch: str, before: str, after: str) -> bool:
    same = "'’" if ch == "'" else "\"”"
    return (not before or before.isspace() or before in _OPEN_CONTEXT) and bool(after) \
        and not after.isspace() and after not in same


def _can_close(before: str, after: str) -> bool:
    return bool(before) and not before.isspace() and (
        not after or after.isspace() or after in _CLOSE_CONTEXT)


def _classify(ch: str, before: str, after: str) -> tuple[bool, bool, bool]:
    """(is double quote, may open, may close) for one quotation character."""
    if ch == _DOUBLE_OPEN:
        return True, True, False
    if ch == _DOUBLE_CLOSE:
        return True, False, True
    if ch == _SINGLE_OPEN:
        return False, True, False
    if ch in "'’" and before.isalnum() and after.isalnum():
        return False, False, False  # an apostrophe inside a word
    if ch == "'" and after.isdigit():
        return False, False, _can_close(before, after)  # elided century: '09, '90s
    if ch == _SINGLE_CLOSE:
        return False, False, _can_close(before, after)
    return ch == '"', _can_open(ch, before, after), _can_close(before, after)


# A character kept as typed stands beside a quotation mark as a neutral
# character: neither space, nor letter, nor quote context.
_NEUTRAL = "\ufffc"


def _pair_quotes(items: list[_Elem | str], literal: str) -> list[tuple[_Quote, _Quote]]:
    """Pair quotation marks among a container's items, innermost first; the
    characters in ``literal`` are never quotation marks."""
    stack: list[_Quote] = []
    pairs: list[tuple[_Quote, _Quote]] = []
    for i, item in enumerate(items):
        if not isinstance(item, str):
            continue
        for j, ch in enumerate(item):
            if ch not in _QUOTE_CHARS or ch in literal:
                continue
            before, after = _neighbours(items, i, j)
            before = _NEUTRAL if before and before in literal else before
            after = _NEUTRAL if after and after in literal else after
            double, may_open, may_close = _classify(ch, before, after)
            depth = next((d for d in range(len(stack) - 1, -1, -1)
                          if stack[d].double == double), None) if may_close else None
            if depth is not None and (stack[depth].item, stack[depth].offset + 1) == (i, j):
                depth = None  # an empty pair ("") is two literal marks, not a quotation
            if depth is not None:
                pairs.append((stack[depth], _Quote(i, j, double)))
                del stack[depth:]
            elif may_open:
                stack.append(_Quote(i, j, double))
    return pairs


# --- step 3: rich text ------------------------------------------------------


def _to_rich(elem: _Elem, quotes: bool, literal: str = "") -> RichText:
    items = elem.children
    if not quotes:
        return tuple(_merge([n for c in items for n in _child_nodes(c, quotes)]))
    marks = _pair_quotes(items, literal)
    opens = {(a.item, a.offset) for a, _ in marks}
    closes = {(b.item, b.offset) for _, b in marks}
    root: list[Node] = []
    stack: list[list[Node]] = [root]
    for i, item in enumerate(items):
        if isinstance(item, _Elem):
            stack[-1].extend(_styled(item, quotes, literal))
            continue
        buf: list[str] = []
        for j, ch in enumerate(item):
            if (i, j) in opens or (i, j) in closes:
                _flush(stack[-1], buf)
                if (i, j) in opens:
                    stack.append([])
                else:
                    inner = stack.pop()
                    stack[-1].append(Styled(tuple(inner), quotes=True))
            else:
                buf.append(_APOSTROPHE if ch == "'" else ch)
        _flush(stack[-1], buf)
    return tuple(_merge(root))


def _child_nodes(item: _Elem | str, quotes: bool) -> list[Node]:
    return [Text(item)] if isinstance(item, str) else _styled(item, quotes)


def _styled(elem: _Elem, quotes: bool, literal: str = "") -> list[Node]:
    children = _to_rich(elem, quotes, literal)
    if not children:
        return []
    if elem.template is not None:
        return [replace(elem.template, children=children, markup=True)]
    attrs = _OPEN_TAGS[elem.kind or ""]
    return [Styled(children, markup=True, **attrs)]  # type: ignore[arg-type]


def _flush(target: list[Node], buf: list[str]) -> None:
    if buf:
        target.append(Text("".join(buf)))
        buf.clear()


def _merge(nodes: list[Node]) -> list[Node]:
    """Join adjacent Text nodes so equal inputs give equal trees."""
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + node.text)
        elif not (isinstance(node, Text) and not node.text):
            out.append(node)
    return out


# --- affixes: rich text typed by a user ----------------------------------------

# citeproc-js does not re-quote a cite's prefix or suffix in curly single quotes
# (flipflop_LeadingMarkupWithApostrophe keeps its ‘God willing’); straight and
# curly double quotes are paired as anywhere else.
AFFIX_LITERAL = "‘’"


def parse_affix(value: str) -> RichText:
    """A cite prefix or suffix written as a mini-markup string -> rich text."""
    if not value:
        return ()
    return _to_rich(_build_tag_tree(value), True, AFFIX_LITERAL)


def quote_rich(rich: RichText, literal: str = AFFIX_LITERAL) -> RichText:
    """Rich text typed by a user (a Markdown cite prefix) with its quotation marks
    paired as :func:`parse_markup` pairs them in a string; Text tags are dropped."""
    return _to_rich(_tree(rich), True, literal)


def _tree(rich: RichText, root: _Elem | None = None) -> _Elem:
    elem = root if root is not None else _Elem(None)
    for node in rich:
        if isinstance(node, Text):
            if node.text:
                _append_text(elem, node.text)
        else:
            elem.children.append(_tree(node.children, _Elem("rich", template=node)))
    return elem
