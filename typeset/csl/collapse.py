"""Joining a cluster's cites, with cite grouping and collapsing (spec "Citation").

collapse="citation-number" turns runs of three or more consecutive numbers into
ranges ("1–3"); collapse="year" prints an author once for adjacent cites by the
same author ("Doe 2000, 2001"); "year-suffix" also drops the repeated year ("2000a,
b") and "year-suffix-ranged" makes suffix runs ranges ("2000a–c").
"""

from __future__ import annotations

from typeset.csl import output as o
from typeset.csl.context import CiteInfo
from typeset.csl.render import render_cite, render_cite_parts
from typeset.csl.state import CslState
from typeset.csl.style import El
from typeset.rich.model import RichText, leaves, plain


def _ends_sentence(prefix: RichText) -> bool:
    """Whether a cite's prefix ends a sentence ("As argued before. See ")."""
    text = plain(prefix)
    return text.rstrip("”’\"' ").endswith((".", "!", "?")) and " " in text.strip()


def _capitalize_term(rich: RichText, cite: CiteInfo, any_term: bool) -> RichText:
    """A term opening a cite is capitalised ("Ibid."), unless a prefix precedes it that
    does not end a sentence ("see ibid."). In-text styles only do this for ibid."""
    if plain(cite.prefix).strip() and not _ends_sentence(cite.prefix):
        return rich
    first = next((leaf for leaf in leaves(rich) if leaf.text), None)
    if first is None or first.tag is None or not (first.tag.variable or "").startswith("term:"):
        return rich
    if not any_term and first.tag.variable != "term:ibid":
        return rich
    if not first.text[:1].islower():
        return rich
    return o._edit_first(rich, lambda s: s[:1].upper() + s[1:])


def _with_affixes(rich: RichText, cite: CiteInfo, opens: bool = False,
                  any_term: bool = True) -> RichText:
    if o.is_empty(rich):
        return ()
    if opens:
        rich = _capitalize_term(rich, cite, any_term)
    if cite.prefix:
        rich = o.concat(cite.prefix, rich)
    if cite.suffix:
        rich = o.concat(rich, cite.suffix)
    return rich


def render_cites(state: CslState, cites: list[CiteInfo], layout: El) -> RichText:
    section = state.style.citation
    attrs = section.attrs if section is not None else {}
    delimiter = layout.get("delimiter", "") or ""
    collapse = attrs.get("collapse")
    if collapse == "citation-number":
        return _collapse_numbers(state, cites, delimiter, attrs)
    if collapse in ("year", "year-suffix", "year-suffix-ranged") or \
            "cite-group-delimiter" in attrs:
        return _collapse_years(state, cites, delimiter, attrs, collapse)
    out: RichText = ()
    prev_suffix = ""
    for n, c in enumerate(cites):
        part = _with_affixes(render_cite(state, c), c, n == 0 or _ends_sentence(c.prefix),
                             state.is_note_style)
        if not part:
            continue
        # a cite whose prefix starts with punctuation supplies its own delimiter, and
        # one whose suffix ends with punctuation keeps only the delimiter's space
        if out and plain(c.prefix)[:1] not in _PUNCT:
            sep = delimiter.lstrip("".join(_PUNCT)) if prev_suffix[-1:] in _PUNCT else delimiter
            out = o.concat(out, o.text(sep or delimiter))
        out = o.concat(out, part)
        prev_suffix = plain(c.suffix).rstrip()
    return out


_PUNCT = (",", ";", ".", ":")


def _plain_cite(c: CiteInfo) -> bool:
    return not (c.locator or c.prefix or c.suffix)


def _plain_number(state: CslState, c: CiteInfo) -> bool:
    """A cite that can join a range of citation numbers: no affixes, and no locator
    that the layout prints (a locator it leaves out does not count, as in citeproc-js)."""
    if c.prefix or c.suffix:
        return False
    return not c.locator or not any(leaf.tag is not None and leaf.tag.variable == "locator"
                                    for leaf in leaves(render_cite(state, c)))


