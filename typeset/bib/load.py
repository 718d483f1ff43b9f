"""Reading reference files: .bib (bytes -> text -> parse) and CSL-JSON.

Bytes are read here, not with ``Path.read_text``, so that input that is not
UTF-8 is reported with its line, column and byte value and still
loads, decoded with replacement characters.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typeset import confine
from typeset.bib.parse import parse_bibtex
from typeset.bib.result import BibResult
from typeset.confine import MAX_JSON_DEPTH, JsonTooDeep, loads_bounded
from typeset.diagnostics import Diagnostic, Span, error, warning

JSON_SUFFIXES = frozenset({".json", ".csljson"})
MAX_ENCODING_REPORTS = 20


def load_bibliography(path: Path) -> BibResult:
    """Read and parse a .bib file; I/O and encoding problems become diagnostics."""
    read = _read_text(path)
    if isinstance(read, BibResult):
        return read
    text, problems = read
    result = parse_bibtex(text, str(path))
    result.parse_diagnostics[:0] = problems
    return result


def load_references(path: Path) -> BibResult:
    """A .bib file or a CSL-JSON array (.json, .csljson); anything else is a diagnostic."""
    suffix = path.suffix.lower()
    if suffix == ".bib":
        return load_bibliography(path)
    if suffix in JSON_SUFFIXES:
        return _load_csl_json(path)
    return _empty(
        path,
        error(
            "bib-format",
            f"{path.name}: references must be a .bib, .json or .csljson file",
            Span(str(path)),
        ),
    )


def decode_utf8(data: bytes, path: str) -> tuple[str, list[Diagnostic]]:
    """UTF-8 text (BOM dropped) and one diagnostic per undecodable byte run."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    problems: list[Diagnostic] = []
    position = 0
    while position < len(data) and len(problems) < MAX_ENCODING_REPORTS:
        try:
            data[position:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            bad = position + exc.start
            problems.append(_encoding_problem(data, bad, path))
            position = position + exc.end
    return data.decode("utf-8", errors="replace"), problems


def _encoding_problem(data: bytes, offset: int, path: str) -> Diagnostic:
    before = data[:offset]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    col = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return error(
        "bib-encoding",
        f"byte 0x{data[offset]:02X} is not valid UTF-8 (save the file as UTF-8); read as \ufffd",
        Span(path, line, col),
    )


def _read_text(path: Path) -> tuple[str, list[Diagnostic]] | BibResult:
    """The file as text plus encoding diagnostics, or an empty result if unreadable."""
    try:
        data = confine.read_bytes(path, "bib")
    except OSError as exc:
        return _empty(
            path, error("bib-io", f"cannot read {path}: {exc.strerror or exc}", Span(str(path)))
        )
    return decode_utf8(data, str(path))


def _load_csl_json(path: Path) -> BibResult:
    read = _read_text(path)
    if isinstance(read, BibResult):
        return read
    text, problems = read
    try:
        value = loads_bounded(text)
    except JsonTooDeep as exc:
        problem = error("bib-json", f"JSON nested deeper than {MAX_JSON_DEPTH} levels",
                        Span(str(path), *exc.position))
        return _empty(path, *problems, problem)
    except json.JSONDecodeError as exc:
        problem = error(
            "bib-json", f"invalid JSON: {exc.msg}", Span(str(path), exc.lineno, exc.colno)
        )
        return _empty(path, *problems, problem)
    items, more = _csl_items(value, str(path), text)
    spans = {str(i["id"]): _id_span(text, str(i["id"]), str(path)) for i in items}
    return BibResult.from_items(str(path), items, spans, [*problems, *more])


def _csl_items(value: Any, path: str, text: str) -> tuple[list[dict[str, Any]], list[Diagnostic]]:
    if not isinstance(value, list):
        return [], [error("bib-json", "CSL-JSON must be an array of items", Span(path, 1, 1))]
    items: list[dict[str, Any]] = []
    problems: list[Diagnostic] = []
    seen: set[str] = set()
    for index, item in enumerate(value):
        if not isinstance(item, dict) or "id" not in item:
            problems.append(
                error("bib-json", f'item {index + 1} is not an object with an "id"', Span(path))
            )
        elif str(item["id"]) in seen:
            problems.append(
                warning(
                    "bib-duplicate-key",
                    f"duplicate id {item['id']!r}; this item is ignored and the first one kept",
                    _id_span(text, str(item["id"]), path, last=True),
                )
            )
        else:
            seen.add(str(item["id"]))
            items.append(item)
    return items, problems


def _id_span(text: str, key: str, path: str, *, last: bool = False) -> Span:
    """Where ``"id": "key"`` appears (approximate; JSON carries no positions)."""
    needle = json.dumps(key, ensure_ascii=False)
    offset = text.rfind(needle) if last else text.find(needle)
    if offset < 0:
        return Span(path)
    line = text.count("\n", 0, offset) + 1
    return Span(path, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def _empty(path: Path, *diagnostics: Diagnostic) -> BibResult:
    return BibResult.from_items(str(path), [], {}, list(diagnostics))
