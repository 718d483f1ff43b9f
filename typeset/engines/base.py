"""The engine protocol: the one seam between writers' source text and a PDF on disk.

Both routes (HTML -> WeasyPrint, LaTeX -> LuaLaTeX/latexmk) sit behind this so
the pipeline dispatches by route name and tests can swap in a fake engine
(DESIGN habit 9). Contract every engine keeps:

* ``compile`` never raises for bad input or a failing tool: it returns
  diagnostics (errors among them mean "no PDF was produced").
* ``output`` is replaced atomically (temporary file in the same folder, then
  ``os.replace``), so a failed build leaves the previous PDF untouched.
* ``workdir`` is a folder the engine may use for scratch files; the project
  folder for the HTML route (it is the base URL for relative resources).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, runtime_checkable

from typeset.diagnostics import Diagnostic


@runtime_checkable
class Engine(Protocol):
    """Turns writer output (HTML or TeX source text) into a PDF file."""

    name: str

    def compile(self, source: str, workdir: Path, output: Path) -> list[Diagnostic]:
        """Typeset ``source`` into ``output``; problems come back as diagnostics."""
        ...


def write_atomically(output: Path, produce: Callable[[Path], None]) -> None:
    """Call ``produce(tmp)`` to fill a temporary file beside ``output``, then rename it.

    The temporary file lives in the output folder so ``os.replace`` is a
    same-filesystem rename (atomic on POSIX). If ``produce`` raises, the
    temporary file is removed and ``output`` is left as it was.
    """
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{output.stem}-", suffix=".part", dir=output.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        produce(tmp)
        os.chmod(tmp, plain_file_mode())  # mkstemp makes 0600; a PDF is as readable as any file
        os.replace(tmp, output)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def plain_file_mode() -> int:
    """The mode ``open()`` would give a new file: 0666 less the process umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
