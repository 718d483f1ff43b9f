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

if TYPE_CHECKING:
    from typeset.csl.processor import Processor


def disambiguate(proc: Processor, cites: list[CiteInfo]) -> None:
    section = proc.style.citation
    if section is None:
        return
    opts = section.attrs
    ids = list(dict.fromkeys(c.id for c in cites))
    if len(ids) < 2 and opts.get("disambiguate-add-year-suffix") != "true":
        return
    for i in ids:
        proc.states[i] = ItemState()
    rule = opts.get("givenname-disambiguation-rule", "by-cite")
    want_names = opts.get("disambiguate-add-names") == "true"
    want_given = opts.get("disambiguate-add-givenname") == "true"
    for group in _ambiguous(proc, ids):
        if want_names:
            _add_names(proc, group)
        group = _still_ambiguous(proc, group)
        if want_given and len(group) > 1:
            _add_given(proc, group, rule)
    remaining = [g for g in (_still_ambiguous(proc, g) for g in _ambiguous(proc, ids)) if g]
    for group in remaining:
        for i in group:
            proc.states[i].disambiguate = True
    remaining = [g for g in (_still_ambiguous(proc, g) for g in _ambiguous(proc, ids)) if g]
    if opts.get("disambiguate-add-year-suffix") == "true":
        for group in remaining:
            for i in group:
                proc.states[i].disambiguate = False
        _year_suffixes(proc, remaining)


def _key(proc: Processor, item_id: str) -> str:
    cite = CiteInfo(item_id, position="subsequent" if proc.is_note_style else "first")
    cite.citation_number = 0
    return o.plain_text(proc.render_cite(cite))


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


def _add_names(proc: Processor, group: list[str]) -> None:
    limit = max(_max_names(proc, i) for i in group)
    pending = list(group)
    for extra in range(1, limit + 1):
        before = {i: _key(proc, i) for i in pending}
        for i in pending:
            proc.states[i].extra_names = extra
        after = {i: _key(proc, i) for i in pending}
        if before == after or len(_still_ambiguous(proc, pending)) >= len(pending):
            for i in pending:
                proc.states[i].extra_names = extra - 1
            break
        pending = _still_ambiguous(proc, pending)
        if not pending:
            return


def _add_given(proc: Processor, group: list[str], rule: str) -> None:
    """Expand given names; keep the expansion only if it resolves some ambiguity."""
    levels = (1,) if rule.endswith("with-initials") else (1, 2)
    ambiguous = len(group)
    for level in levels:
        for i in group:
            proc.states[i].given_level = level
        left = len(_still_ambiguous(proc, group))
        if left == 0:
            return
    if left >= ambiguous:
        for i in group:
            proc.states[i].given_level = -1


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
