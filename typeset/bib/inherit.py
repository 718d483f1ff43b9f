"""crossref and xdata inheritance on raw fields, after biblatex's rules.

Done on raw (evaluated, undecoded) fields so that conversion sees one flat
field set per entry and ``check`` can still read each entry's own fields.
A child's own field always wins; a missing parent is reported, not fatal.
"""

from __future__ import annotations

from dataclasses import dataclass

from typeset.bib.tables import INHERITANCE, NOT_INHERITED

Fields = dict[str, str]


@dataclass(frozen=True)
class Missing:
    """A crossref/xdata target that does not exist."""

    key: str
    field: str
    target: str


def resolve_all(
    types: dict[str, str], own: dict[str, Fields]
) -> tuple[dict[str, Fields], list[Missing]]:
    """Every entry's fields with xdata then crossref parents merged in."""
    missing: list[Missing] = []
    merged = {key: _resolve(key, types, own, missing, ()) for key in own}
    return merged, missing


def _resolve(
    key: str,
    types: dict[str, str],
    own: dict[str, Fields],
    missing: list[Missing],
    seen: tuple[str, ...],
) -> Fields:
    fields = dict(own[key])
    if key in seen:  # a cycle: stop here, keep own fields
        return fields
    path = (*seen, key)
    for target in _keys(fields.get("xdata", "")):
        parent = _lookup(target, own, missing, key, "xdata")
        if parent is not None:
            _fill(fields, _resolve(parent, types, own, missing, path), {})
    crossref = fields.get("crossref", "").strip()
    if crossref:
        parent = _lookup(crossref, own, missing, key, "crossref")
        if parent is not None:
            renames = _renames(types.get(parent, ""), types.get(key, ""))
            _fill(fields, _resolve(parent, types, own, missing, path), renames)
    return fields


def _lookup(
    target: str, own: dict[str, Fields], missing: list[Missing], key: str, field: str
) -> str | None:
    """The parent's key as stored. Keys match ignoring case, as in BibTeX (xampl.bib's
    ``crossref = {WHOLE-JOURNAL}``); biber's match is exact, which ``check`` reports
    for biblatex files."""
    if target in own:
        return target
    folded = {k.lower(): k for k in own}
    if target.lower() in folded:
        return folded[target.lower()]
    missing.append(Missing(key, field, target))
    return None


def _fill(child: Fields, parent: Fields, renames: dict[str, tuple[str, ...]]) -> None:
    """Renamed fields first (biber applies the type-pair rules before "inherit
    all"), so a child's booktitle is the parent's title even when the parent
    also has a booktitle of its own, whatever the parent's field order."""
    for name, targets in renames.items():
        if name in parent:
            for target in targets:
                _inherit(child, target, parent[name])
    for name, value in parent.items():
        if name not in NOT_INHERITED and name not in renames:
            _inherit(child, name, value)


def _inherit(child: Fields, name: str, value: str) -> None:
    """The parent's value unless the child has one: an empty field is none for
    biber (xampl.bib's ``organization = ""`` still inherits the proceedings'
    organization; BibTeX would let it blank the parent's)."""
    own = child.get(name)
    if own is None or not own.replace("{", "").replace("}", "").strip():
        child[name] = value


def _renames(parent_type: str, child_type: str) -> dict[str, tuple[str, ...]]:
    renames: dict[str, tuple[str, ...]] = {}
    for parents, children, mapping in INHERITANCE:
        if parent_type in parents and child_type in children:
            renames.update(mapping)
    return renames


def _keys(text: str) -> list[str]:
    return [k.strip() for k in text.split(",") if k.strip()]
