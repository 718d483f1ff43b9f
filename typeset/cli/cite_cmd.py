"""``typeset cite``: format a citation sequence as JSON {"notes": [...], "bibliography": [...]}.

For scripts and for comparison with other processors (DESIGN.md contract 1).
Errors (unknown style, unreadable JSON, unknown id) print ``file:line:col``
messages on stderr and exit 1, never a traceback.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from typeset.cli.common import fail, report
from typeset.diagnostics import Diagnostic, Span, TypesetError, error

if TYPE_CHECKING:
    from typeset.bib import BibResult


def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TypesetError(error("io", f"cannot read file: {exc.strerror}", Span(str(path)))) \
            from None
    from typeset.confine import MAX_JSON_DEPTH, JsonTooDeep, loads_bounded

    try:
        return loads_bounded(text)
    except JsonTooDeep as exc:
        raise TypesetError(error("json", f"JSON nested deeper than {MAX_JSON_DEPTH} levels",
                                 Span(str(path), *exc.position))) from None
    except json.JSONDecodeError as exc:
        raise TypesetError(error("json", f"invalid JSON: {exc.msg}",
                                 Span(str(path), exc.lineno, exc.colno))) from None


def _load(path: Path) -> tuple[list[dict[str, Any]], BibResult | None]:
    """CSL-JSON items, or the .bib read but not yet decoded."""
    if path.suffix.lower() == ".json":
        data = _read_json(path)
        if isinstance(data, dict) and "items" in data:
            data = data["items"]
        if not isinstance(data, list):
            raise TypesetError(error("json", "references must be a JSON array of CSL-JSON items",
                                     Span(str(path), 1, 1)))
        return [d for d in data if isinstance(d, dict)], None
    from typeset.bib import load_references

    return [], load_references(path)


def _cited_ids(notes: list[Any]) -> list[str]:
    """The ids the notes cite, each once, in order of first citation."""
    return list(dict.fromkeys(str(c.get("id")) for n in notes
                              for c in (n.get("cites", []) if isinstance(n, dict) else n)))


def load_cited(references: Path, citations: Path) -> tuple[list[dict[str, Any]], list[Any],
                                                              list[Diagnostic]]:
    """The references the notes cite (a .bib's other entries are never decoded), the
    checked notes, and the problems of the cited entries."""
    refs, result = _load(references)
    known = set(result.order) if result is not None else {str(r.get("id")) for r in refs}
    try:
        notes = _check_notes(_read_json(citations), citations, known)
    except TypesetError as exc:  # the .bib's own errors come first, as in a build
        parse = [d for d in result.parse_diagnostics if d.is_error] if result is not None else []
        raise TypesetError([*parse, *exc.diagnostics]) from None
    cited = _cited_ids(notes)
    if result is not None:
        items = [item for key in cited if (item := result.item(key)) is not None]
        return items, notes, list(result.diagnostics)
    wanted = set(cited)
    return refs, notes, _validate([r for r in refs if str(r.get("id")) in wanted], references)


_NAME_FIELDS = ("author", "editor", "translator", "container-author", "collection-editor",
                "composer", "director", "interviewer", "recipient", "reviewed-author")
_DATE_FIELDS = ("issued", "accessed", "original-date", "event-date", "submitted")
_RANK = {key: rank for rank, key in enumerate((*_NAME_FIELDS, *_DATE_FIELDS))}


def _validate(items: list[dict[str, Any]], path: Path) -> list[Diagnostic]:
    """CSL-JSON names must be lists of objects and dates parseable (bad input gets a positioned message, never a traceback).
    Only cited items are checked: entries never cited are never decoded."""
    from typeset.csl.dates import parse_date

    problems = []
    for item in items:
        present = item.keys() & _RANK  # the few checked fields present, not all fifteen
        for key in sorted(present, key=_RANK.__getitem__) if present else ():
            value = item[key]
            if _RANK[key] < len(_NAME_FIELDS):
                if not (isinstance(value, list) and all(isinstance(n, dict) for n in value)):
                    item_id = str(item.get("id", ""))
                    problems.append(error("bad-name", f"{item_id}: {key} must be a list of "
                                          "name objects", _id_span(path, item_id)))
                continue
            if value in (None, "", {}):
                continue
            date = parse_date(value)
            if date is None or (date.start is None and not date.literal):
                item_id = str(item.get("id", ""))
                problems.append(error("bad-date", f"{item_id}: cannot read {key} date "
                                      f"{json.dumps(value, ensure_ascii=False)}",
                                      _id_span(path, item_id)))
    return problems


def _check_notes(notes: Any, path: Path, known: set[str]) -> list[Any]:
    if not isinstance(notes, list):
        raise TypesetError(error("citations", "CITATIONS.json must be an array of notes",
                                 Span(str(path), 1, 1)))
    problems = []
    after = 0  # ids are searched in document order, so a repeated id gets its own place
    text = _file_text(path)  # read once, not once per cite (640 notes: 16 ms)
    for n, note in enumerate(notes, 1):
        cites = note.get("cites", []) if isinstance(note, dict) else note
        if not isinstance(cites, list):
            problems.append(error("citations", f"note {n} is not an array of cites", Span(str(path))))
            continue
        for cite in cites:
            if not isinstance(cite, dict) or "id" not in cite:
                problems.append(error("citations", f"note {n}: a cite without an id",
                                      Span(str(path))))
                continue
            at, after = _id_offset(text, str(cite["id"]), after)
            if str(cite["id"]) not in known:
                problems.append(error("unknown-id", f"note {n}: unknown reference id "
                                      f"{cite['id']!r}", _offset_span(path, text, at)))
    if problems:
        raise TypesetError(problems)
    return notes


def _id_span(path: Path, item_id: str) -> Span:
    return _id_place(path, item_id)[0]


def _file_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


def _id_place(path: Path, item_id: str, after: int = 0) -> tuple[Span, int]:
    """Where ``"item_id"`` is written at or after offset ``after``, and the offset past it."""
    text = _file_text(path)
    at, after = _id_offset(text, item_id, after)
    return _offset_span(path, text, at), after


def _id_offset(text: str | None, item_id: str, after: int) -> tuple[int, int]:
    """The offset of ``"item_id"`` at or after ``after`` (else anywhere; -1 if nowhere),
    and the offset to search from next. Line and column are only worked out for the
    spans actually reported (:func:`_offset_span`)."""
    if text is None:
        return -1, after
    quoted = json.dumps(item_id)
    at = text.find(quoted, after)
    if at < 0:
        at = text.find(quoted)
    return (at, at + len(quoted)) if at >= 0 else (-1, after)


def _offset_span(path: Path, text: str | None, at: int) -> Span:
    from typeset.diagnostics import offset_to_line_col

    if text is None or at < 0:
        return Span(str(path))
    line, col = offset_to_line_col(text, at)
    return Span(str(path), line, col)


def rich_affixes(notes: list[Any]) -> list[Any]:
    """The notes with each cite's prefix and suffix strings read as mini-markup into rich
    text, as the engine takes them (this JSON boundary is the only place that parses them)."""
    from typeset.csl.markup import parse_affix

    def cite(raw: dict[str, Any]) -> dict[str, Any]:
        out = dict(raw)
        for key in ("prefix", "suffix"):
            value = raw.get(key)
            if value is None:
                out.pop(key, None)
            else:
                out[key] = parse_affix(str(value))
        return out

    return [{**note, "cites": [cite(c) for c in note.get("cites", [])]} if isinstance(note, dict)
            else [cite(c) for c in note] for note in notes]


@contextmanager
def _engine_gc() -> Iterator[None]:
    """While the engine runs, objects already loaded (the compiled style, the
    references) are kept out of the cycle collector's scans and collections of the
    engine's many short-lived tuples run less often (about 8% of the run on 640
    notes). Acyclic garbage is still freed at once by reference counting; the
    previous settings come back afterwards (the command also runs in-process in tests)."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


