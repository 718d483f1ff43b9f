"""Shared helpers for subcommands: printing diagnostics and exiting with the right code."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from typeset.diagnostics import Diagnostic


def report(diagnostics: Iterable[Diagnostic], root: Path | None = None) -> None:
    """Print diagnostics on stderr as ``file:line:col: severity[code]: message``."""
    for diag in diagnostics:
        if root is not None and diag.span is not None:
            diag = Diagnostic(diag.code, diag.message, diag.span.relative_to(root),
                              diag.severity, diag.notes)
        click.echo(diag.format_text(), err=True)


def fail(diagnostics: Iterable[Diagnostic], root: Path | None = None) -> None:
    report(diagnostics, root)
    sys.exit(1)


def internal_error(exc: Exception) -> NoReturn:
    """A bug, not bad input: one line and a hint instead of a traceback, exit 1.

    ``TYPESET_DEBUG=1`` re-raises so developers get the traceback.
    """
    if os.environ.get("TYPESET_DEBUG") == "1":
        raise exc
    click.echo(f"internal error: {type(exc).__name__}: {exc}", err=True)
    click.echo("hint: this is a bug in typeset; rerun with TYPESET_DEBUG=1 for a traceback "
               "and report it", err=True)
    sys.exit(1)


F = TypeVar("F", bound=Callable[..., Any])

ALLOW_READ_HELP = ("Also allow reading files that resolve into DIR (repeatable; also "
                   "TYPESET_ALLOW_READ). Without it, every file read must resolve inside "
                   "PROJECT_DIR.")


def allow_read_option(command: F) -> F:
    """``--allow-read DIR`` (repeatable): the command line, never the metadata, widens reads."""
    option = click.option("--allow-read", "allow_read", multiple=True, metavar="DIR",
                          type=click.Path(file_okay=False, path_type=Path), help=ALLOW_READ_HELP)
    return option(command)


def os_failure(exc: OSError) -> NoReturn:
    """An I/O problem (read-only folder, full disk, no permission): one line naming the path."""
    where = exc.filename or ""
    reason = exc.strerror or str(exc)
    click.echo(f"{clean(str(where))}: error[io]: {clean(reason)}" if where
               else f"error[io]: {clean(reason)}", err=True)
    sys.exit(1)


def clean(text: str) -> str:
    """``text`` without control characters (a file name can hold ESC or a newline)."""
    from typeset.diagnostics import strip_controls

    return strip_controls(text)


def terminate_cleanly() -> None:
    """SIGTERM becomes SystemExit, so ``finally`` blocks run: temporary files are removed
    and child processes stopped, as for Ctrl-C (KeyboardInterrupt)."""
    def handler(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    # ValueError: not the main thread (the command run inside a test's thread)
    with contextlib.suppress(ValueError):
        signal.signal(signal.SIGTERM, handler)


PROJECT_HELP = ("PROJECT_DIR may also be one Markdown file with YAML front matter "
                "(pandoc's single-file form): paper.md builds to build/paper.pdf beside it.")


def project_argument(function: Any) -> Any:
    """The PROJECT_DIR argument of build and check: a project folder, or a single Markdown
    file (a .md or .markdown with YAML front matter); any other file is a usage error."""

    def check(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
        if value.is_file() and value.suffix.lower() not in (".md", ".markdown"):
            raise click.BadParameter(f"{value} is neither a project folder nor a Markdown "
                                     "(.md) file", ctx, param)
        return value

    return click.argument("project_dir", required=False, default=".", callback=check,
                          type=click.Path(exists=True, path_type=Path))(function)
