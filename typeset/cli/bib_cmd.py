"""``typeset bib``: the formatted bibliography of the cited works, or ``--tidy`` the .bib.

The bibliography goes through the same CSL processor as the build, so what a
submission system or a web page gets is what the PDF prints. ``--tidy``
rewrites the .bib in the canonical form of ``typeset.bib.tidy`` (atomically),
or with ``--check`` only says whether it is tidy (for pre-commit and CI).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from typeset.cli.common import (
    allow_read_option,
    internal_error,
    os_failure,
    project_argument,
    report,
)
from typeset.diagnostics import Diagnostic, Span, TypesetError, error, has_errors, warning
from typeset.rich import RichText, render

HELP = """Print the formatted bibliography of the works cited in PROJECT_DIR.

\b
The entries are formatted by the manuscript's CSL style (metadata `style`,
or --style), one per line; --all formats every entry of the .bib.
Formats: html (a <div class="csl-bib-body"> list), text, latex, markdown,
csljson (the CSL-JSON items, for other tools).

\b
Examples:
  folio bib                            # plain text, cited works only
  folio bib --format html -o refs.html
  folio bib --all --format csljson > references.json
  folio bib --tidy                     # rewrite bibliography.bib canonically
  folio bib --tidy --check             # exit 1 if it is not tidy (CI, pre-commit)
  folio bib --tidy --sort              # ... and order entries by key

Exit status: 0 ok (or tidy), 1 input error (or not tidy with --check), 2 usage.
"""

FORMATS = ("html", "text", "latex", "markdown", "csljson")


@click.command(help=HELP, short_help='Print the formatted bibliography, export CSL-JSON, tidy the .bib.',
               context_settings={"help_option_names": ["-h", "--help"]})
@project_argument
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--all", "all_entries", is_flag=True, help="Every entry, not only the cited ones.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here (atomically) instead of stdout.")
@click.option("--style", metavar="NAME|PATH", help="CSL style (overrides metadata).")
@click.option("--tidy", is_flag=True, help="Rewrite the .bib in canonical form.")
@click.option("--check", "check_only", is_flag=True, help="With --tidy: change nothing, "
              "exit 1 if the file is not tidy.")
@click.option("--sort", "sort_keys", is_flag=True, help="With --tidy: order entries by key.")
@allow_read_option
def command(project_dir: Path, fmt: str, all_entries: bool, output: Path | None,
            style: str | None, tidy: bool, check_only: bool, sort_keys: bool,
            allow_read: tuple[Path, ...]) -> None:
    if (check_only or sort_keys) and not tidy:
        raise click.UsageError("--check and --sort go with --tidy")
    from typeset.confine import confined, given_files, given_style

    try:
        from typeset.project import locate

        folder = locate(project_dir)[0]  # a single Markdown file's folder is the project
        with confined(folder, allow_read, given_files(style)):
            style = given_style(style)
            if tidy:
                sys.exit(_tidy(project_dir, output, check_only=check_only, sort=sort_keys,
                               folder=folder))
            _bibliography(project_dir, fmt, all_entries, output, style)
    except TypesetError as exc:
        report(exc.diagnostics, Path.cwd())
        sys.exit(1)
    except OSError as exc:
        os_failure(exc)
    except (RecursionError, MemoryError, ValueError, KeyError) as exc:
        internal_error(exc)


# --- the formatted bibliography ----------------------------------------------------------


def _bibliography(project_dir: Path, fmt: str, all_entries: bool, output: Path | None,
                  style: str | None) -> None:
    from typeset.project import load_config

    config, found = load_config(project_dir, {"style": style} if style else {})
    bib = _references(config, found)
    ids = list(bib.order) if all_entries else _cited(project_dir, config, bib, found)
    items = [_public(item) for key in ids if (item := bib.item(key)) is not None]
    # What converting the entries found (a \cite in a field, an unreadable date, an
    # unknown command): the entries printed are the ones it concerns.
    found += [d for d in bib.diagnostics if d not in found]
    report([d for d in found if not d.is_error], Path.cwd())
    if fmt == "csljson":
        from typeset.bib import public_item  # keeps "and others" as pandoc writes it

        text = json.dumps([public_item(bib.item(k)) for k in ids if k in bib],
                          ensure_ascii=False, indent=2) + "\n"
    else:
        text = format_entries(_format(project_dir, config.style, config.lang, items, ids), fmt)
    _emit(text, output)


def _references(config: Any, found: list[Diagnostic]) -> Any:
    from typeset.library import project_library
    from typeset.project import bibliography_refusal
    from typeset.rules import bib_missing

    missing = bibliography_refusal(config) or bib_missing(config, None)
    if missing is not None:
        raise TypesetError([*found, missing])
    bib = project_library(config)
    found += bib.diagnostics
    if has_errors(found):
        raise TypesetError(found)
    return bib


def _cited(project_dir: Path, config: Any, bib: Any, found: list[Diagnostic]) -> list[str]:
    """Cited keys in order of first citation, then nocite keys ("*" = every entry)."""
    from typeset.checks.citations import cite_items
    from typeset.citations import expand_sets
    from typeset.project import read_project

    doc, more = read_project(project_dir, config)
    found += more
    doc = expand_sets(doc, bib)  # a cite of a biblatex @set cites its members
    places: dict[str, Span | None] = {}
    for item, cite in cite_items(doc.sections):
        places.setdefault(item.key, item.span or cite.span)
    extra = list(bib.order) if "*" in config.nocite else list(config.nocite)
    keys = list(places) + [k for k in extra if k not in places]
    if has_errors(found):  # an unreadable section: the list would be short without a word
        raise TypesetError(found)
    for key in keys:
        if key not in bib:
            found.append(warning("cite-undefined", f"@{key} is not in the bibliography; left out",
                                 places.get(key)))
    return [k for k in keys if k in bib]


def _public(item: dict[str, Any]) -> dict[str, Any]:
    """A CSL-JSON item without our private keys (``_others`` etc.)."""
    return {k: v for k, v in item.items() if not k.startswith("_")}


def _format(project_dir: Path, style: str, lang: str, items: list[dict[str, Any]],
            ids: list[str]) -> list[RichText]:
    from typeset.csl import Processor
    from typeset.project import style_path

    if not items:
        return []
    processor = Processor(style_path(project_dir, style), items, locale=lang)
    return processor.bibliography([str(i["id"]) for i in items])


def format_entries(entries: list[RichText], fmt: str) -> str:
    """One entry per line (one paragraph each in Markdown); html wraps them in
    citeproc-js's csl-bib-body markup."""
    if fmt == "html":
        body = "".join(f'  <div class="csl-entry">{render(e, "html")}</div>\n' for e in entries)
        return f'<div class="csl-bib-body">\n{body}</div>\n'
    if fmt == "markdown":  # a blank line between entries: adjacent lines join in Markdown
        return "\n".join(render(e, fmt) + "\n" for e in entries)
    return "".join(render(e, fmt).replace("\n", " ") + "\n" for e in entries)


