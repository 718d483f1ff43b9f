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
from typing import Any

from typeset.csl import output as o
from typeset.csl import textsupport
from typeset.csl.context import CITE_VARS, DATE_VARS, NAME_VARS, NUMBER_VARS, Ctx
from typeset.csl.dates import DateEnv, macro_sort_key, render_date
from typeset.csl.decorate import DECORATING, decorate
from typeset.csl.names_eval import absent_names, ev_names, ev_names_present
from typeset.csl.style import El, Style
from typeset.csl.textsupport import (
    apply_case,
    is_numeric,
    markup,
    ordinal,
    render_number,
)
from typeset.rich.model import RichText, Styled, Tag, Text


def ev_children(el: El, ctx: Ctx, delimiter: str = "") -> RichText:
    return o.join(parts_of(el, ctx.style)(ctx), delimiter)


def eval_parts(children: tuple[El, ...], ctx: Ctx) -> list[RichText]:
    """Outputs of sibling elements; cs:choose is transparent, so its chosen branch's
    children count as siblings for the enclosing delimiter (as in citeproc-js)."""
    parts: list[RichText] = []
    for c in children:
        if c.name == "choose":
            branch = _chosen(c, ctx)
            if branch is not None:
                parts.extend(parts_of(branch, ctx.style)(ctx))
        else:
            fn = compiled_el(c, ctx.style)
            if fn is not None:
                parts.append(fn(ctx))
    return parts


def evaluate(el: El, ctx: Ctx) -> RichText:
    fn = compiled_el(el, ctx.style)
    return fn(ctx) if fn else ()


# --- the compiled form --------------------------------------------------------------
#
# Each element is compiled, on first use, to a closure over its attributes (the
# element's kind, its decorations, its delimiter, a cs:text value's markup, the parts
# function of its children), so a render calls closures instead of dispatching on
# names and reading attributes at every node: the evaluation itself is unchanged (the
# ``ev_*`` functions below still do the work of the leaves). The closures live in the
# style's :class:`~typeset.csl.style.Compiled` (``parts``, ``elements``).

Fn = Callable[[Ctx], RichText]
PartsFn = Callable[[Ctx], list[RichText]]


def parts_of(el: El, style: Style) -> PartsFn:
    """The parts function of ``el``'s children (see :func:`eval_parts`)."""
    known = style.compiled.parts
    fn: PartsFn | None = known.get(el)
    if fn is None:
        fn = known[el] = _compile_parts(el.children, style)
    return fn


def compiled_el(el: El, style: Style) -> Fn | None:
    known = style.compiled.elements
    if el in known:
        return known[el]  # type: ignore[no-any-return]
    fn = known[el] = _compile_el(el, style)
    return fn


def _compile_parts(children: tuple[El, ...], style: Style) -> PartsFn:
    if any(c.name == "choose" and _of_item(c, style) for c in children):
        return _shaped_parts(children, style)
    steps: list[tuple[bool, Any]] = []
    for c in children:
        if c.name == "choose":
            steps.append((True, _choose_parts_of(c, style)))
        else:
            fn = compiled_el(c, style)
            if fn is not None:
                steps.append((False, fn))
    return _from_steps(steps)


def _from_steps(steps: list[tuple[bool, Any]]) -> PartsFn:
    if len(steps) == 1 and steps[0][0]:
        return steps[0][1]  # type: ignore[no-any-return]
    return _unrolled(tuple(multi for multi, _ in steps))(*(fn for _, fn in steps))


def _choose_parts_of(el: El, style: Style) -> PartsFn:
    """:func:`_choose_parts`, made once per cs:choose (kept as the choose's parts: a
    cs:choose is transparent, its parts are those of the branch it takes)."""
    known = style.compiled.parts
    fn: PartsFn | None = known.get(el)
    if fn is None:
        fn = known[el] = _choose_parts(el, style)
    return fn


def _of_item(el: El, style: Style) -> bool:
    """Whether a cs:choose takes one branch per item shape (it tests only the item's
    type, or only its type and variables: ``Item.chosen``)."""
    plans = style.compiled.choose
    plan: ChoosePlan | None = plans.get(el)
    if plan is None:
        plan = plans[el] = _compile_choose(el)
    return plan[0] is not None or plan[3]


# What an element does for an item shape when it prints nothing whatever the item's
# values (its variables are absent from the shape): the variables it calls, whether a
# cs:text variable= runs, whether a cs:names touches names_empty (absent_names).
Fold = tuple[int, bool, bool]
_VOID: Fold = (0, False, False)


