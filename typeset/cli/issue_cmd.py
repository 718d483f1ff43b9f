"""``folio issue``: build a journal issue (several article projects) from an issue file."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from typeset.cli.common import (
    allow_read_option,
    internal_error,
    os_failure,
    report,
    terminate_cleanly,
)
from typeset.diagnostics import TypesetError

HELP = """Build the journal issue ISSUE_FILE describes: each article's PDF with
continuous page numbers, a table of contents with page ranges, and one merged PDF.

\b
ISSUE_FILE (YAML):
  journal: Journal of Cold War Studies
  volume: 12
  number: 2
  year: 2026
  first-page: 145          # the issue's first page (default 1)
  merge: true              # also write the whole issue as one PDF (default)
  articles:                # project folders, relative to the issue file, in order
    - litvinov
    - path: kennan
      first-page: 201      # start here instead of continuing

\b
Writes, beside ISSUE_FILE:
  build/issue/NN-<folder>.pdf   each article (HTML route)
  build/contents.txt            the table of contents
  build/<issue-file-name>.pdf   the merged issue (bookmarks, page labels)

Articles build in parallel processes (-j). A failing article fails the issue
(exit 1) with its problems; the others' PDFs are still written.
"""


@click.command(help=HELP, short_help="Build a journal issue from several article projects.",
               context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("issue_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
              help="Articles built at once (default: the number of cores).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The merged PDF (default: build/<issue-file-name>.pdf beside the file).")
@click.option("--no-merge", is_flag=True, help="Write no merged PDF.")
@click.option("-q", "--quiet", is_flag=True, help="No progress lines; only problems.")
@allow_read_option
def command(issue_file: Path, jobs: int | None, output: Path | None, no_merge: bool,
            quiet: bool, allow_read: tuple[Path, ...]) -> None:
    began = time.perf_counter()
    from typeset import issue as issues

    terminate_cleanly()
    timing = issues.Timing()

    def progress(line: str) -> None:
        if not quiet:
            click.echo(line, err=True)

    try:
        spec = issues.load_issue(issue_file)
        built = issues.build_issue(spec, jobs=jobs, allow_read=allow_read, progress=progress,
                                    timing=timing)
        report(issues.problems(built), Path.cwd())
        toc = issues.contents(spec, built)
        contents = spec.folder / "contents.txt"
        contents.write_text(toc, encoding="utf-8")
        if issues.failed(built):
            names = ", ".join(str(b.index + 1) for b in built if b.failed)
            click.echo(f"issue failed: article(s) {names}; the others' PDFs are written, "
                       "no merged PDF", err=True)
            sys.exit(1)
        click.echo(toc, nl=False)
        if spec.merge and not no_merge:
            target = output or spec.folder / f"{issue_file.stem}.pdf"
            issues.merge(spec, built, target)
            progress(f"wrote {target}")
        progress(issues.timing_line(timing, time.perf_counter() - began, jobs))
    except TypesetError as exc:
        report(exc.diagnostics)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
        sys.exit(130)
    except OSError as exc:
        os_failure(exc)
    except Exception as exc:  # never a traceback for the user (TYPESET_DEBUG=1 shows it)
        internal_error(exc)