def _collapse_numbers(state: CslState, cites: list[CiteInfo], delimiter: str,
                      attrs: dict[str, str]) -> RichText:
    after = attrs.get("after-collapse-delimiter", delimiter)
    runs: list[list[CiteInfo]] = []
    for c in cites:
        if runs and _plain_number(state, c) and _plain_number(state, runs[-1][-1]) and \
                c.citation_number == runs[-1][-1].citation_number + 1:
            runs[-1].append(c)
        else:
            runs.append([c])
    out: RichText = ()
    prev_collapsed = False
    for run in runs:
        if len(run) >= 3:
            rich = o.join([render_cite(state, run[0]), render_cite(state, run[-1])], "–")
        else:
            rich = o.join([_with_affixes(render_cite(state, c), c) for c in run], delimiter)
        if out:
            out = o.concat(out, o.text(after if prev_collapsed else delimiter))
        out = o.concat(out, rich)
        prev_collapsed = len(run) >= 3
    return out


def _collapse_years(state: CslState, cites: list[CiteInfo], delimiter: str,
                    attrs: dict[str, str], collapse: str | None) -> RichText:
    suffix_delim = attrs.get("year-suffix-delimiter", attrs.get("cite-group-delimiter", delimiter))
    rendered = []
    ran: dict[int, bool] = {}
    for c in cites:
        full, names, text_run = render_cite_parts(state, c)
        rendered.append((c, full, names))
        ran[id(c)] = text_run
    groups = _cite_groups(state, rendered)
    delims = _splice_delimiters(state, [e for g in groups for e in g], ran, attrs, delimiter,
                                collapse)
    out: RichText = ()
    for members in groups:
        rich = _with_affixes(members[0][1], members[0][0])
        prev_year = _year_key(state, members[0][0])
        run: list[str] = [state.states[members[0][0].id].year_suffix]
        after_tail = False
        for c, _full, _names in members[1:]:
            year = _year_key(state, c)
            ys = state.states[c.id].year_suffix
            if collapse in ("year-suffix", "year-suffix-ranged") and ys and year == prev_year \
                    and _plain_cite(c) and year and run[-1]:
                if after_tail:  # the suffix after a cite with affixes takes its delimiter
                    rich = o.concat(rich, o.text(delims[id(c)] + ys))
                    run, after_tail = [ys], False
                    continue
                run.append(ys)
                continue
            after_tail = False
            tail = _after_year(state, c, year, ys) \
                if collapse in ("year-suffix", "year-suffix-ranged") and ys and year \
                and year == prev_year and run[-1] else None
            if tail is not None:
                # with a locator or affixes: "2013d, a, p. 105", "a, see b" (citeproc-js)
                tail = o.concat(o.concat(c.prefix, tail), c.suffix)
                rich = _flush_suffixes(rich, run, suffix_delim, collapse)
                rich = o.concat(o.concat(rich, o.text(delims[id(c)])), tail)
                run, after_tail = [ys], not c.locator
                continue
            rich = _flush_suffixes(rich, run, suffix_delim, collapse)
            # grouping without collapsing repeats the whole cite ("Aalto 2000, Aalto 2001")
            rest = _with_affixes(render_cite(state, c, suppress_author=bool(collapse)), c)
            if not o.is_empty(rest):
                rich = o.concat(o.concat(rich, o.text(delims[id(c)])), rest)
            prev_year = year
            run = [ys]
        rich = _flush_suffixes(rich, run, suffix_delim, collapse)
        if o.is_empty(rich):
            continue  # a cite that prints nothing takes no delimiter either
        if out:
            out = o.concat(out, o.text(delims[id(members[0][0])]))
        out = o.concat(out, rich)
    return out


def _after_year(state: CslState, c: CiteInfo, year: str, suffix: str) -> RichText | None:
    """A cite with a locator, without its names and year: its year-suffix and what
    follows ("a, p. 105"), or None when the cite does not open with year and suffix."""
    rest = render_cite(state, c, suppress_author=True)
    if not o.plain_text(rest).startswith(year + suffix):
        return None
    return o.strip_first(rest, len(year))


