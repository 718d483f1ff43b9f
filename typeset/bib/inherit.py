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
    """A crossref/xdata target that does not exist (``reason`` "missing"), that leads back
    to the entry ("cycle"), or a chain longer than :data:`MAX_CHAIN` ("too-deep")."""

    key: str
    field: str
    target: str
    reason: str = "missing"


# biblatex nests crossrefs a level or two; a chain of thousands would recurse that deep
MAX_CHAIN = 64


@dataclass
class _Run:
    types: dict[str, str]
    own: dict[str, Fields]
    folded: dict[str, str]
    missing: list[Missing]
    done: dict[str, Fields]  # each entry resolved once: an xdata DAG costs linear time
    too_deep: bool = False


def resolve_all(
    types: dict[str, str], own: dict[str, Fields]
) -> tuple[dict[str, Fields], list[Missing]]:
    """Every entry's fields with xdata then crossref parents merged in."""
    run = _Run(types, own, {k.lower(): k for k in own}, [], {})
    merged = {key: dict(_resolve(key, run, ())) for key in own}
    return merged, run.missing


def _resolve(key: str, run: _Run, seen: tuple[str, ...]) -> Fields:
    if key in run.done:
        return run.done[key]
    fields = dict(run.own[key])
    path = (*seen, key)
    parents = [(target, "xdata") for target in _keys(fields.get("xdata", ""))]
    crossref = fields.get("crossref", "").strip()
    if crossref:
        parents.append((crossref, "crossref"))
    for target, field in parents:
        parent = _lookup(target, run, key, field)
        if parent is None:
            continue
        if parent in path:  # a cycle: keep own fields, say where it closes
            run.missing.append(Missing(key, field, target, "cycle"))
            continue
        if len(path) >= MAX_CHAIN:
            if not run.too_deep:
                run.missing.append(Missing(key, field, target, "too-deep"))
                run.too_deep = True
            continue
        renames = _renames(run.types.get(parent, ""), run.types.get(key, "")) \
            if field == "crossref" else {}
        _fill(fields, _resolve(parent, run, path), renames)
    run.done[key] = fields
    return fields


def _lookup(target: str, run: _Run, key: str, field: str) -> str | None:
    """The parent's key as stored. Keys match ignoring case, as in BibTeX (xampl.bib's
    ``crossref = {WHOLE-JOURNAL}``); biber's match is exact, which ``check`` reports
    for biblatex files."""
    if target in run.own:
        return target
    if target.lower() in run.folded:
        return run.folded[target.lower()]
    run.missing.append(Missing(key, field, target))
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
