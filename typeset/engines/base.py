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

import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from typeset.confine import Refused, is_input
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


def write_atomically(output: Path, produce: Callable[[Path], object], mode: int | None = None,
                     *, may_be_input: bool = False) -> None:
    """Call ``produce(tmp)`` to fill a temporary file beside ``output``, then rename it.

    The temporary file lives in the output folder so ``os.replace`` is a
    same-filesystem rename (atomic on POSIX). If ``produce`` raises, the
    temporary file is removed and ``output`` is left as it was. The new file
    gets ``mode``, by default what ``open()`` would give a new file.

    Output rules: an output that is a device, a FIFO or a socket (``-o /dev/null``) is
    written to directly and never renamed over; a folder is refused, and so is a file the
    build read (``build -o bibliography.bib``) unless ``may_be_input`` (``bib --tidy``).
    A symlink at ``output`` is replaced, never written through. Temporary files that a
    killed run left beside ``output`` are removed.
    """
    special = _kind_of(output, may_be_input)
    if special:
        _write_special(output, produce)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(output.parent, f".{output.stem}-{PART_TAG}")
    fd, name = tempfile.mkstemp(prefix=f".{output.stem}-{PART_TAG}{os.getpid()}-",
                                suffix=".part", dir=output.parent)
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


PART_TAG = "typeset"


def _kind_of(output: Path, may_be_input: bool) -> bool:
    """True for a special file to write into; raises for an output that must not be written."""
    try:
        info = os.lstat(output)
    except FileNotFoundError:
        return False
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, "it is a folder, not a file", str(output))
    if not may_be_input and is_input(output):
        raise Refused(output, "it is one of the build's own input files; choose another output")
    return not (stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode))


def _write_special(output: Path, produce: Callable[[Path], object]) -> None:
    """Make the content in a private temporary file, then copy it into the device or FIFO
    (opened without blocking: a FIFO nobody reads is an error, not a hang)."""
    with tempfile.TemporaryDirectory(prefix="typeset-out-") as folder:
        tmp = Path(folder) / "content"
        produce(tmp)
        fd = os.open(output, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        try:
            os.set_blocking(fd, True)
            with tmp.open("rb") as source:
                while chunk := source.read(1 << 20):
                    os.write(fd, chunk)
        finally:
            os.close(fd)


def remove_stale(folder: Path, prefix: str) -> None:
    """Remove ``prefix<pid>-*`` files and folders in ``folder`` whose process is gone
    (a build killed with SIGKILL could not clean up after itself)."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(prefix):
            continue
        pid = entry.name[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def plain_file_mode() -> int:
    """The mode ``open()`` would give a new file: 0666 less the process umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
