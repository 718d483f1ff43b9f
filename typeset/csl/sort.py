"""Sorting cites and bibliography entries by cs:sort keys (spec "Sorting").

Keys are variables or macros. Names sort in name-as-sort-order "all", dates as
zero-padded YYYYYMMDD strings, numeric variables as integers; empty values always
sort last whatever the direction, and string comparison ignores case and accents.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from typeset.csl.style import El

KeyValue = tuple[bool, Any]


def normalize(text: str) -> str:
    """Comparison form of a string: accents stripped, case folded, leading punctuation gone."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    # punctuation and quotes do not sort on their own, but still part words:
    # "d’Wander" files before "de’ Frinkle" as punctuation sorts before letters
    stripped = re.sub(r"[^\w\s]|_", " ", stripped)
    return " ".join(stripped.split()).casefold()


def numeric_key(text: str) -> Any:
    m = re.match(r"\s*(-?\d+)", text)
    return int(m.group(1)) if m else None


def sort_records(records: list[Any], sort_el: El | None,
                 key_fn: Callable[[Any, El], KeyValue]) -> list[Any]:
    """Stable sort of records (ids, cites) by the sort element's keys."""
    if sort_el is None:
        return list(records)
    keys = [k for k in sort_el.children if k.name == "key"]
    if not keys:
        return list(records)
    computed: dict[tuple[int, int], KeyValue] = {}
    directions = [k.get("sort") == "descending" for k in keys]

    def value(r: Any, n: int) -> KeyValue:
        """Keys are computed lazily: later keys only matter when earlier ones tie."""
        memo = (id(r), n)
        if memo not in computed:
            computed[memo] = key_fn(r, keys[n])
        return computed[memo]

    def compare(a: Any, b: Any) -> int:
        for n, desc in enumerate(directions):
            (ea, va), (eb, vb) = value(a, n), value(b, n)
            if ea != eb:
                return 1 if ea else -1
            if ea:
                continue
            if type(va) is not type(vb):
                va, vb = str(va), str(vb)
            if va == vb:
                continue
            result = -1 if va < vb else 1
            return -result if desc else result
        return 0

    return sorted(records, key=functools.cmp_to_key(compare))
