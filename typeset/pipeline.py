"""The one orchestrator: read -> cite -> write -> compile.

Each stage is a function from data to data (readers, ``citations``, writers);
only this module and ``engines/`` touch files (it reads the style sheets the
HTML writer embeds). Which writer and engine a route uses comes from
:data:`typeset.routes.ROUTES`. Every problem becomes a
:class:`Diagnostic`; after each stage, errors are raised together as one
:class:`TypesetError`, always before the engine runs, so a build with bad input
never touches the previous PDF (and the engines replace it atomically).
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from typeset import cache, confine, fonts, page_ibid, rules
from typeset.citations import expand_sets, needed_keys, resolve_citations
from typeset.config import Config, source_date_epoch_problem
from typeset.crossref import kind_of
from typeset.diagnostics import Diagnostic, Span, TypesetError, error, has_errors, warning
from typeset.doc.model import Document
from typeset.engines.base import Engine, EngineResult, WriterOutput, write_atomically
from typeset.house import house_style
from typeset.project import (
    bibliography_refusal,
    default_output,
    load_config,
    locate,
    read_project,
    read_text,
    shown,
    style_source,
)
from typeset.rich import leaves
from typeset.routes import ROUTES, Route

PROJECT_CSS = Path("styles") / "print.css"
Progress = Callable[[str], None]


@dataclass
class BuildResult:
    """What a successful build made: the PDF, warnings, stage timings (seconds), and
    the page (1-based) each note was printed on."""

    output: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    intermediate: Path | None = None
    note_pages: dict[int, int] = field(default_factory=dict)


class _Stages:
    """Times stages, reports one progress line each, and raises on collected errors."""

    def __init__(self, progress: Progress | None, strict: bool = False) -> None:
        self.progress = progress
        self.strict = strict
        self.timings: dict[str, float] = {}
        self.diagnostics: list[Diagnostic] = []
        self._start = 0.0

    def begin(self) -> None:
        self._start = time.perf_counter()

    def end(self, stage: str, detail: str, found: list[Diagnostic]) -> None:
        elapsed = time.perf_counter() - self._start
        self.timings[stage] = elapsed
        self.diagnostics += found
        if has_errors(self.diagnostics) or (self.strict and self.diagnostics):
            raise TypesetError(self.diagnostics)
        if self.progress is not None:
            self.progress(f"{stage:<8} {elapsed:6.2f} s  {detail}")


def build(
    project_dir: Path,
    *,
    route: str = "html",
    output: Path | None = None,
    style: str | None = None,
    keep_intermediate: bool = False,
    progress: Progress | None = None,
    engine: Engine | None = None,
    allow_read: Iterable[Path] = (),
    strict: bool = False,
    extra_css: Sequence[str] = (),
) -> BuildResult:
    """Build PROJECT_DIR's manuscript into a PDF; raises TypesetError with every problem.

    ``engine`` replaces the route's real engine (tests use a fake one). Every file read
    resolves inside PROJECT_DIR or a folder of ``allow_read`` (:mod:`typeset.confine`);
    a ``style`` given here that names a file is allowed too. An undefined citation
    key is a warning (the key prints in bold) unless ``strict``, which makes it an
    error, as ``check`` reports it, and every warning fatal. ``extra_css`` comes after
    the project's style sheet in the HTML route (``folio issue``: page numbers, heads).
    """
    try:
        return _cached_build(project_dir, route, output, style, keep_intermediate, progress,
                             engine, allow_read, strict, extra_css)
    finally:  # an engine process the CLI started early and no build took (engines/weasyprint.py)
        started = sys.modules.get("typeset.engines.weasyprint")
        if started is not None:
            started.discard_spare()


def _cached_build(project_dir: Path, route: str, output: Path | None, style: str | None,
                  keep_intermediate: bool, progress: Progress | None, engine: Engine | None,
                  allow_read: Iterable[Path], strict: bool, extra_css: Sequence[str]
                  ) -> BuildResult:
    folder, single = locate(project_dir)
    # a single Markdown file's build is not cached (its folder may hold other projects)
    key = None if engine is not None or single is not None else cache.key_for(
        folder, route=route, output=output, style=style,
        keep_intermediate=keep_intermediate, strict=strict, allow_read=allow_read,
        extra=extra_css)
    hit = cache.fresh(folder, key)
    if hit is not None:  # nothing changed since the last build (typeset/cache.py)
        if progress is not None:
            progress(f"{cache.UP_TO_DATE:<16} {shown(hit.output)}")
        return BuildResult(hit.output, hit.diagnostics, {}, hit.intermediate, hit.note_pages)
    with confine.confined(folder, allow_read, confine.given_files(style)) as policy, \
            cache.recording(folder, key):
        result = _build(Path(project_dir), route, output, style, keep_intermediate, progress,
                        engine, strict, tuple(extra_css))
        cache.record(policy.read_files, result.output, result.intermediate,
                     result.diagnostics, result.note_pages)
    return result


def _build(project_dir: Path, route: str, output: Path | None, style: str | None,
           keep_intermediate: bool, progress: Progress | None, engine: Engine | None,
           strict: bool = False, extra_css: tuple[str, ...] = ()) -> BuildResult:
    if route not in ROUTES:
        names = " or ".join(ROUTES)
        raise TypesetError(error("bad-route", f"unknown route {route!r} (use {names})"))
    chosen = ROUTES[route]
    epoch_problem = source_date_epoch_problem()
    if epoch_problem is not None:
        raise TypesetError(epoch_problem)
    engine = engine or chosen.engine()
    start, stop = getattr(engine, "start", None), getattr(engine, "stop", None)
    if callable(start):
        start()  # WeasyPrint's import in its own process while we read (engines/weasyprint.py)
    try:
        with _GCPause() as pause:
            return _stages(project_dir, chosen, output, style, keep_intermediate, progress,
                           engine, strict, extra_css, pause)
    finally:
        if callable(stop):
            stop()


class _GCPause:
    """Python's cycle collector paused from the read to the engine: reading builds a
    document of a million small, long-lived objects (at 20x the sample), and the
    collections their creation triggers cost 0.4 s of a 1.5 s read and find almost
    nothing (6 MB more at the peak). ``resume`` turns it back on before the engine runs;
    leaving the block does too, on any exit."""

    def __enter__(self) -> _GCPause:
        self.was = gc.isenabled()
        gc.disable()
        return self

    def resume(self) -> None:
        if self.was:
            gc.enable()

    def __exit__(self, *_: object) -> None:
        self.resume()


def _stages(project_dir: Path, chosen: Route, output: Path | None, style: str | None,
            keep_intermediate: bool, progress: Progress | None, engine: Engine,
            strict: bool, extra_css: tuple[str, ...], pause: _GCPause) -> BuildResult:
    stages = _Stages(progress, strict)
    stages.begin()
    reused = cache.cited()  # the read and cite stages, when their inputs are unchanged
    settle = reused is not None and _settles(reused[0], reused[2])
    if settle and reused is not None and reused[1] is None:
        reused = None  # kept without the document as read, which a second pass re-cites
    if reused is None:
        config, doc, references = _read(project_dir, style, stages)
        project_dir = config.project_dir  # a single Markdown file's folder
        cache.seen(config, doc)
        stages.begin()
        read_doc = doc
        doc, may_ibid = _cite(project_dir, config, doc, references, stages, strict=strict)
        settle = may_ibid and _settles(config, doc)
        keep = cache.cite_keeper(config, read_doc if settle else None, doc, references,
                                 stages.diagnostics)
    else:
        keep = _nothing
        config, read_doc, doc, references, found = reused
        project_dir = config.project_dir
        stages.end("cite", "read and cited before (unchanged)", found)
    target = Path(output) if output is not None else default_output(project_dir, config)
    from typeset.writers import math_cache  # the HTML route's formulas, kept between builds

    math_cache.use(project_dir / "build" / ".cache" / "math")
    stages.begin()
    source = _write(chosen, doc, project_dir, extra_css)
    glyphs = fonts.missing_glyphs(doc)  # characters no font of the house chain has
    found = output_problems(target, project_dir, explicit=output is not None) or _make_folder(target)
    intermediate = None
    if keep_intermediate and not found:
        intermediate, found = _keep(source.source, target.with_suffix(chosen.suffix))
    stages.end("write", f"{len(source.source) // 1024} KiB of {chosen.source_name}",
               [*glyphs, *found])
    stages.begin()
    workdir = chosen.workdir(project_dir, target)
    submit = getattr(engine, "submit", None)
    pending: Callable[[], EngineResult] = submit(source, workdir, target) if callable(submit) \
        else (lambda: engine.compile(source, workdir, target))
    keep()  # the cited document for the next build, while an engine process typesets
    if not settle:  # no second pass: the engine runs without the document (peak memory)
        del doc, read_doc, references, reused, keep
    pause.resume()
    compiled = pending()
    if glyphs:  # each character once, at its place, not again as the engine saw it
        compiled = EngineResult(fonts.unreported(compiled.diagnostics, glyphs),
                                compiled.note_pages)
    stages.end("compile", f"{shown(target)} ({engine.name})", compiled.diagnostics)

    def recompile(no_ibid: frozenset[int]) -> tuple[Document, EngineResult]:
        again, _ = _cite(project_dir, config, read_doc, references, None, no_ibid)
        source = _write(chosen, again, project_dir, extra_css)
        if intermediate is not None:
            intermediate.write_text(source.source, encoding="utf-8")
        return again, engine.compile(source, chosen.workdir(project_dir, target), target)

    if settle:
        compiled = settle_ibid(doc, compiled, recompile, stages)
    return BuildResult(target, stages.diagnostics, stages.timings, intermediate,
                       compiled.note_pages)


def _nothing() -> None:
    return None


def _settles(config: Config, doc: Document) -> bool:
    """Whether a page-aware Ibid. pass may follow the first engine pass (it re-cites the
    document as read; without one, the rebuild cache keeps only the cited document)."""
    return config.page_aware_ibid and bool(page_ibid.ibid_notes(doc))


# --- page-aware Ibid. (typeset/page_ibid.py) -------------------------------------------

Recompile = Callable[[frozenset[int]], tuple[Document, EngineResult]]


def settle_ibid(doc: Document, compiled: EngineResult, recompile: Recompile,
                stages: _Stages) -> EngineResult:
    """Re-cite and recompile until no note opens a page with "Ibid." (at most
    ``page_ibid.MAX_PASSES`` engine passes in all); a note once given its short form
    keeps it, so the set only grows and the loop ends. Without an Ibid. in the notes
    (most styles) there is nothing to do and no progress line."""
    if not page_ibid.ibid_notes(doc):
        return compiled
    stages.begin()
    no_ibid: frozenset[int] = frozenset()
    passes = 1
    while True:
        wanted = page_ibid.next_no_ibid(doc, compiled.note_pages, no_ibid)
        if wanted == no_ibid:
            break
        if passes == page_ibid.MAX_PASSES:
            left = ", ".join(str(n) for n in sorted(wanted - no_ibid))
            stages.end("ibid", f"{passes} passes", [warning(
                "ibid-unsettled", f"after {passes} passes, Ibid. still opens a page in note(s) "
                f"{left}")])
            return compiled
        no_ibid, passes = wanted, passes + 1
        doc, compiled = recompile(no_ibid)
        if has_errors(compiled.diagnostics):
            stages.end("ibid", f"pass {passes}", compiled.diagnostics)
    shortened = ", ".join(str(n) for n in sorted(no_ibid)) or "none"
    stages.end("ibid", f"{passes} pass{'es' if passes > 1 else ''}; short form instead of "
               f"Ibid. atop a page: {shortened}", [])
    return compiled


# --- stages ---------------------------------------------------------------------


def _read(project_dir: Path, style: str | None, stages: _Stages) -> tuple[Config, Document, Any]:
    overrides = {"style": confine.given_style(style)} if style else {}
    config, found = load_config(project_dir, overrides)
    doc, more = read_project(project_dir, config)
    found += more
    references, more = _references(config, doc)
    found += more
    doc = expand_sets(doc, references)  # a cite of a biblatex @set cites its members
    count = len(getattr(references, "order", ())) if references is not None else 0
    stages.end("read", f"{len(doc.sections)} sections, {count} references", found)
    return config, doc, references


def _references(config: Config, doc: Document) -> tuple[Any, list[Diagnostic]]:
    """The reference list; a missing file is an error only when something needs it."""
    from typeset.library import project_library

    refused = bibliography_refusal(config)
    if refused is not None:
        return [], [refused]
    missing = rules.bib_missing(config, doc, kind_of)
    if missing is not None:
        return [], [missing]
    result = _library(config, project_library)
    return result, list(result.diagnostics)


def _library(config: Config, load: Callable[[Config], Any]) -> Any:
    """``load(config)``, from the rebuild cache when every bibliography file holds what it
    held (by content) and the inline ``references:`` are the same: a word edit of a book
    with a 2,000-entry .bib parses none of it again. The cache keeps the collection as
    loaded, before the citations pass decodes (and reports on) the entries it cites."""
    import hashlib
    import pickle

    files: list[tuple[str, str | None]] = []
    for path in config.bibliographies:
        file = Path(path)
        if not file.exists():
            files.append((str(path), None))
            continue
        try:
            files.append((str(path), hashlib.sha256(confine.read_bytes(file, "bib")).hexdigest()))
        except OSError:
            return load(config)  # load reports it
    span = config.spans.get("references")
    digest = "library-" + cache.digest_of((files, config.references,
                                           str(span.path) if span else ""))
    kept = cache.remembered(digest)
    if isinstance(kept, bytes):
        try:
            return pickle.loads(kept)  # signed by this user: written by us
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError,
                ImportError):
            pass
    result = load(config)
    with contextlib.suppress(pickle.PicklingError, TypeError, AttributeError, RecursionError):
        cache.remember(digest, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    return result


def _cite(project_dir: Path, config: Config, doc: Document, references: Any,
          stages: _Stages | None, no_ibid: frozenset[int] = frozenset(),
          strict: bool = False) -> tuple[Document, bool]:
    """The cited document, and whether any rendering holds the ibid term (if none does,
    no note says Ibid.); ``stages`` None for a page-aware Ibid. pass (no progress line,
    and the diagnostics were reported by the first pass)."""
    keys = needed_keys(doc, config.nocite, references)
    items = _items(references, keys)
    processor = _processor(project_dir, config, items)
    doc, found = resolve_citations(doc, processor, references, config, no_ibid,
                                   draft=not strict, cited=keys)
    may_ibid = processor.says_ibid()
    if stages is None:
        return doc, may_ibid
    late = [d for d in getattr(references, "diagnostics", []) if d not in stages.diagnostics]
    kind = "notes" if processor.is_note_style else "in-text"
    stages.end("cite", f"{len(keys)} works, {kind} style {config.style}", found + late)
    return doc, may_ibid


def _items(references: Any, keys: list[str]) -> list[dict[str, Any]]:
    if isinstance(references, list):
        wanted = set(keys)
        return [i for i in references if i.get("id") in wanted]
    items = (references.item(k) for k in keys if k in references)
    return [i for i in items if i is not None]


def _processor(project_dir: Path, config: Config, items: list[dict[str, Any]]) -> Any:
    try:  # a style file outside the project, or unreadable: placed at the metadata's line
        path, content = style_source(project_dir, config.style)
    except TypesetError as exc:
        raise TypesetError(rules.style_problems(config, exc.diagnostics)) from None
    return _Renderer(path, content if content is not None else path, items, config)


class _Renderer:
    """The CSL processor as the citations pass uses it (``is_note_style``,
    ``bibliography_options``, ``render_document``), made only when a rendering is not
    in the rebuild cache: a rendering is a function of the style (a file's content, a
    collection style's name: the collection's version is in the cache key), the locale,
    the cited works' CSL-JSON and what the pass hands ``render_document`` (every
    cluster's cites with their locators, labels, prefixes, suffixes and flags, its note
    number and ``ibid``, in order; the author-only requests; the bibliography's ids), so
    an edit that leaves all of these equal (prose, a hand-written note's text) reuses
    the previous build's clusters and bibliography instead of running the CSL engine."""

    def __init__(self, path: str, style: bytes | str, items: list[dict[str, Any]],
                 config: Config) -> None:
        self.path, self.items, self.config = path, items, config
        self.base = cache.digest_of((style, config.lang, items))
        self.real: Any = None
        self.rendered: Any = None
        facts = cache.remembered("csl-style-" + self.base)
        if not isinstance(facts, tuple):
            real = self.processor()
            facts = (bool(real.is_note_style), dict(real.bibliography_options))
            cache.remember("csl-style-" + self.base, facts)
        self.is_note_style: bool = facts[0]
        self.bibliography_options: dict[str, Any] = facts[1]

    def processor(self) -> Any:
        if self.real is None:
            from typeset.csl import Processor

            try:
                self.real = Processor(self.path, self.items, locale=self.config.lang)
            except TypesetError as exc:
                raise TypesetError(rules.style_problems(self.config, exc.diagnostics)) from None
        return self.real

    def render_document(self, clusters: Sequence[Any], authors: Sequence[Any],
                        ids: Sequence[str]) -> Any:
        digest = "csl-render-" + cache.digest_of((self.base, clusters, authors, ids))
        rendered = cache.remembered(digest)
        if rendered is None:
            rendered = self.processor().render_document(clusters, authors, ids)
            cache.remember(digest, rendered)
        self.rendered = rendered
        return rendered

    def says_ibid(self) -> bool:
        """Whether a cluster or a narrative citation's names rendered the ibid term: the
        only source of a note's ibid tag (page_ibid.ibid_notes then needs no walk)."""
        if self.rendered is None:
            return True  # not known: let ibid_notes look
        return any(leaf.tag is not None and leaf.tag.variable == page_ibid.IBID_TERM
                   for rich in (*self.rendered.clusters, *self.rendered.authors)
                   for leaf in leaves(rich))


def _write(route: Route, doc: Document, project_dir: Path,
           extra_css: tuple[str, ...] = ()) -> WriterOutput:
    sheets = [*stylesheets(project_dir), *extra_css] if route.stylesheets else []
    return route.writer(doc, house_style(doc.meta), sheets)


def stylesheets(project_dir: Path) -> list[str]:
    """The packaged house style, then PROJECT/styles/print.css when the project has one."""
    sheets = [resources.files("typeset").joinpath("data/print.css").read_text(encoding="utf-8")]
    override = project_dir / PROJECT_CSS
    if override.is_file() or override.is_symlink():
        text, found = read_text(override, "css")
        if text is None:
            raise TypesetError(found)
        sheets.append(text)
    return sheets


def output_problems(target: Path, project_dir: Path, *, explicit: bool) -> list[Diagnostic]:
    """An output inside the project must stay inside it, symlinks followed: a ``build/``
    that is a symlink out of the project is refused. An output the command line named
    outside the project (``-o ~/out.pdf``) is the caller's choice."""
    if confine.is_input(target):
        return [error("pdf-write", f"refusing to write {target}: it is one of the build's own "
                      "input files; choose another output", Span(str(target)))]
    root = project_dir.resolve()
    lexical = Path(os.path.abspath(target))
    if explicit and not (lexical.is_relative_to(os.path.abspath(project_dir))
                         or lexical.is_relative_to(root)):
        return []
    real = target.parent.resolve() / target.name
    if real.is_relative_to(root):
        return []
    message = (f"refusing to write {target}: its folder resolves to {real.parent}, outside the "
               "project folder (a symlink?)")
    return [error("pdf-write", message, Span(str(target)))]


def _make_folder(target: Path) -> list[Diagnostic]:
    """Create the output's folder, or say why not (a file in the way, no permission)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        where = exc.filename or target.parent
        reason = ("part of that path is a file, not a folder"
                  if isinstance(exc, FileExistsError | NotADirectoryError) else exc.strerror or exc)
        message = f"cannot create the output folder {where}: {reason}"
        return [error("pdf-write", message, Span(str(target)))]
    return []


def _keep(source: str, path: Path) -> tuple[Path | None, list[Diagnostic]]:
    try:
        write_atomically(path, lambda temp: temp.write_text(source, encoding="utf-8"))
    except OSError as exc:
        message = f"cannot write the intermediate file: {exc.strerror or exc}"
        return None, [error("pdf-write", message, Span(str(path)))]
    return path, []
