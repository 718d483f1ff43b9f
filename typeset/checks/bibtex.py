"""Rules over the whole .bib: probable duplicate works and unbalanced braces.

Syntax errors, duplicate keys, missing crossref targets, bad encoding and
unknown LaTeX commands are found by ``typeset.bib`` while reading; the rules
here add what needs the whole file: two entries that describe one work, and
*where* a brace went missing (the parser can only say which entry it gave up
on).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from typeset.bib import BibResult
from typeset.diagnostics import Diagnostic, Span, error, offset_to_line_col, warning

_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z][\w-]*)[ \t\r\n]*\{", re.MULTILINE)
_FIELD_LINE = re.compile(r"^[ \t]*[A-Za-z][\w:.-]*[ \t]*=", re.MULTILINE)
_TAG = re.compile(r"<[^>]*>")


# --- probable duplicates ---------------------------------------------------------------


def duplicate_works(bib: BibResult) -> list[Diagnostic]:
    """Entries with the same DOI, or the same title, year and first author."""
    found: list[Diagnostic] = []
    seen: dict[tuple[str, ...], str] = {}
    for item in bib.items:
        key = str(item["id"])
        for identity, why in _identities(bib, item):
            first = seen.setdefault(identity, key)
            if first != key:
                found.append(_duplicate(bib, key, first, why))
                break
    return found


def _identities(bib: BibResult, item: dict[str, Any]) -> Iterator[tuple[tuple[str, ...], str]]:
    doi = bib.raw.get(str(item["id"]), {}).get("doi", "").strip().lower()
    doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", doi).strip("{} ")
    if doi:
        yield ("doi", doi), f"the same DOI {doi}"
    title, year, author = _title(item), _year(item), _first_author(item)
    if title and year and author:
        yield ("work", title, year, author), "the same title, year and first author"


def _duplicate(bib: BibResult, key: str, first: str, why: str) -> Diagnostic:
    where = bib.spans.get(first)
    line = f" (line {where.line})" if where and where.line else ""
    return warning(
        "bib-duplicate-work",
        f"{key} looks like a duplicate of {first}{line}: {why}",
        bib.spans.get(key, Span(bib.path)),
    )


def normalise(text: str) -> str:
    """Case-, accent-, markup- and punctuation-blind form of a title or name."""
    text = unicodedata.normalize("NFKD", _TAG.sub("", text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", text.casefold()))


def _title(item: dict[str, Any]) -> str:
    return normalise(str(item.get("title", "")))


def _year(item: dict[str, Any]) -> str:
    issued = item.get("issued")
    if isinstance(issued, dict):
        parts = issued.get("date-parts") or [[]]
        if parts and parts[0]:
            return str(parts[0][0])
        return str(issued.get("literal", ""))
    return ""


def _first_author(item: dict[str, Any]) -> str:
    for variable in ("author", "editor"):
        names = item.get(variable)
        if isinstance(names, list) and names and isinstance(names[0], dict):
            first = names[0]
            return normalise(str(first.get("family") or first.get("literal") or ""))
    return ""


# --- syntax the parser lets through ------------------------------------------------------


def strict_syntax(text: str, path: str, reported: set[int]) -> list[Diagnostic]:
    """Entry by entry, what the strict block scanner cannot read (e.g. a missing comma).

    ``reported`` holds lines already flagged by the parser or the brace rule;
    an entry containing one of them is skipped, so each problem is said once.
    """
    from typeset.bib.tidy import scan_problem

    found = []
    for start, end in _entry_regions(text):
        first, last = (offset_to_line_col(text, o)[0] for o in (start, end))
        if any(first <= line <= last for line in reported):
            continue
        problem = scan_problem(text[start:end])
        if problem is not None:
            line, col = offset_to_line_col(text, start + problem[0])
            found.append(error("bib-syntax", problem[1], Span(path, line, col)))
    return found


def _entry_regions(text: str) -> Iterator[tuple[int, int]]:
    starts = [m.start() for m in _ENTRY_START.finditer(text)]
    for index, start in enumerate(starts):
        yield start, starts[index + 1] if index + 1 < len(starts) else len(text)


# --- unbalanced braces -----------------------------------------------------------------


def unbalanced_braces(text: str, path: str) -> list[Diagnostic]:
    """Per entry: a ``{`` never closed, or a ``}`` closing the entry before its fields end."""
    starts = list(_ENTRY_START.finditer(text))
    found: list[Diagnostic] = []
    for index, match in enumerate(starts):
        if match.group(1).lower() == "comment":
            continue
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        problem = _scan_entry(text, match.end() - 1, end)
        if problem is not None:
            offset, message = problem
            found.append(error("bib-braces", message, Span(path, *offset_to_line_col(text, offset))))
    return found


def _scan_entry(text: str, open_at: int, end: int) -> tuple[int, str] | None:
    stack = [open_at]
    suspect: int | None = None
    for index in range(open_at + 1, end):
        char = text[index]
        if char == "{":
            stack.append(index)
        elif char == "}":
            stack.pop()
            if not stack:
                return _after_close(text, index, end)
        elif char == "\n" and len(stack) > 1 and suspect is None \
                and _FIELD_LINE.match(text, index + 1):
            suspect = stack[-1]
    where = suspect if suspect is not None else open_at
    return where, "unbalanced braces: this '{' is never closed"


def _after_close(text: str, close_at: int, end: int) -> tuple[int, str] | None:
    """Fields after the entry's closing brace mean an extra ``}`` closed it early."""
    rest = "\n".join(
        line for line in text[close_at + 1:end].split("\n") if not line.lstrip().startswith("%")
    )
    if _FIELD_LINE.search(rest) or "}" in rest:
        return close_at, "unbalanced braces: this '}' closes the entry before its last field"
    return None
