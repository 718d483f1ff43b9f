"""Starting the HTML route's engine process (see :mod:`typeset.engines.weasyprint`).

The child imports WeasyPrint (about half a second) while the build reads, cites and
writes; on the sample that import is the longer of the two, so every hundredth of a
second before the child starts is a hundredth on the build's wall time. This module is
therefore kept light (``os``, ``sys``, ``subprocess``: no other ``typeset`` module, no
pathlib, dataclasses or logging), so that the command line can start the child first:
:func:`early_start` runs before Click parses the command line, and even before Click is
imported under ``python -m typeset``, when the arguments read as an HTML-route
``build``. The build command then ends that child (:func:`discard_spare`) when the
build turns out to be up to date; otherwise the build's engine takes it
(:func:`take_spare`). A wrong guess costs one process started and killed: a few
milliseconds, never a different PDF (the child compiles exactly what it is sent).
"""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
from collections.abc import Sequence

PROCESS_ENV = "TYPESET_ENGINE_PROCESS"
# the child: the package this module belongs to first on sys.path (-P: not the working
# folder, which is the user's and may hold anything), then the worker loop
WORKER_CODE = ("import sys; sys.path.insert(0, sys.argv[1]); "
               "from typeset.engines.weasyprint import serve; serve()")
PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
# Whether this process has started an engine process: only its first build uses one. A
# process that builds again (``watch``, a ``build-issue`` worker) imports WeasyPrint at
# its second compile and keeps it warm, which beats half a second of import per build.
_STARTED = False
_SPARE: subprocess.Popen[bytes] | None = None  # started by prestart(), not yet taken


def wanted() -> bool:
    """Whether an engine process would save time here (and mark it started: once)."""
    global _STARTED
    if _STARTED or "weasyprint" in sys.modules or os.environ.get(PROCESS_ENV, "").strip() == "0":
        return False
    _STARTED = True
    return True


def spawn() -> subprocess.Popen[bytes] | None:
    """A new engine process (None if it cannot be started: the build compiles here)."""
    try:
        return subprocess.Popen([sys.executable, "-P", "-c", WORKER_CODE, PACKAGE_ROOT],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL)
    except OSError:
        return None


def prestart() -> None:
    """Start the engine process before the pipeline is even imported; the next
    ``WeasyPrintEngine.start`` takes it, and :func:`discard_spare` ends it if no build
    does (at the latest when this process exits)."""
    global _SPARE
    if _SPARE is None and wanted():
        _SPARE = spawn()
        if _SPARE is not None:
            atexit.register(discard_spare)


def take_spare() -> subprocess.Popen[bytes] | None:
    """The process :func:`prestart` started, now the caller's (None if there is none)."""
    global _SPARE
    spare, _SPARE = _SPARE, None
    return spare


def discard_spare() -> None:
    """End the process :func:`prestart` started if no engine took it. It was sent
    nothing, so it has nothing to finish: killed at once, not left to end its import."""
    spare = take_spare()
    if spare is not None:
        end(spare)


def end(worker: subprocess.Popen[bytes]) -> None:
    """Kill ``worker`` if it still runs, reap it and close its pipes."""
    if worker.poll() is None:
        worker.kill()
        worker.wait()
    for pipe in (worker.stdin, worker.stdout):
        if pipe is not None:
            pipe.close()


def is_html_build(argv: Sequence[str]) -> bool:
    """Whether ``argv`` (the arguments after the program name) reads as ``build`` on the
    HTML route: the subcommand first, no ``--route`` other than ``html``, no help. A
    cheap guess before Click parses: only a process started for nothing hangs on it."""
    if not argv or argv[0] != "build":
        return False
    args = list(argv[1:])
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg in ("-h", "--help"):
            return False
        if arg == "--route" and index + 1 < len(args) and args[index + 1] != "html":
            return False
        if arg.startswith("--route=") and arg != "--route=html":
            return False
    return True


def early_start(argv: Sequence[str]) -> None:
    """:func:`prestart` if ``argv`` reads as an HTML-route ``build`` (see above)."""
    if is_html_build(argv):
        prestart()
