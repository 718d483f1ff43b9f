"""cs:names evaluation: variables, cs:name, cs:et-al, cs:label and cs:substitute.

Name options are inherited style -> citation/bibliography -> cs:name (spec
"Inheritable Name Options"). A cs:substitute that renders suppresses the variable
it used for the rest of the item, and its short form ``<names variable="x"/>``
inherits the parent's cs:name, cs:et-al and cs:label.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from typeset.csl import output as o
from typeset.csl.context import CITE_VARS, Ctx
from typeset.csl.decorate import decorate
from typeset.csl.names import (
    NameEnv,
    Person,
    et_al_counts,
    format_person,
    inherited_name_options,
    join_names,
)
from typeset.csl.style import El
from typeset.csl.textsupport import apply_case
from typeset.rich.model import RichText, Styled, Tag

# Evaluates any rendering element: the evaluator passes itself in, for the
# elements of a cs:substitute (cs:names is one of the elements it evaluates).
Evaluate = Callable[[El, Ctx], RichText]
# the branch a cs:choose takes (evaluate.py decides it; it imports this module)
Chooser = Callable[[El, Ctx], "El | None"]


def ev_names(el: El, ctx: Ctx, evaluate: Evaluate, chosen: Chooser | None = None) -> RichText:
    """cs:names; the first names output of a cite is recorded (cite grouping,
    suppress-author, subsequent-author-substitute)."""
    if not ctx.substituting and el.child("substitute") is None and \
            absent_names(_split(el, ctx), ctx):
        return ()
    return _first_names_hook(_ev_names(el, ctx, evaluate, chosen=chosen), ctx)


def ev_names_present(el: El, ctx: Ctx, evaluate: Evaluate, chosen: Chooser | None = None
                     ) -> RichText:
    """:func:`ev_names` once the caller has found that :func:`absent_names` does not
    apply (evaluate.py's compiled cs:names)."""
    return _first_names_hook(_ev_names(el, ctx, evaluate, chosen=chosen), ctx)


def absent_names(variables: list[str] | tuple[str, ...], ctx: Ctx) -> bool:
    """The common case in big styles, for a cs:names without cs:substitute outside a
    substitution: the item has none of its names (an editor, a translator) -- then
    nothing is printed and only a variable is called, as the full evaluation does."""
    item, suppressed = ctx.item, ctx.suppressed
    for v in variables:
        if v not in suppressed and item.names(v):
            return False
    ctx.called += 1
    ctx.names_empty = ctx.names_empty or not (ctx.names_seen or ctx.sorting)
    return True


def _ev_names(el: El, ctx: Ctx, evaluate: Evaluate, inherit: El | None = None,
              chosen: Chooser | None = None) -> RichText:
    if inherit is None and ctx.substituting:
        inherit = ctx.substitute_parent
    parent = inherit
    if inherit is not None and not el.children:
        el = _shorthand(el, inherit)
    elif inherit is not None and el.child("name") is not None:
        inherit = None  # a cs:names with its own cs:name takes no label or et-al either
    item, suppressed = ctx.item, ctx.suppressed
    lists = [(v, item.names(v)) for v in _split(el, ctx) if v not in suppressed]
    lists = [(v, people) for v, people in lists if people]
    if not lists:  # the common case in big styles: straight to cs:substitute
        rich = _substitute(el, ctx, evaluate, chosen)
        if not rich:
            ctx.called += 1
        # the substitute prints as it is: this element's affixes and formatting
        # are not put around it (citeproc-js)
        return rich
    ctx.called += 1
    name_el, etal_el, label_el, label_after = _parts_of(el, inherit, parent)
    ctx.rendered += 1
    if ctx.substituting:  # inside cs:substitute a name variable prints only once
        ctx.suppressed.update(v for v, _ in lists)
    opts = _options(ctx, name_el)
    if name_el.attrs.get("form") == "count" or opts.get("form") == "count":
        return _count(lists, opts, ctx, el)
    # (merged only when both are given; an empty term means: keep both)
    if len(lists) > 1 and ctx.locale.term("editortranslator", "long"):
        lists = _merge_editor_translator(lists)
    delim = el.attrs.get("delimiter")
    if delim is None:
        delim = ctx.style.attrs.get("names-delimiter",
                                    ctx.section.attrs.get("names-delimiter", ""))
    item_id = ctx.item.id
    names = [(var, o.tag_all(_name_list(people, opts, name_el, etal_el, ctx, var),
                             _tag(item_id, var)))
             for var, people in lists]
    labels = [_label(label_el, var, len(people), ctx)
              if label_el is not None and not ctx.sorting else ()
              for var, people in lists]
    names = _first_names_only(names, delim or "", ctx)
    if not names:
        return ()
    labels = labels[len(labels) - len(names):]  # a substitute keeps the last label
    parts = []
    for (var, rich), label in zip(names, labels, strict=True):
        rich = o.concat(rich, label) if label_after else o.concat(label, rich)
        parts.append(o.tag_all(rich, _tag(item_id, var)))  # the label, a substitute
    return decorate(o.join(parts, delim or ""), el, ctx)


def _first_names_only(names: list[tuple[str, RichText]], delim: str,
                      ctx: Ctx) -> list[tuple[str, RichText]]:
    """The names part (labels aside) of a cite's first cs:names: recorded for cite
    grouping, dropped for suppress-author, and replaced for subsequent-author-substitute,
    which compares names only and keeps the label ("--- ed.")."""
    if ctx.names_seen or ctx.sorting:
        return names
    bare = o.join([rich for _var, rich in names], delim)  # tagged by _ev_names
    if not bare:
        return names
    ctx.names_seen = True
    ctx.first_names = o.plain_text(bare)
    ctx.first_names_rich = bare
    if ctx.suppress_author and ctx.mode == "citation":
        return []
    sub = ctx.author_substitute
    if sub is not None and sub.rule == "complete-all" and ctx.first_names == sub.previous:
        return [(names[-1][0], o.text(sub.text))]
    return names


@lru_cache(maxsize=16384)
def _tag(item_id: str, var: str) -> Tag:
    """The provenance of an item's names (tags are immutable: one per item and variable)."""
    return Tag(item_id, var)


_EMPTY_NAME = El("name", {})


@lru_cache(maxsize=4096)
def _parts_of(el: El, inherit: El | None, parent: El | None
              ) -> tuple[El, El | None, El | None, bool]:
    """The cs:name, cs:et-al and cs:label a cs:names renders with (its own, else those of
    the cs:names it substitutes for) and whether the label follows the names: found once
    per element and parent (elements hash by identity)."""
    name_el = el.child("name") or (inherit.child("name") if inherit is not None else None)
    etal_el = el.child("et-al") or (inherit.child("et-al") if inherit is not None else None)
    label_el = el.child("label") or (inherit.child("label") if inherit is not None else None)
    order_src = el if el.child("name") is not None or inherit is None else inherit
    label_after = _label_after_name(order_src)
    name_el = name_el or _EMPTY_NAME
    if parent is not None and inherit is None:
        name_el = _with_parent_parts(name_el, parent.child("name"))
    return name_el, etal_el, label_el, label_after


@lru_cache(maxsize=4096)
def _name_parts(name_el: El) -> tuple[dict[str, El], dict[str, str]]:
    """A cs:name's cs:name-part children by name, and its formatting attributes."""
    parts = {c.get("name", ""): c for c in name_el.children if c.name == "name-part"}
    return parts, {k: v for k, v in name_el.attrs.items() if k in o.FORMAT_ATTRS}


@lru_cache(maxsize=1024)
def _with_parent_parts(name_el: El, parent_name: El | None) -> El:
    """A cs:name inside cs:substitute without cs:name-part children takes those of the
    parent's cs:name (citeproc-js: the parent's small-caps family names stay)."""
    if parent_name is None or any(c.name == "name-part" for c in name_el.children):
        return name_el
    parts = tuple(c for c in parent_name.children if c.name == "name-part")
    if not parts:
        return name_el
    return El(name_el.name, name_el.attrs, name_el.children + parts, name_el.text,
              name_el.line)


@lru_cache(maxsize=1024)
def _shorthand(el: El, parent: El) -> El:
    """A shorthand ``<names variable="x"/>`` inside cs:substitute is the parent cs:names
    over other variables: the parent's attributes (affixes, formatting, delimiter) and its
    cs:name, cs:et-al and cs:label, whatever the shorthand itself says (citeproc-js)."""
    attrs = {**parent.attrs, "variable": el.attrs.get("variable", "")}
    children = tuple(c for c in parent.children if c.name != "substitute")
    return El("names", attrs, children, el.text, el.line)


def _split(el: El, ctx: Ctx) -> list[str]:
    """The variables a cs:names renders (compiled once per element of the style)."""
    known = ctx.style.compiled.names_vars
    hit = known.get(el)
    if hit is None:
        hit = known[el] = (el.attrs.get("variable") or "").split()
    return hit


def _options(ctx: Ctx, name_el: El) -> dict[str, str]:
    """Inherited name options, merged once per (section, cs:name) of the style (hot path)."""
    known = ctx.style.compiled.name_options
    key = (ctx.section, name_el)
    opts = known.get(key)
    if opts is None:
        opts = known[key] = inherited_name_options(ctx.style.attrs, ctx.section.attrs,
                                                   name_el.attrs)
    return opts


def _first_names_hook(rich: RichText, ctx: Ctx) -> RichText:
    """Record the first names output (cite grouping) and apply suppress-author."""
    if ctx.names_seen or not rich or ctx.sorting:
        ctx.names_empty = ctx.names_empty or not (rich or ctx.names_seen or ctx.sorting)
        return rich
    ctx.names_seen = True
    ctx.first_names = o.plain_text(rich)
    ctx.first_names_rich = rich
    if ctx.suppress_author and ctx.mode == "citation":
        return ()
    sub = ctx.author_substitute
    if sub is not None and ctx.first_names == sub.previous:
        # subsequent-author-substitute: same output as the previous entry's (spec);
        # a substituted title or term has no names to replace one by one
        return o.text(sub.text)
    return rich


def _label_after_name(el: El) -> bool:
    names = [c.name for c in el.children]
    if "label" not in names:
        return True
    return "name" not in names or names.index("label") > names.index("name")


def _merge_editor_translator(
        lists: list[tuple[str, list[Person]]]) -> list[tuple[str, list[Person]]]:
    vars_ = dict(lists)
    if "editor" in vars_ and "translator" in vars_ and vars_["editor"] == vars_["translator"]:
        merged = []
        for v, people in lists:
            if v == "editor":
                merged.append(("editortranslator", people))
            elif v != "translator":
                merged.append((v, people))
        return merged
    return lists


def _label(label_el: El, var: str, count: int, ctx: Ctx) -> RichText:
    plural = {"always": True, "never": False}.get(label_el.attrs.get("plural", "") or "", count > 1)
    value = ctx.locale.term(var, label_el.attrs.get("form", "long") or "long", plural)
    if not value:
        return ()
    return decorate(o.text(value), label_el, ctx)


def _shown(people: list[Person], opts: dict[str, str], ctx: Ctx) -> tuple[int, bool]:
    subsequent = ctx.mode == "citation" and ctx.cite.position != "first"
    mn, first = et_al_counts(opts, subsequent)
    if ctx.sort_names is not None:
        mn, first = ctx.sort_names
    total = len(people)
    explicit_zero = first == 0 and opts.get("et-al-use-first") == "0" and ctx.sort_names is None
    if mn and (first or explicit_zero) and total >= mn:
        shown = min(total, first + ctx.state.extra_names)
        return shown, shown < total
    return total, False


def _name_list(people: list[Person], opts: dict[str, str], name_el: El, etal_el: El | None,
               ctx: Ctx, var: str) -> RichText:
    """A name list, kept on the style by the names and all else it depends on (below),
    except for an entry's first names (they record the names one by one for the next
    entry's subsequent-author-substitute, _substitute_each)."""
    if not ctx.names_seen and not ctx.sorting and ctx.mode == "bibliography":
        return _fresh_name_list(people, opts, name_el, etal_el, ctx)
    state = ctx.state
    levels = state.name_levels
    # what the list reads besides the names: the cs:name and its options (by section),
    # the cs:et-al, what decides how many names show (a subsequent cite, a sort key's
    # names-min and names-use-first, the names added by disambiguation), each name's
    # given-name level, sort mode and names-use-last, the item's language (text-case)
    # and the locale (its language and terms; the entry holds the locale, so its id
    # stays its own); the style's own attributes are the cache's (it is the style's)
    key = ("name-list", tuple(people), name_el, ctx.section, etal_el,
           ctx.mode == "citation" and ctx.cite.position != "first", ctx.sort_names,
           state.extra_names,
           tuple(levels.get(p, state.given_level) for p in people) if levels else (),
           state.given_level, ctx.sorting, ctx.sort_use_last, ctx.english, ctx.case_lang,
           id(ctx.locale))
    memo = ctx.style.compiled.persons
    hit = memo.get(key)
    if hit is None:
        hit = memo[key] = (_fresh_name_list(people, opts, name_el, etal_el, ctx), ctx.locale)
    return hit[0]


def _fresh_name_list(people: list[Person], opts: dict[str, str], name_el: El,
                     etal_el: El | None, ctx: Ctx) -> RichText:
    shown, truncated = _shown(people, opts, ctx)
    if shown == 0:
        return ()  # et-al-use-first="0": the list prints nothing
    attrs = ctx.style.attrs
    env = _name_env(attrs.get("demote-non-dropping-particle", "display-and-sort"),
                    attrs.get("initialize-with-hyphen", "true") != "false", ctx.sorting,
                    ctx.locale.lang[:2], ctx.english, ctx.case_lang)
    parts, fmt = _name_parts(name_el)
    order = opts.get("name-as-sort-order")
    if ctx.sorting:
        order = "all"
    rendered, inverted = [], []
    for i, person in enumerate(people[:shown]):
        inv = order == "all" or (order == "first" and i == 0)
        level = ctx.state.name_levels.get(person, ctx.state.given_level)
        rendered.append(_person(person, opts, inv, level, parts, env, name_el, ctx))
        # an institution (literal) has no inverted form, whatever name-as-sort-order says
        inverted.append(inv and not person.literal and bool(person.family))
    if not ctx.names_seen and not ctx.sorting:
        rendered = _substitute_each(rendered, ctx)
    and_term = None
    use_last = None
    use_last_opt = ctx.sort_use_last if ctx.sort_use_last is not None \
        else opts.get("et-al-use-last")
    if truncated and use_last_opt == "true" and shown + 2 <= len(people):
        last = people[-1]
        use_last = format_person(last, opts, order == "all", ctx.state.given_level, parts, env)
    if ctx.sorting:  # sort keys compare name by name: no "and", no et-al, no labels
        return o.join(rendered + ([use_last] if use_last else []), ", ")
    if opts.get("and") == "text":
        and_term = ctx.locale.term("and") or "and"
    elif opts.get("and") == "symbol":
        and_term = "&"
    et_al = () if use_last is not None else _et_al(etal_el, ctx)
    # cs:name's formatting goes on each name, and once more around names and et-al
    # when et-al follows ("<i><i>Doe</i> et al.</i>"), as citeproc-js prints it
    if fmt:
        rendered = [o.formatting(r, fmt) for r in rendered]
        use_last = o.formatting(use_last, fmt) if use_last is not None else None
    rich = join_names(rendered, len(people), opts, inverted, and_term, et_al, use_last)
    if fmt and truncated and et_al and use_last is None:
        rich = o.formatting(rich, fmt)
    if all(person.literal for person in people[:shown]):
        # cs:name's affixes go around personal names only: an institution list takes
        # none ("World Health Organization" without suffix=" "), as in citeproc-js
        name_el = _unaffixed(name_el)
    return decorate(rich, _unformatted(name_el), ctx) if fmt else decorate(rich, name_el, ctx)


@lru_cache(maxsize=256)
def _name_env(demote: str, initialize_hyphen: bool, sorting: bool, lang: str, english: bool,
              case_lang: str) -> NameEnv:
    """The names context of a rendering: the style's particle and hyphen options, sort
    mode, the locale's language and the item's (for text-case)."""
    return NameEnv(
        text_case=lambda rich, case: apply_case(rich, case, english, case_lang)
        if case else rich,
        demote=demote, initialize_hyphen=initialize_hyphen, sorting=sorting,
        nbsp_lang=lang in ("fr", "ru", "cs"), turkic=lang in ("tr", "az"))


def _person(person: Person, opts: dict[str, str], inverted: bool, level: int,
            parts: dict[str, El], env: NameEnv, name_el: El, ctx: Ctx) -> RichText:
    """:func:`format_person`, once per person and rendering: its output depends only on
    the person, the cs:name (its options, which ``_options`` merges per section and
    cs:name, and its name-parts), the name's form and level, the item's language for
    text-case, and ``env`` (the style's attributes and the locale's language)."""
    key = (person, inverted, level, name_el, ctx.section, ctx.english, ctx.case_lang,
           env.sorting, env.demote, env.initialize_hyphen, env.nbsp_lang, env.turkic)
    memo = ctx.style.compiled.persons
    rich: RichText | None = memo.get(key)
    if rich is None:
        rich = memo[key] = format_person(person, opts, inverted, level, parts, env)
    return rich


@lru_cache(maxsize=1024)
def _unaffixed(name_el: El) -> El:
    """cs:name without its prefix and suffix."""
    attrs = {k: v for k, v in name_el.attrs.items() if k not in ("prefix", "suffix")}
    return El(name_el.name, attrs, name_el.children, name_el.text, name_el.line)


@lru_cache(maxsize=1024)
def _unformatted(name_el: El) -> El:
    """cs:name without its formatting attributes (its affixes stay)."""
    attrs = {k: v for k, v in name_el.attrs.items() if k not in o.FORMAT_ATTRS}
    return El(name_el.name, attrs, name_el.children, name_el.text, name_el.line)


def _substitute_each(rendered: list[RichText], ctx: Ctx) -> list[RichText]:
    """Record the first names one by one, and apply the name-by-name rules of
    subsequent-author-substitute-rule (spec "Reference Grouping")."""
    if ctx.mode != "bibliography":  # only entries record names (for the next entry)
        return rendered
    plain = tuple(o.plain_text(r) for r in rendered)
    ctx.first_name_parts += plain
    sub = ctx.author_substitute
    if sub is None or sub.rule == "complete-all":
        return rendered
    prev = sub.parts
    if sub.rule == "complete-each":
        same = len(plain) if plain == prev else 0
    else:
        same = 0
        while same < min(len(plain), len(prev)) and plain[same] == prev[same]:
            same += 1
        if sub.rule == "partial-first":
            same = min(same, 1)
    return [o.text(sub.text) if n < same else r for n, r in enumerate(rendered)]


def _et_al(etal_el: El | None, ctx: Ctx) -> RichText:
    term = (etal_el.attrs.get("term", "et-al") if etal_el is not None else "et-al") or "et-al"
    value = ctx.locale.term(term)
    if not value:
        return ()
    rich = o.text(value)
    return decorate(rich, etal_el, ctx) if etal_el is not None else rich


def _count(lists: list[tuple[str, list[Person]]], opts: dict[str, str], ctx: Ctx,
           el: El) -> RichText:
    total = sum(_shown(people, opts, ctx)[0] for _, people in lists)
    if not total:
        return ()
    return decorate(o.text(str(total)), el, ctx)


def _substitute(el: El, ctx: Ctx, evaluate: Evaluate, chosen: Chooser | None) -> RichText:
    sub = el.child("substitute")
    if sub is None:
        return ()
    ctx.substituting += 1
    parent, ctx.substitute_parent = ctx.substitute_parent, el
    try:
        return _try_substitutes(_alternatives_of(sub, ctx, chosen), el, ctx, evaluate, chosen)
    finally:
        ctx.substituting -= 1
        ctx.substitute_parent = parent


def _alternatives_of(sub: El, ctx: Ctx, chosen: Chooser | None) -> list[El]:
    """:func:`_alternatives` of a cs:substitute; when each cs:choose among them tests
    only the item's type and variables, its branches are the item's (``Item.chosen``),
    and so are the alternatives: kept there, under the cs:substitute."""
    if chosen is None:
        return _alternatives(sub.children, ctx, chosen)
    fixed = ctx.style.compiled.fixed_alternatives.get(sub)
    if fixed is None:
        fixed = ctx.style.compiled.fixed_alternatives[sub] = _fixed_choices(sub.children)
    if not fixed:
        return _alternatives(sub.children, ctx, chosen)
    memo = ctx.item.chosen
    alternatives: list[El] | None = memo.get(sub)
    if alternatives is None:
        alternatives = memo[sub] = _alternatives(sub.children, ctx, chosen)
    return alternatives


def _fixed_choices(children: tuple[El, ...]) -> bool:
    """Every cs:choose :func:`_alternatives` may open tests only the item's type and
    variables (not the cite's own): its branch is then one per item shape."""
    for child in children:
        if child.name == "choose":
            if not all(_item_test(branch) for branch in child.children):
                return False
            if not all(_fixed_choices(branch.children) for branch in child.children):
                return False
    return True


def _item_test(branch: El) -> bool:
    tested = (branch.attrs.get("variable") or "").split()
    return branch.name == "else" or set(branch.attrs) <= {"type", "variable", "match"} and \
        bool(tested or branch.attrs.get("type")) and CITE_VARS.isdisjoint(tested)


def _alternatives(children: tuple[El, ...], ctx: Ctx, chosen: Chooser | None) -> list[El]:
    """The substitute's alternatives, tried in turn: a cs:choose among them gives the
    children of the branch it takes, each an alternative of its own (citeproc-js:
    editors, else translator, inside one branch print the editors alone)."""
    out: list[El] = []
    for child in children:
        if child.name == "choose" and chosen is not None:
            branch = chosen(child, ctx)
            if branch is not None:
                out.extend(_alternatives(branch.children, ctx, chosen))
        else:
            out.append(child)
    return out


def _try_substitutes(children: list[El], el: El, ctx: Ctx, evaluate: Evaluate,
                     chosen: Chooser | None) -> RichText:
    for child in children:
        called = ctx.called
        if child.name == "names":
            seen = ctx.names_seen
            rich = _ev_names(child, ctx, evaluate, inherit=el, chosen=chosen)
            used = (child.get("variable", "") or "").split()
            if o.is_empty(rich) and ctx.names_seen and not seen:
                # names printed, then dropped (suppress-author, collapse): the
                # substitution took place, so the chain stops (as in citeproc-js)
                ctx.suppressed.update(used)
                ctx.rendered += 1
                return ()
        else:
            rich = evaluate(child, ctx)
            used = _variables_in(child, ctx, rich)
            if o.is_empty(rich) and child.name == "text" and "term" in child.attrs:
                return ()  # a term, even an empty one, ends the substitution (citeproc-js)
        if not o.is_empty(rich):
            ctx.suppressed.update(used)
            ctx.rendered += 1
            if child.name != "names" and not ctx.names_seen:
                ctx.names_from_text = True
            return rich
        ctx.called = called
    return ()


def _variables_in(el: El, ctx: Ctx, rich: RichText) -> list[str]:
    """The variables a rendered substitute printed (spec "Substitution"): all those
    outside cs:choose, and those inside a cs:choose only if the output carries their
    tag, so that a branch not taken suppresses nothing."""
    found = _substitute_variables(el, ctx)
    if not any(branch for _v, branch in found):
        return [v for v, _b in found]
    printed = _tagged(rich)
    return [v for v, branch in found if not branch or v in printed]


def _substitute_variables(el: El, ctx: Ctx) -> tuple[tuple[str, bool], ...]:
    """Each variable under a substitute's element (through its macros) and whether it
    sits inside a cs:choose: found once per element of the style, not per item."""
    known = ctx.style.compiled.substitute_vars
    hit = known.get(el)
    if hit is not None:
        return hit
    found: list[tuple[str, bool]] = []
    stack = [(el, False)]
    while stack:
        n, branch = stack.pop()
        if "variable" in n.attrs and n.name in ("text", "names", "date", "number"):
            found.extend((v, branch) for v in n.attrs["variable"].split())
        if n.name == "text" and "macro" in n.attrs:
            stack.append((ctx.style.macros[n.attrs["macro"]], branch))
        inner = branch or n.name == "choose"
        stack.extend((c, inner) for c in n.children)
    known[el] = hit = tuple(found)
    return hit


def _tagged(rich: RichText) -> set[str]:
    found: set[str] = set()
    stack = list(rich)
    while stack:
        node = stack.pop()
        if node.tag is not None and node.tag.variable:
            found.add(node.tag.variable)
        if isinstance(node, Styled):
            stack.extend(node.children)
    return found
