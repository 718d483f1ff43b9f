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

from typeset.csl import output as o
from typeset.csl.context import CiteInfo, ItemState
from typeset.csl.names import Person
from typeset.csl.render import render_cite, sorted_ids
from typeset.csl.state import CslState


def disambiguate(state: CslState, cites: list[CiteInfo]) -> None:
    section = state.style.citation
    if section is None:
        return
    opts = section.attrs
    state.rendered_keys.clear()
    for c in cites:
        state.states[c.id] = ItemState()
    ids = list(dict.fromkeys(c.id for c in cites))
    state.first_notes = {c.id: c.first_note for c in reversed(cites) if c.first_note}
    rule = opts.get("givenname-disambiguation-rule", "by-cite")
    want_names = opts.get("disambiguate-add-names") == "true"
    want_given = opts.get("disambiguate-add-givenname") == "true"
    suffixes = opts.get("disambiguate-add-year-suffix") == "true"
    if want_given and rule != "by-cite":
        _global_names(state, ids, rule)
    if want_names or (want_given and rule == "by-cite"):
        for group in _ambiguous(state, ids):
            _resolve(state, group, want_names, want_given, rule, suffixes)
    remaining = _ambiguous(state, ids)
    for group in remaining:
        for i in group:
            state.states[i].disambiguate = True
    remaining = [g for g in (_still_ambiguous(state, g) for g in _ambiguous(state, ids)) if g]
    if suffixes:
        for group in remaining:
            for i in group:
                state.states[i].disambiguate = False
        _year_suffixes(state, remaining)


def _people(state: CslState, item_id: str) -> list[list[Person]]:
    item = state.item(item_id)
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


def _expand(state: CslState, people: list[Person], rule: str,
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
                chosen = state.states[item_id]
                chosen.name_levels[p] = max(chosen.name_levels.get(p, -1), level)


def _global_names(state: CslState, ids: list[str], rule: str) -> None:
    owners: dict[Person, list[str]] = defaultdict(list)
    people: list[Person] = []
    for i in ids:
        for plist in _people(state, i):
            chosen = plist[:1] if rule.startswith("primary") else plist
            for p in chosen:
                owners[p].append(i)
                people.append(p)
            if rule.startswith("primary"):
                break
    _expand(state, people, rule, owners)


def _by_cite_given(state: CslState, group: list[str], rule: str) -> None:
    lists = {i: _people(state, i) for i in group}
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
        _expand(state, people, rule, owners)


def _snapshot(state: CslState, group: list[str]) -> dict[str, tuple[int, dict[Person, int]]]:
    return {i: (state.states[i].extra_names, dict(state.states[i].name_levels)) for i in group}


def _restore(state: CslState, snap: dict[str, tuple[int, dict[Person, int]]]) -> None:
    for i, (extra, levels) in snap.items():
        state.states[i].extra_names = extra
        state.states[i].name_levels = dict(levels)


def _resolve(state: CslState, group: list[str], want_names: bool, want_given: bool,
             rule: str, suffixes: bool) -> None:
    """Steps 1-2, per cite: the fewest extra names (with given names) that set it apart.

    Each cite of the ambiguous set is expanded on its own: a cite that differs from
    every other member once two names show keeps two names, even when other members
    need all of theirs (citeproc-js does the same). A cite that nothing sets apart
    from everyone takes the level that sets it apart from the most members.
    """
    base = _snapshot(state, group)
    limit = max(_max_names(state, i) for i in group) if want_names else 0
    levels: list[dict[str, tuple[int, dict[Person, int]]]] = []
    keys: list[dict[str, str]] = []
    for extra in range(0, limit + 1):
        _restore(state, base)
        for i in group:
            state.states[i].extra_names = extra
        if want_given:
            _by_cite_given(state, group, rule)
        levels.append(_snapshot(state, group))
        keys.append({i: _key(state, i) for i in group})
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
    _restore(state, chosen)


def _key(state: CslState, item_id: str) -> str:
    """The cite as rendered under the item's current disambiguation state (memoised)."""
    now = state.states[item_id]
    memo = (item_id, now.extra_names, now.given_level, now.disambiguate,
            now.year_suffix, tuple(sorted(now.name_levels.items(), key=repr)))
    cache = state.rendered_keys
    if memo not in cache:
        # note styles are compared in their short (subsequent) form, as citeproc-js does
        # with the note it was first cited in: "Marlow (n 1)" and "Marlow (n 5)" differ
        # (OSCOLA), as in citeproc-js
        cite = CiteInfo(item_id, position="subsequent" if state.is_note_style else "first",
                        first_note=state.first_notes.get(item_id, 0))
        # the access date never tells works apart (citeproc-js skips it too)
        cache[memo] = o.plain_text(render_cite(state, cite, skip=frozenset({"accessed"})))
    return cache[memo]


def _ambiguous(state: CslState, ids: list[str]) -> list[list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        groups[_key(state, i)].append(i)
    return [g for k, g in groups.items() if len(g) > 1 and k.strip()]


def _still_ambiguous(state: CslState, group: list[str]) -> list[str]:
    keys: dict[str, list[str]] = defaultdict(list)
    for i in group:
        keys[_key(state, i)].append(i)
    out: list[str] = []
    for g in keys.values():
        if len(g) > 1:
            out.extend(g)
    return out


def _max_names(state: CslState, item_id: str) -> int:
    item = state.item(item_id)
    return max((len(v) for v in (item.names(k) for k in item.raw) if v), default=0)


def _year_suffixes(state: CslState, groups: list[list[str]]) -> None:
    bib = state.style.bibliography
    for group in groups:
        order = sorted_ids(state, group, bib, "bibliography") if bib is not None else group
        order = sorted(order, key=lambda i: (state.registered.index(i)
                                             if bib is None or bib.child("sort") is None
                                             else order.index(i)))
        for n, i in enumerate(order):
            state.states[i].year_suffix = _suffix(n)


def _suffix(n: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = letters[r] + out
    return out