def _fold(el: El, style: Style, ctx: Ctx) -> Fold | None:
    """:data:`Fold` of an element for the item's shape, or None when it may print: a
    cs:text variable=, cs:date or cs:names without cs:substitute whose variables the
    shape lacks (suppression changes nothing then: they print nothing either way), and
    a cs:group or macro call holding only such elements and cs:choose taking (per shape)
    a branch of them or none. Kept per shape in ``Item.chosen``."""
    shared = ctx.item.chosen
    key = ("fold", el)
    known: Fold | None | El = shared.get(key, _UNKNOWN)
    if known is _UNKNOWN:
        known = shared[key] = _fold_here(el, style, ctx)
    return known  # type: ignore[return-value]


def _fold_here(el: El, style: Style, ctx: Ctx) -> Fold | None:
    name, attrs, item = el.name, el.attrs, ctx.item
    if name == "text" and "variable" in attrs:
        var = attrs["variable"]
        if var in _CITE_VARS or var in _COLLAPSE_NEUTRAL:
            return None  # the cite's own
        if item.string(var) or el.attrs.get("form") == "short" and item.string(f"{var}-short"):
            return None
        return (1, True, False)  # plain_variable or _text_variable of an absent variable
    if name in ("number", "label"):
        var = attrs.get("variable") or ""
        if var in _CITE_VARS or item.string(var):
            return None
        if name == "number":
            return (1, False, False)  # ev_number of an absent variable
        # ev_label: a number variable's label prints even when the variable is empty
        return None if var in NUMBER_VARS else _VOID
    if name == "group" or name == "text" and "macro" in attrs:
        inner = _fold_all(el.children if name == "group" else style.macros[attrs["macro"]].children,
                          style, ctx)
        if inner is None:
            return None
        calls, ran, touch, inert = inner
        # what prints without calling a variable (a term, a value, a label) goes with the
        # group or macro, whose variables are called and none rendered (spec "Group")
        return None if inert and not calls else (calls, ran, touch)
    if name == "date":
        return (1, False, False) if item.date(attrs.get("variable") or "") is None else None
    if name == "names" and el.child("substitute") is None:
        if any(item.names(v) for v in (attrs.get("variable") or "").split()):
            return None
        return (1, False, True)  # absent_names
    return None


def _fold_all(children: tuple[El, ...], style: Style, ctx: Ctx
              ) -> tuple[int, bool, bool, bool] | None:
    """:func:`_fold` of elements, and whether one may print without calling a variable
    (a cs:text term= or value=, a cs:label: they change nothing in the context)."""
    calls, ran, touch, inert = 0, False, False, False
    for c in children:
        if c.name == "label" or c.name == "text" and not ("variable" in c.attrs
                                                         or "macro" in c.attrs):
            inert = True
            continue
        if c.name == "choose":
            if _of_item(c, style):
                branch = _chosen(c, ctx)
                if branch is None:
                    continue
                inner = _fold_all(branch.children, style, ctx)
            else:  # a choose of the cite: the same whichever branch it may take
                folds = {_fold_all(b.children, style, ctx) for b in _reachable(c, ctx)}
                inner = folds.pop() if len(folds) == 1 else None
        else:
            one = _fold(c, style, ctx)
            inner = None if one is None else (*one, False)
        if inner is None:
            return None
        calls, ran, touch, inert = (calls + inner[0], ran or inner[1], touch or inner[2],
                                    inert or inner[3])
    return calls, ran, touch, inert


def _reachable(el: El, ctx: Ctx) -> list[El]:
    """The branches of a cs:choose the item's shape may take (its type and variables
    answered, the rest unknown), an empty branch standing for none; the branches after
    one it is sure to take, and those whose conditions it cannot meet, are left out."""
    out: list[El] = []
    for branch in el.children:
        if branch.name == "else":
            out.append(branch)
            return out
        known = _shape_answer(branch, ctx)
        if known is not False:
            out.append(branch)
        if known is True:
            return out
    out.append(_EMPTY_BRANCH)
    return out


_EMPTY_BRANCH = El("else", {})


