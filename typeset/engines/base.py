"""The engine protocol: the one seam between writers' source text and a PDF on disk.

Both routes (HTML -> WeasyPrint, LaTeX -> LuaLaTeX/latexmk) sit behind this so
the pipeline dispatches through the route table (:mod:`typeset.routes`) and
tests can swap in a fake engine that records what it was given instead of
running a typesetter. Contract every engine keeps:

* ``compile`` never raises for bad input or a failing tool: it returns an
  :class:`EngineResult` whose diagnostics say what went wrong (errors among
  them mean "no PDF was produced").
* ``EngineResult.note_pages`` maps each note number to the 1-based page (its
  position in the PDF) on which the note's text begins, read from the laid-out
  pages; it is empty when no PDF was made.
* ``output`` is replaced atomically (:func:`write_atomically`), so a failed
  build leaves the previous PDF untouched.
* the PDF carries a trailer /ID and, unless ``WriterOutput.pdf_standard`` is
  ``none``, the PDF/A identification, OutputIntent and XMP of that standard.
* ``workdir`` is a folder the engine may use for scratch files; the project
  folder for the HTML route (it is the base URL for relative resources).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from typeset.diagnostics import Diagnostic, Span


@dataclass(frozen=True)
class WriterOutput:
    """A writer's source text; for TeX, also .tex line (1-based) -> manuscript Span.

    ``pdf_standard`` (``a-2b``, ``a-3b``, ``a-2u`` or ``none``, from the
    metadata's ``pdf-standard``) is what the engine makes of the PDF: the
    identification, OutputIntent and XMP of that PDF/A level. ``lang`` is the
    document's BCP 47 language, for engines that declare it with the standard.
    """

    source: str
    source_map: Mapping[int, Span] = field(default_factory=dict)
    # files the engine must put beside the source: name in its build folder -> absolute path
    images: Mapping[str, str] = field(default_factory=dict)
    pdf_standard: str = "none"
    lang: str = ""


@dataclass(frozen=True)
class EngineResult:
    """What a compile reports: problems, and the page each note was printed on."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    note_pages: dict[int, int] = field(default_factory=dict)


@runtime_checkable
class Engine(Protocol):
    """Turns writer output (HTML or TeX source text) into a PDF file."""

    name: str

    def compile(self, source: WriterOutput, workdir: Path, output: Path) -> EngineResult:
        """Typeset ``source`` into ``output``; problems come back as diagnostics."""
        ...


def write_atomically(output: Path, produce: Callable[[Path], object], mode: int | None = None) -> None:
    """Call ``produce(tmp)`` to fill a temporary file beside ``output``, then rename it.

    The temporary file lives in the output folder so ``os.replace`` is a
    same-filesystem rename (atomic on POSIX). If ``produce`` raises, the
    temporary file is removed and ``output`` is left as it was. The new file
    gets ``mode``, by default what ``open()`` would give a new file.
    """
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{output.stem}-", suffix=".part", dir=output.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        produce(tmp)
        # mkstemp makes 0600; a PDF is as readable as any file
        os.chmod(tmp, plain_file_mode() if mode is None else mode)
        os.replace(tmp, output)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def plain_file_mode() -> int:
    """The mode ``open()`` would give a new file: 0666 less the process umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
