"""Smart punctuation by the document's language, as pandoc's ``smart`` extension.

Straight quotes become curly ones (“ ” ‘ ’ in English, „ “ ‚ ‘ in German,
« » with narrow no-break spaces in French ...), an apostrophe inside or at the
end of a word ’, ``---`` an em dash, ``--`` an en dash and ``...`` an ellipsis.
Only :class:`~typeset.doc.model.Str` text changes: code, math, raw content,
URLs and citation keys are other nodes or fields and are never touched, and
neither is link text that spells out its own URL. A span or div with
``lang=`` switches the quotes inside it. In French the space an author typed before
``:`` becomes a no-break space and before ``; ! ?`` a narrow one, so the sign never
starts a line (the HTML route has no babel-french to do it).

A pass over the model rather than markdown-it's typographer: that one also
turns ``(c)`` into © and ``+-`` into ±, which pandoc does not, knows one
language per parser, and cannot see a ``lang`` attribute.
"""

from __future__ import annotations

import re
from dataclasses import replace

from typeset.doc import model as m
from typeset.doc.walk import map_inline_lists

# BCP 47 primary subtag -> (open double, close double, open single, close single)
_NNBSP = "\u202f"
QUOTES: dict[str, tuple[str, str, str, str]] = {
    "en": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "de": ("\u201e", "\u201c", "\u201a", "\u2018"),
    "cs": ("\u201e", "\u201c", "\u201a", "\u2018"),
    "fr": ("\u00ab" + _NNBSP, _NNBSP + "\u00bb", "\u2039" + _NNBSP, _NNBSP + "\u203a"),
    "ru": ("\u00ab", "\u00bb", "\u201e", "\u201c"),
    "uk": ("\u00ab", "\u00bb", "\u201e", "\u201c"),
    "es": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "it": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "pl": ("\u201e", "\u201d", "\u00ab", "\u00bb"),
    "nl": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "sv": ("\u201d", "\u201d", "\u2019", "\u2019"),
    "fi": ("\u201d", "\u201d", "\u2019", "\u2019"),
    "da": ("\u00bb", "\u00ab", "\u203a", "\u2039"),
    "nb": ("\u00ab", "\u00bb", "\u2018", "\u2019"),
    "nn": ("\u00ab", "\u00bb", "\u2018", "\u2019"),
    "no": ("\u00ab", "\u00bb", "\u2018", "\u2019"),
    "pt": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "hu": ("\u201e", "\u201d", "\u00bb", "\u00ab"),
    "ro": ("\u201e", "\u201d", "\u00ab", "\u00bb"),
    "el": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
}
# a region whose quotes differ from its language's: Swiss German and Liechtenstein set
# guillemets without spaces, as Swiss French does with its spaces; European Portuguese too
REGION_QUOTES: dict[str, tuple[str, str, str, str]] = {
    "de-ch": ("\u00ab", "\u00bb", "\u2039", "\u203a"),
    "de-li": ("\u00ab", "\u00bb", "\u2039", "\u203a"),
    "pt-pt": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
}
# French high punctuation: a no-break space before the colon, a narrow one before ; ! ?
_FRENCH_HIGH = {":": "\u00a0", ";": _NNBSP, "!": _NNBSP, "?": _NNBSP}
_FRENCH_PUNCT = re.compile(r"[:;!?][!?]*[)\]\u00bb\u201d\u2019\"'.,\u2026]*")
# A Str with none of these characters is left as it is (one C search instead of four)
_TOUCHED = re.compile(r"[\"'.-]").search
_OPENERS = " \t\n\u00a0([{\u2014\u2013/-\u201c\u2018\u00ab"
_DASHES = re.compile(r"---|--|\.\.\.")
_DASH_TEXT = {"---": "\u2014", "--": "\u2013", "...": "\u2026"}


def quotes_for(lang: str) -> tuple[str, str, str, str]:
    tag = lang.strip().lower().replace("_", "-")
    parts = tag.split("-")
    region = next((f"{parts[0]}-{p}" for p in parts[1:] if f"{parts[0]}-{p}" in REGION_QUOTES),
                  None)  # de-CH, de-Latn-CH
    if region:
        return REGION_QUOTES[region]
    return QUOTES.get(parts[0], QUOTES["en"])