def _shape_answer(branch: El, ctx: Ctx) -> bool | None:
    """A branch's conditions as far as the shape answers them (the type and the item's
    variables, as :func:`_compile` tests them), None when it depends on more."""
    attrs = branch.attrs
    answers: list[bool | None] = []
    if attrs.get("type"):
        answers.append(ctx.item.type in attrs["type"].split())
    for var in (attrs.get("variable") or "").split():
        answers.append(None if var in _CITE_VARS else has_variable(var, ctx))
    unknown = [k for k in attrs if k not in ("type", "variable", "match")]
    answers.extend(None for k in unknown for _token in attrs[k].split())
    if not answers:
        return None
    match = attrs.get("match", "all") or "all"
    if match == "any":
        return True if True in answers else False if None not in answers else None
    hit = match != "all"  # all: a false one fails; none: a true one
    if hit in answers:
        return False
    return True if None not in answers else None


def _counted(fold: Fold, original: Fn) -> Fn:
    """An element that prints nothing for the shape, as what it does to the context; a
    cs:names inside a cs:substitute is evaluated (``original``): it takes no shortcut."""
    calls, ran, touch = fold
    if touch:
        def counted_names(ctx: Ctx) -> RichText:
            if ctx.substituting:
                return original(ctx)
            ctx.called += calls
            if ran:
                ctx.text_variable_run = True
            if not (ctx.names_seen or ctx.sorting):
                ctx.names_empty = True
            return ()
        return counted_names

    def counted(ctx: Ctx) -> RichText:
        ctx.called += calls
        if ran:
            ctx.text_variable_run = True
        return ()
    return counted


def _shaped_parts(children: tuple[El, ...], style: Style) -> PartsFn:
    """Children among which a cs:choose takes one branch per item shape: for each shape,
    the parts function of the children with the branches it takes spliced in, nested
    chooses of the shape too (kept in ``Item.branch_parts``, shared by the shape), so a
    render calls the elements the shape prints without a call per cs:choose."""
    token = object()

    def shaped(ctx: Ctx) -> list[RichText]:
        fn = ctx.item.branch_parts.get(token) or _shape_parts(token, children, style, ctx)
        return fn(ctx)
    # for the callers that look their shape's parts up themselves (a call fewer)
    setattr(shaped, _SHAPE, (token, children))  # noqa: B010 -- a function attribute
    return shaped


_SHAPE = "shape_token"


def _shape_parts(token: object, children: tuple[El, ...], style: Style, ctx: Ctx) -> PartsFn:
    """The parts function of ``children`` for the item's shape (see _shaped_parts)."""
    steps: list[tuple[bool, Any]] = []
    _flatten_into(children, style, ctx, steps)
    fn = ctx.item.branch_parts[token] = _from_steps(steps)
    return fn


_FOLDING = frozenset({"text", "group", "date", "names", "number", "label"})


def _flatten_into(children: tuple[El, ...], style: Style, ctx: Ctx,
                  steps: list[tuple[bool, Any]]) -> None:
    for c in children:
        if c.name != "choose":
            fn = compiled_el(c, style)
            if fn is None:
                continue
            fold = _fold(c, style, ctx) if c.name in _FOLDING else None
            if fold is None:
                steps.append((False, fn))
            elif fold != _VOID:  # a void element is left out
                steps.append((False, _counted(fold, fn)))
        elif _of_item(c, style):
            branch = _chosen(c, ctx)
            if branch is not None:
                _flatten_into(branch.children, style, ctx, steps)
        else:
            reachable = _reachable(c, ctx)
            if len(reachable) == 1:  # the one branch the shape may take, surely
                _flatten_into(reachable[0].children, style, ctx, steps)
            else:
                steps.append((True, _choose_parts_of(c, style)))


@lru_cache(maxsize=4096)
def _unrolled(pattern: tuple[bool, ...]) -> Callable[..., PartsFn]:
    """A maker of parts functions for children of this pattern (True: a cs:choose, whose
    parts are spliced in): one list display, ``[f0(ctx), *f1(ctx), f2(ctx)]``, in
    document order, instead of a loop over the children at every call."""
    names = [f"f{i}" for i in range(len(pattern))]
    items = ", ".join(f"*{n}(ctx)" if multi else f"{n}(ctx)"
                      for n, multi in zip(names, pattern, strict=True))
    source = (f"def make({', '.join(names)}):\n"
              f"    def parts(ctx):\n        return [{items}]\n    return parts\n")
    scope: dict[str, Any] = {}
    exec(source, scope)  # noqa: S102 -- our own source text, over closures only
    return scope["make"]  # type: ignore[no-any-return]


