"""Pandoc-compatible citation syntax as markdown-it inline rules.

Two rules: ``[prefix @key locator suffix; ...]`` (bracketed, mode "normal") and
``@key`` / ``@key [locator suffix]`` (narrative). Being inline rules, they never
see code spans, autolinks or link destinations (other rules consume those
first), and they run inside inline notes ``^[...]`` and footnote definitions.

The rules emit a small token tree that the reader turns into ``Cite``::

    cite_open(meta: mode, pos)
      cite_item_open(meta: key, locator, label, suppress_author, pos of "@")
        cite_prefix_open  ...inline tokens...  cite_prefix_close
        cite_suffix_open  ...inline tokens...  cite_suffix_close
      cite_item_close
    cite_close

Prefixes and suffixes are tokenised in place (like link text) so they keep
their Markdown and their source offsets. A bracket that does not parse as a
citation is left to the other rules: it stays plain text, never an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

# Locator terms (CSL 1.0.2 "Locators" list, en-US locale forms, long and short,
# singular and plural) -> CSL locator label.
_LABEL_TERMS: dict[str, tuple[str, ...]] = {
    "act": ("act", "acts"),
    "appendix": ("appendix", "appendices", "app.", "apps."),
    "article-locator": ("article", "articles", "art.", "arts."),
    "book": ("book", "books", "bk.", "bks."),
    "canon": ("canon", "canons", "c.", "cc."),
    "chapter": ("chapter", "chapters", "chap.", "chaps.", "ch.", "chs."),
    "column": ("column", "columns", "col.", "cols."),
    "elocation": ("location", "locations", "loc.", "locs."),
    "equation": ("equation", "equations", "eq.", "eqs."),
    "figure": ("figure", "figures", "fig.", "figs."),
    "folio": ("folio", "folios", "fol.", "fols.", "f.", "ff."),
    "issue": ("number", "numbers", "no.", "nos.", "issue", "issues", "iss."),
    "line": ("line", "lines", "l.", "ll."),
    "note": ("note", "notes", "n.", "nn."),
    "opus": ("opus", "opera", "op.", "opp."),
    "page": ("page", "pages", "p.", "pp."),
    "paragraph": ("paragraph", "paragraphs", "para.", "paras.", "¶", "¶¶"),
    "part": ("part", "parts", "pt.", "pts."),
    "rule": ("rule", "rules", "r.", "rr."),
    "scene": ("scene", "scenes", "sc.", "scs."),
    "section": ("section", "sections", "sec.", "secs.", "§", "§§"),
    "sub-verbo": ("sub verbo", "sub verbis", "s.v.", "s.vv.", "sv"),
    "supplement": ("supplement", "supplements", "supp.", "supps."),
    "table": ("table", "tables", "tbl.", "tbls."),
    "timestamp": ("timestamp", "timestamps"),
    "title-locator": ("title", "titles", "tit.", "tits."),
    "verse": ("verse", "verses", "v.", "vv."),
    "version": ("version", "versions", "ver.", "vers."),
    "volume": ("volume", "volumes", "vol.", "vols."),
}

LOCATOR_LABELS: dict[str, str] = {
    term: label for label, terms in _LABEL_TERMS.items() for term in terms
}
# Longest first, so "pp." wins over "p." and "sub verbo" over "s.v." prefixes.
_TERMS_BY_LENGTH = sorted(LOCATOR_LABELS, key=len, reverse=True)

KEY_PUNCTUATION = ":.#$%&-+?<>~/"

# One locator unit: "33", "33a", "3.2", "12:4", "(xv)", or a whole roman numeral.
_UNIT_RE = re.compile(
    r"\(?[0-9A-Za-z]*[0-9][0-9A-Za-z]*(?:[.:][0-9A-Za-z]+)*\)?"
    r"|\(?(?:[ivxlcdm]+|[IVXLCDM]+)\)?(?=$|[\s,;\]\-–—&])"
)
_SEP_RE = re.compile(r"\s*[-–—&]\s*|,\s*")


@dataclass(frozen=True)
class Locator:
    """A parsed locator; ``end`` is where the suffix starts in the parsed text."""

    label: str | None
    value: str | None
    end: int


def _is_key_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def parse_key(src: str, at: int, end: int) -> tuple[str, int] | None:
    """The citation key after the ``@`` at ``at`` and the offset after it, or None.

    Pandoc's rule: a key starts with a letter, digit or ``_``; internal
    punctuation counts only when followed by a key character, so ``@key.`` at
    the end of a sentence is the key ``key``; ``:`` or ``/`` before a ``/`` counts too, so
    Manubot's ``@url:https://example.org/x`` is one key. ``@{...}`` braces any key.
    """
    pos = at + 1
    if pos < end and src[pos] == "{":
        close = src.find("}", pos + 1, end)
        key = src[pos + 1 : close] if close > 0 else ""
        if not key.strip() or "{" in key or "\n" in key:
            return None
        return key.strip(), close + 1
    if pos >= end or not _is_key_char(src[pos]):
        return None
    while pos < end:
        ch = src[pos]
        nxt_ok = pos + 1 < end and _is_key_char(src[pos + 1])
        url_slash = ch in ":/" and pos + 1 < end and src[pos + 1] == "/"  # @url:https://x
        if _is_key_char(ch) or (ch in KEY_PUNCTUATION and nxt_ok) or url_slash:
            pos += 1
        else:
            break
    return src[at + 1 : pos], pos


def _match_label(text: str, pos: int) -> tuple[str, int] | None:
    """A locator label term at ``pos`` (case-insensitive): (CSL label, offset after it)."""
    lowered = text.lower()
    for term in _TERMS_BY_LENGTH:
        if not lowered.startswith(term, pos):
            continue
        after = pos + len(term)
        if term[-1].isalpha() and after < len(text) and text[after].isalpha():
            continue  # "page" must not match the start of "pages" (listed itself) or "pagers"
        return LOCATOR_LABELS[term], after
    return None


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\n":
        pos += 1
    return pos


def _units_end(text: str, pos: int) -> int:
    """End of a run of locator units joined by ranges/commas; ``pos`` if none."""
    match = _UNIT_RE.match(text, pos)
    if not match:
        return pos
    end = match.end()
    while True:
        sep = _SEP_RE.match(text, end)
        if not sep:
            return end
        unit = _UNIT_RE.match(text, sep.end())
        if not unit or unit.end() == sep.end():
            return end
        end = unit.end()


def _braced(text: str, pos: int) -> tuple[str, int] | None:
    close = text.find("}", pos + 1)
    if close < 0:
        return None
    return text[pos + 1 : close], close + 1


def _braced_locator(text: str, pos: int, label: str | None) -> Locator | None:
    """``{...}``: everything inside is the locator, with an optional label inside."""
    found = _braced(text, pos)
    if found is None:
        return None
    inner, end = found
    stripped = inner.strip()
    if label is None:
        inside = _match_label(stripped, 0)
        if inside is not None:
            label, after = inside
            stripped = stripped[after:].strip()
    if not stripped:
        return None
    return Locator(label or "page", stripped, end)


def parse_locator(text: str) -> Locator:
    """Split the text after a key into a locator and the start of the suffix.

    Like pandoc: an optional comma, an optional label (default "page"), then
    either ``{anything}`` or numbers/roman numerals joined by ``-``, ``–``,
    ``&`` or ``,``. Without a number there is no locator and all is suffix.
    """
    none = Locator(None, None, 0)
    pos = _skip_spaces(text, 1 if text.startswith(",") else 0)
    label = None
    found = _match_label(text, pos)
    if found is not None:
        label, pos = found[0], _skip_spaces(text, found[1])
    if pos < len(text) and text[pos] == "{":
        return _braced_locator(text, pos, label) or none
    end = _units_end(text, pos)
    if end == pos:
        return none
    return Locator(label or "page", text[pos:end], end)


# --- scanning brackets -------------------------------------------------------


def _skip_code(src: str, pos: int, end: int) -> int:
    """Offset after a code span starting at ``pos`` (or after its opening run if unclosed)."""
    run = pos
    while run < end and src[run] == "`":
        run += 1
    ticks = src[pos:run]
    close = src.find(ticks, run, end)
    while close >= 0 and close + len(ticks) < end and src[close + len(ticks)] == "`":
        close = src.find(ticks, close + len(ticks) + 1, end)
    return run if close < 0 else close + len(ticks)


def _scan(src: str, start: int, end: int, stop: str) -> list[int]:
    """Offsets of top-level ``stop`` characters (and of the closing ``]``) from ``start``.

    Skips backslash escapes, code spans and nested brackets/braces. The last
    element is the closing bracket's offset; an empty list means unbalanced.
    """
    from typeset.readers.spans import last_close

    if last_close(src) < start:  # no "]" left: linear time on a soup of "["
        return []
    hits: list[int] = []
    depth = 0
    pos = start
    while pos < end:
        ch = src[pos]
        if ch == "\\":
            pos += 2
            continue
        if ch == "`":
            pos = _skip_code(src, pos, end)
            continue
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            if depth == 0:
                return [*hits, pos] if ch == "]" else []
            depth -= 1
        elif ch in stop and depth == 0:
            hits.append(pos)
        pos += 1
    return []


@dataclass(frozen=True)
class _Item:
    key: str
    at: int
    suppress_author: bool
    prefix: tuple[int, int]
    suffix: tuple[int, int]
    locator: Locator


def _find_at(src: str, start: int, end: int) -> int:
    """The first ``@`` in [start, end) that can begin a key (not inside a word or code)."""
    pos = start
    while pos < end:
        ch = src[pos]
        if ch == "\\":
            pos += 2
            continue
        if ch == "`":
            pos = _skip_code(src, pos, end)
            continue
        if ch == "@" and (pos == start or not _is_key_char(src[pos - 1])):
            return pos
        pos += 1
    return -1


def _parse_item(src: str, start: int, end: int) -> _Item | None:
    at = _find_at(src, start, end)
    if at < 0:
        return None
    parsed = parse_key(src, at, end)
    if parsed is None:
        return None
    key, key_end = parsed
    suppress = at > start and src[at - 1] == "-"
    prefix_end = at - 1 if suppress else at
    if suppress and prefix_end > start and not src[prefix_end - 1].isspace():
        return None  # "x-@key": the minus belongs to a word, not a suppress-author mark
    if key_end + 1 < end and src[key_end : key_end + 2] == "{}":
        key_end += 2  # pandoc's "@key{}": what follows is not a locator
        locator = Locator(None, None, 0)
    else:
        locator = parse_locator(src[key_end:end])
    first = min(_skip_spaces(src, start), prefix_end)
    suffix_start = key_end + locator.end
    suffix = (suffix_start, _trim_end(src, suffix_start, end))
    return _Item(key, at, suppress, (first, prefix_end), suffix, locator)


def _trim_end(src: str, lo: int, hi: int) -> int:
    """``hi`` moved left over trailing whitespace, never before ``lo``."""
    while hi > lo and src[hi - 1].isspace():
        hi -= 1
    return hi


def _parse_bracket(src: str, start: int, end: int) -> tuple[list[_Item], int] | None:
    """Items of ``[...]`` at ``start`` and the offset of its ``]``, if it is a citation."""
    hits = _scan(src, start + 1, end, ";")
    if not hits:
        return None
    close = hits[-1]
    bounds = [start + 1, *[h + 1 for h in hits[:-1]]]
    items = []
    for lo, hi in zip(bounds, hits, strict=True):
        item = _parse_item(src, lo, hi)
        if item is None:
            return None
        items.append(item)
    return items, close


# --- markdown-it rules -------------------------------------------------------


def _tokenize_range(state: StateInline, kind: str, lo: int, hi: int) -> None:
    """Tokenise src[lo:hi] in place, wrapped in ``cite_<kind>_open/close``."""
    state.push(f"cite_{kind}_open", "", 1)
    old_pos, old_max = state.pos, state.posMax
    state.pos, state.posMax = lo, hi
    if lo < hi:
        state.md.inline.tokenize(state)
    state.pos, state.posMax = old_pos, old_max
    state.push(f"cite_{kind}_close", "", -1)


def _emit(state: StateInline, items: list[_Item], mode: str, start: int) -> None:
    opener = state.push("cite_open", "", 1)
    opener.meta = {"mode": mode, "pos": start}
    setattr(state, "_ts_in_cite", True)  # noqa: B010 - no cites inside prefixes/suffixes
    for item in items:
        tok = state.push("cite_item_open", "", 1)
        tok.meta = {"key": item.key, "pos": item.at, "suppress_author": item.suppress_author,
                    "locator": item.locator.value, "label": item.locator.label}
        _tokenize_range(state, "prefix", *item.prefix)
        _tokenize_range(state, "suffix", *item.suffix)
        state.push("cite_item_close", "", -1)
    setattr(state, "_ts_in_cite", False)  # noqa: B010
    state.push("cite_close", "", -1)


def _cites_allowed(state: StateInline) -> bool:
    return state.linkLevel == 0 and not getattr(state, "_ts_in_cite", False)


def bracket_cite_rule(state: StateInline, silent: bool) -> bool:
    """``[see @a, 33-35; -@b, chap. 1]``."""
    start = state.pos
    if state.src[start] != "[" or not _cites_allowed(state):
        return False
    parsed = _parse_bracket(state.src, start, state.posMax)
    if parsed is None:
        return False
    items, close = parsed
    if close + 1 < state.posMax and state.src[close + 1] == "(":
        return False  # "[@x](url)" is a link
    if not silent:
        _emit(state, items, "normal", start)
    state.pos = close + 1
    return True


def _narrative_bracket(state: StateInline, key_end: int) -> tuple[Locator, int, int] | None:
    """``@key [p. 33, suffix]``: the locator, the suffix start and the ``]`` offset."""
    src, end = state.src, state.posMax
    pos = key_end + 1 if src.startswith(" [", key_end) else key_end
    if pos >= end or src[pos] != "[":
        return None
    hits = _scan(src, pos + 1, end, "")
    if not hits or _find_at(src, pos + 1, hits[-1]) >= 0:
        return None
    close = hits[-1]
    if close + 1 < end and src[close + 1] in "([":
        return None  # a link or a reference link, not a locator
    locator = parse_locator(src[pos + 1 : close])
    return locator, pos + 1 + locator.end, close


def _labelled_locator(text: str) -> Locator | None:
    """``@key, p. 33``: a comma, a locator *label* and a number right after a narrative
    key. The label is required, so "@doe, 5 people" keeps its number in the sentence."""
    if not text.startswith(", "):
        return None
    found = _match_label(text, 2)
    if found is None or found[1] >= len(text) or not text[found[1]].isspace():
        return None
    locator = parse_locator(text)
    return locator if locator.value is not None else None


# pandoc-fignos/tablenos/eqnos: +@fig:x is "Fig. 1" (capitalised), !@fig:x the number alone
_FIGNOS_KINDS = ("fig", "tbl", "eq", "sec", "lst")


def _fignos_marker(state: StateInline, start: int, key: str) -> str:
    """``+`` or ``!`` when it stands right before ``@`` at the start of a word and the key
    is a cross-reference (``fig:``, ``tbl:``, ...), else ""."""
    src = state.src
    if start == 0 or src[start - 1] not in "+!" or not state.pending.endswith(src[start - 1]):
        return ""
    if start >= 2 and src[start - 2] not in " \t\n([{":
        return ""
    head, sep, rest = key.partition(":")
    return src[start - 1] if sep and rest and head.lower() in _FIGNOS_KINDS else ""


def narrative_cite_rule(state: StateInline, silent: bool) -> bool:
    """``@key`` and ``@key [p. 33]`` in running text (pandoc's AuthorInText)."""
    start, src = state.pos, state.src
    if src[start] != "@" or not _cites_allowed(state):
        return False
    parsed = parse_key(src, start, state.posMax)
    marker = _fignos_marker(state, start, parsed[0] if parsed else "")
    if not marker and start > 0 and (
            _is_key_char(src[start - 1]) or src[start - 1] in KEY_PUNCTUATION + "@"):
        return False  # foo@bar.com is an address and x-@y a word, not a citation
    if parsed is None:
        return False
    key, key_end = parsed
    if marker and not silent:
        state.pending = state.pending[:-1]  # the + or ! is part of the reference
    if marker == "+":
        key = key[0].upper() + key[1:]  # Fig:x prints "Fig. 1", as @Fig:x does
    lead = start - (1 if marker else 0)
    head, sep, _rest = key.partition(":")
    if sep and head.lower() in _FIGNOS_KINDS and lead > 0 and src[lead - 1] == "{" \
            and src[key_end:key_end + 1] == "}":
        # pandoc-xnos' protected reference {@fig:x}: the braces are not printed
        if not silent and state.pending.endswith("{"):
            state.pending = state.pending[:-1]
        if not silent:
            _emit(state, [_Item(key, start, marker == "!", (start, start), (key_end, key_end),
                                Locator(None, None, 0))], "narrative", start)
        state.pos = key_end + 1
        return True
    bracket = _narrative_bracket(state, key_end)
    locator, suffix, after = Locator(None, None, 0), (key_end, key_end), key_end
    if bracket is not None:
        locator, suffix_start, close = bracket
        suffix, after = (suffix_start, _trim_end(src, suffix_start, close)), close + 1
    else:
        labelled = _labelled_locator(src[key_end:state.posMax])
        if labelled is not None:
            locator, after = labelled, key_end + labelled.end
    if not silent:
        item = _Item(key, start, marker == "!", (start, start), suffix, locator)
        _emit(state, [item], "narrative", start)
    state.pos = after
    return True


def braced_xref_rule(state: StateInline, silent: bool) -> bool:
    """pandoc-xnos' protected references: ``{@eq:x}`` (braces stripped, so a letter may
    follow: ``{@fig:1}a``), ``{+@fig:x}`` capitalised, ``{*@fig:x}`` lower case (our
    default), ``{!@fig:x}`` the number alone; only before a fig/tbl/eq/sec/lst key."""
    start, src, end = state.pos, state.src, state.posMax
    if src[start] != "{" or not _cites_allowed(state):
        return False
    at = start + 1
    marker = src[at] if at < end and src[at] in "+*!" else ""
    at += len(marker)
    parsed = parse_key(src, at, end) if at < end and src[at] == "@" else None
    if parsed is None or parsed[1] >= end or src[parsed[1]] != "}":
        return False
    key, key_end = parsed
    head, sep, rest = key.partition(":")
    if not (sep and rest and head.lower() in _FIGNOS_KINDS):
        return False
    if marker == "+":
        key = key[0].upper() + key[1:]
    if not silent:
        item = _Item(key, at, marker == "!", (at, at), (key_end, key_end), Locator(None, None, 0))
        _emit(state, [item], "narrative", at)
    state.pos = key_end + 1
    return True


def starred_xref_rule(state: StateInline, silent: bool) -> bool:
    """pandoc-xnos' ``*@fig:x`` (lower case "fig. 1") at the start of a word: the ``*``
    is no emphasis there (it runs before markdown-it's emphasis rule)."""
    start, src, end = state.pos, state.src, state.posMax
    if (src[start] != "*" or start + 1 >= end or src[start + 1] != "@"
            or not _cites_allowed(state) or (start and src[start - 1] not in " \t\n([")):
        return False
    parsed = parse_key(src, start + 1, end)
    if parsed is None:
        return False
    key, key_end = parsed
    head, sep, rest = key.partition(":")
    if not (sep and rest and head.lower() in _FIGNOS_KINDS):
        return False
    if not silent:
        item = _Item(key, start + 1, False, (start + 1, start + 1), (key_end, key_end),
                     Locator(None, None, 0))
        _emit(state, [item], "narrative", start + 1)
    state.pos = key_end
    return True


def citations_plugin(md: MarkdownIt) -> None:
    """Install the rules; bracketed citations must run before links and footnote refs."""
    md.inline.ruler.before("link", "cite_xnos_braces", braced_xref_rule)
    md.inline.ruler.before("emphasis", "cite_xnos_star", starred_xref_rule)
    md.inline.ruler.before("link", "cite_bracket", bracket_cite_rule)
    md.inline.ruler.before("link", "cite_narrative", narrative_cite_rule)
