"""BibResult: what reading a bibliography gives, with lazy per-entry conversion.

Why lazy: a 2,000-entry .bib parses raw in a fraction of a second, but
decoding LaTeX and splitting names for every entry costs several times that,
and a document cites a few dozen. ``item(key)`` converts one entry on first
use and caches it; ``items`` converts all (for ``typeset bib --all`` or
``check``). Conversion problems (dates, names, unknown commands) join
``diagnostics`` as entries are converted, so read ``items`` first when every
diagnostic is wanted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from typeset.bib.convert import convert_entry
from typeset.diagnostics import Diagnostic, Span

Item = dict[str, Any]


def public_item(item: Item) -> Item:
    """An item for other tools' CSL-JSON: our private keys dropped, and a list
    that ended in ``and others`` ends in ``{"literal": "others"}`` (what
    pandoc writes, so the truncation survives the export)."""
    public = {k: v for k, v in item.items() if not k.startswith("_")}
    for variable in item.get("_others", []):
        if variable in public:
            public[variable] = [*public[variable], {"literal": "others"}]
    return public


@dataclass(frozen=True)
class RawEntry:
    """An entry ready for conversion: its type and fields after inheritance."""

    entry_type: str
    fields: dict[str, str]


@dataclass(frozen=True)
class BibResult:
    """References read from one file (see the module docstring for laziness).

    ``order`` lists item keys in file order; ``entries`` holds what ``item``
    converts (fields after crossref/xdata); ``raw`` each entry's own fields;
    ``sets`` each ``@set``'s member keys.
    """

    path: str
    order: list[str]
    spans: dict[str, Span]
    field_spans: dict[tuple[str, str], Span]
    raw: dict[str, dict[str, str]]
    entries: dict[str, RawEntry] = field(default_factory=dict, repr=False)
    parse_diagnostics: list[Diagnostic] = field(default_factory=list)
    # biblatex @set entries: key -> member keys. A set is no item; a citation of it
    # cites its members (typeset.citations.expand_sets).
    sets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _cache: dict[str, Item] = field(default_factory=dict, repr=False, compare=False)
    _late: dict[str, list[Diagnostic]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def items(self) -> list[Item]:
        """Every item as CSL-JSON, in file order (converts what is not yet)."""
        return [item for key in self.order if (item := self.item(key)) is not None]

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Parse diagnostics, then those of the entries converted so far."""
        late = [d for key in self.order for d in self._late.get(key, [])]
        return [*self.parse_diagnostics, *_one_per_command(_one_per_type(late))]

    def item(self, key: str) -> Item | None:
        """The CSL-JSON item for ``key`` (None when there is no such entry)."""
        if key in self._cache:
            return self._cache[key]
        entry = self.entries.get(key)
        if entry is None:
            return None
        item, problems = convert_entry(key, entry.entry_type, entry.fields, self._span_for(key))
        self._cache[key] = item
        self._late[key] = problems
        return item

    def __contains__(self, key: object) -> bool:
        return key in self._cache or key in self.entries

    def _span_for(self, key: str) -> Callable[[str], Span]:
        fallback = self.spans.get(key, Span(self.path))

        def span_for(name: str) -> Span:
            return self.field_spans.get((key, name), fallback)

        return span_for

    @classmethod
    def from_items(
        cls, path: str, items: list[Item], spans: dict[str, Span], diagnostics: list[Diagnostic]
    ) -> BibResult:
        """A result for references that are already CSL-JSON."""
        result = cls(path, [str(i["id"]) for i in items], spans, {}, {}, {}, diagnostics)
        for item in items:
            result._cache[str(item["id"])] = item
        return result


def _one_per_type(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """One ``bib-unknown-type`` per type, at its first entry, counting the rest: a file of
    139 ``@package`` entries says so once, not 139 times."""
    unknown = [d for d in diagnostics if d.code == "bib-unknown-type"]
    if len(unknown) < 2:
        return diagnostics
    groups: dict[str, list[Diagnostic]] = {}
    for found in unknown:
        groups.setdefault(found.message.split(": ", 1)[-1], []).append(found)
    firsts = {id(group[0]): group for group in groups.values()}
    out = []
    for found in diagnostics:
        if found.code != "bib-unknown-type":
            out.append(found)
        elif id(found) in firsts:
            group = firsts[id(found)]
            if len(group) > 1:
                key, rest = found.message.split(": ", 1)
                kind, _, _ = rest.partition(";")
                more = len(group) - 1
                found = replace(found, message=f"{key} and {more} more entr"
                                f"{'y' if more == 1 else 'ies'}: {kind}; read as documents")
            out.append(found)
    return out


_COMMAND = re.compile(r"unknown LaTeX command (\\\S+) in ")


def _one_per_command(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """One ``bib-unknown-command`` per command, at its first use, counting the rest: a
    file using its document's own ``\\book{...}`` a hundred times says so once."""
    groups: dict[str, list[Diagnostic]] = {}
    for found in diagnostics:
        if found.code == "bib-unknown-command" and (match := _COMMAND.search(found.message)):
            groups.setdefault(match.group(1), []).append(found)
    if all(len(group) < 2 for group in groups.values()):
        return diagnostics
    later = {id(d) for group in groups.values() for d in group[1:]}
    firsts = {id(group[0]): len(group) - 1 for group in groups.values() if len(group) > 1}
    out = []
    for found in diagnostics:
        if id(found) in later:
            continue
        if id(found) in firsts:
            more = firsts[id(found)]
            found = replace(found, message=f"{found.message} (and in {more} more field"
                            f"{'' if more == 1 else 's'})")
        out.append(found)
    return out
