"""The public CSL processor: citations across a note sequence, and the bibliography.

``Processor(style, references, locale)`` resolves the style (cached compiled form),
builds the merged locale and indexes references without decoding them (items are
prepared lazily when first cited). ``cite(notes)`` computes positions,
disambiguates, sorts and renders each cluster; ``bibliography()`` renders the
entries of the cited items sorted by the style.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from typeset.csl import output as o
from typeset.csl.context import AuthorSubstitute, CiteInfo, Ctx, Item, ItemState
from typeset.csl.finalize import finalize
from typeset.csl.locale import build_locale
from typeset.csl.positions import Cluster, assign_positions
from typeset.csl.sort import KeyValue, sort_records
from typeset.csl.style import El, Style, resolve_style
from typeset.diagnostics import Span, TypesetError, error
from typeset.rich.model import RichText


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
        self._raw: dict[str, Mapping[str, Any]] = {}
        for ref in references:
            self._raw[str(ref.get("id", ""))] = ref
        self._items: dict[str, Item] = {}
        self.states: dict[str, ItemState] = {}
        self.registered: list[str] = []
        self._numbers: dict[str, int] = {}
        self.renders_year_suffix = _mentions(self.style, "year-suffix")
        self.uses_citation_number = _mentions(self.style, "citation-number")
        self.uses_note_numbers = _mentions(self.style, "first-reference-note-number")
        self._sort_cache: dict[tuple[str, str, int], KeyValue] = {}
        self._disambiguated = False
        self.tests_position = _has_attr(self.style.citation, self.style, "position")

    # --- items ------------------------------------------------------------------

    @property
    def is_note_style(self) -> bool:
        return self.style.cls == "note"

    @property
    def bibliography_options(self) -> dict[str, Any]:
        bib = self.style.bibliography
        attrs = bib.attrs if bib is not None else {}
        return {
            "hanging_indent": attrs.get("hanging-indent") == "true",
            "second_field_align": attrs.get("second-field-align"),
            "line_spacing": int(attrs.get("line-spacing", "1") or 1),
            "entry_spacing": int(attrs.get("entry-spacing", "1") or 1),
        }

    def item(self, item_id: str) -> Item:
        if item_id not in self._items:
            raw = self._raw.get(item_id)
            if raw is None:
                raise TypesetError(error("unknown-id", f"unknown reference id {item_id!r}",
                                         Span("<citations>")))
            self._items[item_id] = Item(dict(raw))
            self.states[item_id] = ItemState()
        return self._items[item_id]

    def register(self, ids: Iterable[str]) -> None:
        for item_id in ids:
            self.item(item_id)
            if item_id not in self._numbers:
                self.registered.append(item_id)
                self._numbers[item_id] = len(self.registered)

    # --- rendering one cite ----------------------------------------------------------

    def make_ctx(self, cite: CiteInfo, section: El, mode: str) -> Ctx:
        return Ctx(self.style, self.locale, section, self.item(cite.id), cite,
                   self.states[cite.id], mode, renders_year_suffix=self.renders_year_suffix)

    def render_cite(self, cite: CiteInfo, mode: str = "citation",
                    suppress_author: bool = False, skip: frozenset[str] = frozenset()) -> RichText:
        return self._render(cite, mode, suppress_author, skip)[0]

    def render_entry(self, cite: CiteInfo, substitute: AuthorSubstitute | None
                     ) -> tuple[RichText, str, tuple[str, ...]]:
        """A bibliography entry and its first names, whole and name by name (for the
        next entry's subsequent-author-substitute)."""
        rich, ctx = self._render(cite, "bibliography", False, frozenset(), substitute)
        return rich, ctx.first_names, ctx.first_name_parts

    def render_entry_fields(self, cite: CiteInfo) -> list[RichText]:
        """A bibliography entry's top-level fields (for second-field-align)."""
        from typeset.csl.evaluate import eval_parts

        section = self.style.bibliography
        assert section is not None
        layout = section.child("layout")
        assert layout is not None
        ctx = self.make_ctx(cite, section, "bibliography")
        return [p for p in eval_parts(layout.children, ctx) if not o.is_empty(p)]

    def render_cite_parts(self, cite: CiteInfo) -> tuple[RichText, str]:
        """The cite and the plain text of its first names output (for cite grouping)."""
        rich, ctx = self._render(cite, "citation", False)
        return rich, ctx.first_names

    def _render(self, cite: CiteInfo, mode: str, suppress_author: bool,
                skip: frozenset[str] = frozenset(),
                substitute: AuthorSubstitute | None = None) -> tuple[RichText, Ctx]:
        from typeset.csl.evaluate import ev_children

        section = self.style.citation if mode == "citation" else self.style.bibliography
        if section is None:
            return (), None  # type: ignore[return-value]
        ctx = self.make_ctx(cite, section, mode)
        ctx.suppress_author = cite.suppress_author or suppress_author
        ctx.suppressed.update(skip)
        ctx.author_substitute = substitute
        ctx.author_only = cite.author_only
        layout = section.child("layout")
        assert layout is not None
        rich = ev_children(layout, ctx)
        if cite.author_only and mode == "citation":  # only the author, for "Snow (1958)"
            return ctx.first_names_rich, ctx
        return rich, ctx

    # --- citations ----------------------------------------------------------------------

    def cite(self, notes: Sequence[Any]) -> list[RichText]:
        """Render clusters (one per note, in document order); see DESIGN.md contracts."""
        clusters = [self._cluster(n, i) for i, n in enumerate(notes)]
        for cluster in clusters:
            self.register(c.id for c in cluster.cites)
        self._number_items()
        near = int(self._citation_attr("near-note-distance", "5") or 5)
        assign_positions(clusters, near)
        from typeset.csl.disambiguate import disambiguate

        disambiguate(self, [c for cl in clusters for c in cl.cites])
        self._disambiguated = True
        return [self.render_cluster(cl) for cl in clusters]

    def _citation_attr(self, key: str, default: str | None = None) -> str | None:
        cit = self.style.citation
        return cit.attrs.get(key, default) if cit is not None else default

    def _cluster(self, note: Any, index: int) -> Cluster:
        if isinstance(note, Mapping):
            cites = note.get("cites", [])
            number = int(note.get("note_number", index + 1) or 0)
        else:
            cites, number = note, index + 1
        return Cluster([_cite_info(c) for c in cites], number)

    def _number_items(self) -> None:
        """citation-number follows the bibliography's sort when it has one (spec)."""
        bib = self.style.bibliography
        sort_el = bib.child("sort") if bib is not None else None
        if sort_el is None or _sorts_by_citation_number(sort_el) or not self.uses_citation_number:
            order = list(self.registered)
        else:
            order = self.sorted_ids(self.registered, bib, "bibliography")
        for n, item_id in enumerate(order, 1):
            self._numbers[item_id] = n

    def render_cluster(self, cluster: Cluster) -> RichText:
        from typeset.csl.collapse import render_cites

        section = self.style.citation
        if section is None:
            return ()
        layout = section.child("layout")
        assert layout is not None
        cites = cluster.cites
        for c in cites:
            c.citation_number = self._numbers.get(c.id, 0)
        sort_el = section.child("sort")
        if sort_el is not None:
            cites = sort_records(cites, sort_el, lambda c, k: self._sort_value(
                c, k, section, "citation"))
        body = render_cites(self, cites, layout)
        body = _layout_decorate(body, layout)
        out = finalize(body, self.locale)
        return out

    # --- sorting --------------------------------------------------------------------------

    def sorted_ids(self, ids: list[str], section: El | None, mode: str) -> list[str]:
        sort_el = section.child("sort") if section is not None else None
        if sort_el is None or section is None:
            return list(ids)
        infos = [CiteInfo(i, citation_number=self._numbers.get(i, 0)) for i in ids]
        done = sort_records(infos, sort_el, lambda c, k: self._sort_value(c, k, section, mode))
        return [c.id for c in done]

    def _sort_value(self, cite: CiteInfo, key: El, section: El, mode: str) -> KeyValue:
        from typeset.csl.sortkeys import sort_value

        if mode == "citation":  # depends on the cite (position, locator): not cached
            return sort_value(self, cite, key, section, mode)
        memo = (cite.id, mode, id(key))
        if memo not in self._sort_cache:
            self._sort_cache[memo] = sort_value(self, cite, key, section, mode)
        return self._sort_cache[memo]

    # --- bibliography ------------------------------------------------------------------

    def bibliography(self, ids: Sequence[str] | None = None) -> list[RichText]:
        from typeset.csl.bibliography import render_bibliography

        if ids is not None:
            self.register(ids)
            if not self._numbers or any(i not in self._numbers for i in ids):
                self._number_items()
        elif not self._numbers:
            self._number_items()
        wanted = list(ids) if ids is not None else list(self.registered)
        if not self._disambiguated:  # bibliography without citations: disambiguate entries
            from typeset.csl.disambiguate import disambiguate

            disambiguate(self, [CiteInfo(i, citation_number=self._numbers.get(i, 0))
                                for i in wanted])
            self._disambiguated = True
        return render_bibliography(self, wanted)


def _cite_info(raw: Mapping[str, Any]) -> CiteInfo:
    def s(key: str) -> str:
        v = raw.get(key)
        return "" if v is None else str(v)

    if "id" not in raw:
        raise TypesetError(error("cite-invalid", "a cite without an id", Span("<citations>")))
    locator = s("locator").strip()
    # CSL-JSON spells the locator type "sub verbo"; the CSL term is "sub-verbo"
    label = s("label").strip().replace(" ", "-") or ("page" if locator else "")
    return CiteInfo(str(raw["id"]), locator, label, _affix(raw, "prefix"), _affix(raw, "suffix"),
                    bool(raw.get("suppress-author")), bool(raw.get("author-only")))


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


def _has_attr(section: El | None, style: Style, attr: str) -> bool:
    """Whether the section (through the macros it calls) has any element with ``attr``."""
    if section is None:
        return False
    seen: set[str] = set()
    stack = [section]
    while stack:
        n = stack.pop()
        if attr in n.attrs:
            return True
        macro = n.attrs.get("macro")
        if macro and macro not in seen and macro in style.macros:
            seen.add(macro)
            stack.append(style.macros[macro])
        stack.extend(n.children)
    return False


def _mentions(style: Style, variable: str) -> bool:
    stack: list[El] = [e for e in (style.citation, style.bibliography) if e is not None]
    stack += list(style.macros.values())
    while stack:
        n = stack.pop()
        if variable in (n.get("variable") or "").split():
            return True
        stack.extend(n.children)
    return False