def _lang_of(parents: tuple[object, ...], default: str) -> str:
    for node in reversed(parents):
        if isinstance(node, m.Div | m.InlineSpan):
            lang = next((v for k, v in node.attributes if k == "lang"), None)
            if lang:
                return lang
    return default


def _neighbour_char(nodes: tuple[m.Inline, ...], index: int, step: int) -> str:
    """The character just outside node ``index`` (" " for a space or the sequence's edge)."""
    other = index + step
    if other < 0 or other >= len(nodes):
        return " "
    node = nodes[other]
    if isinstance(node, m.Str):
        return str(node.text[-1 if step < 0 else 0]) if node.text else " "
    if isinstance(node, m.Space | m.SoftBreak | m.LineBreak):
        return " "
    return "x"  # emphasis, code, a note mark: like a letter


def _quote(char: str, before: str, after: str, quotes: tuple[str, str, str, str],
           pending: list[bool] | None = None) -> str:
    """The typographic form of ``char``; ``pending`` says whether a single quote is open
    in this run of text (then ``so'`` closes it rather than being an apostrophe)."""
    opening = before in _OPENERS and not after.isspace()
    if char == '"':
        return quotes[0] if opening else quotes[1]
    closes = pending is not None and pending[0] and before.isalnum() and not after.isalnum()
    if closes and pending is not None:
        pending[0] = False
        return quotes[3]
    if before.isalnum() or (opening and after.isdigit()):
        return "\u2019"  # apostrophe: don't, the '90s
    if pending is not None:
        pending[0] = opening
    return quotes[2] if opening else quotes[3]


def smarten_text(text: str, before: str, after: str, quotes: tuple[str, str, str, str],
                 pending: list[bool] | None = None) -> str:
    """``text`` with straight quotes, dashes and ellipses made typographic."""
    text = _DASHES.sub(lambda match: _DASH_TEXT[match.group()], text)
    if '"' not in text and "'" not in text:
        return text
    out: list[str] = []
    for index, char in enumerate(text):
        if char in "\"'":
            prev = out[-1][-1] if out else before
            nxt = text[index + 1] if index + 1 < len(text) else after
            out.append(_quote(char, prev, nxt, quotes, pending))
        else:
            out.append(char)
    return "".join(out)


def smarten(doc: m.Document) -> m.Document:
    """``doc`` with smart punctuation in every Str, by the language in force there."""
    default = doc.meta.lang or "en-US"

    def visit(nodes: tuple[m.Inline, ...], parents: tuple[object, ...]) -> list[m.Inline]:
        if parents and isinstance(parents[-1], m.Link) and _spells_url(parents[-1]):
            return list(nodes)
        lang = _lang_of(parents, default)
        quotes = quotes_for(lang)
        french = lang.strip().lower().startswith("fr")
        out: list[m.Inline] = []
        pending = [False]  # a single quote opened in this run and not yet closed
        for index, node in enumerate(nodes):
            if french and isinstance(node, m.Space) and index + 1 < len(nodes):
                after = nodes[index + 1]
                if isinstance(after, m.Str) and _FRENCH_PUNCT.fullmatch(after.text):
                    # "Régisseur : un": the space typed before : ; ! ? must not break
                    out.append(m.Str(_FRENCH_HIGH[after.text[0]]))
                    continue
            if isinstance(node, m.Str) and _TOUCHED(node.text):
                text = smarten_text(node.text, _neighbour_char(nodes, index, -1),
                                    _neighbour_char(nodes, index, 1), quotes, pending)
                out.append(replace(node, text=text) if text != node.text else node)
            else:
                out.append(node)
        return out

    return map_inline_lists(doc, visit)


def _spells_url(link: m.Link) -> bool:
    text = "".join(n.text for n in link.children if isinstance(n, m.Str))
    return bool(text) and (text == link.url or text in link.url or "://" in text)
