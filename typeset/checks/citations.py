"""Rules joining the manuscript and the bibliography that only ``check`` applies: unused keys.

Undefined keys are rules the build applies too (:mod:`typeset.rules`); unused
entries are reported at the entry in the .bib. An entry
counts as used when it is cited, listed in ``nocite`` (``"*"`` uses all), or
is the crossref/xdata parent of a used entry (biblatex pulls parents in).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from typeset.diagnostics import Diagnostic, Span, warning
from typeset.doc import model as m
from typeset.doc import walk

_PARENT_FIELDS = ("crossref", "xdata")


def cite_items(tree: Any) -> Iterator[tuple[m.CiteItem, m.Cite]]:
    """Every CiteItem in a document tree (notes included), with its cluster, in order."""
    for cite in walk.query(tree, m.Cite):
        for item in cite.items:
            yield item, cite


def unused_entries(
    order: list[str], spans: dict[str, Span], raw: dict[str, dict[str, str]],
    cited: set[str], nocite: tuple[str, ...],
) -> list[Diagnostic]:
    """A warning for each entry neither cited nor listed in ``nocite``."""
    if "*" in nocite:
        return []
    used = _with_parents(cited | set(nocite), raw)
    return [
        warning("bib-unused", f"entry {key} is never cited (add it to nocite to keep it)",
                spans.get(key))
        for key in order if key not in used
    ]


def _with_parents(used: set[str], raw: dict[str, dict[str, str]]) -> set[str]:
    pending = list(used)
    while pending:
        key = pending.pop()
        for name in _PARENT_FIELDS:
            for parent in raw.get(key, {}).get(name, "").split(","):
                parent = parent.strip()
                if parent and parent not in used:
                    used.add(parent)
                    pending.append(parent)
    return used
