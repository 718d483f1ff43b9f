"""Computing one cs:key's value for a cite or entry (spec "Sorting").

Variable keys read the item directly (names rendered in sort order, dates as
padded strings, numbers as integers). Macro keys render the macro in sort mode:
names inverted, dates as padded strings, et-al from the key's names-min /
names-use-first when given.
"""

from __future__ import annotations

import re
from typing import Any

from typeset.csl import output as o
from typeset.csl.context import DATE_VARS, NAME_VARS, NUMBER_VARS, CiteInfo
from typeset.csl.evaluate import chosen_branch, ev_children, evaluate, variable_text
from typeset.csl.names_eval import ev_names
from typeset.csl.sort import KeyValue, normalize, numeric_key
from typeset.csl.state import CslState
from typeset.csl.style import El
from typeset.csl.textsupport import markup
from typeset.rich.model import plain as plain_text


def _sort_names(key: El, default: tuple[int, int] | None) -> tuple[int, int] | None:
    if "names-min" in key.attrs or "names-use-first" in key.attrs:
        try:
            return int(key.get("names-min", "0") or 0), int(key.get("names-use-first", "0") or 0)
        except ValueError:
            return default
    return default


def sort_value(state: CslState, cite: CiteInfo, key: El, section: El, mode: str) -> KeyValue:
    ctx = state.make_ctx(cite, section, mode)
    ctx.sorting = True
    ctx.sort_use_last = key.get("names-use-last")
    var = key.get("variable")
    if var:
        if var in NAME_VARS:
            ctx.sort_names = _sort_names(key, (0, 0))
            rich = ev_names(state.style.compiled.names_of(var), ctx, evaluate, chosen_branch)
            return _string_value(o.plain_text(rich))
        if var in DATE_VARS:
            date = ctx.item.date(var)
            value = date.sort_key() if date else ""
            return (not value, value)
        text = variable_text(var, ctx)
        if var in NUMBER_VARS or var == "citation-number":
            num = numeric_key(text)
            if num is not None:
                return (False, num)
        return _string_value(plain_text(markup(text)) if text else text)
    macro = state.style.macros.get(key.get("macro", "") or "")
    if macro is None:
        return (True, "")
    ctx.sort_names = _sort_names(key, None)
    text = o.plain_text(ev_children(macro, ctx))
    # a number sorts as a number; a zero-padded date key ("0520000000") stays a string,
    # so it still compares with the same key followed by a year-suffix ("0520000000a")
    if re.fullmatch(r"[1-9]\d*|0", text.strip()):
        return (False, int(text))
    return _string_value(text)


def _string_value(text: str) -> tuple[bool, Any]:
    value = normalize(text)
    return (not value, value)