def _choose_parts(el: El, style: Style) -> PartsFn:
    """cs:choose as a parts function: the chosen branch's children's parts (the branch
    found as :func:`_chosen` finds it)."""
    plans = style.compiled.choose
    plan: ChoosePlan | None = plans.get(el)
    if plan is None:
        plan = plans[el] = _compile_choose(el)
    table, default, branches, item_only = plan
    bodies: dict[El | None, PartsFn] = {None: lambda ctx: []}

    def body(branch: El | None) -> PartsFn:
        fn = bodies.get(branch)
        if fn is None:
            assert branch is not None
            fn = bodies[branch] = parts_of(branch, style)
        return fn

    if table is not None:
        def by_type(ctx: Ctx) -> list[RichText]:
            branch = table.get(ctx.item.type, default)
            return (bodies.get(branch) or body(branch))(ctx)
        return by_type
    if item_only:
        def item_branch(ctx: Ctx) -> list[RichText]:
            known = ctx.item.branch_parts
            fn = known.get(el)
            if fn is None:
                memo = ctx.item.chosen
                branch = memo.get(el, _UNKNOWN)
                if branch is _UNKNOWN:  # _first_branch, inline: once per item
                    branch = default
                    for candidate, predicate in branches:
                        if predicate(ctx):
                            branch = candidate
                            break
                    memo[el] = branch
                fn = known[el] = bodies.get(branch) or body(branch)
            return fn(ctx)
        return item_branch

    def first_branch(ctx: Ctx) -> list[RichText]:
        for branch, predicate in branches:
            if predicate(ctx):
                return (bodies.get(branch) or body(branch))(ctx)
        return (bodies.get(default) or body(default))(ctx)

    token = object()

    def shape_branch(ctx: Ctx) -> list[RichText]:
        """:func:`first_branch` over the branches the item's shape may take (_reachable):
        the predicates of the others are not asked (kept per shape)."""
        known = ctx.item.branch_parts
        plan = known.get(token)
        if plan is None:
            reachable = [b for b in _reachable(el, ctx) if b is not _EMPTY_BRANCH]
            last = reachable[-1] if reachable and reachable[-1].name == "else" else None
            wanted = set(reachable)
            plan = known[token] = ([(b, p) for b, p in branches if b in wanted], last)
        for branch, predicate in plan[0]:
            if predicate(ctx):
                return (bodies.get(branch) or body(branch))(ctx)
        return (bodies.get(plan[1]) or body(plan[1]))(ctx)

    memo_kind = _memo_kind(el)
    if memo_kind is None:
        return shape_branch
    per_item, of_cite, tested = memo_kind
    if per_item or not of_cite:  # kept per item, the branch is reused too seldom to pay
        return shape_branch

    def cite_branch(ctx: Ctx) -> list[RichText]:
        """A choose testing the cite (position, locator, disambiguate) besides the item's
        type and variables: one branch per item shape and :func:`cite_signature`
        (``Ctx.branch_memo``), unless a tested variable is suppressed."""
        suppressed = ctx.suppressed
        if suppressed and not tested.isdisjoint(suppressed):
            return first_branch(ctx)
        memo = ctx.branch_memo
        if memo is None:
            memo = _branch_memo(ctx)
        fn = memo.get(el)
        if fn is None:
            fn = memo[el] = body(_first_branch(branches, default, ctx))
        return fn(ctx)
    return cite_branch


# conditions whose answer is a function of the item (its shape for type and variable)
# and of cite_signature
_SIGNED_CONDITIONS = frozenset({"type", "variable", "match", "position", "locator",
                                "disambiguate", "is-numeric", "is-uncertain-date"})


def _memo_kind(el: El) -> tuple[bool, bool, frozenset[str]] | None:
    """Whether a cs:choose (not one of the item's type and variables alone) can keep its
    branch: (whether it tests the item's values, whether it tests the cite, the
    variables whose suppression would change an answer: the locator's) or None. Of the
    cite's own variables only the locator may be tested (its presence and numeric form
    are in cite_signature); a suppressed item variable still tests true (has_variable)."""
    per_item = of_cite = False
    tested: set[str] = set()
    for branch in el.children:
        if branch.name == "else":
            break
        attrs = branch.attrs
        if not _SIGNED_CONDITIONS.issuperset(attrs):
            return None
        variables = (attrs.get("variable") or "").split()
        numeric = (attrs.get("is-numeric") or "").split()
        for var in (*variables, *numeric):
            if var in _CITE_VARS and var != "locator":
                return None
        tested.update(v for v in (*variables, *numeric) if v == "locator")
        if "locator" in variables or "locator" in numeric or "position" in attrs \
                or "locator" in attrs or "disambiguate" in attrs:
            of_cite = True
        if any(v != "locator" for v in numeric) or "is-uncertain-date" in attrs:
            per_item = True
    return per_item, of_cite, frozenset(tested)


