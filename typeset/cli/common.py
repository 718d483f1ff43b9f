"""Shared helpers for subcommands: printing diagnostics and exiting with the right code."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

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
