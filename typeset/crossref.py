"""Cross-references in pandoc-crossref's syntax: ``@sec:x``, ``[@fig:a; @fig:b]``,
``[-@eq:x]`` (the number alone) and ``@Fig:x`` (capitalised), resolved in one pass over
the document before the citations pass, so both routes print the same numbers.

Labels are the ``ident`` of the numbered nodes: headings (``# Title {#sec:x}``, numbered
as the writers number them (``doc.numbering.HeadingCounter``); an
arabic count when the document numbers no sections) and any node with an ``ident`` and a
``number`` (figures, tables, equations, listings). A key with a reserved prefix
(``fig:``, ``tbl:``, ``eq:``, ``sec:``, ``lst:``) is a cross-reference when the document
defines a label with that prefix, or when no bibliography entry has that key; otherwise
it stays a citation (a .bib may have a key such as ``sec:law``). A reference to a missing
label is an error at the key with a did-you-mean, never an undefined citation.

The prefixes ("fig.", "Abb.") come from a table by language, pandoc-crossref's
defaults for English (figPrefix "fig.", plural "figs.").
"""

from __future__ import annotations

import difflib
from collections.abc import Container, Iterable
from dataclasses import dataclass
from typing import Any

from typeset import rules
from typeset.diagnostics import Diagnostic
from typeset.doc import model as m
from typeset.doc import walk
from typeset.doc.numbering import HeadingCounter

KINDS = ("fig", "tbl", "eq", "sec", "lst")

# language -> kind -> (singular, plural) prefix
PREFIXES: dict[str, dict[str, tuple[str, str]]] = {
    "en": {"fig": ("fig.", "figs."), "tbl": ("tbl.", "tbls."), "eq": ("eq.", "eqns."),
           "sec": ("sec.", "secs."), "lst": ("lst.", "lsts.")},
    "de": {"fig": ("Abb.", "Abb."), "tbl": ("Tab.", "Tab."), "eq": ("Gl.", "Gl."),
           "sec": ("Abschn.", "Abschn."), "lst": ("List.", "List.")},
    "fr": {"fig": ("fig.", "figs."), "tbl": ("tab.", "tabs."), "eq": ("éq.", "éqs."),
           "sec": ("sect.", "sects."), "lst": ("list.", "lists.")},
    "es": {"fig": ("fig.", "figs."), "tbl": ("tabla", "tablas"), "eq": ("ec.", "ecs."),
           "sec": ("sec.", "secs."), "lst": ("list.", "lists.")},
    "it": {"fig": ("fig.", "figg."), "tbl": ("tab.", "tabb."), "eq": ("eq.", "eqq."),
           "sec": ("sez.", "sezz."), "lst": ("list.", "list.")},
}


def kind_of(key: str) -> str | None:
    """``fig`` for ``fig:x`` (or ``Fig:x``); None for a key without a reserved prefix."""
    head, sep, rest = key.partition(":")
    return head.lower() if sep and rest and head.lower() in KINDS else None


def labels(doc: m.Document) -> dict[str, str]:
    """Every label of the document and the number it prints, in reading order."""
    scheme = doc.meta.section_numbering
    counter = HeadingCounter(scheme if scheme != "none" else "arabic")
    found: dict[str, str] = {}
    for node in walk.query(doc.sections, _labelled_types()):
        ident = getattr(node, "ident", None)
        if isinstance(node, m.Heading):
            number = counter.number(node)
        elif isinstance(node, m.Div):
            number = _group_number(node, kind_of(ident or ""))
        else:
            number = getattr(node, "number", None)
            if isinstance(node, m.Figure) and node.sub and number is not None:
                number = f"{number}{node.sub}"  # a subfigure: "fig. 1a"
        if ident and kind_of(ident) and number is not None:
            found.setdefault(ident, str(number))
    return found


def _group_number(div: m.Div, kind: str | None) -> Any:
    """pandoc-crossref's subfigures (``::: {#fig:group}`` around figures): the group's
    own number (``Div.number``, its figures are lettered 1a, 1b); any other group of
    labelled floats refers to its first float's number."""
    if div.number is not None:
        return div.number
    floats = {"fig": m.Figure, "tbl": m.Table, "lst": m.CodeBlock}
    cls = floats.get(kind or "")
    if cls is None:
        return None
    first = next(walk.query(div.blocks, cls), None)
    return getattr(first, "number", None) if first is not None else None


def _labelled_types() -> tuple[type[Any], ...]:
    """The model's classes that can carry a label (``ident``), headings first."""
    return tuple(cls for cls in vars(m).values()
                 if isinstance(cls, type) and "ident" in getattr(cls, "__dataclass_fields__", {}))


@dataclass(frozen=True)
class Crossrefs:
    """The labels and the reserved kinds of one document, and the bibliography's keys."""

    labels: dict[str, str]
    known: Container[str]

    def is_crossref(self, key: str) -> bool:
        kind = kind_of(key)
        if kind is None:
            return False
        defines_kind = any(kind_of(label) == kind for label in self.labels)
        return defines_kind or key.lower() in self.labels or key not in self.known

    def undefined(self, item: m.CiteItem, cite: m.Cite) -> Diagnostic | None:
        if _label(item.key) in self.labels:
            return None
        close = difflib.get_close_matches(_label(item.key), list(self.labels), n=1, cutoff=0.6)
        return rules.crossref_undefined(item, cite, close[0] if close else None,
                                        entry=item.key in self.known)


