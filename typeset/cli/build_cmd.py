"""``typeset build``: the manuscript in PROJECT_DIR to a print PDF."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from typeset.cli.common import (
    PROJECT_HELP,
    allow_read_option,
    internal_error,
    os_failure,
    project_argument,
    report,
    terminate_cleanly,
)
from typeset.diagnostics import TypesetError
from typeset.routes import ROUTES

HELP = """Build the print PDF of the manuscript in PROJECT_DIR (default: the current folder).

\b
PROJECT_DIR holds:
  manuscript/metadata.yaml   title, author, style, papersize, ...
  manuscript/01-*.md ...     the sections, in file-name order
  bibliography.bib           the works cited (or the file named in metadata)
  styles/print.css           optional: extends the house style (HTML route)
  styles/NAME.csl            optional: a local citation style

""" + PROJECT_HELP + """

\b
Examples:
  folio build                          # ./build/<title>.pdf through HTML + WeasyPrint
  folio build ~/papers/litvinov -o litvinov.pdf
  folio build --route latex            # the same design through LuaLaTeX
  folio build paper.md                 # one Markdown file -> build/paper.pdf
  folio build --style chicago-notes-bibliography-subsequent-ibid
  folio build --keep-intermediate      # also keep the .html (or .tex) beside the PDF

Progress goes to stderr, one line per stage (-q silences it). Problems are
printed as file:line:col: error[code]: message. A failed build leaves the
previous PDF untouched. A build whose inputs are all unchanged since the last one
says "up to date" and runs nothing (build/.cache; --no-cache or TYPESET_CACHE=0
turn it off). Exit status: 0 built, 1 input or build error, 2 usage.
Set TYPESET_DEBUG=1 to see a traceback for an internal error.
"""


@click.command(help=HELP, short_help='Build the PDF of PROJECT_DIR (HTML/WeasyPrint or LaTeX route).',
               context_settings={"help_option_names": ["-h", "--help"]})
@project_argument
@click.option("--route", type=click.Choice(list(ROUTES)), default="html", show_default=True,
              help="; ".join(f"{name}: {route.help}" for name, route in ROUTES.items()) + ".")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="PDF to write (default: PROJECT_DIR/build/<slug-of-title>.pdf).")
@click.option("--style", metavar="NAME|PATH",
              help="CSL style: a collection name, a .csl path, or styles/NAME.csl (overrides metadata).")
@click.option("--keep-intermediate", is_flag=True,
              help="Keep the generated .html or .tex next to the PDF.")
@click.option("-q", "--quiet", is_flag=True, help="No progress lines; only problems.")
@allow_read_option
@click.option("--strict", is_flag=True,
              help="Every warning is fatal (an undefined citation key too, as in check).")
@click.option("--no-cache", is_flag=True,
              help="Build everything again, whatever build/.cache holds (as TYPESET_CACHE=0).")
def command(project_dir: Path, route: str, output: Path | None, style: str | None,
            keep_intermediate: bool, quiet: bool, allow_read: tuple[Path, ...],
            strict: bool, no_cache: bool) -> None:
    terminate_cleanly()
    from typeset import cache
    from typeset.engines.weasyprint_process import discard_spare, prestart

    # a single Markdown file (paper.md) is built without the cache, as pipeline.build does
    key = None if no_cache or Path(project_dir).is_file() else cache.key_for(
        project_dir, route=route, output=output, style=style,
        keep_intermediate=keep_intermediate, strict=strict, allow_read=allow_read)
    hit = cache.fresh(project_dir, key)
    if hit is not None or route != "html":  # the engine process typeset.cli may have started
        discard_spare()  # (before parsing: engines/weasyprint_process.py) is not wanted
    if hit is not None:  # nothing changed: answered before the pipeline is even imported
        if hit.diagnostics:  # (_display_root imports the readers: a third of a no-change)
            report(hit.diagnostics, _display_root(project_dir))
        if not quiet:
            click.echo(f"{cache.UP_TO_DATE}: {hit.output}", err=True)
        return
    if route == "html":  # WeasyPrint's import starts now, beside the pipeline's (a miss),
        prestart()  # unless typeset.cli started it already
    from typeset.pipeline import build

    def progress(line: str) -> None:
        click.echo(line, err=True)

    try:
        with cache.off() if no_cache else contextlib.nullcontext():
            result = build(project_dir, route=route, output=output, style=style,
                           keep_intermediate=keep_intermediate,
                           progress=None if quiet else progress, allow_read=allow_read,
                           strict=strict)
    except TypesetError as exc:
        report(exc.diagnostics, _display_root(project_dir))
        sys.exit(1)
    except OSError as exc:
        os_failure(exc)
    except Exception as exc:  # never a traceback for the user (TYPESET_DEBUG=1 shows it)
        internal_error(exc)
    report(result.diagnostics, _display_root(project_dir))
    if not quiet:
        click.echo(f"wrote {result.output}", err=True)


def _display_root(project_dir: Path) -> Path:
    """Paths in messages: relative to the cwd when the project is below it, else to the project."""
    from typeset.project import locate

    project_dir = locate(project_dir)[0]
    cwd = Path.cwd().resolve()
    return cwd if project_dir.resolve().is_relative_to(cwd) else project_dir
