"""Rendering one cite, one bibliography entry or one sort key against a :class:`CslState`."""

from __future__ import annotations

from typeset.csl import output as o
from typeset.csl.context import AuthorSubstitute, CiteInfo, Ctx
from typeset.csl.evaluate import ev_children, eval_parts
from typeset.csl.sort import KeyValue, sort_records
from typeset.csl.sortkeys import sort_value
from typeset.csl.state import CslState
from typeset.csl.style import El
from typeset.rich.model import RichText


def render_cite(state: CslState, cite: CiteInfo, mode: str = "citation",
                suppress_author: bool = False, skip: frozenset[str] = frozenset()) -> RichText:
    return _render(state, cite, mode, suppress_author, skip)[0]


def render_entry(state: CslState, cite: CiteInfo, substitute: AuthorSubstitute | None
                 ) -> tuple[RichText, str, tuple[str, ...]]:
    """A bibliography entry and its first names, whole and name by name (for the
    next entry's subsequent-author-substitute)."""
    rich, ctx = _render(state, cite, "bibliography", False, frozenset(), substitute)
    return rich, ctx.first_names, ctx.first_name_parts


def render_entry_fields(state: CslState, cite: CiteInfo) -> list[RichText]:
    """A bibliography entry's top-level fields (for second-field-align)."""
    section = state.style.bibliography
    assert section is not None
    layout = section.child("layout")
    assert layout is not None
    ctx = state.make_ctx(cite, section, "bibliography")
    return [p for p in eval_parts(layout.children, ctx) if not o.is_empty(p)]


def render_cite_parts(state: CslState, cite: CiteInfo) -> tuple[RichText, str | None, bool]:
    """The cite, the plain text of its first names output (for cite grouping): None
    when its cs:names printed nothing or a substitute other than names (it groups with
    no other cite), "" when the layout
    has no cs:names (all such cites group, as in citeproc-js); and whether a cs:text
    variable= ran (it chooses the delimiter in collapse.py)."""
    rich, ctx = _render(state, cite, "citation", False)
    # a title or term standing in for the names groups with no other cite (citeproc-js
    # compares names only: "Anon, 1932; Anon, 1998")
    names = None if (ctx.names_empty and not ctx.names_seen) or ctx.names_from_text \
        else ctx.first_names
    return rich, names, ctx.text_variable_run


def _render(state: CslState, cite: CiteInfo, mode: str, suppress_author: bool,
            skip: frozenset[str] = frozenset(),
            substitute: AuthorSubstitute | None = None) -> tuple[RichText, Ctx]:
    section = state.style.citation if mode == "citation" else state.style.bibliography
    if section is None:
        return (), None  # type: ignore[return-value]
    ctx = state.make_ctx(cite, section, mode)
    ctx.suppress_author = cite.suppress_author or suppress_author
    ctx.suppressed.update(skip)
    ctx.author_substitute = substitute
    ctx.author_only = cite.author_only
    layout = section.child("layout")
    assert layout is not None
    rich = ev_children(layout, ctx)
    if cite.author_only and mode == "citation":  # only the author, for "Snow (1958)"
        return ctx.first_names_rich, ctx
    return rich, ctx


# --- sorting --------------------------------------------------------------------------


def sorted_ids(state: CslState, ids: list[str], section: El | None, mode: str) -> list[str]:
    sort_el = section.child("sort") if section is not None else None
    if sort_el is None or section is None:
        return list(ids)
    infos = [CiteInfo(i, citation_number=state.number(i)) for i in ids]
    done = sort_records(infos, sort_el, lambda c, k: cached_sort_value(state, c, k, section, mode))
    return [c.id for c in done]


def cached_sort_value(state: CslState, cite: CiteInfo, key: El, section: El,
                      mode: str) -> KeyValue:
    """A sort key's value; entries' keys are kept in the state, cites' depend on the cite
    (position, locator) and are not."""
    if mode == "citation":
        return sort_value(state, cite, key, section, mode)
    memo = (cite.id, mode, key)
    if memo not in state.sort_keys:
        state.sort_keys[memo] = sort_value(state, cite, key, section, mode)
    return state.sort_keys[memo]
