"""A journal issue: several article projects built into per-article PDFs with continuous
page numbers, a table of contents with page ranges, and optionally one merged PDF.

The issue file (YAML) lists the articles in order with the issue's metadata::

    journal: Journal of Cold War Studies
    volume: 12
    number: 2
    year: 2026
    first-page: 145            # the issue's first page (default 1)
    merge: true                # also write one PDF of the whole issue (default true)
    articles:
      - litvinov               # a project folder, relative to the issue file
      - path: kennan
        first-page: 201        # this article starts here; default: continue

Each article is an ordinary project built through :func:`typeset.pipeline.build` (HTML
route) in its own process (``jobs`` at a time), with a style sheet added after its own:
``@page :first { counter-reset: page N }`` starts its page numbers where the previous
article ended, and the first page carries the issue's line ("Journal 12, no. 2 (2026)"),
the left-hand pages the journal's name. Page numbers do not change the layout (they are
in the margin boxes), so an article's length is known from any build of it: the first
pass starts each article where the page counts of the previous run of this issue (kept
in ``build/issue-pages.json`` beside the issue file) put it, and only the articles whose
start then turns out wrong are built again, in parallel again (through the rebuild
cache, which reuses their read and cited documents). A failing article fails the issue
with its diagnostics; the other articles' PDFs are still written, but no merged PDF.

Speed (issue 16): with ``jobs`` 1 the articles build in order, each starting where the
previous one really ended, so one pass is always enough. With more, the workers come
from a forkserver that has imported the pipeline, the writer and WeasyPrint once
(``_PRELOAD``), so a worker starts in milliseconds instead of paying the imports again,
and the forkserver is stopped (and so reaped, with its workers' CPU time) at the end.
:class:`Timing` records the wall time of the article builds against the whole, which
``folio issue`` prints as the serial fraction (Amdahl: at most ``1 / (s + (1 - s) / n)``
faster on ``n`` cores).
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from typeset.diagnostics import Diagnostic, Severity, Span, TypesetError, error
from typeset.project import load_config, shown, slug

PAGES_FILE = "issue-pages.json"
# what a worker imports to build an article on the HTML route: loaded once, in the forkserver
_PRELOAD = ("typeset.pipeline", "typeset.csl", "typeset.writers.html",
            "typeset.engines.weasyprint", "weasyprint", "pypdf")


@dataclass
class Timing:
    """Where an issue's build spent its wall time (seconds)."""

    articles: float = 0.0  # in the passes that build articles (parallel with jobs > 1)
    builds: float = 0.0  # the sum of the article builds' own wall times
    passes: int = 0


@dataclass(frozen=True)
class Article:
    project: Path
    first_page: int | None = None  # None: continue after the previous article


@dataclass(frozen=True)
class Issue:
    path: Path
    journal: str
    volume: str
    number: str
    year: str
    first_page: int
    merge: bool
    articles: tuple[Article, ...]

    @property
    def line(self) -> str:
        """The issue as a running head shows it: "Journal 12, no. 2 (2026)"."""
        text = self.journal
        if self.volume:
            text += f" {self.volume}"
        if self.number:
            text += f", no. {self.number}"
        if self.year:
            text += f" ({self.year})"
        return text

    @property
    def folder(self) -> Path:
        return self.path.parent / "build"


@dataclass
class Built:
    """One article's outcome: its PDF and page count, or its problems."""

    index: int
    title: str
    authors: tuple[str, ...]
    output: Path
    start: int
    pages: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    failed: bool = False
    seconds: float = 0.0  # the build's wall time in its worker


def _int(value: Any, what: str, span: Span) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit() \
            or int(value) < 1:
        raise TypesetError(error("issue", f"{what} must be a page number (1 or more), not "
                                 f"{value!r}", span))
    return int(value)


