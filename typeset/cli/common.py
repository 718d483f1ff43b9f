"""Shared helpers for subcommands: printing diagnostics and exiting with the right code."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

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
