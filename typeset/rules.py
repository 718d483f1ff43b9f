"""Rules that ``build`` and ``check`` both apply: one function each, one table of wording.

``RULES`` holds each rule's code, severity and message (a style that does not
resolve is worded by ``csl.style``; :func:`style_problems` places it); the functions below
are the only places these diagnostics are made, so the citations pass, the
pipeline and ``typeset check`` cannot drift apart (a test builds and checks the
same bad projects and compares what they say). ``build`` stops at the first
stage with errors, so it may report fewer problems than ``check``, never
different ones.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, replace
from typing import Any

from typeset.config import Config
from typeset.diagnostics import Diagnostic, Severity, Span
from typeset.doc import model as m
from typeset.doc import walk
from typeset.project import shown
from typeset.style_names import with_suggestions


@dataclass(frozen=True)
class Rule:
    """A problem's code, how bad it is, and its message (``str.format`` fields)."""

    code: str
    severity: Severity
    message: str

    def diagnostic(self, span: Span | None, **fields: Any) -> Diagnostic:
        return Diagnostic(self.code, self.message.format(**fields), span, self.severity)


RULES: dict[str, Rule] = {rule.code: rule for rule in (
    Rule("cite-undefined", Severity.ERROR, "citation key @{key} is not defined in the bibliography"),
    Rule("crossref-undefined", Severity.ERROR, "cross-reference @{key}: no such label{suggestion}"),
    Rule("nocite-undefined", Severity.ERROR, "nocite key @{key} is not defined in the bibliography"),
    Rule("bib-missing", Severity.ERROR, "bibliography file not found: {path}{needed}"),
)}


def cite_undefined(item: m.CiteItem, cite: m.Cite, *, draft: bool = False) -> Diagnostic:
    """A citation of a key the bibliography lacks, at the key (else at the cluster).

    ``check`` (the CI gate) and ``build --strict`` make it an error; a plain ``build``
    (``draft``) a warning with the same wording and place, and prints the key in bold."""
    found = RULES["cite-undefined"].diagnostic(item.span or cite.span, key=item.key)
    return replace(found, severity=Severity.WARNING) if draft else found


def crossref_undefined(item: m.CiteItem, cite: m.Cite, suggestion: str | None,
                       entry: bool = False) -> Diagnostic:
    """A cross-reference to a label the document does not define, with a did-you-mean;
    ``entry``: the bibliography has that key, reserved by the document's own labels."""
    hint = f"; did you mean @{suggestion}?" if suggestion else ""
    if entry:
        kind = item.key.partition(":")[0]
        hint += (f" (the bibliography's entry {item.key} is not cited: this document's "
                 f"{kind.lower()}: labels make @{kind}:... a cross-reference; rename the entry "
                 "or the label)")
    return RULES["crossref-undefined"].diagnostic(item.span or cite.span, key=item.key,
                                                  suggestion=hint)


def undefined_citations(doc: m.Document, known: Container[str],
                        crossrefs: Container[str] = ()) -> list[Diagnostic]:
    """One ``cite-undefined`` per citation of an unknown key (cross-references aside), in
    reading order."""
    return [cite_undefined(item, cite)
            for cite in (*doc.meta.front_cites, *walk.query(doc, m.Cite)) for item in cite.items
            if item.key not in known and item.key not in crossrefs]


def undefined_nocite(nocite: Iterable[str], known: Container[str],
                     span: Span | None) -> list[Diagnostic]:
    """A ``nocite`` key the bibliography lacks ("*" is every entry, never undefined)."""
    return [RULES["nocite-undefined"].diagnostic(span, key=key)
            for key in nocite if key != "*" and key not in known]


def bib_missing(config: Config, doc: m.Document | None,
                crossref: Callable[[str], object] = lambda _key: False) -> Diagnostic | None:
    """The bibliography file is missing and something needs it (a citation or ``nocite``;
    with ``doc`` None, the caller needs it anyway). At ``bibliography:`` in the metadata,
    else at the first citation, else at the file's path. With several files, the first
    missing one; the default ``bibliography.bib`` is not needed when the metadata holds
    ``references:``."""
    path = next((p for p in config.bibliographies or (config.bibliography,)
                 if p is not None and not p.exists()), None)
    if path is None or (config.references and "bibliography" not in config.spans):
        return None
    # a cross-reference (@fig:x, [-@tbl:y]: ``crossref`` says which) needs no bibliography
    first = next((c for c in walk.query(doc, m.Cite)
                  if not all(crossref(item.key) for item in c.items)), None) \
        if doc is not None else None
    if doc is not None and first is None and not config.nocite:
        return None
    needed = f" (needed by @{first.items[0].key})" if first is not None and first.items else ""
    span = config.spans.get("bibliography") or (first.span if first else None) or Span(str(path))
    return RULES["bib-missing"].diagnostic(span, path=shown(path), needed=needed)


def style_problems(config: Config, problems: Iterable[Diagnostic]) -> list[Diagnostic]:
    """What resolving the style said, with did-you-mean suggestions, and placed at
    ``style:`` in the metadata when the problem has no better place (an unknown name)."""
    dirs = [config.project_dir / "styles"]
    return [_placed(with_suggestions(d, config.style, dirs), config.spans.get("style"))
            for d in problems]


def _placed(diagnostic: Diagnostic, span: Span | None) -> Diagnostic:
    if span is None or (diagnostic.span is not None and diagnostic.span.line > 0):
        return diagnostic
    return Diagnostic(diagnostic.code, diagnostic.message, span, diagnostic.severity,
                      diagnostic.notes)