def cite_signature(ctx: Ctx) -> tuple[Any, ...]:
    """All that the position, locator and disambiguate conditions (and a variable or
    is-numeric test of the locator) read of a rendering: fixed for its whole life."""
    cite = ctx.cite
    locator = cite.locator
    return (ctx.mode, cite.position, cite.near_note, cite.label or "page" if locator else "",
            bool(locator) and is_numeric(locator), ctx.state.disambiguate)


def _branch_memo(ctx: Ctx) -> dict[El, PartsFn]:
    """The branches kept for this rendering's :func:`cite_signature` on the item's shape
    (``Item.branch_parts``, shared by the items of the shape)."""
    key = ("signature", cite_signature(ctx))
    store = ctx.item.branch_parts
    memo: dict[El, PartsFn] | None = store.get(key)
    if memo is None:
        memo = store[key] = {}
    ctx.branch_memo = memo
    return memo


_UNKNOWN = El("unknown", {})


def _decorates(el: El) -> bool:
    return not DECORATING.isdisjoint(el.attrs)


def _compile_el(el: El, style: Style) -> Fn | None:
    name = el.name
    if name == "text":
        return _compile_text(el, style)
    if name == "group":
        return _compile_group(el, style)
    if name == "choose":
        return lambda ctx: o.join(_choose_parts(el, style)(ctx))
    if name == "layout":
        return lambda ctx: o.join(parts_of(el, style)(ctx))
    if name == "names":
        return _compile_names(el)
    fn = _DISPATCH.get(name)
    if fn is None:
        return None
    bound = fn
    return lambda ctx: bound(el, ctx)


def _compile_names(el: El) -> Fn:
    """cs:names; one without cs:substitute whose variables the item lacks prints nothing
    at once (names_eval.absent_names)."""
    variables = tuple((el.attrs.get("variable") or "").split())
    if el.child("substitute") is not None:
        return lambda ctx: ev_names(el, ctx, evaluate, _chosen)

    tested = frozenset(variables)

    def names(ctx: Ctx) -> RichText:
        if not ctx.substituting:
            suppressed = ctx.suppressed
            if suppressed and not tested.isdisjoint(suppressed):
                if absent_names(variables, ctx):
                    return ()
            else:
                # whether the item has none of the names is one answer per item shape
                # (Item.shape has each name variable's presence): kept in Item.chosen
                shared = ctx.item.chosen
                absent = shared.get(el)
                if absent is None:
                    item = ctx.item
                    absent = shared[el] = not any(item.names(v) for v in variables)
                if absent:  # absent_names' effects
                    ctx.called += 1
                    ctx.names_empty = ctx.names_empty or not (ctx.names_seen or ctx.sorting)
                    return ()
        return ev_names_present(el, ctx, evaluate, _chosen)
    return names


def _compile_text(el: El, style: Style) -> Fn:
    attrs = el.attrs
    if "variable" in attrs:
        var, form = attrs["variable"], el.attrs.get("form")
        if var in _COLLAPSE_NEUTRAL or var in ("page", "citation-label") \
                or var in NUMBER_VARS:
            return lambda ctx: _text_variable(el, ctx)
        decorated = _decorates(el)
        short = form == "short"

        def plain_variable(ctx: Ctx) -> RichText:
            """:func:`_text_variable` for the common variables (titles, places,
            publishers): no page range, number range or year-suffix to consider, and
            none of the cite's own variables (:func:`variable_text` for the rest)."""
            ctx.text_variable_run = True
            if var in ctx.suppressed:
                value = ""
            elif short:
                value = variable_text(var, ctx, form)
            else:
                value = ctx.item.string(var)
            ctx.called += 1
            if not value:
                return ()
            ctx.rendered += 1
            rich = _tagged_value(value, ctx.item.id, var)
            if decorated:
                return decorate(rich, el, ctx, leaf=True)
            return () if not rich or o.is_empty(rich) else rich
        return plain_variable
    if "macro" in attrs:
        return _compile_macro_call(el, attrs["macro"], style)
    if "term" in attrs:
        # a term opening a note is capitalised (collapse._capitalize_term) before its
        # own text-case applies, so a lowercase one stays lowercase (OSCOLA's "ibid";
        # citeproc-js): it is tagged as no capitalisable term
        kind = "lowercase-term" if el.attrs.get("text-case") == "lowercase" else "term"
        term, form = attrs["term"], el.attrs.get("form", "long") or "long"
        plural = el.attrs.get("plural") == "true"
        return lambda ctx: decorate(term_text(term, form, plural, ctx, kind), el, ctx,
                                    leaf=True)
    value = markup(el.attrs.get("value", "") or "")
    return lambda ctx: decorate(value, el, ctx, leaf=True)


