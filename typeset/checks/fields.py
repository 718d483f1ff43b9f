"""Rules on single fields of single entries: required, pages, DOI, ISBN, URL.

They read ``BibResult.raw`` (each entry's own fields, macros evaluated, LaTeX
untouched) so that a problem is reported at the entry that has it, and
``BibResult.entries`` (after crossref/xdata) for required fields, as biber
inherits before validating. Dates, years and months are read by the
converter, which already reports what it cannot read (``bib-date``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import urlsplit

from typeset.bib import BibResult
from typeset.bib.tables import NAME_FIELDS
from typeset.checks.tables import (
    BIBLATEX_FIELDS,
    BIBLATEX_TYPES,
    BIBTEX_RELAXED,
    IGNORED_BY_TYPE,
    REQUIRED,
    URL_FIELDS,
    URL_SCHEMES,
    Requirement,
)
from typeset.diagnostics import Diagnostic, Span, error, warning

# A page: a number with an optional letter prefix or suffix (S12, 12a, L7), an
# article number (ACM "24:1", arXiv "1234.5678", "arXiv:1234.5678v2", AAS
# "012345"), or a roman numeral; optionally after "p.", "S.", "Nr." (biblatex
# page text) and before biblatex's \psq/\psqq or "f."/"ff.".
_PAGE = (r"(?:(?:[A-Za-z]{1,6}\.?~?\s*)?(?:[A-Za-z]{0,5}:)?[A-Za-z]{0,4}\d+(?:[.:/_]\d+)*"
         r"(?:v\d+)?[A-Za-z]{0,2}|[ivxlcdmIVXLCDM]+)")
_PAGE_ITEM = re.compile(
    rf"^{_PAGE}(?:\s*(?:-{{1,3}}|\u2013)\s*{_PAGE})?(?:\s*(?:ff?\.?|\\psqq?)|\+)?$"
)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
# Real schemes near http/ftp in spelling, which are not typos of them.
_OTHER_SCHEMES = frozenset({"sftp", "tftp", "ssh", "git", "svn", "file", "telnet", "ldap", "rtsp"})
_URL_MACRO = re.compile(r"^\\url\{(.*)\}$", re.DOTALL)


def field_rules(bib: BibResult) -> list[Diagnostic]:
    """Every field-level problem of every entry, in file order."""
    found: list[Diagnostic] = []
    biblatex = is_biblatex(bib)
    required = REQUIRED if biblatex else {**REQUIRED, **BIBTEX_RELAXED}
    parents = {f.get("crossref", "").strip().lower() for f in bib.raw.values()}
    folded = {k.lower(): k for k in reversed(list(bib.raw))}  # the first of a case pair
    for key in bib.raw:
        found += _required(bib, key, required)
        if key.lower() not in parents:  # a crossref parent's booktitle feeds BibTeX children
            found += _ignored(bib, key)
        for name, value in bib.raw[key].items():
            found += _value_rules(bib, key, name, value)
        if biblatex:
            found += _target_case(bib, key, folded)
        found += _ties_in_names(bib, key)
    return _one_per_scheme(found)


_SCHEME = re.compile(r"uses the scheme ('[^']*'), which a reader cannot follow")


def _one_per_scheme(found: list[Diagnostic]) -> list[Diagnostic]:
    """One warning per URL scheme of its own, at its first use, counting the rest (the
    KOMA-Script guide has 59 ``CTAN://`` addresses)."""
    groups: dict[str, list[Diagnostic]] = {}
    for diag in found:
        if diag.code == "bib-url" and (match := _SCHEME.search(diag.message)):
            groups.setdefault(match.group(1).lower(), []).append(diag)
    if all(len(group) < 2 for group in groups.values()):
        return found
    later = {id(d) for group in groups.values() for d in group[1:]}
    firsts = {id(group[0]): len(group) - 1 for group in groups.values() if len(group) > 1}
    out = []
    for diag in found:
        if id(diag) in later:
            continue
        if id(diag) in firsts:
            more = firsts[id(diag)]
            diag = replace(diag, message=f"{diag.message}; so do {more} more URL"
                           f"{'' if more == 1 else 's'}")
        out.append(diag)
    return out


# A tie between lower-case letters inside a name ("Silva-Mu~noz", "Jo~ao"): the
# accent's backslash is missing (\~n is ñ, a bare ~ is a no-break space that
# splits the name in two). Only before n, a or o, the letters \~ accents.
_TIE_IN_WORD = re.compile(r"(?<![\\~])\b([^\W\d_]*[a-z])~([nao][a-z][^\W\d_]*)")


def _ties_in_names(bib: BibResult, key: str) -> Iterator[Diagnostic]:
    for name in (n for n in bib.raw[key] if n in NAME_FIELDS):
        match = _TIE_IN_WORD.search(bib.raw[key][name])
        if match:
            word = match.group(0)
            yield warning(
                "bib-name-tie",
                f"{key}: {name}: {word!r} has a tie (~, a space) inside a word, so it reads as"
                f" two names' parts; for a tilde accent write {match.group(1)}\\~"
                f"{{{match.group(2)[0]}}}{match.group(2)[1:]}",
                _span(bib, key, name),
            )


def _target_case(bib: BibResult, key: str, folded: dict[str, str]) -> Iterator[Diagnostic]:
    """A crossref/xdata target that is a key only ignoring case: the reader (like
    BibTeX) inherits from it, biber finds nothing and inherits nothing."""
    for name in ("crossref", "xdata"):
        for target in (t.strip() for t in bib.raw[key].get(name, "").split(",")):
            same = folded.get(target.lower())
            if target and target not in bib.raw and same is not None:
                yield warning(
                    "bib-crossref-case",
                    f"{key}: {name} target {target!r} is the key {same!r} only ignoring"
                    f" case; biber does not find it (write {same!r})",
                    _span(bib, key, name),
                )


def is_biblatex(bib: BibResult) -> bool:
    """The file's dialect: biblatex when any entry uses a biblatex type or field."""
    for key, fields in bib.raw.items():
        entry = bib.entries.get(key)
        if entry is not None and entry.entry_type in BIBLATEX_TYPES:
            return True
        if not BIBLATEX_FIELDS.isdisjoint(fields):
            return True
    return False


def _ignored(bib: BibResult, key: str) -> Iterator[Diagnostic]:
    entry = bib.entries.get(key)
    if entry is None:
        return
    for name in IGNORED_BY_TYPE.get(entry.entry_type, frozenset()).intersection(bib.raw[key]):
        yield warning(
            "bib-ignored-field",
            f"{key}: @{entry.entry_type} has no {name} (biblatex and BibTeX styles ignore it);"
            f" remove it, or make the entry a part (@inbook, @inproceedings, @incollection)",
            _span(bib, key, name),
        )


def _span(bib: BibResult, key: str, name: str | None = None) -> Span:
    fallback = bib.spans.get(key, Span(bib.path))
    return bib.field_spans.get((key, name), fallback) if name else fallback


# --- required fields -----------------------------------------------------------------


def _required(
    bib: BibResult, key: str, required: dict[str, tuple[Requirement, ...]]
) -> Iterator[Diagnostic]:
    entry = bib.entries.get(key)
    if entry is None:
        return
    present = {name for name, value in entry.fields.items() if _without_braces(value).strip()}
    for alternatives in required.get(entry.entry_type, ()):
        if not present.intersection(alternatives):
            wanted = " or ".join(alternatives)
            empty = [name for name in alternatives if name in entry.fields]
            yield warning(
                "bib-missing-field",
                f"{key}: @{entry.entry_type} needs {wanted}"
                + (f" ({empty[0]} is empty)" if empty else ""),
                _span(bib, key, empty[0]) if empty else _span(bib, key),
            )


# --- values ----------------------------------------------------------------------------


def _value_rules(bib: BibResult, key: str, name: str, value: str) -> list[Diagnostic]:
    span = _span(bib, key, name)
    rule = _VALUE_RULES.get(name)
    if rule is None or not _without_braces(value).strip():
        return []  # an empty field is as if absent (biber drops it); required ones are missing
    problem = rule(value)
    if problem is None:
        return []
    code, severity_error, message = problem
    make = error if severity_error else warning
    return [make(code, f"{key}: {message}", span)]


Problem = tuple[str, bool, str] | None


def _without_braces(value: str) -> str:
    return value.replace("{", "").replace("}", "")


def check_pages(value: str) -> Problem:
    """Page ranges: numbers (or roman numerals) joined by ``--``, lists with commas."""
    text = _without_braces(value).replace("\\,", "").replace("\\_", "_").strip()
    text = re.sub(r"(^|[,;]\s*)~", r"\1", text)  # "pp.~1,~3": a tie after a comma is a space
    # "xi + 346" (front matter plus pages) is a page count, as BibTeX files write it.
    pieces = [p.strip() for p in re.split(r"[,;]|\s\+\s", text)]
    bad = [p for p in pieces if not _PAGE_ITEM.match(p)]
    if bad:
        return "bib-pages", False, f"cannot read the page range {value.strip()!r} (write e.g. 366--376)"
    for piece in pieces:
        ends = re.split(r"\s*(?:-{1,2}|\u2013)\s*", piece)
        numeric = len(ends) == 2 and ends[0].isdigit() and ends[1].isdigit()
        if numeric and _expanded_end(ends[0], ends[1]) < int(ends[0]):
            return "bib-pages", False, f"page range {piece!r} ends before it starts"
    return None


def _expanded_end(start: str, end: str) -> int:
    """``366--76`` means 366--376: a shorter end borrows the start's leading digits."""
    if len(end) < len(start):
        return int(start[: len(start) - len(end)] + end)
    return int(end)


def check_doi(value: str) -> Problem:
    text = _DOI_PREFIX.sub("", _unwrap_url(value).strip())
    text = text.replace("\\_", "_").replace("\\%", "%")
    if not _DOI.match(text):
        return "bib-doi", True, f"malformed DOI {value.strip()!r} (expected 10.NNNN/suffix)"
    return None


def check_isbn(value: str) -> Problem:
    """Each ISBN in the field (several may be separated by commas) must pass its checksum."""
    candidates = _isbn_candidates(_without_braces(value))
    if not candidates:
        return "bib-isbn", True, f"invalid ISBN {value.strip()!r} (wrong length or checksum)"
    for candidate in candidates:
        if not isbn_valid(re.sub(r"[\s-]", "", candidate)):
            return "bib-isbn", True, f"invalid ISBN {candidate.strip()!r} (wrong length or checksum)"
    return None


def _isbn_candidates(text: str) -> list[str]:
    """The ISBNs written in a field, whatever separates them ("0-306-40615-2 (hbk.),
    978-..."); digits split by spaces ("0 306 40615 2") are joined to 10 or 13."""
    text = re.sub(r"ISBN(?:-1[03])?:?", " ", text, flags=re.IGNORECASE)
    candidates: list[str] = []
    pending = ""
    for token in re.findall(r"\d[\dXx-]*", text):
        if _digit_count(token) >= 10:  # a whole ISBN; a short run before it was a note
            candidates.append(token)
            pending = ""
            continue
        pending = f"{pending} {token}".strip()
        if _digit_count(pending) >= 10:
            candidates.append(pending)
            pending = ""
    return candidates if candidates else ([pending] if pending else [])


def _digit_count(text: str) -> int:
    return len(re.sub(r"[^\dXx]", "", text))


def isbn_valid(digits: str) -> bool:
    """ISBN-10 (weights 10..1, mod 11, X = 10) or ISBN-13 (weights 1,3, mod 10)."""
    if re.fullmatch(r"\d{9}[\dXx]", digits):
        values = [10 if c in "Xx" else int(c) for c in digits]
        return sum((10 - i) * v for i, v in enumerate(values)) % 11 == 0
    if re.fullmatch(r"97[89]\d{10}", digits):
        return sum((3 if i % 2 else 1) * int(c) for i, c in enumerate(digits)) % 10 == 0
    return False


def check_url(value: str) -> Problem:
    text = _unwrap_url(value).strip()
    text = re.sub(r"\\([_%&#$~])", r"\1", text)
    try:
        parts = urlsplit(text)
    except ValueError:
        parts = None
    if parts is None or not parts.netloc or re.search(r"\s", text) \
            or not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", parts.scheme):
        return "bib-url", True, f"malformed URL {value.strip()!r} (expected http(s)://host/...)"
    if parts.scheme.lower() not in URL_SCHEMES:
        scheme = text.split(":", 1)[0]
        typo = difflib.get_close_matches(parts.scheme.lower(), sorted(URL_SCHEMES), 1, 0.7)
        if typo and parts.scheme.lower() not in _OTHER_SCHEMES:  # htpp://, htps://: a misspelt scheme, not a scheme of its own
            return "bib-url", True, (f"malformed URL {value.strip()!r} ({scheme!r} is not a "
                                     f"scheme; {typo[0]!r}?)")
        # A well-formed address in a scheme of its own (the KOMA-Script guide's
        # CTAN://macros/...): it prints, but a reader's browser cannot follow it.
        return "bib-url", False, (f"URL {value.strip()!r} uses the scheme {scheme!r}, "
                                  "which a reader cannot follow (http, https, ftp)")
    return None


def _unwrap_url(value: str) -> str:
    match = _URL_MACRO.match(value.strip())
    return match.group(1) if match else value.strip().strip("{}")


_VALUE_RULES = {
    "pages": check_pages,
    "doi": check_doi,
    "isbn": check_isbn,
    **{name: check_url for name in URL_FIELDS},
}