# --- tidy -------------------------------------------------------------------------------


def _tidy(project_dir: Path, output: Path | None, *, check_only: bool, sort: bool,
          folder: Path | None = None) -> int:
    from typeset.bib.load import decode_utf8
    from typeset.bib.tidy import tidy
    from typeset.confine import read_bytes
    from typeset.project import bibliography_refusal, load_config

    config, _ = load_config(project_dir)
    path = config.bibliography or project_dir / "bibliography.bib"
    shown = _shown(path)
    refused = bibliography_refusal(config)
    if refused is not None:
        raise TypesetError(refused)
    try:
        data = read_bytes(path, "bib")
    except OSError as exc:
        raise TypesetError(error("bib-io", f"cannot read: {exc.strerror or exc}",
                                 Span(shown))) from None
    text, problems = decode_utf8(data, shown)
    if problems:
        raise TypesetError(problems)
    tidied = tidy(text, sort=sort, path=shown)
    if check_only:
        if tidied != text:
            click.echo(f"{shown}: not tidy (run `folio bib --tidy` to rewrite it)", err=True)
            return 1
        click.echo(f"{shown}: tidy", err=True)
        return 0
    target = output or path
    if output is None and not path.resolve().is_relative_to((folder or project_dir).resolve()):
        raise TypesetError(error("bib-io", "refusing to rewrite a .bib outside the project "
                                 "folder; write the tidied file elsewhere with -o FILE",
                                 Span(shown)))
    if target != path or tidied != text:
        _write_text(target, tidied, tidy_in_place=target == path)
        click.echo(f"{_shown(target)}: tidied", err=True)
    else:
        click.echo(f"{shown}: already tidy", err=True)
    return 0


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# --- output -----------------------------------------------------------------------------


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
    else:
        _write_text(output, text)


def _write_text(target: Path, text: str, *, tidy_in_place: bool = False) -> None:
    """Replace ``target`` whole with ``text`` (UTF-8, newlines as given), keeping its mode."""
    from typeset.engines.base import write_atomically

    mode = target.stat().st_mode & 0o777 if target.exists() else None
    write_atomically(target, lambda temp: temp.write_text(text, encoding="utf-8", newline=""), mode,
                     may_be_input=tidy_in_place)
