"""The public CSL processor: citations across a note sequence, and the bibliography.

``Processor(style, references, locale)`` resolves the style (cached compiled form),
builds the merged locale and indexes references without decoding them (items are
prepared lazily when first cited). It is a façade over a :class:`CslState`, the
per-document state the helpers take: ``cite(notes)`` computes positions,
disambiguates, sorts and renders each cluster; ``bibliography()`` renders the
entries of the cited items sorted by the style; ``author_only(cites)`` renders
names for narrative citations without touching the state; ``render_document``
does all three for one document in one call, on a fresh state, so one
Processor serves any number of documents.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from typeset.csl import output as o
from typeset.csl.bibliography import render_bibliography
from typeset.csl.collapse import render_cites
from typeset.csl.context import CiteInfo, Item, ItemState
from typeset.csl.disambiguate import disambiguate
from typeset.csl.finalize import finalize
from typeset.csl.locale import build_locale
from typeset.csl.positions import Cluster, assign_positions
from typeset.csl.render import cached_sort_value, render_cite_parts, sorted_ids
from typeset.csl.sort import KeyValue, normalize, sort_records
from typeset.csl.state import CslState, StyleFacts
from typeset.csl.style import El, Style, resolve_style
from typeset.diagnostics import Span, TypesetError, error
from typeset.rich.model import RichText


@dataclass(frozen=True)
class DocumentRender:
    """One document's citations: its clusters, the names of its narrative citations, and
    its bibliography entries."""

    clusters: list[RichText]
    authors: list[RichText]
    bibliography: list[RichText]


class Processor:
    """A CSL 1.0.2 processor bound to one style, locale and set of references."""

    def __init__(self, style: str | os.PathLike[str] | Style,
                 references: Iterable[Mapping[str, Any]], locale: str | None = None,
                 search_dirs: Sequence[str | os.PathLike[str]] = (), force_locale: bool = False):
        self.style = style if isinstance(style, Style) else resolve_style(
            style, tuple(Path(d) for d in search_dirs))
        lang = locale if (force_locale or not self.style.default_locale) else \
            self.style.default_locale
        self.locale = build_locale(lang or "en-US", self.style.locales)
        self.references: dict[str, Mapping[str, Any]] = {
            str(ref.get("id", "")): ref for ref in references}
        self.facts = StyleFacts.of(self.style)
        self.state = self.new_state()

    def new_state(self) -> CslState:
        """An empty state for a new citation sequence."""
        return CslState(self.style, self.locale, self.facts, self.references)

    # --- the state, for callers that inspect it ---------------------------------------

    @property
    def is_note_style(self) -> bool:
        return self.style.cls == "note"

    @property
    def uses_note_numbers(self) -> bool:
        return self.facts.uses_note_numbers

    @property
    def states(self) -> dict[str, ItemState]:
        return self.state.states

    @property
    def registered(self) -> list[str]:
        return self.state.registered

    @property
    def bibliography_options(self) -> dict[str, Any]:
        bib = self.style.bibliography
        attrs = bib.attrs if bib is not None else {}
        return {"hanging_indent": attrs.get("hanging-indent") == "true"}

    def item(self, item_id: str) -> Item:
        return self.state.item(item_id)

    def register(self, ids: Iterable[str]) -> None:
        self.state.register(ids)

    # --- one document ---------------------------------------------------------------

    def render_document(self, notes: Sequence[Any], authors: Sequence[Sequence[Mapping[str, Any]]]
                        = (), bibliography: Sequence[str] = ()) -> DocumentRender:
        """A whole document in one call, on a fresh state: the clusters (as :meth:`cite`),
        the author-only renderings (as :meth:`author_only`, after the clusters) and the
        bibliography of ``bibliography`` ids (empty when there are none)."""
        self.state = self.new_state()
        clusters = self.cite(notes) if notes else []
        names = self.author_only(authors)
        entries = self.bibliography(bibliography) if bibliography else []
        return DocumentRender(clusters, names, entries)

    # --- citations ----------------------------------------------------------------------

    def cite(self, notes: Sequence[Any]) -> list[RichText]:
        """Render clusters (one per note, in document order); see DESIGN.md contracts."""
        return self.render_clusters(self.settle(notes))

    def settle(self, notes: Sequence[Any]) -> list[Cluster]:
        """The first half of :meth:`cite`: the notes' clusters registered, numbered,
        positioned and disambiguated, ready for :meth:`render_clusters`. From here on the
        bibliography reads nothing the clusters' rendering changes, so the two may be
        rendered in either order, or at the same time (``typeset cite``)."""
        state = self.state
        clusters = [_cluster(n, i) for i, n in enumerate(notes)]
        for cluster in clusters:
            state.register(c.id for c in cluster.cites)
        _number_items(state)
        assign_positions(clusters, self._near_note_distance())
        disambiguate(state, [c for cl in clusters for c in cl.cites])
        state.disambiguated = True
        return clusters

    def render_clusters(self, clusters: Sequence[Cluster]) -> list[RichText]:
        """The second half of :meth:`cite`: each settled cluster rendered."""
        return [render_cluster(self.state, cl) for cl in clusters]

    def author_only(self, requests: Sequence[Sequence[Mapping[str, Any]]]) -> list[RichText]:
        """Each request (a one-cluster citation, usually one ``author-only`` cite) rendered
        as if it were the only citation, on a scratch copy of the state: the names of a
        narrative citation ("As Doe argues") neither count as a citation for positions
        nor change the document's disambiguation."""
        out = []
        for request in requests:
            scratch = self.state.scratch()
            cluster = _cluster(request, 0)
            scratch.register(c.id for c in cluster.cites)
            assign_positions([cluster], self._near_note_distance())
            disambiguate(scratch, list(cluster.cites))
            out.append(render_cluster(scratch, cluster))
        return out

    def _near_note_distance(self) -> int:
        cit = self.style.citation
        value = cit.attrs.get("near-note-distance", "5") if cit is not None else "5"
        return int(value or 5)

    # --- bibliography ------------------------------------------------------------------

    def bibliography(self, ids: Sequence[str] | None = None) -> list[RichText]:
        state = self.state
        if ids is not None:
            # items new to the state (uncited ones included) are numbered with the rest,
            # in the bibliography's order ([1] Aaaa [2] Mmmm, not input order)
            known = len(state.registered)
            state.register(ids)
            if not known or len(state.registered) != known:
                _number_items(state)
        elif not state.numbers:
            _number_items(state)
        wanted = list(ids) if ids is not None else list(state.registered)
        if not state.disambiguated:  # bibliography without citations: disambiguate entries
            disambiguate(state, [CiteInfo(i, citation_number=state.number(i)) for i in wanted])
            state.disambiguated = True
        return render_bibliography(state, wanted)


