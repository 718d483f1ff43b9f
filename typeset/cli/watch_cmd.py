"""``folio watch``: build, then rebuild whenever a project file changes, until Ctrl-C.

The files are polled with ``os.stat`` (mtime, size, inode) every ``--interval``
seconds: a project is a few dozen files (manuscript/, styles/, the bibliography,
images), which stat in well under a millisecond, so a polling loop costs nothing
and needs no new dependency (watchfiles is not among the project's dependencies).
A change starts a build once the files have been quiet for ``--debounce`` seconds
(an editor's save is often several writes). Each build runs in this process, so the
imports, the compiled style and the locale are warm after the first one, and goes
through the rebuild cache (typeset/cache.py): a save that changed nothing is "up
to date". Problems are printed as ``build`` prints them and the watch goes on; the
engines replace the PDF atomically and a failed build leaves the last good one in
place, so a viewer that reloads on change shows each new PDF whole. Ctrl-C (or
SIGTERM) stops it cleanly, also during a build, with exit status 0.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from typeset.cli.common import allow_read_option, report, terminate_cleanly
from typeset.diagnostics import TypesetError
from typeset.routes import ROUTES

# Folders never watched (the outputs and tools' caches live there).
SKIP_DIRS = frozenset({"build", "__pycache__", "node_modules"})
# Folders watched to any depth; the rest of the project two levels deep.
DEEP_DIRS = ("manuscript", "styles")
MAX_FILES = 5000

Snapshot = dict[str, tuple[int, int, int]]


def _walk(folder: Path, depth: int | None) -> Iterator[Path]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name.endswith("~"):
            continue  # hidden files, editors' swap and backup files
        if entry.is_dir():
            if entry.name not in SKIP_DIRS and (depth is None or depth > 1):
                yield from _walk(Path(entry.path), None if depth is None else depth - 1)
        else:
            yield Path(entry.path)


def watched_files(project_dir: Path, extra: tuple[Path, ...] = ()) -> list[Path]:
    """The files a change to which starts a build (see the module docstring)."""
    project_dir = Path(project_dir)
    files: list[Path] = []
    for entry in sorted(os.scandir(project_dir), key=lambda e: e.name) \
            if project_dir.is_dir() else ():
        path = Path(entry.path)
        if entry.name.startswith(".") or entry.name in SKIP_DIRS:
            continue
        if entry.is_dir():
            files += _walk(path, None if entry.name in DEEP_DIRS else 1)
        else:
            files.append(path)
        if len(files) > MAX_FILES:
            break
    return files[:MAX_FILES] + [p for p in extra if p.exists()]


def snapshot(files: list[Path]) -> Snapshot:
    state: Snapshot = {}
    for path in files:
        try:
            info = os.stat(path)
        except OSError:
            continue
        state[str(path)] = (info.st_mtime_ns, info.st_size, info.st_ino)
    return state


def watch_loop(project_dir: Path, build_once: Callable[[], None], *,
               echo: Callable[[str], None], stop: threading.Event, interval: float = 0.25,
               debounce: float = 0.3) -> int:
    """Build, then rebuild after each change, until ``stop`` is set; the number of builds."""
    builds = 0
    state = snapshot(watched_files(project_dir))
    build_once()
    builds += 1
    echo(f"watching {len(state)} files in {project_dir} (Ctrl-C stops)")
    while not stop.is_set():
        current = snapshot(watched_files(project_dir))
        if current == state:
            stop.wait(interval)
            continue
        quiet_since = time.monotonic()
        while not stop.is_set() and time.monotonic() - quiet_since < debounce:
            stop.wait(min(interval, debounce))
            later = snapshot(watched_files(project_dir))
            if later != current:
                current, quiet_since = later, time.monotonic()
        if stop.is_set():
            break
        changed = sorted(set(current.items()) ^ set(state.items()))
        names = sorted({Path(name).name for name, _ in changed})
        echo(f"changed: {', '.join(names[:5])}{' ...' if len(names) > 5 else ''}")
        state = current
        build_once()
        builds += 1
    return builds


HELP = """Build PROJECT_DIR, then rebuild it each time a file of the project changes.

\b
Watched: manuscript/ and styles/ (every file), and the project's other files
two folders deep (bibliography, images), but not build/ or hidden folders.
A change builds after the files have been quiet for --debounce seconds. Problems
are printed as by `folio build` and the watch goes on; the last good PDF stays
in place until a build succeeds (it is replaced whole, so a viewer that reloads
shows the new one). Ctrl-C stops.

\b
Examples:
  folio watch                       # ./build/<title>.pdf, HTML route
  folio watch ~/papers/litvinov --route latex
"""


@click.command(help=HELP, short_help="Rebuild the PDF whenever a project file changes.",
               context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("project_dir", required=False, default=".",
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--route", type=click.Choice(list(ROUTES)), default="html", show_default=True,
              help="; ".join(f"{name}: {route.help}" for name, route in ROUTES.items()) + ".")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="PDF to write (default: PROJECT_DIR/build/<slug-of-title>.pdf).")
@click.option("--style", metavar="NAME|PATH", help="CSL style (overrides metadata).")
@click.option("--keep-intermediate", is_flag=True,
              help="Keep the generated .html or .tex next to the PDF.")
@click.option("--interval", type=click.FloatRange(0.05, 10), default=0.25, show_default=True,
              help="Seconds between looks at the files.")
@click.option("--debounce", type=click.FloatRange(0, 10), default=0.3, show_default=True,
              help="Seconds the files must be quiet before a build starts.")
@click.option("-q", "--quiet", is_flag=True, help="No progress lines; only problems.")
@allow_read_option
def command(project_dir: Path, route: str, output: Path | None, style: str | None,
            keep_intermediate: bool, interval: float, debounce: float, quiet: bool,
            allow_read: tuple[Path, ...]) -> None:
    from typeset.cli.build_cmd import _display_root
    from typeset.pipeline import build

    terminate_cleanly()
    root = _display_root(project_dir)

    def echo(line: str) -> None:
        click.echo(line, err=True)

    def build_once() -> None:
        started = time.perf_counter()
        try:
            result = build(project_dir, route=route, output=output, style=style,
                           keep_intermediate=keep_intermediate,
                           progress=None if quiet else echo, allow_read=allow_read)
        except TypesetError as exc:
            report(exc.diagnostics, root)
            echo(f"build failed ({len(exc.diagnostics)} problem(s)); the last good PDF is "
                 "kept; watching")
            return
        except OSError as exc:
            echo(f"error[io]: {exc.strerror or exc} {exc.filename or ''}".rstrip())
            return
        except Exception as exc:  # a bug must not end the watch (TYPESET_DEBUG=1 shows it)
            if os.environ.get("TYPESET_DEBUG") == "1":
                raise
            echo(f"internal error: {type(exc).__name__}: {exc}")
            return
        report(result.diagnostics, root)
        if not quiet:
            echo(f"wrote {result.output} ({time.perf_counter() - started:.2f} s)")

    try:
        watch_loop(project_dir, build_once, echo=echo, stop=threading.Event(),
                   interval=interval, debounce=debounce)
    except KeyboardInterrupt:
        echo("stopped")
    except SystemExit:  # SIGTERM (terminate_cleanly): its exit status
        echo("stopped")
        raise