def _compile_macro_call(el: El, name: str, style: Style) -> Fn:
    """A macro's output; a macro call behaves like a group: variables called but none
    rendered -> nothing (as citeproc-js). citeproc-js applies text-case to the strings
    an element prints itself, never to a macro's output; styles are written against
    it, so we do the same."""
    body = parts_of(style.macros[name], style)
    decorated = _decorates(el)
    reads = item_only_variables(style, name)
    if reads is not None:
        return _memoised_macro_call(el, name, body, decorated, *reads)

    token, children = getattr(body, _SHAPE, (None, ()))

    def run(ctx: Ctx) -> RichText:
        called, rendered = ctx.called, ctx.rendered
        if token is None:
            parts = body(ctx)
        else:  # the shape's parts, looked up here (see _shaped_parts)
            parts = (ctx.item.branch_parts.get(token)
                     or _shape_parts(token, children, style, ctx))(ctx)
        if len(parts) == 1:  # _joined, inline
            rich = parts[0]
            if not rich:
                return ()
            first = rich[0]
            if (type(first) is not Text or not first.text) and o.is_empty(rich):
                return ()
        else:
            rich = o.join(parts)
            if not rich:
                return ()
        if ctx.called > called and ctx.rendered == rendered:
            return ()
        ctx.rendered += 1
        if decorated:
            return decorate(rich, el, ctx, case=False)
        return rich  # a join is () or holds text
    return run


def _memoised_macro_call(el: El, name: str, body: PartsFn, decorated: bool,
                         reads: frozenset[str], dated: bool) -> Fn:
    """A call of a macro that reads only the item (:func:`item_only_variables`): its
    output is the same for every cite, entry and sort key of the item, so it is kept on
    the item (``Item.macros``) by the macro and the variables of it suppressed so far,
    with what it does to the context: the called/rendered counts cs:group compares (as
    deltas) and whether a cs:text variable ran (collapse.py). A macro with a cs:date
    also reads whether a sort key is rendered, the item's year-suffix and whether it
    has been printed (the implicit year-suffix follows the first date printed), and may
    record that it has. Nothing else in the context is read or changed by such a macro."""
    def run(ctx: Ctx) -> RichText:
        suppressed = ctx.suppressed
        key: Any = name
        hidden = _NOTHING if not suppressed or reads.isdisjoint(suppressed) else \
            reads.intersection(suppressed)
        if dated:
            key = (name, hidden, ctx.sorting, ctx.state.year_suffix, ctx.year_suffix_done)
        elif hidden:
            key = (name, hidden)
        memo = ctx.item.macros
        hit = memo.get(key)
        if hit is None:
            called, rendered, ran = ctx.called, ctx.rendered, ctx.text_variable_run
            done = ctx.year_suffix_done
            ctx.text_variable_run = False
            rich = _joined(body(ctx))
            if ctx.called > called and ctx.rendered == rendered or not rich:
                rich = ()
            else:
                ctx.rendered += 1
            hit = memo[key] = (rich, ctx.called - called, ctx.rendered - rendered,
                               ctx.text_variable_run, ctx.year_suffix_done and not done)
            ctx.text_variable_run = ran or ctx.text_variable_run
        else:
            rich, dc, dr, ran, done = hit
            if dc:
                ctx.called += dc
            if dr:
                ctx.rendered += dr
            if ran:
                ctx.text_variable_run = True
            if done:
                ctx.year_suffix_done = True
        if not rich:
            return ()
        if decorated:
            return decorate(rich, el, ctx, case=False)
        return rich  # a join is () or holds text
    return run


_NOTHING: frozenset[str] = frozenset()


