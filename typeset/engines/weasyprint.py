"""The HTML route's engine: WeasyPrint renders our HTML to the PDF.

Safety: WeasyPrint may read only ``file:`` URLs inside the project folder and
the package's own data folder (``data:`` URLs carry no I/O and are allowed);
anything else, network URLs first of all, is refused and reported as a
warning. Fonts come from fontconfig (the system), not through the fetcher.

Reproducibility: WeasyPrint 70 stamps no date of its own in the PDF; it writes
/CreationDate only from ``<meta name=dcterms.created>``, which the HTML writer
sets from :func:`created_timestamp` (SOURCE_DATE_EPOCH when set), and the
trailer /ID we ask for (``pdf_identifier=True``) is pydyf's MD5 of the content. The embedded font subsets carry a
'head' timestamp that fontTools takes from SOURCE_DATE_EPOCH when it is set (else
the clock). So equal input + equal SOURCE_DATE_EPOCH gives byte-identical PDFs.

PDF/A: ``WriterOutput.pdf_standard`` picks WeasyPrint's ``pdf_variant``
(:data:`PDF_VARIANTS`), which embeds its sRGB IEC 61966-2.1 profile as the
OutputIntent, writes the XMP packet from the same metadata as the Info
dictionary, and sets the Print flag on annotations.

The PDF reaches ``output`` atomically (see :func:`typeset.engines.base.write_atomically`).

Start-up overlap: importing WeasyPrint (cffi's declarations of Pango, fontTools, its CSS
tables) costs about half a second of CPU, which on the sample is as much as reading,
citing and writing together. :meth:`WeasyPrintEngine.start` therefore starts the engine
in a child process (this interpreter, ``-P``, the same environment and working folder)
that imports WeasyPrint while the pipeline reads, cites and writes; :meth:`compile` then
hands it the HTML through a pipe and gets back the note pages and the diagnostics. The
child runs this same module's in-process :meth:`compile`, so the PDF is the same byte for
byte. The child exits when its pipe closes (a build that fails before the engine, or a
parent that dies, leaves nothing running); if it cannot start or dies, the compile runs
in process. Only the first compile of a build uses it (page-aware Ibid.'s later passes
compile in process), and only a process's first build: a process that builds again
(``watch``) imports WeasyPrint at its second build and keeps it warm. While the child
typesets, the pipeline pickles the cited document for the next build (``submit``).
``TYPESET_ENGINE_PROCESS=0`` keeps every compile in process. ``folio build`` starts the
child before Click even parses the command line (:mod:`typeset.engines.weasyprint_process`,
kept free of heavy imports for that), and the child skips the cycle collector and the
interpreter's shutdown (:func:`serve`).
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import os
import pickle
import re
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from typeset.diagnostics import Diagnostic, Span, error, warning
from typeset.engines.base import EngineResult, WriterOutput, write_atomically
from typeset.engines.images import pdf_image_response
from typeset.engines.weasyprint_process import (
    PROCESS_ENV,
    discard_spare,
    end,
    prestart,
    spawn,
    take_spare,
    wanted,
)

__all__ = ["PROCESS_ENV", "WeasyPrintEngine", "discard_spare", "prestart"]

PACKAGE_DATA = Path(__file__).resolve().parents[1] / "data"
# metadata ``pdf-standard`` -> WeasyPrint's pdf_variant (None: a plain PDF)
PDF_VARIANTS: dict[str, str | None] = {
    "a-2b": "pdf/a-2b", "a-3b": "pdf/a-3b", "a-2u": "pdf/a-2u", "none": None,
}


def created_timestamp(environ: dict[str, str] | None = None) -> str:
    """A W3C date-time for dcterms.created: SOURCE_DATE_EPOCH if set, else now (UTC)."""
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    moment = dt.datetime.now(dt.UTC)
    if epoch.isascii() and epoch.isdigit() and len(epoch) <= 12:
        moment = dt.datetime.fromtimestamp(min(int(epoch), 253402300799), dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class RefusedURL(ValueError):
    """A URL outside what the build may read (WeasyPrint logs it and goes on)."""


def _inside(path: Path, roots: Sequence[Path]) -> bool:
    resolved = path.resolve()
    return any(resolved.is_relative_to(root) for root in roots)


def check_url(url: str, roots: Sequence[Path]) -> None:
    """Raise :class:`RefusedURL` unless ``url`` is a data: URL or a file inside ``roots``."""
    parsed = urlparse(url)
    if parsed.scheme == "data":
        return
    if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
        raise RefusedURL(f"refused to fetch {url!r}: only files inside the project are read")
    if not _inside(Path(unquote(parsed.path)), roots):
        raise RefusedURL(f"refused to read {unquote(parsed.path)!r}: it is outside the project folder")


def make_url_fetcher(roots: Sequence[Path]):  # type: ignore[no-untyped-def]
    """A WeasyPrint URLFetcher that reads only inside ``roots`` (resolved folders)."""
    from weasyprint.urls import URLFetcher

    resolved = [Path(r).resolve() for r in roots]

    class ProjectFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers=None):  # type: ignore[no-untyped-def]
            check_url(url, resolved)
            return pdf_image_response(url) or super().fetch(url, headers)

    return ProjectFetcher(allowed_protocols=("file", "data"), allow_redirects=False)


# Messages about the installation, not the document: not worth a warning per build.
_NOISE = ("Using fontTools instead of HarfBuzz-Subset",)


class _Collector(logging.Handler):
    """Turns WeasyPrint's log warnings (refused URLs, bad CSS) into diagnostics."""

    def __init__(self, source: str) -> None:
        super().__init__(logging.WARNING)
        self.source = source
        self.found: list[Diagnostic] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().splitlines()[0] if record.getMessage() else "(no message)"
        if message.startswith(_NOISE):
            return
        found = warning("weasyprint", message, Span(self.source))
        if found not in self.found:
            self.found.append(found)


