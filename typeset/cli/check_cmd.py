"""``folio check``: validate the manuscript, its citations and the bibliography (for CI).

Output follows DESIGN.md contract 3 on stdout; a one-line summary goes to
stderr so that ``--format json`` output stays machine-readable.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from typeset import __version__
from typeset.cli.common import (
    PROJECT_HELP,
    allow_read_option,
    internal_error,
    os_failure,
    project_argument,
)
from typeset.diagnostics import Diagnostic, Severity, format_json, format_sarif

HELP = """Check the manuscript and bibliography in PROJECT_DIR (default: the current folder).

\b
Finds, each with a file:line:col, a severity and a code:
  BibTeX syntax, unbalanced braces, non-UTF-8 bytes, duplicate keys,
  probable duplicate works (same DOI, or same title + year + first author),
  citation keys not in the bibliography, entries never cited (warning),
  required fields missing for the entry type (biber's data model; an
  empty field counts as missing), unreadable dates, page ranges, DOIs,
  ISBNs and URLs, missing crossref/xdata targets, unknown LaTeX commands,
  footnote references without a definition (and the reverse), an unknown
  style or locale, unknown metadata keys.

\b
Examples:
  folio check                      # text: file:line:col: severity[code]: message
  folio check --strict             # for CI: warnings fail too
  folio check paper.md             # a single Markdown file with YAML front matter
  folio check --format github      # annotations in GitHub Actions
  folio check --format json | jq   # [{file, line, column, severity, code, message}]
  folio check --format sarif > typeset.sarif   # SARIF 2.1.0, for code scanning

""" + PROJECT_HELP + """

Exit status: 0 clean, 1 errors (or warnings with --strict), 2 usage error.
"""

FORMATS = ("text", "json", "github", "sarif")


@click.command(help=HELP, short_help='Check manuscript and bibliography; file:line:col diagnostics.',
               context_settings={"help_option_names": ["-h", "--help"]})
@project_argument
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format.")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--style", metavar="NAME|PATH", help="Check against this CSL style instead.")
@allow_read_option
def command(project_dir: Path, fmt: str, strict: bool, style: str | None,
            allow_read: tuple[Path, ...]) -> None:
    from typeset.checks import check_project

    try:
        # SARIF locations are relative to the project (uriBaseId PROJECTROOT), the rest to the cwd
        from typeset.project import locate

        folder = locate(project_dir)[0]
        root = folder if fmt == "sarif" else _root(folder)
        diagnostics = check_project(project_dir, style=style, root=root, allow_read=allow_read)
    except OSError as exc:
        os_failure(exc)
    except Exception as exc:  # never a traceback for the user (TYPESET_DEBUG=1 shows it)
        internal_error(exc)
    click.echo(render(diagnostics, fmt, folder), nl=False)
    click.echo(summary(diagnostics), err=True)
    sys.exit(exit_code(diagnostics, strict=strict))


def _root(project_dir: Path) -> Path:
    """Paths relative to the working directory (clickable, and what GitHub expects) when possible."""
    cwd = Path.cwd().resolve()
    inside = project_dir.resolve() == cwd or cwd in project_dir.resolve().parents
    return cwd if inside else project_dir


def render(diagnostics: list[Diagnostic], fmt: str, project_dir: Path | None = None) -> str:
    """The diagnostics in one of the contract's formats (text and github: one per line)."""
    if fmt == "json":
        return format_json(diagnostics) + "\n"
    if fmt == "sarif":
        return format_sarif(diagnostics, tool_version=__version__, project_dir=project_dir) + "\n"
    lines = [d.format_github() if fmt == "github" else d.format_text() for d in diagnostics]
    return "".join(line + "\n" for line in lines)


def exit_code(diagnostics: list[Diagnostic], *, strict: bool) -> int:
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return 1 if any(d.severity in failing for d in diagnostics) else 0


def summary(diagnostics: list[Diagnostic]) -> str:
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = sum(d.severity is Severity.WARNING for d in diagnostics)
    if not errors and not warnings:
        return "check: no problems found"
    return f"check: {errors} error(s), {warnings} warning(s)"