# What a macro may contain to read nothing but the item: no cs:names (name options
# come from the section, et-al from the position, given names from disambiguation),
# no position, locator or disambiguate condition, none of the cite's own variables and
# not the page (its range format reads the locator's label). A cs:date is allowed, its
# few inputs in the key (_memoised_macro_call).
_ITEM_ONLY_ELEMENTS = frozenset({"macro", "text", "number", "label", "group", "choose", "if",
                                 "else-if", "else", "date", "date-part"})
_ITEM_ONLY_CONDITIONS = frozenset({"type", "variable", "is-numeric", "is-uncertain-date",
                                   "match"})
_NOT_ITEM_VARS = frozenset({"locator", "citation-number", "first-reference-note-number",
                            "year-suffix", "citation-label", "page"})


def item_only_variables(style: Style, name: str) -> tuple[frozenset[str], bool] | None:
    """The variables macro ``name`` prints or tests the value of, and whether it holds a
    cs:date, when it (and every macro it calls) reads nothing of the context but the
    item, which of those variables are suppressed and (with a cs:date) the year-suffix
    state; else None. Found once per macro of the style (the macros it calls first:
    styles have no recursion, style.py rejects it)."""
    known = style.compiled.item_only
    if name in known:
        return known[name]  # type: ignore[no-any-return]
    local = _item_only_here(style.macros[name])
    result: tuple[frozenset[str], bool] | None = None
    if local is not None:
        found, dated, calls = local
        for called in calls:
            inner = item_only_variables(style, called)
            if inner is None:
                break
            found, dated = found | inner[0], dated or inner[1]
        else:
            result = (found, dated)
    known[name] = result
    return result


def _item_only_here(macro: El) -> tuple[frozenset[str], bool, set[str]] | None:
    """:func:`item_only_variables` for the macro's own elements, and the macros it calls."""
    found: set[str] = set()
    calls: set[str] = set()
    dated = False
    stack = list(macro.children)
    while stack:
        n = stack.pop()
        if n.name not in _ITEM_ONLY_ELEMENTS:
            return None
        if n.name in ("if", "else-if") and not _ITEM_ONLY_CONDITIONS.issuperset(n.attrs):
            return None
        dated = dated or n.name == "date"
        values = set((n.attrs.get("variable") or "").split())
        values.update((n.attrs.get("is-numeric") or "").split())
        if not _NOT_ITEM_VARS.isdisjoint(values):
            return None
        if n.name not in ("if", "else-if"):
            found.update(values)
        else:  # a variable condition tests the item, suppressed or not (has_variable)
            found.update((n.attrs.get("is-numeric") or "").split())
        called = n.attrs.get("macro")
        if called and n.name == "text":
            calls.add(called)
        stack.extend(n.children)
    return frozenset(found), dated, calls


def _joined(parts: list[RichText]) -> RichText:
    """``o.join(parts)`` with no delimiter; one part (the common case) at once."""
    if len(parts) == 1:
        only = parts[0]
        if not only:
            return ()
        first = only[0]
        if type(first) is Text and first.text:  # is_empty's quick answer, inline
            return only
        return () if o.is_empty(only) else only
    return o.join(parts)


def _compile_group(el: El, style: Style) -> Fn:
    body = parts_of(el, style)
    delimiter = el.attrs.get("delimiter") or ""
    decorated = _decorates(el)

    token, children = getattr(body, _SHAPE, (None, ()))

    def run(ctx: Ctx) -> RichText:
        called, rendered = ctx.called, ctx.rendered
        if token is None:
            parts = body(ctx)
        else:  # the shape's parts, looked up here (see _shaped_parts)
            parts = (ctx.item.branch_parts.get(token)
                     or _shape_parts(token, children, style, ctx))(ctx)
        if ctx.called > called and ctx.rendered == rendered:
            return ()
        out = o.join(parts, delimiter)
        if decorated:  # else: a join is () or holds text
            out = decorate(out, el, ctx)
        if out:  # a nested group with output keeps its parent group (as citeproc-js)
            ctx.rendered += 1
        return out
    return run


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


_CITE_VARS = CITE_VARS


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
    """Whether the item has ``var`` (a variable not of the cite): a function of the
    item's fields alone, suppression aside (has_variable), so items of one shape answer
    alike (``Item.shape``)."""
    item = ctx.item
    if var in NAME_VARS:
        return bool(item.names(var))
    if var in DATE_VARS:
        return item.date(var) is not None
    # a present but non-string value (e.g. a list) still counts as set, as in citeproc-js
    return bool(item.string(var)) or isinstance(item.raw.get(var), (list, dict)) \
        and bool(item.raw.get(var))