@contextmanager
def _collect_logs(source: str) -> Iterator[_Collector]:
    logger = logging.getLogger("weasyprint")
    handler = _Collector(source)
    logger.addHandler(handler)
    old_propagate = logger.propagate
    logger.propagate = False  # library code never prints: the CLI reports diagnostics
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate


class WeasyPrintEngine:
    """HTML text -> PDF file; ``workdir`` is the project folder (base URL and fetch root)."""

    name = "weasyprint"

    def __init__(self, extra_roots: Sequence[Path] = ()) -> None:
        self.extra_roots = tuple(extra_roots)
        self._worker: subprocess.Popen[bytes] | None = None

    def start(self, *, always: bool = False) -> None:
        """Start the engine process, which imports WeasyPrint while the caller goes on
        (see the module's docstring), or take the one :func:`prestart` started; a no-op
        where it would not save time (WeasyPrint imported already, or
        ``TYPESET_ENGINE_PROCESS=0``) unless ``always``."""
        if self._worker is not None:
            return
        self._worker = take_spare()
        if self._worker is None and (always or wanted()):
            self._worker = spawn()

    def stop(self) -> None:
        """End the engine process if it is still there: one never asked to compile reads
        end-of-file and exits; one whose answer was not waited for (Ctrl-C, an error in
        between) is killed, so no PDF appears after the build has ended."""
        worker, self._worker = self._worker, None
        if worker is None:
            return
        if worker.stdin is not None and not worker.stdin.closed:
            worker.stdin.close()  # the child reads end-of-file and exits
            with suppress(subprocess.TimeoutExpired):
                worker.wait(timeout=5)
        end(worker)

    def compile(self, source: WriterOutput, workdir: Path, output: Path) -> EngineResult:
        """Render ``source``; errors come back as diagnostics, never raised."""
        return self.submit(source, workdir, output)()

    def submit(self, source: WriterOutput, workdir: Path, output: Path
               ) -> Callable[[], EngineResult]:
        """:meth:`compile` in two steps: with the engine process running, ``source`` goes
        to it now and the returned function waits for its answer (the caller works in
        between); without, the returned function compiles here."""
        worker = self._worker
        # absolute paths: the process may have been started in another working folder
        # (a spare from an earlier build of this process, which changed folder since)
        if worker is None or not _send(worker, (source, tuple(p.absolute() for p in
                                                               self.extra_roots),
                                                Path(workdir).absolute(),
                                                Path(output).absolute())):
            self._worker = None
            return lambda: self._compile(source, workdir, output)

        def answer() -> EngineResult:
            found = _answer(worker)  # (until it returns, stop() would kill the child)
            self._worker = None
            return found if found is not None else self._compile(source, workdir, output)

        return answer

    def _compile(self, source: WriterOutput, workdir: Path, output: Path) -> EngineResult:
        try:
            from weasyprint import HTML
        except ImportError as exc:  # pragma: no cover - a broken installation
            return EngineResult([error("engine-missing", f"WeasyPrint cannot be imported: {exc}")])
        from typeset.engines.weasyprint_notes import install

        install()  # footnote layout linear in the number of notes (see that module)
        roots = [Path(workdir), PACKAGE_DATA, *self.extra_roots]
        fetcher = make_url_fetcher(roots)
        base_url = Path(workdir).resolve().as_uri() + "/"
        with _collect_logs(str(output)) as logs:
            try:
                document = HTML(string=source.source, base_url=base_url, url_fetcher=fetcher).render()
                pages = note_pages(document)
                options = pdf_options(source.pdf_standard)
                write_atomically(output, lambda tmp: document.write_pdf(
                    tmp, finisher=finish_pdf, **options))
            except OSError as exc:
                return EngineResult([*logs.found, error(
                    "pdf-write", f"cannot write the PDF: {exc.strerror or exc}", Span(str(output)))])
            except Exception as exc:  # WeasyPrint failures are not part of its API
                return EngineResult([*logs.found, error(
                    "weasyprint", f"WeasyPrint failed: {exc}", Span(str(output)))])
        return EngineResult(logs.found, pages)


