"""Locator labels in the document's language, as pandoc reads them: with ``lang: de``,
``[@key, Seite 111]`` and ``[@key, S. 111]`` are page 111, ``Kap. 3`` chapter 3.

The reader (:mod:`typeset.readers.citations`) knows only the English terms and no
language, so a localised label stays in the suffix there. This pass, run by
:func:`typeset.citations.resolve_citations` for a language other than English, reads
the terms of that language's CSL locale (long and short forms, singular and plural, of
every locator term) and re-parses a suffix that starts with one: the label becomes the
cite's ``label``, the numbers its ``locator`` (parsed by the reader's own
:func:`~typeset.readers.citations.parse_locator`, so ranges, roman numerals and
``{braces}`` behave alike), and the rest stays the suffix. English forms are still
read by the reader; a term the locale shares with English for another label (rare)
takes the locale's meaning only where the reader found none.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from typeset.csl.locale import build_locale
from typeset.doc import model as m
from typeset.doc import walk
from typeset.readers.citations import LOCATOR_LABELS, parse_locator

# CSL locator label (which is also its CSL term's name) -> an English term the reader
# maps to it (to re-parse the rest with parse_locator)
_ENGLISH: dict[str, str] = {}
for _term, _label in LOCATOR_LABELS.items():
    _ENGLISH.setdefault(_label, _term)


@lru_cache(maxsize=16)
def locale_terms(lang: str) -> tuple[tuple[str, str], ...]:
    """(term, label) pairs of ``lang``'s locale, longest first; lower-cased."""
    locale = build_locale(lang)
    pairs: dict[str, str] = {}
    for label in _ENGLISH:
        for form in ("long", "short", "symbol"):
            term = locale.terms.get((label, form, ""))
            if term is None:
                continue
            for written in (term.single, term.multiple):
                lowered = written.strip().lower()
                for text in (lowered, lowered.replace("\xa0", " ").replace("\u202f", " ")):
                    if text and text not in LOCATOR_LABELS and not text.isdigit():
                        pairs.setdefault(text, label)
    return tuple(sorted(pairs.items(), key=lambda pair: len(pair[0]), reverse=True))


def _leading_text(nodes: tuple[m.Inline, ...]) -> tuple[str, int]:
    """The text of the suffix's leading run of words and spaces, and how many nodes."""
    parts = []
    for count, node in enumerate(nodes):
        if isinstance(node, m.Str):
            parts.append(node.text)
        elif isinstance(node, m.Space | m.SoftBreak):
            parts.append(" ")
        else:
            return "".join(parts), count
    return "".join(parts), len(nodes)


def _drop_chars(nodes: tuple[m.Inline, ...], count: int) -> tuple[m.Inline, ...]:
    """``nodes`` without their first ``count`` characters (in the leading words)."""
    out = list(nodes)
    while count > 0 and out:
        first = out[0]
        width = len(first.text) if isinstance(first, m.Str) else 1
        if width <= count:
            out.pop(0)
            count -= width
        else:
            assert isinstance(first, m.Str)
            out[0] = replace(first, text=first.text[count:])
            count = 0
    return tuple(out)


def localise_item(item: m.CiteItem, terms: tuple[tuple[str, str], ...]) -> m.CiteItem:
    """The item with a localised label at the start of its suffix read as its locator."""
    if item.locator is not None or not item.suffix:
        return item
    text, _ = _leading_text(item.suffix)
    start = 1 if text.startswith(",") else 0
    while start < len(text) and text[start] == " ":
        start += 1
    lowered = text.lower()
    for term, label in terms:
        if not lowered.startswith(term, start):
            continue
        after = start + len(term)
        if term[-1].isalpha() and after < len(text) and text[after].isalpha():
            continue
        english = _ENGLISH[label]
        parsed = parse_locator(english + text[after:])
        if parsed.value is None or parsed.label != label:
            continue
        consumed = after + parsed.end - len(english)
        return replace(item, locator=parsed.value, label=label,
                       suffix=_drop_chars(item.suffix, consumed))
    return item


def localise_locators(doc: m.Document, lang: str) -> m.Document:
    """Every cite's localised locator label read (a no-op for English)."""
    if lang.split("-")[0].lower() == "en":
        return doc
    terms = locale_terms(lang)
    if not terms:
        return doc

    def visit(node: m.Inline, parents: tuple[object, ...]) -> m.Inline:
        if not isinstance(node, m.Cite):
            return node
        items = tuple(localise_item(item, terms) for item in node.items)
        return replace(node, items=items) if items != node.items else node

    return walk.map_inlines(doc, visit)