def load_issue(path: Path) -> Issue:
    """The issue file; a problem is a TypesetError at the file (and line, for YAML)."""
    where = Span(str(path))
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise TypesetError(error("issue", f"cannot read the issue file: {exc.strerror}",
                                 where)) from None
    except UnicodeDecodeError:
        raise TypesetError(error("issue", "the issue file is not UTF-8", where)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        span = Span(str(path), mark.line + 1, mark.column + 1) if mark else where
        raise TypesetError(error("issue", f"invalid YAML: {getattr(exc, 'problem', exc)}",
                                 span)) from None
    if not isinstance(data, dict):
        raise TypesetError(error("issue", "the issue file must be a mapping with 'articles'",
                                 where))
    known = {"journal", "volume", "number", "year", "first-page", "merge", "articles"}
    unknown = sorted(set(map(str, data)) - known)
    if unknown:
        raise TypesetError(error("issue", f"unknown key(s) {', '.join(unknown)} (known: "
                                 f"{', '.join(sorted(known))})", where))
    raw = data.get("articles")
    if not isinstance(raw, list) or not raw:
        raise TypesetError(error("issue", "'articles' must list the article project folders",
                                 where))
    articles = []
    for n, entry in enumerate(raw, 1):
        entry = {"path": entry} if isinstance(entry, str) else entry
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            raise TypesetError(error("issue", f"article {n}: give a folder, or a mapping with "
                                     "'path'", where))
        first = entry.get("first-page", "continue")
        folder = (Path(path).parent / entry["path"])
        if not (folder / "manuscript").is_dir():
            raise TypesetError(error("issue", f"article {n}: {entry['path']} is not a project "
                                     "folder (no manuscript/ in it)", where))
        articles.append(Article(folder, None if first == "continue"
                                else _int(first, f"article {n}: first-page", where)))
    return Issue(Path(path), str(data.get("journal") or ""), str(data.get("volume") or ""),
                 str(data.get("number") or ""), str(data.get("year") or ""),
                 _int(data.get("first-page", 1), "first-page", where),
                 bool(data.get("merge", True)), tuple(articles))


def _css_string(text: str) -> str:
    """A CSS string of ``text``; everything but letters, digits and plain punctuation is a
    hex escape, so nothing can close the string or the HTML ``<style>`` it is written in."""
    escaped = "".join(c if c.isalnum() or c in " .,;:()-?!'–—" else f"\\{ord(c):x} "
                      for c in text)
    return f'"{escaped}"'


def issue_css(issue: Issue, start: int) -> str:
    """The style sheet added to an article: its first page number and the issue's heads."""
    line = _css_string(issue.line)
    journal = _css_string(issue.journal or issue.line)
    return (f"@page :first {{ counter-reset: page {start}; "
            f"@top-center {{ content: {line}; font-style: italic; "
            "font-variant-caps: normal; } }\n"
            f"@page :left {{ @top-center {{ content: {journal}; font-style: italic; }} }}\n")


def _build_one(args: tuple[int, str, str, int, str, tuple[str, ...]]) -> Built:
    """One article in a worker process (module level: it is pickled by name)."""
    began = time.perf_counter()
    built = _build(args)
    built.seconds = time.perf_counter() - began
    return built


def _build(args: tuple[int, str, str, int, str, tuple[str, ...]]) -> Built:
    index, project, output, start, css, allow = args
    from typeset.pipeline import build

    folder = Path(project)
    title = folder.name
    authors: tuple[str, ...] = ()
    try:
        config, _ = load_config(folder)
        title, authors = config.title or folder.name, tuple(config.authors)
    except TypesetError:
        pass
    built = Built(index, title, authors, Path(output), start)
    try:
        result = build(folder, output=Path(output), extra_css=[css],
                       allow_read=[Path(a) for a in allow])
    except TypesetError as exc:
        built.diagnostics, built.failed = list(exc.diagnostics), True
        return built
    except OSError as exc:
        built.diagnostics = [error("io", f"{exc.strerror or exc}", Span(str(exc.filename or
                                                                             project)))]
        built.failed = True
        return built
    built.diagnostics = result.diagnostics
    built.pages = page_count(result.output)
    return built


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def _starts(issue: Issue, counts: Sequence[int]) -> list[int]:
    starts, page = [], issue.first_page
    for article, count in zip(issue.articles, counts, strict=True):
        page = article.first_page or page
        starts.append(page)
        page += max(count, 1)
    return starts


def _outputs(issue: Issue) -> list[Path]:
    return [issue.folder / "issue" / f"{n:02d}-{slug(a.project.resolve().name)}.pdf"
            for n, a in enumerate(issue.articles, 1)]


def _saved_counts(issue: Issue) -> list[int]:
    try:
        saved = json.loads((issue.folder / PAGES_FILE).read_text(encoding="utf-8"))
        counts = [int(saved.get(str(a.project.resolve()), 0)) for a in issue.articles]
    except (OSError, ValueError, AttributeError, TypeError):
        counts = [0] * len(issue.articles)
    return counts


def build_issue(issue: Issue, *, jobs: int | None = None, allow_read: Iterable[Path] = (),
                progress: Callable[[str], None] | None = None,
                timing: Timing | None = None) -> list[Built]:
    """Build every article (see the module docstring); the outcomes in issue order."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    timing = timing if timing is not None else Timing()
    outputs = _outputs(issue)
    outputs[0].parent.mkdir(parents=True, exist_ok=True)
    allow = tuple(str(Path(a).resolve()) for a in allow_read)
    counts = _saved_counts(issue)
    results: dict[int, Built] = {}

    def task(i: int) -> tuple[int, str, str, int, str, tuple[str, ...]]:
        start = _starts(issue, counts)[i]
        return (i, str(issue.articles[i].project), str(outputs[i]), start,
                issue_css(issue, start), allow)

    def settle(built: Built) -> None:
        results[built.index] = built
        timing.builds += built.seconds
        if progress is not None:
            state = "FAILED" if built.failed else \
                f"pp. {built.start}-{built.start + built.pages - 1}"
            progress(f"article {built.index + 1:<3} {state:<14} {shown(built.output)}")
        if not built.failed:
            counts[built.index] = built.pages

    began = time.perf_counter()
    if jobs == 1 or len(issue.articles) == 1:
        # in order: each article's start is known from the ones before it, one pass
        timing.passes = 1
        for i in range(len(issue.articles)):
            settle(_build_one(task(i)))
    else:
        wanted = list(range(len(issue.articles)))
        for _ in range(len(issue.articles) + 1):  # each pass settles at least one more
            timing.passes += 1
            for built in _run([task(i) for i in wanted], jobs):
                settle(built)
            starts = _starts(issue, counts)
            wanted = [i for i, b in results.items() if not b.failed and b.start != starts[i]]
            if not wanted:
                break
        _stop_forkserver()
    timing.articles = time.perf_counter() - began
    _save_counts(issue, counts)
    return [results[i] for i in range(len(issue.articles))]


def _quiet_worker() -> None:
    """Workers leave Ctrl-C to the parent, which stops them (no traceback per worker)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run(tasks: list[tuple[int, str, str, int, str, tuple[str, ...]]], jobs: int) -> list[Built]:
    if len(tasks) == 1:
        return [_build_one(tasks[0])]
    # forkserver: workers are not forked from this process, whose threads (the executor's
    # own) could leave a lock held in the copy
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(_PRELOAD))
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), initializer=_quiet_worker,
                               mp_context=context)
    try:
        return list(pool.map(_build_one, tasks))
    except BaseException:  # Ctrl-C, SIGTERM: no article goes on building
        pool.shutdown(wait=False, cancel_futures=True)
        for child in multiprocessing.active_children():
            child.terminate()
        raise
    finally:
        pool.shutdown(wait=True)