def _send(worker: subprocess.Popen[bytes], request: tuple[Any, ...]) -> bool:
    """Hand one compile to the engine process; False (and the process ended) if it cannot
    take it (then the caller compiles in process)."""
    try:
        if worker.stdin is None:
            raise ValueError("the engine process has no pipe")
        with worker.stdin:
            worker.stdin.write(pickle.dumps(request, pickle.HIGHEST_PROTOCOL))
        return True
    except (OSError, ValueError, pickle.PickleError):
        end(worker)
        return False


def _answer(worker: subprocess.Popen[bytes]) -> EngineResult | None:
    """The engine process's result; None if it failed to answer (the child writes the
    PDF atomically or not at all, so the caller may compile again in process)."""
    try:
        if worker.stdout is None:
            raise ValueError("the engine process has no pipe")
        with worker.stdout:
            answer = worker.stdout.read()
        worker.wait()
        if worker.returncode == 0 and answer:
            result = pickle.loads(answer)  # our own child's answer, over our own pipe
            if isinstance(result, EngineResult):
                return result
    except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError):
        pass
    end(worker)
    return None


def serve() -> None:
    """The engine process: import WeasyPrint, then compile the one request on stdin and
    write the pickled :class:`EngineResult` to stdout (end-of-file first: just exit).

    This process does one render and ends, so it runs without Python's cycle collector
    (whose full collections walk every live box: 6% of the render at 20x the sample, for
    2% more peak memory) and ends with ``os._exit`` once the answer is written: the PDF
    is in place by then, and the interpreter's own shutdown (freeing WeasyPrint's modules
    and the document, about 0.08 s) would only delay the end-of-file the build waits for.
    """
    gc.disable()
    answer = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # nothing WeasyPrint or its libraries print can reach the answer
    _die_with_parent()
    import weasyprint  # noqa: F401  (the point of this process: import while the parent reads)

    from typeset.engines.weasyprint_notes import install

    install()
    request = sys.stdin.buffer.read()
    if not request:
        os._exit(0)
    source, extra_roots, workdir, output = pickle.loads(request)  # from our parent
    result = WeasyPrintEngine(extra_roots)._compile(source, workdir, output)
    answer.write(pickle.dumps(result, pickle.HIGHEST_PROTOCOL))
    answer.close()
    os._exit(0)


