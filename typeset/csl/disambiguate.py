"""Disambiguation of cites that render identically for different items (spec "Disambiguation").

The spec's steps, in order, each applied only to cites still ambiguous:
1. disambiguate-add-names: show more names than et-al allows;
2. disambiguate-add-givenname: initials, then full given names
   (givenname-disambiguation-rule: all-names, all-names-with-initials,
   primary-name, primary-name-with-initials, by-cite);
3. render with the cs:choose condition disambiguate="true";
4. disambiguate-add-year-suffix: "a", "b", ... in bibliography order.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from typeset.csl import output as o
from typeset.csl.context import CiteInfo, ItemState
from typeset.csl.names import Person

if TYPE_CHECKING:
    from typeset.csl.processor import Processor


def disambiguate(proc: Processor, cites: list[CiteInfo]) -> None:
    section = proc.style.citation
    if section is None:
        return
    opts = section.attrs
    proc.__dict__["_disamb_cache"] = {}
    for c in cites:
        proc.states[c.id] = ItemState()
    ids = list(dict.fromkeys(c.id for c in cites))
    rule = opts.get("givenname-disambiguation-rule", "by-cite")
    want_names = opts.get("disambiguate-add-names") == "true"
    want_given = opts.get("disambiguate-add-givenname") == "true"
    suffixes = opts.get("disambiguate-add-year-suffix") == "true"
    if want_given and rule != "by-cite":
        _global_names(proc, ids, rule)
    if want_names or (want_given and rule == "by-cite"):
        for group in _ambiguous(proc, ids):
            _resolve(proc, group, want_names, want_given, rule, suffixes)
    remaining = _ambiguous(proc, ids)
    for group in remaining:
        for i in group:
            proc.states[i].disambiguate = True
    remaining = [g for g in (_still_ambiguous(proc, g) for g in _ambiguous(proc, ids)) if g]
    if suffixes:
        for group in remaining:
            for i in group:
                proc.states[i].disambiguate = False
        _year_suffixes(proc, remaining)


def _people(proc: Processor, item_id: str) -> list[list[Person]]:
    item = proc.item(item_id)
    return [item.names(v) for v in NAME_ORDER if item.names(v)]


NAME_ORDER = ("author", "editor", "translator", "composer", "director", "container-author",
              "collection-editor", "interviewer", "recipient", "illustrator")


def _level_for(a: Person, b: Person, initials_only: bool) -> int:
    """1 = initials tell them apart, 2 = full given names needed, 0 = nothing helps."""
    if _initials(a) != _initials(b):
        return 1
    return 0 if initials_only else 2


def _initials(p: Person) -> str:
    return "".join(w[0] for w in p.given.replace(".", " ").replace("-", " ").split() if w)


def _same_person(a: Person, b: Person) -> bool:
    def norm(s: str) -> str:
        return s.replace(".", "").replace(" ", "")

    return a.family == b.family and a.non_dropping == b.non_dropping and \
        norm(a.given) == norm(b.given)


def _expand(proc: Processor, people: list[Person], rule: str,
            owners: dict[Person, list[str]]) -> None:
    """Expand given names of persons sharing a family name with a different person."""
    initials_only = rule.endswith("with-initials")
    by_family: dict[str, list[Person]] = defaultdict(list)
    for p in people:
        key = f"{p.non_dropping} {p.family}"
        if p.family and p not in by_family[key]:
            by_family[key].append(p)
    for same in by_family.values():
        if len(same) < 2:
            continue
        for p in same:
            others = [q for q in same if not _same_person(p, q)]
            if not others:
                continue
            level = max(_level_for(p, q, initials_only) for q in others)
            if level == 0:
                continue
            for item_id in owners.get(p, []):
                state = proc.states[item_id]
                state.name_levels[p] = max(state.name_levels.get(p, -1), level)


def _global_names(proc: Processor, ids: list[str], rule: str) -> None:
    owners: dict[Person, list[str]] = defaultdict(list)
    people: list[Person] = []
    for i in ids:
        for plist in _people(proc, i):
            chosen = plist[:1] if rule.startswith("primary") else plist
            for p in chosen:
                owners[p].append(i)
                people.append(p)
            if rule.startswith("primary"):
                break
    _expand(proc, people, rule, owners)


def _by_cite_given(proc: Processor, group: list[str], rule: str) -> None:
    lists = {i: _people(proc, i) for i in group}
    width = max((len(pl) for ls in lists.values() for pl in ls[:1]), default=0)
    limit = 1 if rule.startswith("primary") else width
    for pos in range(limit):
        owners: dict[Person, list[str]] = defaultdict(list)
        people = []
        for i, ls in lists.items():
            if ls and len(ls[0]) > pos:
                p = ls[0][pos]
                owners[p].append(i)
                people.append(p)
        _expand(proc, people, rule, owners)


def _snapshot(proc: Processor, group: list[str]) -> dict[str, tuple[int, dict[Person, int]]]:
    return {i: (proc.states[i].extra_names, dict(proc.states[i].name_levels)) for i in group}


def _restore(proc: Processor, snap: dict[str, tuple[int, dict[Person, int]]]) -> None:
    for i, (extra, levels) in snap.items():
        proc.states[i].extra_names = extra
        proc.states[i].name_levels = dict(levels)


def _resolve(proc: Processor, group: list[str], want_names: bool, want_given: bool,
             rule: str, suffixes: bool) -> None:
    """Steps 1-2, per cite: the fewest extra names (with given names) that set it apart.

    Each cite of the ambiguous set is expanded on its own: a cite that differs from
    every other member once two names show keeps two names, even when other members
    need all of theirs (citeproc-js does the same). A cite that nothing sets apart
    from everyone takes the level that sets it apart from the most members.
    """
    base = _snapshot(proc, group)
    limit = max(_max_names(proc, i) for i in group) if want_names else 0
    levels: list[dict[str, tuple[int, dict[Person, int]]]] = []
    keys: list[dict[str, str]] = []
    for extra in range(0, limit + 1):
        _restore(proc, base)
        for i in group:
            proc.states[i].extra_names = extra
        if want_given:
            _by_cite_given(proc, group, rule)
        levels.append(_snapshot(proc, group))
        keys.append({i: _key(proc, i) for i in group})
    chosen: dict[str, tuple[int, dict[Person, int]]] = {}
    for i in group:
        best, best_apart = base[i], 0
        for snap, key in zip(levels, keys, strict=True):
            apart = sum(key[j] != key[i] for j in group if j != i)
            if apart > best_apart:
                best, best_apart = snap[i], apart
            if apart == len(group) - 1:
                break
        chosen[i] = best
    _restore(proc, chosen)


def _key(proc: Processor, item_id: str) -> str:
    """The cite as rendered under the item's current disambiguation state (memoised)."""
    state = proc.states[item_id]
    memo = (item_id, state.extra_names, state.given_level, state.disambiguate,
            state.year_suffix, tuple(sorted(state.name_levels.items(), key=repr)))
    cache: dict[tuple[object, ...], str] = proc.__dict__.setdefault("_disamb_cache", {})
    if memo not in cache:
        # note styles are compared in their short (subsequent) form, as citeproc-js does
        cite = CiteInfo(item_id, position="subsequent" if proc.is_note_style else "first")
        # the access date never tells works apart (citeproc-js skips it too)
        cache[memo] = o.plain_text(proc.render_cite(cite, skip=frozenset({"accessed"})))
    return cache[memo]


def _ambiguous(proc: Processor, ids: list[str]) -> list[list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        groups[_key(proc, i)].append(i)
    return [g for k, g in groups.items() if len(g) > 1 and k.strip()]


def _still_ambiguous(proc: Processor, group: list[str]) -> list[str]:
    keys: dict[str, list[str]] = defaultdict(list)
    for i in group:
        keys[_key(proc, i)].append(i)
    out: list[str] = []
    for g in keys.values():
        if len(g) > 1:
            out.extend(g)
    return out


def _max_names(proc: Processor, item_id: str) -> int:
    item = proc.item(item_id)
    return max((len(v) for v in (item.names(k) for k in item.raw) if v), default=0)


def _year_suffixes(proc: Processor, groups: list[list[str]]) -> None:
    bib = proc.style.bibliography
    for group in groups:
        order = proc.sorted_ids(group, bib, "bibliography") if bib is not None else group
        order = sorted(order, key=lambda i: (proc.registered.index(i)
                                             if bib is None or bib.child("sort") is None
                                             else order.index(i)))
        for n, i in enumerate(order):
            proc.states[i].year_suffix = _suffix(n)


def _suffix(n: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = letters[r] + out
    return out
