"""Raw BibTeX parsing: bibtexparser v2 without middlewares, plus positions.

Why no middlewares: bibtexparser's name splitting runs after LaTeX decoding
and breaks ``{{Corporate Names}}``, and its decoding costs 5x the parse
(DESIGN.md). We take its block split and field expressions, evaluate the
expressions ourselves (values.py) and leave decoding to ``item(key)``.

bibtexparser lines are 0-based; ``Span`` lines and columns are 1-based.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from bibtexparser import model
from bibtexparser.entrypoint import parse_string

from typeset.bib.inherit import MAX_CHAIN, resolve_all
from typeset.bib.preamble import Macro, expand, expander, read_preamble
from typeset.bib.prepass import (
    attach_detached_types,
    blank_entry_comments,
    brace_quoted_values,
    cut_quoted_value,
    join_broken_openers,
)
from typeset.bib.result import BibResult, RawEntry
from typeset.bib.values import MAX_VALUE, evaluate
from typeset.diagnostics import Diagnostic, Span, error, warning

# bibtexparser reports aborted blocks through logging; with no handler Python
# would print them to stderr. They reach our caller as diagnostics instead.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

# Entry types that only feed other entries (biblatex @xdata), never items.
# @set groups other entries (biblatex cites its members); it describes no work.
DATA_ONLY_TYPES = frozenset({"xdata", "set"})


@dataclass
class _State:
    """Everything collected while walking the blocks of one file."""

    path: str
    lines: list[str]
    macros: dict[str, str] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    types: dict[str, str] = field(default_factory=dict)
    spans: dict[str, Span] = field(default_factory=dict)
    field_spans: dict[tuple[str, str], Span] = field(default_factory=dict)
    raw: dict[str, dict[str, str]] = field(default_factory=dict)
    commands: dict[str, Macro] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def span(self, line0: int | None, needle: str | None = None) -> Span:
        """1-based position on 0-based ``line0``, at ``needle`` when found.

        bibtexparser types positions as optional (a block built in code has
        none); a parsed block always has one, so a missing one maps to line 1.
        """
        line0 = line0 or 0
        text = self.lines[line0] if 0 <= line0 < len(self.lines) else ""
        col = 1
        if needle:
            found = re.search(needle, text, re.IGNORECASE)
            col = found.start() + 1 if found else 1
        return Span(self.path, line0 + 1, col)


def parse_bibtex(text: str, path: str = "<string>") -> BibResult:
    """Parse BibTeX text; every problem becomes a diagnostic, none raises."""
    state = _State(path, text.split("\n"))
    text = blank_entry_comments(join_broken_openers(attach_detached_types(text)))
    library = parse_string(text, parse_stack=[])
    if cut_quoted_value(str(f.value) for e in library.entries for f in e.fields) or (
        library.failed_blocks and '"' in text
    ):
        library = parse_string(brace_quoted_values(text), parse_stack=[])
    for block in library.blocks:
        _read_block(state, block)
    return _finish(state)


def _read_block(state: _State, block: model.Block) -> None:
    if isinstance(block, model.String):
        value = _evaluate(state, str(block.value), state.span(block.start_line, "@"))
        state.macros[str(block.key).lower()] = value
    elif isinstance(block, model.Entry):
        _read_entry(state, block)
    elif isinstance(block, model.Preamble):
        text = _evaluate(state, str(block.value), state.span(block.start_line, "@"))
        state.commands.update(read_preamble(text))
    elif isinstance(block, model.DuplicateBlockKeyBlock):
        _duplicate_key(state, block)
    elif isinstance(block, model.DuplicateFieldKeyBlock):
        _duplicate_field(state, block)
    elif isinstance(block, model.ParsingFailedBlock):
        _failed(state, block)
    elif isinstance(block, model.ImplicitComment) and block.comment.lstrip().startswith("@"):
        state.diagnostics.append(
            warning(
                "bib-syntax",
                "text starting with @ was not read as an entry or @string "
                "(expected @type{key, ...} or @type(key, ...))",
                state.span(block.start_line, "@"),
            )
        )


def _read_entry(state: _State, entry: model.Entry, *, keep_first: bool = False) -> None:
    key = str(entry.key)
    state.order.append(key)
    state.types[key] = str(entry.entry_type).lower()
    state.spans[key] = state.span(entry.start_line, "@")
    fields: dict[str, str] = {}
    repeated: list[str] = []
    for item in entry.fields:
        name = str(item.key).lower()
        span = state.span(item.start_line, rf"\b{re.escape(str(item.key))}\s*=")
        if name in fields:
            # The same field in another case (title, Title) is the same field: the first
            # is used, as for an exact repeat (bibtexparser reports only those).
            if not keep_first:
                repeated.append(str(item.key))
            continue
        state.field_spans[(key, name)] = span
        fields[name] = _evaluate(state, str(item.value), span)
    state.raw[key] = fields
    if repeated:
        names = ", ".join(sorted({n.lower() for n in repeated}))
        state.diagnostics.append(
            warning("bib-duplicate-field", f"{key}: field(s) {names} given twice; the first is "
                    "used", state.span(entry.start_line, "@"))
        )


def _evaluate(state: _State, expression: str, span: Span) -> str:
    value = evaluate(expression, state.macros)
    if value.too_long:
        state.diagnostics.append(error(
            "bib-value-too-long", f"value longer than {MAX_VALUE // (1 << 20)} MiB (@string "
            "concatenations?); cut there", span))
    for name in value.undefined:
        state.diagnostics.append(
            warning("bib-undefined-string", f"@string {name!r} is not defined; kept as text", span)
        )
    return value.text


def _duplicate_key(state: _State, block: model.DuplicateBlockKeyBlock) -> None:
    key = str(block.key)
    first = state.spans.get(key)
    message = f"duplicate key {key!r}" + (f" (first defined at line {first.line})" if first else "")
    # A warning, as biber gives: the first entry is kept and every command goes on.
    state.diagnostics.append(
        warning(
            "bib-duplicate-key",
            message + "; this entry is ignored and the first one kept",
            state.span(block.start_line, "@"),
        )
    )


def _duplicate_field(state: _State, block: model.DuplicateFieldKeyBlock) -> None:
    entry = block.ignore_error_block
    if not isinstance(entry, model.Entry):
        return
    names = ", ".join(sorted(block._duplicate_keys))
    state.diagnostics.append(
        warning(
            "bib-duplicate-field",
            f"{entry.key}: field(s) {names} given twice; the first is used",
            state.span(block.start_line, "@"),
        )
    )
    _read_entry(state, entry, keep_first=True)


def _failed(state: _State, block: model.ParsingFailedBlock) -> None:
    reason = getattr(block.error, "abort_reason", "") or str(block.error) or "syntax error"
    reason = " ".join(str(reason).replace("`", "'").split())
    head = (block.raw or "").split("{", 1)[0].strip() or "@"
    state.diagnostics.append(
        error(
            "bib-syntax",
            f"cannot read this {head} entry ({reason}); it is skipped",
            state.span(block.start_line, "@"),
        )
    )


def _finish(state: _State) -> BibResult:
    merged, missing = resolve_all(state.types, state.raw)
    for problem in missing:
        span = state.field_spans.get((problem.key, problem.field), state.spans[problem.key])
        if problem.reason == "cycle":
            found = error("bib-crossref-cycle", f"{problem.key}: {problem.field} target "
                          f"{problem.target!r} leads back to {problem.key!r}", span)
        elif problem.reason == "too-deep":
            found = error("bib-crossref-depth", f"{problem.key}: crossref/xdata chain longer "
                          f"than {MAX_CHAIN} entries; {problem.target!r} is not followed", span)
        else:
            found = error("bib-crossref-missing",
                          f"{problem.key}: {problem.field} target {problem.target!r} does not exist",
                          span)
        state.diagnostics.append(found)
    order = [k for k in state.order if state.types[k] not in DATA_ONLY_TYPES]
    pattern = expander(state.commands)
    if pattern is not None:  # the file's own @preamble commands, for its own fields
        for fields in merged.values():
            for name, value in fields.items():
                fields[name] = expand(value, state.commands, pattern)
    entries = {k: RawEntry(state.types[k], merged[k]) for k in order}
    return BibResult(
        state.path,
        order,
        state.spans,
        state.field_spans,
        state.raw,
        entries,
        sorted(state.diagnostics, key=_position),
        sets=_sets(state),
    )


def _sets(state: _State) -> dict[str, tuple[str, ...]]:
    """Each ``@set``'s members (its ``entryset``, comma-separated), as biblatex reads them."""
    sets = {}
    for key in state.order:
        if state.types[key] == "set":
            members = state.raw[key].get("entryset", "").replace("{", "").replace("}", "")
            sets[key] = tuple(m for part in members.split(",") if (m := part.strip()))
    return sets


def _position(diagnostic: Diagnostic) -> tuple[int, int]:
    span = diagnostic.span or Span("")
    return span.line, span.col
