"""Names: person-name parts, initials, display/sort order and name lists (spec "Names").

Functions here are pure: they take the merged name options (inherited from style,
citation/bibliography and cs:name) as a dict of CSL attribute names, plus the
per-item disambiguation state (extra names shown, given-name expansion).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from typeset.csl import output as o
from typeset.csl.style import El
from typeset.csl.textsupport import markup
from typeset.rich.model import RichText

NAME_OPTIONS = (
    "and", "delimiter-precedes-et-al", "delimiter-precedes-last", "et-al-min",
    "et-al-use-first", "et-al-use-last", "et-al-subsequent-min", "et-al-subsequent-use-first",
    "initialize", "initialize-with", "name-as-sort-order", "sort-separator",
)
_NBSP = re.compile("[\u00a0\ufeff]")
_ROMANESQUE = re.compile(r"^[\s\d\u0000-\u024f\u0370-\u03ff\u0400-\u052f\u1e00-\u1fff"
                         r"\u2000-\u206f\u0590-\u05ff\u0600-\u06ff'’.,\-]*$")


def inherited_name_options(*layers: dict[str, str]) -> dict[str, str]:
    """Merge inheritable name options, later layers winning (style < section < cs:name)."""
    merged: dict[str, str] = {}
    for n, layer in enumerate(layers):
        if n == len(layers) - 1:  # cs:name itself: its own form and delimiter
            for key in ("form", "delimiter"):
                if key in layer:
                    merged[key] = layer[key]
        for key in NAME_OPTIONS:
            if key in layer:
                merged[key] = layer[key]
        if "name-form" in layer and n < len(layers) - 1:
            merged["form"] = layer["name-form"]
        if "name-delimiter" in layer and n < len(layers) - 1:
            merged["delimiter"] = layer["name-delimiter"]
    return merged


@dataclass(frozen=True)
class Person:
    family: str = ""
    given: str = ""
    dropping: str = ""
    non_dropping: str = ""
    suffix: str = ""
    literal: str = ""
    comma_suffix: bool = False
    static_ordering: bool = False
    comma_dropping: bool = False  # "Hédelin, abbé d'": the particle follows a comma

    @property
    def romanesque(self) -> bool:
        return bool(_ROMANESQUE.match(self.family + self.given))


def parse_person(raw: dict[str, object]) -> Person:
    """A CSL-JSON name -> Person (straight apostrophes become typographic ones)."""
    p = _parse_person(raw)
    if "'" in p.family + p.given + p.dropping + p.non_dropping + p.literal:
        def fix(s: str) -> str:
            return s.replace("'", "’")

        return replace(p, family=fix(p.family), given=fix(p.given), dropping=fix(p.dropping),
                       non_dropping=fix(p.non_dropping), literal=fix(p.literal))
    return p


def _parse_person(raw: dict[str, object]) -> Person:
    """A CSL-JSON name -> Person, splitting particles out of given/family as citeproc-js does."""
    def s(key: str) -> str:
        v = raw.get(key)
        return str(v).strip() if v is not None else ""

    literal = s("literal")
    family, given = s("family"), s("given")
    if not family and not given:
        if literal:
            return Person(literal=literal)
        return Person(literal=s("name"))
    dropping, non_dropping, suffix = s("dropping-particle"), s("non-dropping-particle"), s("suffix")
    quoted = len(family) > 1 and family[0] == family[-1] == '"'
    if quoted:  # '"van Happel"': a family name to keep whole, particle and all
        family = family[1:-1].strip()
    if raw.get("parse-names", True) not in (False, "false"):
        if not non_dropping and not quoted:
            m = re.match(r"^((?:['’]?[a-z\u00e0-\u00ff][\w\u00e0-\u00ff'’.]*\s+|[a-z]{1,3}['’]|[a-z\u00e0-\u00ff]+-)+)(.+)$",
                         family)
            if m and not m.group(2)[0].islower():
                non_dropping, family = m.group(1).strip(), m.group(2).strip()
                if non_dropping.endswith(("'", "’")) and m.group(1)[-1].isspace():
                    non_dropping += " "  # "de' Frinkle" keeps its space; "d'Wander" has none
        comma_dropping = False
        if not dropping and given:
            m = re.match(r"^(.*?[^\s,])(\s*,\s*|\s+)((?:[a-z\u00e0-\u00ff][\w'’]*\s*)+)$",
                         given)
            if m:
                given, dropping = m.group(1), m.group(3).strip()
                comma_dropping = "," in m.group(2)
        comma = bool(raw.get("comma-suffix"))
        if not suffix and "," in given:
            given, _, suffix = (p.strip() for p in given.partition(","))
            if suffix.startswith("!"):  # "John,!Jr." asks for "John Doe, Jr."
                suffix, comma = suffix.lstrip("! "), True
        return Person(family, given, dropping, non_dropping, suffix, "", comma,
                      bool(raw.get("static-ordering")), comma_dropping)
    return Person(family, given, dropping, non_dropping, suffix, "",
                  bool(raw.get("comma-suffix")), bool(raw.get("static-ordering")))


def initialize(given: str, with_: str, hyphen: bool, full: bool, turkic: bool = False) -> str:
    """Given names to initials (spec initialize-with; initialize="false" only tidies initials).

    "M.E", "M E." and "M. E." are initials already; an all-caps word ("ME") is a name.
    Lowercase parts after a hyphen ("G-ping") are dropped when initialising. In-text
    markup around a name ("<b>John</b>") stays around its initial ("<b>J.</b>").
    """
    tags: list[str] = []

    def hide(m: re.Match[str]) -> str:
        tags.append(m.group(0))
        return chr(_TAG_BASE + len(tags) - 1)

    hidden = _TAG.sub(hide, given) if "<" in given else given
    out = _initialize(hidden, with_, hyphen, full, turkic)
    if tags:
        out = re.sub(f"[{chr(_TAG_BASE)}-{chr(_TAG_BASE + len(tags) - 1)}]",
                     lambda m: tags[ord(m.group(0)) - _TAG_BASE], out)
    return out


_TAG = re.compile(r"</?(?:i|b|sc|sup|sub|span)\b[^>]*>")
_TAG_BASE = 0xE000  # private-use characters stand for tags while initialising
_WHITESPACE = re.compile(r"\s+")
_TAG_CHARS = re.compile("^([\ue000-\ue0ff]*)(.*?)([\ue000-\ue0ff]*)$", re.DOTALL)


@lru_cache(maxsize=8192)
def _initialize(given: str, with_: str, hyphen: bool, full: bool, turkic: bool) -> str:
    """Given names -> initials (a pure function of its arguments, so memoised: the same
    people are formatted for every cite, the sort keys and the bibliography)."""
    out = ""
    for word in _WHITESPACE.split(given.strip()):
        if not word:
            continue
        pieces = []
        done = True
        for whole in [x for x in word.split("-") if x]:
            m = _TAG_CHARS.match(whole)
            assert m is not None
            pre, sub, post = m.groups()
            if not sub:
                continue

            def wrap(piece: str, pre: str = pre, post: str = post) -> str:
                core = piece.rstrip()
                return pre + core + post + piece[len(core):]

            tokens = [t for t in sub.split(".") if t]
            if "." in sub or len(sub) == 1:
                # initials or abbreviations already ("M.E", "Ph.", "Me."): kept, re-punctuated
                pieces.append(wrap("".join(t + with_ for t in tokens)))
            elif sub[0].islower():
                if pieces:  # "G-ping": a lowercase part after a hyphen drops out
                    continue
                pieces.append(wrap(sub + " "))  # a particle inside given names ("de")
                done = False
            elif full:
                pieces.append(wrap(_initial(sub, turkic) + with_))
            else:
                pieces.append(wrap(sub + " "))
                done = False
        if not pieces:
            continue
        if not done:
            if out and not out.endswith(" "):
                out += " "  # a whole word after "J.B." stands apart: "J.B. de C.M."
            out += "-".join(p.strip() for p in pieces) + " "
        elif hyphen and len(pieces) > 1:
            out += "-".join(p.rstrip() for p in pieces) + (" " if with_.endswith(" ") else "")
        else:
            out += "".join(pieces)
    return out.strip()


def _initial(word: str, turkic: bool = False) -> str:
    """A word's initial; a leading capital digraph ("TSerendorjiin") is kept: "Ts" (in a
    Turkish or Azerbaijani style "MIsak" gives "Mı", as citeproc-js lowercases there)."""
    if len(word) > 2 and word[0].isupper() and word[1].isupper() and word[2].islower():
        second = "ı" if turkic and word[1] == "I" else word[1].lower()
        return word[0] + second
    return word[0]


@dataclass
class NameEnv:
    """Name rendering context supplied by the evaluator."""

    text_case: Callable[[RichText, str | None], RichText]
    demote: str  # never | sort-only | display-and-sort
    initialize_hyphen: bool
    sorting: bool = False
    nbsp_lang: bool = False  # the style's locale is fr, ru or cs (citeproc-js's no-break spaces)
    turkic: bool = False  # the locale is tr or az (dotless i when lowercasing an initial)


def _fmt_part(rich: RichText, part: El | None, env: NameEnv) -> RichText:
    if part is None or not rich:
        return rich
    rich = env.text_case(rich, part.get("text-case"))
    return o.formatting(rich, part.attrs)


def _affix_part(rich: RichText, part: El | None) -> RichText:
    if part is None:
        return rich
    return o.affixes(rich, part.get("prefix"), part.get("suffix"))


def format_person(p: Person, opts: dict[str, str], inverted: bool, given_level: int,
                  parts: dict[str, El], env: NameEnv) -> RichText:
    """One name. given_level: -1 style default, 1 initials, 2 full given names."""
    if p.literal:  # an institution takes the family name-part's case and formatting
        fam_el = parts.get("family")
        return _affix_part(_fmt_part(markup(p.literal), fam_el, env), fam_el)
    if not p.family:
        return _affix_part(_fmt_part(markup(p.given), parts.get("given"), env), parts.get("given"))
    form = opts.get("form", "long")
    if given_level >= 1 and form == "short":
        form = "long"
    fam_el, giv_el = parts.get("family"), parts.get("given")
    given = p.given
    init_with = opts.get("initialize-with")
    if init_with is not None and given and given_level != 2 and p.romanesque:
        given = initialize(given, init_with, env.initialize_hyphen,
                           opts.get("initialize", "true") != "false", env.turkic)
    family_core = _join_words([p.non_dropping, p.family])
    if not p.romanesque:
        fam = _fmt_part(markup(family_core), fam_el, env)
        if form == "short" or not given:
            return _affix_part(fam, fam_el)
        giv = _fmt_part(markup(given), giv_el, env)
        return _affix_part(fam, fam_el) + _affix_part(giv, giv_el)
    if form == "short":
        # a sort key demotes the particle unless the style says never ("Gogh van"),
        # in the short form too (citeproc-js)
        words = [p.family, p.non_dropping] if env.sorting and env.demote != "never" \
            else [p.non_dropping, p.family]
        return _affix_part(_styled_words(words, fam_el, env, _particle_space(env)), fam_el)
    if inverted:
        return _inverted(p, given, opts, parts, env)
    giv = _affix_part(_fmt_part(markup(given), giv_el, env), giv_el)
    fam = _styled_words([p.non_dropping, p.family], fam_el, env, _particle_space(env))
    if p.dropping:
        fam = o.concat(o.concat(_fmt_part(markup(p.dropping), giv_el, env),
                                o.text("" if p.dropping.endswith(("'", "’"))
                                       else _particle_space(env))), fam)
    suffix = _suffix(p, opts, env)
    if suffix:
        fam = o.concat(fam, o.text((", " if p.comma_suffix else " ") + suffix))
    # a given-name suffix that ends in a space (often "&#160;") replaces the usual one;
    # in French, Russian and Czech, an initialize-with holding a no-break space joins
    # given and family with one, even when the given name is not initialised (citeproc-js)
    space = "" if o.plain_text(giv)[-1:].isspace() else "\u00a0" \
        if env.nbsp_lang and init_with and given_level != 2 and _NBSP.search(init_with) else " "
    return o.join([giv, _affix_part(fam, fam_el)], space)


def _inverted(p: Person, given: str, opts: dict[str, str], parts: dict[str, El],
              env: NameEnv) -> RichText:
    fam_el, giv_el = parts.get("family"), parts.get("given")
    sep = opts.get("sort-separator", ", ")
    demote = env.demote == "display-and-sort" or (env.demote == "sort-only" and env.sorting)
    # each word group takes its name-part's formatting on its own, so a particle
    # is styled like, but separately from, the name it goes with; a demoted
    # non-dropping particle keeps the family's formatting inside the given's affixes
    if demote:
        fam_words = [(p.family, fam_el)]
        giv_words = [(given, giv_el), (p.dropping, giv_el), (p.non_dropping, fam_el)]
    else:
        fam_words = [(p.non_dropping, fam_el), (p.family, fam_el)]
        giv_words = [(given, giv_el), (p.dropping, giv_el)]
    if p.comma_dropping and given:
        giv_words[0] = (given + ",", giv_el)
    fam = _affix_part(_styled(fam_words, env, _particle_space(env)), fam_el)
    giv = _affix_part(_styled(giv_words, env), giv_el)
    return o.join([fam, giv, markup(_suffix(p, opts, env))], sep)


def _suffix(p: Person, opts: dict[str, str], env: NameEnv) -> str:
    """The name suffix; with initialize-with, its periods follow the initials' ("Jr" beside
    "ML", "Jr." beside "M. L."), as citeproc-js normalises it."""
    init_with = opts.get("initialize-with")
    if not p.suffix or init_with is None:
        return p.suffix
    return initialize(p.suffix, init_with, env.initialize_hyphen, False)


def _particle_space(env: NameEnv) -> str:
    """What joins a particle to the family name: a no-break space in French, Russian and
    Czech styles (citeproc-js: "van\u00a0Gogh"), a space otherwise and in sort keys."""
    return "\u00a0" if env.nbsp_lang and not env.sorting else " "


def _styled_words(words: list[str], part: El | None, env: NameEnv,
                  space: str = " ") -> RichText:
    return _styled([(w, part) for w in words], env, space)


def _styled(words: list[tuple[str, El | None]], env: NameEnv, space: str = " ") -> RichText:
    """Name pieces (given/particle/family) formatted one by one, joined as _join_words does."""
    out: RichText = ()
    prev = ""
    for w, part in words:
        if not w.strip():
            continue
        # sort keys part a particle from its name even after an apostrophe, as
        # citeproc-js does: "d’Wander" files as "d Wander", before "de’ Frinkle"
        if prev and (prev.endswith(" ") or not prev.endswith(("'", "’", "-"))
                     or (env.sorting and not prev.endswith("-"))):
            out = o.concat(out, o.text(space))
        out = o.concat(out, _fmt_part(markup(w.strip()), part, env))
        prev = w
    return out


def _join_words(words: list[str]) -> str:
    """Words joined by spaces, except after a particle ending in an apostrophe or hyphen.

    A particle parsed with a space after its apostrophe keeps it as a trailing space.
    """
    out = ""
    for w in words:
        if not w.strip():
            continue
        if out and not out.endswith(("'", "’", "-", " ")):
            out += " "
        out += w
    return out.strip()


def join_names(rendered: list[RichText], total: int, opts: dict[str, str], inverted: list[bool],
               and_term: str | None, et_al: RichText, use_last: RichText | None) -> RichText:
    """Delimit names with "and" and et-al per delimiter-precedes-last/-et-al (spec)."""
    delim = opts.get("delimiter", ", ")
    n = len(rendered)
    if n == 0:
        return ()
    truncated = n < total
    if use_last is not None:
        body = o.join(rendered, delim)
        return o.concat(o.concat(body, o.text(delim + "… ")), use_last)
    if truncated or and_term is None or n == 1:
        body = o.join(rendered, delim)
    else:
        head = o.join(rendered[:-1], delim)
        dpl = opts.get("delimiter-precedes-last", "contextual")
        use_delim = {"always": True, "never": False,
                     "after-inverted-name": inverted[n - 2]}.get(dpl, n >= 3)
        sep = (delim if use_delim else " ") + and_term + " "
        body = o.concat(o.concat(head, o.text(sep.replace("  ", " "))), rendered[-1])
    if truncated and et_al:
        dpe = opts.get("delimiter-precedes-et-al", "contextual")
        use_delim = {"always": True, "never": False,
                     "after-inverted-name": inverted[n - 1]}.get(dpe, n >= 2)
        # a CJK et-al term ("等") joins the last name without a space
        space = "" if _ROMANESQUE.match(o.plain_text(et_al)[:1]) is None else " "
        body = o.concat(o.concat(body, o.text(delim if use_delim else space)), et_al)
    return body


def et_al_counts(opts: dict[str, str], subsequent: bool) -> tuple[int, int]:
    """(et-al-min, et-al-use-first); 0 means "no et-al"."""
    def num(key: str) -> int:
        try:
            return int(opts.get(key, "0"))
        except ValueError:
            return 0

    mn, first = num("et-al-min"), num("et-al-use-first")
    if subsequent:
        if "et-al-subsequent-min" in opts:
            mn = num("et-al-subsequent-min")
        if "et-al-subsequent-use-first" in opts:
            first = num("et-al-subsequent-use-first")
    return mn, first