def _stop_forkserver() -> None:
    """Stop and reap the forkserver (it would outlive this process's build otherwise, and
    its workers' CPU time would be nobody's); a no-op where the module has no such hook."""
    from multiprocessing import forkserver

    stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)
    if callable(stop):
        with contextlib.suppress(OSError, ChildProcessError):
            stop()


def _save_counts(issue: Issue, counts: Sequence[int]) -> None:
    data = {str(a.project.resolve()): c for a, c in zip(issue.articles, counts, strict=True)}
    with contextlib.suppress(OSError):  # only a hint for the next run
        (issue.folder / PAGES_FILE).write_text(json.dumps(data, indent=1), encoding="utf-8")


def contents(issue: Issue, built: Sequence[Built]) -> str:
    """The table of contents as text: one line per article, with its page range."""
    lines = [issue.line, ""]
    for b in built:
        pages = f"{b.start}–{b.start + b.pages - 1}" if b.pages else "?"
        byline = f" — {', '.join(b.authors)}" if b.authors else ""
        lines.append(f"{b.title}{byline} ... {pages}")
    return "\n".join(lines) + "\n"


def merge(issue: Issue, built: Sequence[Built], target: Path) -> None:
    """One PDF of the issue: the articles in order, one bookmark each, and page labels
    that continue the printed numbers (written atomically)."""
    from pypdf import PdfWriter
    from pypdf.constants import PageLabelStyle

    from typeset.engines.base import write_atomically

    writer = PdfWriter()
    for b in built:
        first = len(writer.pages)
        writer.append(str(b.output), import_outline=False)
        writer.add_outline_item(title=b.title, page_number=first)
        writer.set_page_label(first, len(writer.pages) - 1, style=PageLabelStyle.DECIMAL,
                              start=b.start)
    if issue.line:
        writer.add_metadata({"/Title": issue.line})

    def save(temp: Path) -> None:
        with open(temp, "wb") as handle:
            writer.write(handle)

    write_atomically(target, save)


def timing_line(timing: Timing, total: float, jobs: int | None) -> str:
    """The progress line on where the time went: the serial fraction is the share of the
    whole spent outside the article builds (reading the issue, the contents, the merge)."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    serial = max(total - timing.articles, 0.0)
    line = (f"time {total:.2f} s: articles {timing.articles:.2f} s in {timing.passes} "
            f"pass(es) (builds {timing.builds:.2f} s in all), serial {serial:.2f} s "
            f"= {serial / total if total else 0.0:.1%}")
    if jobs > 1 and timing.articles:
        line += f", {jobs} jobs busy {timing.builds / (timing.articles * jobs):.0%}"
    return line


def problems(built: Sequence[Built]) -> list[Diagnostic]:
    return [d for b in built for d in b.diagnostics]


def failed(built: Sequence[Built]) -> bool:
    return any(b.failed for b in built) or any(d.severity is Severity.ERROR
                                               for d in problems(built))