# From this many cited works on, the bibliography is rendered in a forked second process
# beside the notes (typeset/beside.py): at 5 times the sample (100 works) a fork costs
# about what it saves.
FORK_ENTRIES = 150

_EPILOG = """\b
CITATIONS.json is an array of notes, each an array of cites (only "id" is required):
  [[{"id": "snow1958", "locator": "357", "label": "page", "prefix": "see "}],
   [{"id": "snow1958", "locator": "360"}]]

\b
Examples:
  folio cite --style chicago-notes-bibliography --references bibliography.bib notes.json
  folio cite --style apa --references refs.json --format text --locale de-DE notes.json

Output on stdout: {"notes": [...], "bibliography": [...]}. Exit status: 0 ok,
1 input error (bad JSON, unknown id or style), 2 usage.
"""


@click.command(epilog=_EPILOG, short_help="Format citations from JSON (for scripts, comparisons).",
               context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--style", required=True, help="CSL style: collection name, path or styles/NAME.csl")
@click.option("--references", "references", required=True,
              type=click.Path(dir_okay=False, path_type=Path), help="FILE.bib or FILE.json")
@click.option("--locale", default=None, help="locale such as en-US (default: the style's)")
@click.option("--format", "fmt", type=click.Choice(["html", "text", "latex"]), default="html",
              show_default=True, help="html: citeproc-js's inline markup.")
@click.argument("citations", type=click.Path(dir_okay=False, path_type=Path))
def command(style: str, references: Path, locale: str | None, fmt: str, citations: Path) -> None:
    """Format a citation sequence (JSON array of notes) and print notes and bibliography."""
    from typeset.beside import beside
    from typeset.csl import Processor, render
    from typeset.csl.locale import known_locale

    diagnostics: list[Diagnostic] = []
    try:
        if locale and not known_locale(locale):
            raise TypesetError(error("unknown-locale", f"no CSL locale file for {locale!r}",
                                     Span("--locale")))
        refs, notes, diagnostics = load_cited(references, citations)
        processor = Processor(style, refs, locale=locale or "en-US",
                              search_dirs=[Path.cwd() / "styles"], force_locale=bool(locale))
        with _engine_gc():
            clusters = processor.settle(rich_affixes(notes))
            # the bibliography in a second process while the notes render here (beside.py)
            with beside(lambda: [render(b, fmt)  # type: ignore[arg-type]
                                 for b in processor.bibliography()],
                        worth_it=len(processor.registered) >= FORK_ENTRIES) as entries:
                rendered = processor.render_clusters(clusters)
                bibliography = entries()
    except TypesetError as exc:
        dirs = [Path.cwd() / "styles"]
        bib_errors = [d for d in diagnostics if d.is_error]
        from typeset.style_names import with_suggestions  # only on errors

        fail(bib_errors + [with_suggestions(d, style, dirs) for d in exc.diagnostics])
        return
    errors = [d for d in diagnostics if d.is_error]
    if errors:
        fail(errors)
    # Warnings about the references (a duplicate key: which entry was used) go to stderr;
    # stdout stays the JSON other tools read.
    report(d for d in diagnostics if not d.is_error)
    out = {"notes": [render(r, fmt) for r in rendered],  # type: ignore[arg-type]
           "bibliography": bibliography}
    click.echo(json.dumps(out, ensure_ascii=False, indent=2))
