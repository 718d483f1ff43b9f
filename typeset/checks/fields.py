"""Rules on single fields of single entries: required, empty, pages, DOI, ISBN, URL.

They read ``BibResult.raw`` (each entry's own fields, macros evaluated, LaTeX
untouched) so that a problem is reported at the entry that has it, and
``BibResult.entries`` (after crossref/xdata) for required fields, as biber
inherits before validating. Dates, years and months are read by the
converter, which already reports what it cannot read (``bib-date``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from typeset.bib import BibResult
from typeset.checks.tables import REQUIRED, URL_FIELDS, URL_SCHEMES
from typeset.diagnostics import Diagnostic, Span, error, warning

_PAGE = r"(?:[A-Za-z]{0,4}\d+[A-Za-z]{0,2}|[ivxlcdmIVXLCDM]+)"
_PAGE_ITEM = re.compile(rf"^{_PAGE}(?:\s*(?:-{{1,2}}|\u2013)\s*{_PAGE})?(?:\s*ff?\.?|\+)?$")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_URL_MACRO = re.compile(r"^\\url\{(.*)\}$", re.DOTALL)


def field_rules(bib: BibResult) -> list[Diagnostic]:
    """Every field-level problem of every entry, in file order."""
    found: list[Diagnostic] = []
    for key in bib.raw:
        found += _required(bib, key)
        for name, value in bib.raw[key].items():
            found += _value_rules(bib, key, name, value)
    return found


def _span(bib: BibResult, key: str, name: str | None = None) -> Span:
    fallback = bib.spans.get(key, Span(bib.path))
    return bib.field_spans.get((key, name), fallback) if name else fallback


# --- required fields -----------------------------------------------------------------


def _required(bib: BibResult, key: str) -> Iterator[Diagnostic]:
    entry = bib.entries.get(key)
    if entry is None:
        return
    present = {name for name, value in entry.fields.items() if value.strip()}
    for alternatives in REQUIRED.get(entry.entry_type, ()):
        if not present.intersection(alternatives):
            wanted = " or ".join(alternatives)
            yield warning(
                "bib-missing-field",
                f"{key}: @{entry.entry_type} needs {wanted}",
                _span(bib, key),
            )


# --- values ----------------------------------------------------------------------------


def _value_rules(bib: BibResult, key: str, name: str, value: str) -> list[Diagnostic]:
    span = _span(bib, key, name)
    if not _without_braces(value).strip():
        return [warning("bib-empty-field", f"{key}: field {name} is empty", span)]
    rule = _VALUE_RULES.get(name)
    if rule is None:
        return []
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
    text = _without_braces(value).replace("\\,", "").strip()
    pieces = [p.strip() for p in re.split(r"[,;]", text)]
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
    for candidate in re.split(r"[,;]|\s+and\s+", _without_braces(value)):
        text = re.sub(r"^\s*ISBN(?:-1[03])?:?\s*", "", candidate.strip(), flags=re.IGNORECASE)
        digits = re.sub(r"[\s-]", "", text)
        if not isbn_valid(digits):
            return "bib-isbn", True, f"invalid ISBN {candidate.strip()!r} (wrong length or checksum)"
    return None


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
    if parts is None or parts.scheme.lower() not in URL_SCHEMES or not parts.netloc \
            or re.search(r"\s", text):
        return "bib-url", True, f"malformed URL {value.strip()!r} (expected http(s)://host/...)"
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