def _splice_delimiters(state: CslState, flat: list[tuple[CiteInfo, RichText, str | None]],
                       ran: dict[int, bool], attrs: dict[str, str], delimiter: str,
                       collapse: str | None) -> dict[int, str]:
    """The delimiter before each cite of a grouping cluster, as citeproc-js chooses it.

    A cite "has collapsed" (collapse set) unless it prints names other than the
    previous cite's or runs a cs:text variable= (other than locator, citation-number,
    year-suffix, citation-label). Before a cite: with after-collapse-delimiter, that
    delimiter after a locator or when the cite has not collapsed (unless collapse is
    year-suffix and neither has), else the layout's; without it, cite-group-delimiter
    while cites repeat the names before them, ", " after a collapsed cite of an in-text
    style, else the layout's delimiter. So "(Doe 2000, 2001; Roe 1999)", but a title
    standing in for the author separates by the layout's ("(Title A 1932; Title B 1998)").
    """
    group = attrs.get("cite-group-delimiter")
    after = attrs.get("after-collapse-delimiter")
    last_names: str | None = None
    prev_collapsed = prev_locator = False
    out: dict[int, str] = {}
    for n, (c, _full, names) in enumerate(flat):
        collapsed = bool(collapse)
        if names:
            if names == last_names:
                state.cite_group_delimiter_on = state.cite_group_delimiter_on or bool(group)
            else:
                last_names, collapsed = names, False
                if group:
                    state.cite_group_delimiter_on = False
        if ran[id(c)]:
            collapsed = False
        if n:
            if after is not None:
                use_after = prev_locator or not collapsed and (
                    prev_collapsed or collapse != "year-suffix")
                out[id(c)] = after if use_after else delimiter
            elif state.cite_group_delimiter_on and group:
                out[id(c)] = group
            elif collapsed and not state.is_note_style:
                out[id(c)] = ", "
            else:
                out[id(c)] = delimiter
        prev_collapsed, prev_locator = collapsed, bool(c.locator)
    return out


def _cite_groups(state: CslState, rendered: list[tuple[CiteInfo, RichText, str | None]]
                 ) -> list[list[tuple[CiteInfo, RichText, str | None]]]:
    """Cites with the same names output, in order of first appearance. Cites are moved
    next to an earlier one with the same names only when the citation is sorted;
    unsorted cites keep the order they were given, and group only when adjacent."""
    section = state.style.citation
    moves = section is not None and section.child("sort") is not None
    groups: dict[str, list[tuple[CiteInfo, RichText, str | None]]] = {}
    runs: list[list[tuple[CiteInfo, RichText, str | None]]] = []
    for n, entry in enumerate(rendered):
        key = f"\x00{n}" if entry[2] is None else entry[2]  # see render_cite_parts
        if moves:
            if key not in groups:
                groups[key] = []
                runs.append(groups[key])
            groups[key].append(entry)
        elif runs and runs[-1][0][2] == key:
            runs[-1].append(entry)
        else:
            runs.append([entry])
    return runs


def _flush_suffixes(rich: RichText, run: list[str], delim: str, collapse: str | None) -> RichText:
    """Append the collapsed year-suffixes after the first (already rendered) one."""
    if len(run) < 2:
        return rich
    tail = run[1:]
    if collapse == "year-suffix-ranged":
        return o.concat(rich, o.text(_ranged(run, delim)))
    return o.concat(rich, o.text("".join(delim + s for s in tail)))


def _ranged(run: list[str], delim: str) -> str:
    """Suffixes after the first, with runs of three or more consecutive letters as ranges."""
    groups: list[list[str]] = []
    for s in run:
        if groups and len(s) == 1 and len(groups[-1][-1]) == 1 and \
                ord(s) == ord(groups[-1][-1]) + 1:
            groups[-1].append(s)
        else:
            groups.append([s])
    text = ""
    for n, g in enumerate(groups):
        chunk = f"{g[0]}–{g[-1]}" if len(g) >= 3 else delim.join(g)
        text += chunk[len(g[0]):] if n == 0 else delim + chunk
    return text


def _year_key(state: CslState, c: CiteInfo) -> str:
    date = state.item(c.id).date("issued")
    return str(date.start[0]) if date is not None and date.start else ""