def render_cluster(state: CslState, cluster: Cluster) -> RichText:
    section = state.style.citation
    if section is None:
        return ()
    layout = section.child("layout")
    assert layout is not None
    cites = cluster.cites
    for c in cites:
        c.citation_number = state.number(c.id)
    sort_el = section.child("sort")
    if sort_el is not None:
        cites = sort_records(cites, sort_el, lambda c, k: cached_sort_value(
            state, c, k, section, "citation"))
        if not state.is_note_style and ("cite-group-delimiter" in section.attrs or
                                        section.get("collapse")):
            cites = _grouped_sort(state, cites, sort_el, section)
    body = render_cites(state, cites, layout)
    body = _layout_decorate(body, layout)
    return finalize(body, state.locale)


def _grouped_sort(state: CslState, cites: list[CiteInfo], sort_el: El,
                  section: El) -> list[CiteInfo]:
    """citeproc-js's grouped sort for collapsing in-text styles: cites sorted by their
    names output and then the style's keys; each run of one author then files under
    the first key of its first cite, runs with equal keys in names order. So with
    equal years, "Hughes 2010" comes before "Nakamura 2010" whatever the input order."""
    keys = [k for k in sort_el.children if k.name == "key"]
    if not keys:
        return cites
    authors = {id(c): normalize(render_cite_parts(state, c)[1] or "") for c in cites}
    by_author = sorted(cites, key=lambda c: authors[id(c)])  # stable: keys order within
    leader: dict[int, KeyValue] = {}
    first: KeyValue = (True, "")
    for n, c in enumerate(by_author):
        if n == 0 or authors[id(c)] != authors[id(by_author[n - 1])]:
            first = cached_sort_value(state, c, keys[0], section, "citation")
        leader[id(c)] = first
    descending = keys[0].get("sort") == "descending"

    def compare(a: CiteInfo, b: CiteInfo) -> int:
        (ea, va), (eb, vb) = leader[id(a)], leader[id(b)]
        if ea != eb:
            return 1 if ea else -1
        if type(va) is not type(vb):
            va, vb = str(va), str(vb)
        if ea or va == vb:
            return 0
        result = -1 if va < vb else 1
        return -result if descending else result

    return sorted(by_author, key=functools.cmp_to_key(compare))