def _label(key: str) -> str:
    """``Fig:x`` refers to the label ``fig:x``."""
    head, _, rest = key.partition(":")
    return f"{head.lower()}:{rest}"


def resolve_crossrefs(doc: m.Document, known: Container[str], config: Any = None
                      ) -> tuple[m.Document, list[Diagnostic]]:
    """Replace every cross-reference cluster by its text; problems as diagnostics. The
    config's ``figPrefix`` ... (``Config.fig_prefix``) replace the language's words."""
    refs = Crossrefs(labels(doc), known)
    lang = doc.meta.lang.split("-")[0].lower()
    prefixes = dict(PREFIXES.get(lang, PREFIXES["en"]))
    for kind in KINDS:
        given = tuple(getattr(config, f"{kind}_prefix", ()) or ())
        if len(given) == 2:
            prefixes[kind] = (given[0], given[1])
    found: list[Diagnostic] = []

    def replace(node: m.Inline, _parents: walk.Parents) -> m.Inline | tuple[m.Inline, ...]:
        if not isinstance(node, m.Cite) or not node.items:
            return node
        if not all(refs.is_crossref(item.key) for item in node.items):
            return node
        problems = [d for item in node.items if (d := refs.undefined(item, node)) is not None]
        found.extend(problems)
        return _text(node, refs.labels, prefixes)

    return walk.map_inlines(doc, replace), found


def crossref_problems(doc: m.Document, known: Container[str]) -> list[Diagnostic]:
    """What :func:`resolve_crossrefs` reports, for ``check``."""
    return resolve_crossrefs(doc, known)[1]


def crossref_keys(doc: m.Document, known: Container[str]) -> set[str]:
    """The keys that are cross-references, not citations."""
    refs = Crossrefs(labels(doc), known)
    return {item.key for cite in walk.query(doc, m.Cite) for item in cite.items
            if refs.is_crossref(item.key)}


def _text(cite: m.Cite, found: dict[str, str], prefixes: dict[str, tuple[str, str]]
          ) -> tuple[m.Inline, ...]:
    """``fig. 1``, ``figs. 1–3``, ``1`` (suppress-author), ``Fig. 1``; a missing label
    prints as bold ``label?``."""
    out: list[m.Inline] = []
    groups = _groups(cite.items)
    for index, (kind, items) in enumerate(groups):
        if index:
            out += [m.Str(";"), m.Space()]
        numbers = [_number(item, found) for item in items]
        first = items[0]
        if not first.suppress_author:
            singular, plural = prefixes.get(kind, (kind, kind))
            word = singular if len(items) == 1 else plural
            if first.key[:1].isupper():
                word = word[:1].upper() + word[1:]
            out += [*first.prefix, *(() if not first.prefix else (m.Space(),))]
            out += [m.Str(word), m.Space()] if word else []
        out += _joined(numbers)
        out += _locator(items[-1])
        out += list(items[-1].suffix)
    return tuple(out)


# A locator read from a cross-reference's suffix (``[@sec:x, p. 2]``), printed back in
# English's short form: the reader keeps only the CSL label.
_LOCATOR_WORDS = {"page": ("p.", "pp."), "chapter": ("chap.", "chaps."),
                  "section": ("sec.", "secs."), "paragraph": ("para.", "paras."),
                  "line": ("l.", "ll."), "note": ("n.", "nn."), "verse": ("v.", "vv."),
                  "volume": ("vol.", "vols."), "column": ("col.", "cols."),
                  "figure": ("fig.", "figs."), "part": ("pt.", "pts."), "book": ("bk.", "bks.")}


def _locator(item: m.CiteItem) -> list[m.Inline]:
    if not item.locator:
        return []
    one, many = _LOCATOR_WORDS.get(item.label or "page", (item.label or "", item.label or ""))
    word = many if any(c in item.locator for c in ",-–&") else one
    return [m.Str(","), m.Space(), *((m.Str(word), m.Space()) if word else ()),
            m.Str(item.locator)]


def _groups(items: Iterable[m.CiteItem]) -> list[tuple[str, list[m.CiteItem]]]:
    groups: list[tuple[str, list[m.CiteItem]]] = []
    for item in items:
        kind = kind_of(item.key) or ""
        if groups and groups[-1][0] == kind:
            groups[-1][1].append(item)
        else:
            groups.append((kind, [item]))
    return groups


def _number(item: m.CiteItem, found: dict[str, str]) -> m.Inline:
    number = found.get(_label(item.key))
    if number is None:
        return m.Strong((m.Str(f"{item.key}?"),))
    return m.Str(number)


def _joined(numbers: list[m.Inline]) -> list[m.Inline]:
    """``1, 3``; consecutive arabic numbers as a range, ``1–3`` (pandoc-crossref's
    rangeDelim, set as an en dash)."""
    runs: list[list[m.Inline]] = []
    for node in numbers:
        value = _int(node)
        if runs and value is not None and _int(runs[-1][-1]) == value - 1:
            runs[-1].append(node)
        else:
            runs.append([node])
    parts: list[m.Inline] = []
    for index, run in enumerate(runs):
        if index:
            parts += [m.Str(","), m.Space()]
        parts += [run[0], m.Str("\u2013"), run[-1]] if len(run) > 1 else run
    return parts


def _int(node: m.Inline) -> int | None:
    return int(node.text) if isinstance(node, m.Str) and node.text.isdigit() else None
