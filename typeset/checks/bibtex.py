"""Rules over the whole .bib: probable duplicate works and unbalanced braces.

Syntax errors, duplicate keys, missing crossref targets, bad encoding and
unknown LaTeX commands are found by ``typeset.bib`` while reading; the rules
here add what needs the whole file: two entries that describe one work, and
*where* a brace went missing (the parser can only say which entry it gave up
on).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator

from typeset.bib import BibResult
from typeset.bib.names import split_top_level
from typeset.diagnostics import Diagnostic, Span, error, offset_to_line_col, warning

_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z][\w-]*)[ \t\r\n]*\{", re.MULTILINE)
# Any block, ``@string(...)`` too: where the entry before it ends.
_BLOCK_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z][\w-]*)[ \t\r\n]*([{(])", re.MULTILINE)
_FIELD_LINE = re.compile(r"^[ \t]*[A-Za-z][\w:.-]*[ \t]*=", re.MULTILINE)
# A control word (\emph) or control symbol (\' \" \&); its argument stays.
_LATEX_COMMAND = re.compile(r"\\(?:[A-Za-z]+|.)")


# --- probable duplicates ---------------------------------------------------------------
#
# Read from raw fields with a cheap LaTeX strip (no decoding: see conversion.py);
# both sides of a comparison go through the same strip, and accents are dropped
# anyway, so ``M{\"u}ller`` and ``Müller`` compare equal.


def duplicate_works(bib: BibResult) -> list[Diagnostic]:
    """Entries with the same DOI, or the same title, year and first author."""
    found: list[Diagnostic] = []
    seen: dict[tuple[str, ...], str] = {}
    for key in bib.order:
        merged = bib.entries[key].fields if key in bib.entries else {}
        for identity, why in _identities(bib.raw.get(key, {}), merged):
            first = seen.setdefault(identity, key)
            if first != key:
                found.append(_duplicate(bib, key, first, why))
                break
    return found


def _identities(
    own: dict[str, str], merged: dict[str, str]
) -> Iterator[tuple[tuple[str, ...], str]]:
    """DOI and title from the entry's own fields (chapters share their book's), year inherited."""
    doi = own.get("doi", "").strip().lower()
    doi = re.sub(r"^(\\url\{)?(https?://(dx\.)?doi\.org/|doi:\s*)", "", doi).strip("{} ")
    if doi:
        yield ("doi", doi), f"the same DOI {doi}"
    title, year, author = _title(own), _year(merged), _first_author(merged)
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
    """Case-, accent-, LaTeX- and punctuation-blind form of a title or name."""
    text = _LATEX_COMMAND.sub("", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", text.casefold()))


def _title(fields: dict[str, str]) -> str:
    return normalise(fields.get("title", ""))


def _year(fields: dict[str, str]) -> str:
    match = re.match(r"\s*\{?(-?\d{1,4})", fields.get("date") or fields.get("year") or "")
    return match.group(1) if match else ""


def _first_author(fields: dict[str, str]) -> str:
    for name in ("author", "editor"):
        value = fields.get(name, "")
        if "{" in value:
            names = split_top_level(value, " and ")
        else:
            names = re.split(r"\s+and\s+", value, maxsplit=1, flags=re.IGNORECASE)
        if names and names[0].strip():
            return normalise(_family(names[0].strip()))
    return ""


def _family(name: str) -> str:
    """The family part as written: before the first top-level comma, else the last word."""
    if name.startswith("{") and name.endswith("}"):
        return name
    parts = split_top_level(name, ",")
    if len(parts) > 1:
        return parts[0]
    words = name.split()
    return words[-1] if words else ""


# --- syntax the parser lets through ------------------------------------------------------


def strict_syntax(text: str, path: str, reported: set[int]) -> list[Diagnostic]:
    """Entry by entry, what the strict block scanner cannot read (e.g. a missing comma).

    ``reported`` holds lines already flagged by the parser or the brace rule;
    an entry containing one of them is skipped, so each problem is said once.
    """
    from typeset.bib.prepass import attach_detached_types, join_broken_openers
    from typeset.bib.tidy import scan_problem

    found = []
    line_of = _LineIndex(text)
    # ``@type⏎{key``, ``@⏎type(`` and ``@a-b{`` are entries to BibTeX and biber (btxdoc.bib);
    # the reader reads them by same-length rewrites, and so does this scan.
    text = join_broken_openers(attach_detached_types(text))
    for start, end in _entry_regions(text):
        first, last = line_of(start), line_of(max(start, end - 1))
        if any(first <= line <= last for line in reported):
            continue
        problem = scan_problem(text[start:end])
        if problem is not None:
            line, col = offset_to_line_col(text, start + problem[0])
            found.append(error("bib-syntax", problem[1], Span(path, line, col)))
    return found


class _LineIndex:
    """1-based line of an offset by bisection (offset_to_line_col counts from the start)."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def __call__(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


def _entry_regions(text: str) -> Iterator[tuple[int, int]]:
    starts = [m.start() for m in _BLOCK_START.finditer(text)]
    for index, start in enumerate(starts):
        yield start, starts[index + 1] if index + 1 < len(starts) else len(text)


# --- unbalanced braces -----------------------------------------------------------------


def unbalanced_braces(text: str, path: str) -> list[Diagnostic]:
    """Per entry: a ``{`` never closed, or a ``}`` closing the entry before its fields end."""
    starts = list(_BLOCK_START.finditer(text))
    found: list[Diagnostic] = []
    for index, match in enumerate(starts):
        if match.group(1).lower() == "comment" or match.group(2) == "(":
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
