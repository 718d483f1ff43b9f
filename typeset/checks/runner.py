"""``check_project``: every rule over one project, diagnostics sorted by place.

Reading is done by the same functions the build uses (config, Markdown
reader, .bib reader), so ``check`` reports what ``build`` would stumble on,
with their diagnostics included as they are; the rules in this package add
what the build does not need to know. Nothing here raises for bad input:
one bad entry never hides the others.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from typeset import confine, fonts, rules
from typeset.bib import BibResult
from typeset.bib.load import decode_utf8
from typeset.checks.bibtex import duplicate_works, strict_syntax, unbalanced_braces
from typeset.checks.citations import cite_items, unused_entries
from typeset.checks.conversion import conversion_diagnostics
from typeset.checks.fields import field_rules
from typeset.checks.metadata import locale_problems, style_problems
from typeset.citations import expand_sets
from typeset.config import Config
from typeset.crossref import crossref_keys, crossref_problems, kind_of
from typeset.diagnostics import Diagnostic, Span
from typeset.doc.model import Document
from typeset.project import bibliography_refusal, load_config, locate, read_project


def check_project(
    project_dir: Path, *, style: str | None = None, root: Path | None = None,
    allow_read: Iterable[Path] = (),
) -> list[Diagnostic]:
    """All problems of PROJECT_DIR sorted by file, line and column.

    Paths are shown relative to ``root`` (default: PROJECT_DIR) when inside it. Reads are
    confined to PROJECT_DIR and ``allow_read`` as in the build (:mod:`typeset.confine`).
    """
    with confine.confined(locate(project_dir)[0], allow_read, confine.given_files(style)):
        return _check(Path(project_dir), confine.given_style(style), root)


def _check(project_dir: Path, style: str | None, root: Path | None) -> list[Diagnostic]:
    config, found = load_config(project_dir, {"style": style} if style else {})
    doc, more = read_project(project_dir, config)
    found += more
    found += _bibliography_rules(config, doc)
    found += style_problems(config)
    found += locale_problems(config)
    found += fonts.missing_glyphs(doc)  # as the build reports them (typeset/fonts.py)
    return sort_diagnostics(found, root or config.project_dir)


def _bibliography_rules(config: Config, doc: Document) -> list[Diagnostic]:
    from typeset.library import load_one

    cited = {item.key for item, _ in cite_items(doc.sections)}
    cited |= {item.key for cite in doc.meta.front_cites for item in cite.items}
    refused = bibliography_refusal(config)
    if refused is not None:
        return [refused]
    missing = rules.bib_missing(config, doc, kind_of)
    if missing is not None:
        return [missing]
    found: list[Diagnostic] = []
    loaded: list[BibResult] = []
    for path in (p for p in config.bibliographies if p.exists()):
        one = load_one(path)
        loaded.append(one)
        found += _bib_file_rules(one, path) if path.suffix.lower() == ".bib" else one.diagnostics
    bib = _library(config, loaded)
    if bib.sets:  # a cite of a biblatex @set cites its members (and the set is used)
        doc = expand_sets(doc, bib)
        cited = {item.key for item, _ in cite_items(doc.sections)} | {
            item.key for cite in doc.meta.front_cites for item in cite.items} | set(bib.sets)
    found += [d for d in bib.diagnostics if d.code == "bib-duplicate-key" and d not in found]
    known = set(bib.order)
    found += crossref_problems(doc, known)
    found += rules.undefined_citations(doc, known, crossref_keys(doc, known))
    found += rules.undefined_nocite(config.nocite, known, config.spans.get("nocite"))
    found += unused_entries(bib.order, bib.spans, bib.raw, cited, config.nocite)
    return found


def _library(config: Config, loaded: list[BibResult]) -> BibResult:
    """``library.project_library`` from the files already read (each is read and
    parsed once: half of ``check``'s time on a large .bib was the second parse)."""
    from typeset.library import merge

    results = []
    if config.references:
        path = str(config.spans["references"].path) if "references" in config.spans else ""
        spans = {str(i["id"]): Span(path) for i in config.references}
        results.append(BibResult.from_items(path, list(config.references), spans, []))
    results += loaded
    return merge(results) if results else BibResult.from_items("", [], {}, [])


def _bib_file_rules(bib: BibResult, path: Path) -> list[Diagnostic]:
    """Rules on a .bib: the reader's diagnostics plus fields, duplicates, braces, syntax."""
    found = conversion_diagnostics(bib) + duplicate_works(bib) + field_rules(bib)
    try:
        text = decode_utf8(confine.read_bytes(path, "bib"), str(path))[0]  # its problems: bib-encoding
    except OSError:
        return found
    found += unbalanced_braces(text, str(path))
    reported = {d.span.line for d in found
                if d.code in ("bib-syntax", "bib-braces") and d.span is not None}
    return found + strict_syntax(text, str(path), reported)


def sort_diagnostics(diagnostics: list[Diagnostic], root: Path | None = None) -> list[Diagnostic]:
    """Relative paths, duplicates dropped, ordered by file, line, column, then code."""
    seen: set[Diagnostic] = set()
    out = []
    shown: dict[str, str] = {}  # each file's path as shown, resolved once (not per diagnostic)
    for diag in diagnostics:
        if root is not None and diag.span is not None:
            span = diag.span
            if span.path not in shown:
                shown[span.path] = Span(span.path).relative_to(root).path
            diag = Diagnostic(diag.code, diag.message, Span(shown[span.path], span.line, span.col),
                              diag.severity, diag.notes)
        if diag not in seen:
            seen.add(diag)
            out.append(diag)
    return sorted(out, key=_order)


def _order(diag: Diagnostic) -> tuple[str, int, int, str]:
    span = diag.span or Span("")
    return span.path, span.line, span.col, diag.code