def _number_items(state: CslState) -> None:
    """citation-number follows the bibliography's sort when it has one (spec)."""
    bib = state.style.bibliography
    sort_el = bib.child("sort") if bib is not None else None
    if sort_el is None or _sorts_by_citation_number(sort_el) or \
            not state.facts.uses_citation_number:
        order = list(state.registered)
    else:
        order = sorted_ids(state, state.registered, bib, "bibliography")
    for n, item_id in enumerate(order, 1):
        state.numbers[item_id] = n


def _cluster(note: Any, index: int) -> Cluster:
    if isinstance(note, Mapping):
        cites = note.get("cites", [])
        number = int(note.get("note_number", index + 1) or 0)
        # "ibid": false -- the note's first cite may not be Ibid. (page-aware Ibid.)
        return Cluster([_cite_info(c) for c in cites], number, note.get("ibid", True) is not False)
    return Cluster([_cite_info(c) for c in note], index + 1)


def _cite_info(raw: Mapping[str, Any]) -> CiteInfo:
    def s(key: str) -> str:
        v = raw.get(key)
        return "" if v is None else str(v)

    if "id" not in raw:
        raise TypesetError(error("cite-invalid", "a cite without an id", Span("<citations>")))
    locator = s("locator").strip()
    # CSL-JSON spells the locator type "sub verbo"; the CSL term is "sub-verbo"
    label = s("label").strip().replace(" ", "-") or ("page" if locator else "")
    return CiteInfo(str(raw["id"]), locator, label, _spaced_prefix(_affix(raw, "prefix")),
                    _spaced_suffix(_affix(raw, "suffix")),
                    bool(raw.get("suppress-author")), bool(raw.get("author-only")))


# citeproc-js's "romanesque" letters (CSL.ENDSWITH_ROMANESQUE_REGEXP and
# STARTSWITH_ROMANESQUE_REGEXP): Latin, Greek, Cyrillic, Hebrew, Arabic, Thai
_ROMANESQUE = ("a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4"
               "\u05d6-\u05ff\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218-\u021b"
               "\u202a-\u202e")
_PREFIX_WANTS_SPACE = re.compile(f"[.;:&!?)\\],0-9{_ROMANESQUE}]$")
_SUFFIX_WANTS_SPACE = re.compile(f"^[&\\[({_ROMANESQUE}]")


def _spaced_prefix(prefix: RichText) -> RichText:
    """A cite prefix ending in a letter, a digit or punctuation is followed by a space,
    as citeproc-js does (``CSL.checkPrefixSpaceAppend``): "As written in" + Smith gives
    "As written in Smith"; "(" is left alone."""
    bare = o.plain_text(prefix).rstrip("\"'\u201d\u2019\u00bb\u202f\u00a0 ")
    if not _PREFIX_WANTS_SPACE.search(bare) or o.plain_text(prefix).endswith((" ", "\u00a0")):
        return prefix
    return o.concat(prefix, o.text(" "))


def _spaced_suffix(suffix: RichText) -> RichText:
    """A cite suffix opening with a letter or a bracket is preceded by a space
    (citeproc-js's ``CSL.checkSuffixSpacePrepend``): "p. 3" gives "Smith p. 3"."""
    if not _SUFFIX_WANTS_SPACE.search(o.plain_text(suffix)):
        return suffix
    return o.concat(o.text(" "), suffix)


def _affix(raw: Mapping[str, Any], key: str) -> RichText:
    """A cite's prefix or suffix: rich text (strings are read at the JSON boundary,
    with ``typeset.csl.markup.parse_affix``)."""
    value = raw.get(key) or ()
    if not isinstance(value, tuple):
        raise TypesetError(error("cite-invalid", f"a cite's {key} must be rich text, not "
                                 f"{type(value).__name__} (parse strings with "
                                 "typeset.csl.markup.parse_affix)", Span("<citations>")))
    return value


def _layout_decorate(rich: RichText, layout: El) -> RichText:
    """citeproc-js puts a citation layout's affixes inside its formatting."""
    rich = o.affixes(rich, layout.get("prefix"), layout.get("suffix"))
    return o.formatting(rich, layout.attrs)


def _sorts_by_citation_number(sort_el: El) -> bool:
    return any(k.get("variable") == "citation-number" for k in sort_el.children)