def _die_with_parent() -> None:
    """Linux: the kernel kills this process when the build that started it dies."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # elsewhere: a parent that dies closes the pipe, and the child's read ends


def pdf_options(standard: str) -> dict[str, Any]:
    """``write_pdf`` options: always a trailer /ID, and the PDF/A variant if any."""
    return {"pdf_identifier": True, "pdf_variant": PDF_VARIANTS[standard]}


def finish_pdf(_document: Any, pdf: Any) -> None:
    """WeasyPrint's finisher, on the PDF objects before they are written.

    * Page labels are the printed folios (decimal from 1, as the LaTeX route's hyperref
      writes them), so a viewer's "page 7" is folio 7.
    * Neutral colours are set in DeviceGray: WeasyPrint writes every colour as RGB
      (``0 0 0 rg`` for black text), which a press's RGB-to-CMYK conversion turns into
      a four-colour "rich" black, blurred by any misregister; ``0 g`` prints on the
      black plate alone, as LuaLaTeX's black does. PDF/A allows DeviceGray next to an
      OutputIntent. Only whole colour operators of content streams are replaced.
    * Each stream is compressed once (:func:`_streams_once`), not twice, and two at a
      time (:func:`_make_beforehand`).
    """
    import pydyf

    pdf.catalog["PageLabels"] = pydyf.Dictionary(
        {"Nums": pydyf.Array([0, pydyf.Dictionary({"S": "/D"})])})
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream):
            obj.stream = [_gray(item) for item in obj.stream]
    write = pdf.write

    def write_once(*args: Any, **kwargs: Any) -> Any:
        with _streams_once(pydyf.Stream) as made:
            _make_beforehand(made, [obj for obj in pdf.objects
                                    if isinstance(obj, pydyf.Stream) and obj.compress])
            return write(*args, **kwargs)

    pdf.write = write_once  # WeasyPrint writes the PDF right after its finisher


@contextmanager
def _streams_once(stream_class: Any) -> Iterator[Callable[[Any], bytes]]:
    """While the PDF is written, a stream's bytes are made once and kept.

    pydyf (0.13) makes a stream's bytes (joined and compressed at zlib level 9) each
    time its ``data`` is read, and with a trailer /ID it reads every object's twice: to
    write it and to hash the whole for the /ID. The second compression of every page,
    font and image was 8% of a 20x render. Nothing changes a stream while the PDF is
    written, so the kept bytes are the bytes it would make again: the same PDF.
    """
    made: dict[int, tuple[Any, bytes]] = {}  # id -> (the stream, kept alive; its bytes)
    plain = stream_class.__dict__["data"]

    def data(stream: Any) -> bytes:
        found = made.get(id(stream))
        if found is None:
            found = made[id(stream)] = (stream, plain.fget(stream))
        return found[1]

    stream_class.data = property(data)
    try:
        yield data
    finally:
        stream_class.data = plain


def _make_beforehand(made: Callable[[Any], bytes], streams: Sequence[Any]) -> None:
    """Make the streams' bytes on two threads before pydyf writes them one by one: zlib
    lets go of the interpreter while it compresses, so one thread compresses while the
    other joins the next stream's operators (at 20x the sample, with the compression
    once: 4.1 s of writing became 3.8 s with a second core free, in the same CPU time). The bytes are kept by
    :func:`_streams_once`, and each is what pydyf would make: the order changes nothing."""
    if len(streams) < 8:  # a short document: not worth a thread
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        for _ in pool.map(made, streams):
            pass


_NEUTRAL_RGB = re.compile(rb"(\d*\.?\d+) \1 \1 (rg|RG)")


def _gray(item: Any) -> Any:
    """``v v v rg`` (one whole content-stream operation) as ``v g``; RG as G."""
    if isinstance(item, bytes) and len(item) < 40:
        match = _NEUTRAL_RGB.fullmatch(item)
        if match:
            return match.group(1) + (b" g" if match.group(2) == b"rg" else b" G")
    return item


def note_pages(document: Any) -> dict[int, int]:
    """Note number -> the 1-based page whose footnote area first holds that note.

    The HTML writer marks each note ``<span class="footnote" data-note="N">``;
    WeasyPrint lays each one out as a block in the page's footnote area (a note
    split across pages has a block on each; the first page counts).
    """
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox

    found: dict[int, int] = {}
    for index, page in enumerate(document.pages, start=1):
        areas = [b for b in page._page_box.children if isinstance(b, FootnoteAreaBox)]
        for note in (child for area in areas for child in area.children):
            number = _note_number(note)
            if number is not None:
                found.setdefault(number, index)
    return found


def _note_number(box: Any) -> int | None:
    element = getattr(box, "element", None)
    value = (element.get("data-note") or "") if element is not None else ""
    return int(value) if value.isdigit() else None
