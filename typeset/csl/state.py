"""The state of one CSL run over one document, apart from the compiled style.

A :class:`CslState` holds what a citation sequence builds up: the prepared
items, each item's disambiguation choices, the registered ids in order of first
citation, the citation numbers, and the caches whose values depend on them
(bibliography sort keys, the rendered cites disambiguation compares). The
helpers (rendering, sorting, disambiguation, collapsing, the bibliography) take
the state; :class:`typeset.csl.processor.Processor` is the façade that makes
one per document. The compiled style and locale are shared and read-only;
nothing here is global, so a Style serves any number of states.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from typeset.csl.context import CiteInfo, Ctx, Item, ItemState
from typeset.csl.locale import Locale
from typeset.csl.sort import KeyValue
from typeset.csl.style import El, Style
from typeset.diagnostics import Span, TypesetError, error


@dataclass(frozen=True)
class StyleFacts:
    """What the processor needs to know of a style before rendering, found once."""

    renders_year_suffix: bool
    uses_citation_number: bool
    uses_note_numbers: bool

    @classmethod
    def of(cls, style: Style) -> StyleFacts:
        found = _mentioned(style, _FACT_VARIABLES)
        return cls(*(v in found for v in _FACT_VARIABLES))


@dataclass(eq=False)
class CslState:
    """Items, their disambiguation states, registration order, numbers and caches."""

    style: Style
    locale: Locale
    facts: StyleFacts
    raw: Mapping[str, Mapping[str, Any]]
    items: dict[str, Item] = field(default_factory=dict)
    states: dict[str, ItemState] = field(default_factory=dict)
    registered: list[str] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)
    sort_keys: dict[tuple[str, str, El], KeyValue] = field(default_factory=dict)
    rendered_keys: dict[tuple[object, ...], str] = field(default_factory=dict)
    first_notes: dict[str, int] = field(default_factory=dict)  # item -> note first cited in
    cite_group_delimiter_on: bool = False  # citeproc-js keeps it from cluster to cluster
    disambiguated: bool = False
    # Item.shape -> the has / chosen / branch_parts dicts its items share
    shapes: dict[tuple[Any, ...], tuple[dict[Any, Any], ...]] = field(default_factory=dict)

    @property
    def is_note_style(self) -> bool:
        return self.style.cls == "note"

    def item(self, item_id: str) -> Item:
        """The prepared item (decoded on first use); an unknown id is an error."""
        if item_id not in self.items:
            raw = self.raw.get(item_id)
            if raw is None:
                raise TypesetError(error("unknown-id", f"unknown reference id {item_id!r}",
                                         Span("<citations>")))
            item = self.items[item_id] = Item(dict(raw))
            # items of one shape share the answers of variable tests and the branches
            # they choose on them (Item.shape)
            shared = self.shapes.setdefault(item.shape(), (item.has, item.chosen,
                                                           item.branch_parts))
            item.has, item.chosen, item.branch_parts = shared
            self.states[item_id] = ItemState()
        return self.items[item_id]

    def register(self, ids: Iterable[str]) -> None:
        for item_id in ids:
            self.item(item_id)
            if item_id not in self.numbers:
                self.registered.append(item_id)
                self.numbers[item_id] = len(self.registered)

    def number(self, item_id: str) -> int:
        return self.numbers.get(item_id, 0)

    def make_ctx(self, cite: CiteInfo, section: El, mode: str) -> Ctx:
        return Ctx(self.style, self.locale, section, self.item(cite.id), cite,
                   self.states[cite.id], mode, renders_year_suffix=self.facts.renders_year_suffix)

    def scratch(self) -> CslState:
        """A state that shares the prepared items and numbers but starts every item's
        disambiguation afresh: renders made with it leave this state as it was."""
        return CslState(self.style, self.locale, self.facts, self.raw, self.items,
                        {i: ItemState() for i in self.states}, list(self.registered),
                        dict(self.numbers))


_FACT_VARIABLES = ("year-suffix", "citation-number", "first-reference-note-number")


def _mentioned(style: Style, variables: tuple[str, ...]) -> set[str]:
    """Which of ``variables`` an element of the style names (one walk of the style)."""
    wanted = frozenset(variables)
    found: set[str] = set()
    stack: list[El] = [e for e in (style.citation, style.bibliography) if e is not None]
    stack += list(style.macros.values())
    while stack:
        n = stack.pop()
        named = n.attrs.get("variable")
        if named:
            found.update(wanted.intersection(named.split()))
        stack.extend(n.children)
    return found
