"""One evaluation function per CSL rendering element (spec "Rendering Elements").

Each ``ev_*`` takes an :class:`El` and the :class:`Ctx` and returns rich text.
Variables read are counted in ``ctx.called``/``ctx.rendered`` so cs:group can
apply the suppression rule: a group that calls variables but renders none of
them is dropped entirely (spec "Group").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from typeset.csl import output as o
from typeset.csl import textsupport
from typeset.csl.context import DATE_VARS, NAME_VARS, NUMBER_VARS, Ctx
from typeset.csl.dates import DateEnv, macro_sort_key, render_date
from typeset.csl.decorate import decorate
from typeset.csl.names_eval import ev_names
from typeset.csl.style import El
from typeset.csl.textsupport import (
    apply_case,
    is_numeric,
    markup,
    ordinal,
    render_number,
)
from typeset.rich.model import RichText, Styled, Tag


def ev_children(el: El, ctx: Ctx, delimiter: str = "") -> RichText:
    return o.join(eval_parts(el.children, ctx), delimiter)


def eval_parts(children: tuple[El, ...], ctx: Ctx) -> list[RichText]:
    """Outputs of sibling elements; cs:choose is transparent, so its chosen branch's
    children count as siblings for the enclosing delimiter (as in citeproc-js)."""
    parts: list[RichText] = []
    dispatch = _DISPATCH
    for c in children:
        name = c.name
        if name == "choose":
            branch = _chosen(c, ctx)
            if branch is not None:
                parts.extend(eval_parts(branch.children, ctx))
        else:
            fn = dispatch.get(name)
            if fn is not None:
                parts.append(fn(c, ctx))
    return parts


def evaluate(el: El, ctx: Ctx) -> RichText:
    fn = _DISPATCH.get(el.name)
    return fn(el, ctx) if fn else ()


# --- variables --------------------------------------------------------------------


def variable_text(var: str, ctx: Ctx, form: str | None = None) -> str:
    """The string value of a (non-name, non-date) variable, honouring form="short"."""
    if var in ctx.suppressed:
        return ""
    if var == "locator":
        return ctx.cite.locator
    if var == "citation-number":
        return str(ctx.cite.citation_number) if ctx.cite.citation_number else ""
    if var == "first-reference-note-number":
        return str(ctx.cite.first_note) if ctx.cite.first_note and \
            ctx.cite.position != "first" else ""
    if var == "year-suffix":
        # a cite's sort key leaves the year-suffix out: cites by the same author in the
        # same year keep their order ("2013c, 2013b"), as in citeproc-js
        return "" if ctx.sorting and ctx.mode == "citation" else ctx.state.year_suffix
    if var == "citation-label":
        return ctx.item.string(var) or citation_label(ctx)
    if form == "short":
        if var == "URL":
            return _short_url(ctx.item.string(var))
        short = ctx.item.string(f"{var}-short")
        if short:
            return short
    return ctx.item.string(var)


def _short_url(url: str) -> str:
    """A URL's short form, as citeproc-js makes it: its path dropped, and its scheme too
    when the host starts with www. ("https://example.org", "www.example.org")."""
    url = _URL_PATH.sub(r"\1", url, count=1)
    return _URL_SCHEME.sub("", url, count=1) if "//www." in url else url


_URL_PATH = re.compile(r"(.*\.[^/]+)/.*")
_URL_SCHEME = re.compile(r"https?://")


_CITE_VARS = frozenset({"locator", "citation-number", "first-reference-note-number",
                        "year-suffix", "citation-label"})


_TRIGRAPH = ((4,), (2, 2), (2, 1, 1), (1, 1, 1, 1))


def citation_label(ctx: Ctx) -> str:
    """citeproc-js's default trigraph label: "Aaaa00" for one author, "AaAa00" for two,
    "AaAA00" for three, "AAAA00" for four or more."""
    people = next((ctx.item.names(v) for v in ("author", "editor", "translator")
                   if ctx.item.names(v)), [])
    date = ctx.item.date("issued")
    year = f"{date.start[0] % 100:02d}" if date is not None and date.start else ""
    if not people:
        return year
    widths = _TRIGRAPH[min(len(people), 4) - 1]
    stem = "".join((p.family or p.literal)[:w] for p, w in zip(people, widths, strict=False))
    return stem + year


def has_variable(var: str, ctx: Ctx) -> bool:
    """The variable condition; item-level answers are memoised on the item (hot path).
    A variable a cs:substitute suppressed still tests true: citeproc-js tests the item
    itself (MLA's ``<if variable="author editor">`` after an editor substituted)."""
    if var in _CITE_VARS:
        return bool(variable_text(var, ctx))
    known = ctx.item.has.get(var)
    if known is None:
        known = ctx.item.has[var] = _item_has(var, ctx)
    return known


def _item_has(var: str, ctx: Ctx) -> bool:
    if var in NAME_VARS:
        return bool(ctx.item.names(var))
    if var in DATE_VARS:
        return ctx.item.date(var) is not None
    # a present but non-string value (e.g. a list) still counts as set, as in citeproc-js
    return bool(variable_text(var, ctx)) or isinstance(ctx.item.raw.get(var), (list, dict)) \
        and bool(ctx.item.raw.get(var))


def ev_text(el: El, ctx: Ctx) -> RichText:
    if "variable" in el.attrs:
        return _text_variable(el, ctx)
    if "macro" in el.attrs:
        rich = _macro(el.attrs["macro"], ctx)
        # citeproc-js applies text-case to the strings an element prints itself, never
        # to a macro's output; styles are written against it, so we do the same
        return decorate(rich, el, ctx, case=False) if rich else ()
    if "term" in el.attrs:
        # a term opening a note is capitalised (collapse._capitalize_term) before its
        # own text-case applies, so a lowercase one stays lowercase (OSCOLA's "ibid";
        # citeproc-js): it is tagged as no capitalisable term
        kind = "lowercase-term" if el.get("text-case") == "lowercase" else "term"
        rich = term_text(el.attrs["term"], el.get("form", "long") or "long",
                         el.get("plural") == "true", ctx, kind)
        return decorate(rich, el, ctx, leaf=True)
    return decorate(markup(el.get("value", "") or ""), el, ctx, leaf=True)


def _macro(name: str, ctx: Ctx) -> RichText:
    """A macro's output; a macro call behaves like a group: variables called but none
    rendered -> nothing (as citeproc-js)."""
    called, rendered = ctx.called, ctx.rendered
    rich = o.join(eval_parts(ctx.style.macros[name].children, ctx))
    if ctx.called > called and ctx.rendered == rendered:
        return ()
    if rich:
        ctx.rendered += 1
    return rich


def term_text(name: str, form: str, plural: bool, ctx: Ctx, kind: str = "term") -> RichText:
    """A locale term; superscript characters in it become <sup> runs (as citeproc-js)."""
    value = ctx.locale.term(name, form, plural)
    if not value:
        return ()
    return o.superscripts(value, Tag(ctx.item.id, f"{kind}:{name}"))


_COLLAPSE_NEUTRAL = frozenset({"locator", "citation-number", "year-suffix", "citation-label"})


def _text_variable(el: El, ctx: Ctx) -> RichText:
    var = el.attrs["variable"]
    if var not in _COLLAPSE_NEUTRAL:
        ctx.text_variable_run = True
    if var == "year-suffix":
        ctx.year_suffix_done = True
    value = variable_text(var, ctx, el.get("form"))
    if var != "year-suffix" or value:  # an absent year-suffix never empties a group
        ctx.called += 1
    if not value:
        return ()
    ctx.rendered += 1
    if var in ("page", "locator"):
        value = page_range(value, ctx)
    elif var in NUMBER_VARS and _NUMERIC_RANGE.fullmatch(value):
        value = _HYPHEN.sub("–", value)  # numeric ranges get an en dash
    if var == "citation-label" and ctx.state.year_suffix and not ctx.renders_year_suffix \
            and not ctx.year_suffix_done:
        value += ctx.state.year_suffix  # the implicit year-suffix joins the label
        ctx.year_suffix_done = True
    return decorate(_tagged_value(value, ctx.item.id, var), el, ctx, leaf=True)


_VERBATIM_VARS = frozenset({"citation-number", "first-reference-note-number",
                            "year-suffix", "citation-label", "URL", "DOI"})


@lru_cache(maxsize=16384)
def _tagged_value(value: str, item_id: str, var: str) -> RichText:
    """A variable's value as rich text tagged with its provenance. The same title or
    publisher is rendered for the note, the entry and the sort key: built once."""
    rich = o.text(value) if var in _VERBATIM_VARS else markup(value)
    return o.tag_all(rich, Tag(item_id, var))


_NUMERIC_RANGE = re.compile(r"\d+\s*-\s*\d+")
_HYPHEN = re.compile(r"\s*-\s*")


def page_range(value: str, ctx: Ctx) -> str:
    delim = ctx.locale.term("page-range-delimiter") or "–"
    fmt = ctx.style.attrs.get("page-range-format")
    if ctx.cite.label not in ("", "page") and ctx.mode != "bibliography":
        fmt = None
    return textsupport.page_range(value, fmt, delim)


# --- number and label -------------------------------------------------------------


def ev_number(el: El, ctx: Ctx) -> RichText:
    var = el.get("variable", "") or ""
    ctx.called += 1
    value = variable_text(var, ctx)
    if not value:
        return ()
    ctx.rendered += 1
    form = el.get("form", "numeric") or "numeric"
    if is_numeric(value):
        gender = ctx.locale.gender(_term_for(var))
        value = render_number(value, form, ctx.locale, gender)
        if var in ("page", "locator"):
            value = page_range(value, ctx)
        rich = o.superscripts(value)
    else:
        rich = markup(_embedded_labels(value, var, ctx))
    return decorate(o.tag_all(rich, Tag(ctx.item.id, var)), el, ctx, leaf=True)


# citeproc-js's LOCATOR_LABELS_MAP, for the terms CSL locales define
_EMBEDDED_LABELS = {"vrs": "verse", "sv": "sub-verbo", "op": "opus", "bk": "book",
                    "ch": "chapter", "col": "column", "fig": "figure", "fol": "folio",
                    "n": "note", "l": "line", "no": "issue", "p": "page", "pp": "page",
                    "para": "paragraph", "pt": "part", "sec": "section", "vol": "volume"}
_LABELLED = re.compile(r"(?:(?<=\s)|^)([a-z]+)\.\s+(\d+(?:\s*[-–,&]\s*\d+)*)(?=\s|$)")


def _embedded_labels(value: str, var: str, ctx: Ctx) -> str:
    """A number variable with labels inside it ("10 n. 11-13", "ch. 5 para. 1-3"), as
    citeproc-js prints it: each label it knows is written as the locale's short term,
    plural before a range ("nn. 11–13", "paras. 1–3"), ranges take an en dash, and a
    label naming the variable itself at the start goes ("vol. 3" as volume: "3")."""
    def fix(m: re.Match[str]) -> str:
        name = _EMBEDDED_LABELS.get(m.group(1))
        numbers = re.sub(r"\s*-+\s*", "\u2013", m.group(2))
        if name is None:
            return m.group(0)
        if m.start() == 0 and name == _term_for(var):
            return numbers
        label = ctx.locale.term(name, "short", "\u2013" in numbers)
        return m.group(0) if not label else f"{label} {numbers}"

    return _LABELLED.sub(fix, value) if "." in value else value


def _term_for(var: str) -> str:
    return {"number-of-pages": "page", "locator": "page", "chapter-number": "chapter",
            "collection-number": "number", "number-of-volumes": "volume"}.get(var, var)


_SPLIT = re.compile(r"\s*(?:[-–,&]|\band\b|\bet\b|\bund\b)\s*")
_NUMBERISH = re.compile(r"[A-Za-z]*\d+[A-Za-z]*|[ivxlcdmIVXLCDM]+")


def is_plural(var: str, value: str) -> bool:
    """Contextual plural: two or more numbers joined by a range or list delimiter."""
    if var in ("number-of-pages", "number-of-volumes"):
        m = re.match(r"\s*(\d+)", value)
        return m is not None and int(m.group(1)) > 1
    value = re.split(r",?\s+[A-Za-z]+\.\s", value, maxsplit=1)[0]  # before "fig. 3"
    tokens = [t for t in _SPLIT.split(value.strip()) if t]
    return len(tokens) >= 2 and all(_NUMBERISH.fullmatch(t) for t in tokens)


def ev_label(el: El, ctx: Ctx) -> RichText:
    var = el.get("variable", "") or ""
    if var == "locator":
        value = ctx.cite.locator
        name = ctx.cite.label or "page"
        if re.match(r"[A-Za-z]+\.\s", value):
            return ()  # the locator brings its own label ("vol. 1, fol. 186")
    else:
        value = variable_text(var, ctx)
        name = "page" if var == "number-of-pages" else var
    plural = {"always": True, "never": False}.get(el.get("plural", "") or "")
    if not value:
        if var == "locator" or var not in NUMBER_VARS:
            return ()
        # citeproc-js prints a number variable's label even when the variable is
        # empty (singular unless plural="always"): "412pp." from number-of-pages
        # beside <label variable="page" plural="always"/>
        plural = bool(plural)
    if plural is None:
        plural = is_plural(var, value)
    form = el.get("form", "long") or "long"
    rich = term_text(name, form, plural, ctx, "label")
    return decorate(rich, el, ctx)


# --- dates ----------------------------------------------------------------------


def _date_env(ctx: Ctx) -> DateEnv:
    return DateEnv(
        term=lambda name, form="long": ctx.locale.term(name, form),
        ordinal=lambda n, gender_term: ordinal(n, ctx.locale, ctx.locale.gender(
            f"month-{1:02d}") if gender_term else None),
        text_case=lambda rich, case: apply_case(rich, case, ctx.english, ctx.case_lang)
        if case else rich,
        date_format=lambda form: ctx.locale.date_formats.get(form),
        limit_day_ordinals=ctx.locale.limit_day_ordinals,
    )


def ev_date(el: El, ctx: Ctx) -> RichText:
    var = el.get("variable", "") or ""
    ctx.called += 1
    date = ctx.item.date(var) if var not in ctx.suppressed else None
    if date is None:
        return ()
    if ctx.sorting:
        ctx.rendered += 1
        return o.text(macro_sort_key(el, date, _date_env(ctx)) or date.literal)
    rich = render_date(el, date, _date_env(ctx))
    if not rich:
        return ()
    ctx.rendered += 1
    # the implicit year-suffix follows the year of the first date printed, issued or
    # not ("Accessed 6 May 2023b" for an undated page), as in citeproc-js
    if ctx.state.year_suffix and not ctx.renders_year_suffix \
            and not ctx.year_suffix_done and rich and _prints_year(el):
        # the date's text-case leaves the implicit year-suffix alone ("2013a" under
        # uppercase), as in citeproc-js
        rich = o.concat(rich, (Styled(o.text(ctx.state.year_suffix), nocase=True),))
        ctx.year_suffix_done = True
    rich = o.tag_all(rich, Tag(ctx.item.id, var))
    attrs = el.attrs
    if el.get("form"):
        attrs = {k: v for k, v in attrs.items() if k not in ("delimiter",)}
    return decorate(rich, El(el.name, attrs, el.children, el.text, el.line), ctx)


def _prints_year(el: El) -> bool:
    """Whether a cs:date prints the year (its date-parts, or its cs:date-part children)."""
    parts = [c.get("name") for c in el.children if c.name == "date-part"]
    if el.get("form"):
        return "year" in (el.get("date-parts") or "year-month-day") or "year" in parts
    return "year" in parts


# --- group and choose -------------------------------------------------------------


def ev_group(el: El, ctx: Ctx) -> RichText:
    called, rendered = ctx.called, ctx.rendered
    parts = eval_parts(el.children, ctx)
    if ctx.called > called and ctx.rendered == rendered:
        return ()
    out = decorate(o.join(parts, el.attrs.get("delimiter") or ""), el, ctx)
    if out:  # a nested group with output keeps its parent group (as citeproc-js)
        ctx.rendered += 1
    return out


def ev_choose(el: El, ctx: Ctx) -> RichText:
    branch = _chosen(el, ctx)
    return ev_children(branch, ctx) if branch is not None else ()


Predicate = Callable[[Ctx], bool]
Compiled = tuple[El, Predicate]
ChoosePlan = tuple[dict[str, El | None] | None, El | None, list[Compiled], bool]


def _compile_choose(el: El) -> ChoosePlan:
    """A cs:choose compiled once: a dict when every branch only tests the item type,
    else one predicate per branch -- conditions are the hot path of big styles. The
    last field: every branch tests only the item's type and variables (no cite
    variable), so the branch taken is one per item and kept on it (``Item.chosen``:
    ``Item.has`` keeps each variable's answer, so the same tests give the same branch)."""
    table: dict[str, El | None] | None = {}
    default = None
    branches: list[Compiled] = []
    item_only = True
    for branch in el.children:
        if branch.name == "else":
            default = branch
            break
        branches.append((branch, _compile(branch)))
        tested = (branch.attrs.get("variable") or "").split()
        if not set(branch.attrs) <= {"type", "variable", "match"} or \
                not (tested or branch.attrs.get("type")) or not _CITE_VARS.isdisjoint(tested):
            item_only = False
        keys = set(branch.attrs) - {"match"}
        match = branch.attrs.get("match", "all")
        types = branch.attrs.get("type", "").split()
        if table is not None and (keys != {"type"} or match == "none"):
            table = None
        if table is not None:
            for t in types:
                table.setdefault(t, branch)
    return table, default, branches, item_only


def _chosen(el: El, ctx: Ctx) -> El | None:
    plans = ctx.style.compiled.choose
    plan: ChoosePlan | None = plans.get(el)
    if plan is None:
        plan = plans[el] = _compile_choose(el)
    table, default, branches, item_only = plan
    if table is not None:
        return table.get(ctx.item.type, default)
    if item_only:
        memo = ctx.item.chosen
        if el in memo:
            return memo[el]  # type: ignore[no-any-return]
        memo[el] = chosen = _first_branch(branches, default, ctx)
        return chosen
    return _first_branch(branches, default, ctx)


def _first_branch(branches: list[Compiled], default: El | None, ctx: Ctx) -> El | None:
    for branch, predicate in branches:
        if predicate(ctx):
            return branch
    return default


chosen_branch = _chosen  # for the substitute alternatives of names_eval


def _atom_type(types: frozenset[str]) -> Predicate:
    return lambda ctx: ctx.item.type in types


def _atom_variable(var: str) -> Predicate:
    def test(ctx: Ctx) -> bool:
        if var in _CITE_VARS:
            return has_variable(var, ctx)
        known = ctx.item.has.get(var)
        return has_variable(var, ctx) if known is None else known
    return test


def _variables_test(names: tuple[str, ...], match: str) -> Predicate:
    """The common branch that only tests variables, as one loop (the hot path): "all"
    stops at the first missing variable, "any" and "none" at the first present one."""
    match_all = match not in ("any", "none")
    present_means = match == "any"

    def test(ctx: Ctx) -> bool:
        has = ctx.item.has
        for var in names:
            known = None if var in _CITE_VARS else has.get(var)
            if known is None:
                known = has_variable(var, ctx)
            if match_all:
                if not known:
                    return False
            elif known:
                return present_means
        return match_all or not present_means
    return test


def _types_and_variables(types: frozenset[str], names: tuple[str, ...],
                         match: str) -> Predicate:
    """Branches testing only the item type and variables (most of CMOS-18's), without
    a predicate call per condition."""
    var_test = _variables_test(names, match) if names else None
    if not types:
        assert var_test is not None
        return var_test
    if var_test is None:
        if match == "none":
            return lambda ctx: ctx.item.type not in types
        return lambda ctx: ctx.item.type in types
    if match == "any":
        return lambda ctx: ctx.item.type in types or var_test(ctx)
    if match == "none":
        return lambda ctx: ctx.item.type not in types and var_test(ctx)
    return lambda ctx: ctx.item.type in types and var_test(ctx)


def _atom(fn: Callable[[str, Ctx], bool], token: str) -> Predicate:
    return lambda ctx: fn(token, ctx)


def _compile(branch: El) -> Predicate:
    """One branch's conditions as a single predicate (spec "Choose": match all/any/none)."""
    match = branch.get("match", "all") or "all"
    tested = tuple((branch.attrs.get("variable") or "").split())
    types = (branch.attrs.get("type") or "").split()
    if (tested or types) and set(branch.attrs) <= {"type", "variable", "match"}:
        return _types_and_variables(frozenset(types), tested, match)
    atoms: list[Predicate] = []
    if types:  # the type attribute is one test, whatever match says (citeproc-js)
        atoms.append(_atom_type(frozenset(types)))
    for attr, value in branch.attrs.items():
        if attr not in _CONDITIONS:
            continue
        for token in value.split():
            atoms.append(_atom_variable(token) if attr == "variable"
                         else _atom(_CONDITIONS[attr], token))
    if not atoms:
        return lambda ctx: False
    if match == "none":
        return lambda ctx: not any(a(ctx) for a in atoms)
    if len(atoms) == 1:
        return atoms[0]
    if match == "any":
        return lambda ctx: any(a(ctx) for a in atoms)
    return lambda ctx: all(a(ctx) for a in atoms)


def _cond_position(token: str, ctx: Ctx) -> bool:
    if ctx.mode != "citation":
        return False
    pos = ctx.cite.position
    if token == "near-note":
        return ctx.cite.near_note and pos != "first"
    if token == "first":
        return pos == "first"
    if token == "subsequent":
        return pos != "first"
    if token == "ibid":
        return pos in ("ibid", "ibid-with-locator")
    return pos == token


def _cond_locator(token: str, ctx: Ctx) -> bool:
    if not ctx.cite.locator:
        return False
    label = ctx.cite.label or "page"
    return label == token or (token == "sub-verbo" and label == "sub verbo")


def _cond_numeric(token: str, ctx: Ctx) -> bool:
    value = variable_text(token, ctx)
    return bool(value) and is_numeric(value)


def _cond_uncertain(token: str, ctx: Ctx) -> bool:
    date = ctx.item.date(token)
    return date is not None and date.circa


_CONDITIONS = {
    "variable": has_variable,
    "is-numeric": _cond_numeric,
    "is-uncertain-date": _cond_uncertain,
    "locator": _cond_locator,
    "position": _cond_position,
    "disambiguate": lambda t, ctx: ctx.state.disambiguate == (t == "true"),
}


_DISPATCH: dict[str, Callable[[El, Ctx], RichText]] = {
    "text": ev_text,
    "number": ev_number,
    "label": ev_label,
    "date": ev_date,
    "names": lambda el, ctx: ev_names(el, ctx, evaluate, _chosen),
    "group": ev_group,
    "choose": ev_choose,
    "layout": lambda el, ctx: ev_children(el, ctx),
}