def ev_text(el: El, ctx: Ctx) -> RichText:
    return evaluate(el, ctx)


def term_text(name: str, form: str, plural: bool, ctx: Ctx, kind: str = "term") -> RichText:
    """A locale term; superscript characters in it become <sup> runs (as citeproc-js)."""
    value = ctx.locale.term(name, form, plural)
    if not value:
        return ()
    return _tagged_term(value, ctx.item.id, kind, name)


@lru_cache(maxsize=16384)
def _tagged_term(value: str, item_id: str, kind: str, name: str) -> RichText:
    """A term's text tagged for the item (built once: nodes are immutable)."""
    return o.superscripts(value, Tag(item_id, f"{kind}:{name}"))


_COLLAPSE_NEUTRAL = frozenset({"locator", "citation-number", "year-suffix", "citation-label"})


def _text_variable(el: El, ctx: Ctx) -> RichText:
    var = el.attrs["variable"]
    if var not in _COLLAPSE_NEUTRAL:
        ctx.text_variable_run = True
    if var == "year-suffix":
        ctx.year_suffix_done = True
    value = variable_text(var, ctx, el.attrs.get("form"))
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
    var = el.attrs.get("variable", "") or ""
    ctx.called += 1
    value = variable_text(var, ctx)
    if not value:
        return ()
    ctx.rendered += 1
    form = el.attrs.get("form", "numeric") or "numeric"
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
    var = el.attrs.get("variable", "") or ""
    if var == "locator":
        value = ctx.cite.locator
        name = ctx.cite.label or "page"
        if re.match(r"[A-Za-z]+\.\s", value):
            return ()  # the locator brings its own label ("vol. 1, fol. 186")
    else:
        value = variable_text(var, ctx)
        name = "page" if var == "number-of-pages" else var
    plural = {"always": True, "never": False}.get(el.attrs.get("plural", "") or "")
    if not value:
        if var == "locator" or var not in NUMBER_VARS:
            return ()
        # citeproc-js prints a number variable's label even when the variable is
        # empty (singular unless plural="always"): "412pp." from number-of-pages
        # beside <label variable="page" plural="always"/>
        plural = bool(plural)
    if plural is None:
        plural = is_plural(var, value)
    form = el.attrs.get("form", "long") or "long"
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
    var = el.attrs.get("variable", "") or ""
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
    return decorate(rich, _date_decorations(el), ctx)


@lru_cache(maxsize=1024)
def _date_decorations(el: El) -> El:
    """The cs:date as its output is decorated: without its delimiter when it is a
    localized date (form=). Made once per element, as decorate keeps its plan by
    element."""
    attrs = el.attrs
    if el.attrs.get("form"):
        attrs = {k: v for k, v in attrs.items() if k not in ("delimiter",)}
    return El(el.name, attrs, el.children, el.text, el.line)


def _prints_year(el: El) -> bool:
    """Whether a cs:date prints the year (its date-parts, or its cs:date-part children)."""
    parts = [c.get("name") for c in el.children if c.name == "date-part"]
    if el.attrs.get("form"):
        return "year" in (el.attrs.get("date-parts") or "year-month-day") or "year" in parts
    return "year" in parts


# --- group and choose -------------------------------------------------------------


def ev_group(el: El, ctx: Ctx) -> RichText:
    return evaluate(el, ctx)


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
    stops at the first missing variable, "any" and "none" at the first present one.
    The item's answers are kept on it (``Item.has``); the cite's own variables are
    asked each time."""
    pairs = tuple((var, var in _CITE_VARS) for var in names)
    stop_at_present = match in ("any", "none")
    result_at_stop = match == "any"  # any: a present one; none: a present one fails

    def test(ctx: Ctx) -> bool:
        has = ctx.item.has
        for var, of_cite in pairs:
            known: bool | None
            if of_cite:
                known = bool(variable_text(var, ctx))  # has_variable, for the cite's own
            else:
                known = has.get(var)
                if known is None:  # has_variable, first asked for this item
                    known = has[var] = _item_has(var, ctx)
            if stop_at_present:
                if known:
                    return result_at_stop
            elif not known:
                return False
        return not result_at_stop
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
    match = branch.attrs.get("match", "all") or "all"
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
