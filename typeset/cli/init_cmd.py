"""``folio init [DIR]``: scaffold a project that builds and passes ``check --strict`` at once.

The files are templates shipped as package data (``typeset/data/init/``; stored without
leading dots, since setuptools' globs skip dotfiles). Nothing is overwritten: when any target
exists, the command names them all, exits 1 and writes nothing.
"""

from __future__ import annotations

import json
import re
import sys
from importlib import resources
from pathlib import Path

import click

from typeset import __version__

# target path in the project -> template name under typeset/data/init/
FILES: dict[str, str] = {
    "manuscript/metadata.yaml": "metadata.yaml",
    "manuscript/01-introduction.md": "01-introduction.md",
    "bibliography.bib": "bibliography.bib",
    ".gitignore": "gitignore",
    ".pre-commit-config.yaml": "pre-commit-config.yaml",
    ".github/workflows/typeset.yml": "workflow.yml",
}

HELP = """Create a new project in DIR (default: the current folder).

\b
Writes:
  manuscript/metadata.yaml        every metadata key, explained (most commented out)
  manuscript/01-introduction.md   a first section with example citations and a note
  bibliography.bib                two example entries
  .gitignore                      ignores build/
  .pre-commit-config.yaml         folio check --strict and folio bib --tidy --check
  .github/workflows/typeset.yml   GitHub Actions: check (annotations) and build the PDF

\b
Examples:
  folio init my-article && cd my-article && folio build
  folio init                      # in the current (empty) folder

Existing files are never overwritten: if any of these exist, nothing is written.
Exit status: 0 created, 1 a file exists or cannot be written, 2 usage.
"""


@click.command(help=HELP, short_help="Create a new project: manuscript, bibliography, CI files.",
               context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("directory", required=False, default=".",
                type=click.Path(file_okay=False, path_type=Path))
def command(directory: Path) -> None:
    existing = conflicts(directory)
    if existing:
        click.echo(f"init: not overwriting existing files in {directory}: {', '.join(existing)}",
                   err=True)
        click.echo("hint: remove them, or run `folio init` in an empty folder", err=True)
        sys.exit(1)
    values = {"title": json.dumps(title_for(directory), ensure_ascii=False),
              "version": __version__}
    try:
        for target, template in FILES.items():
            path = directory / target
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8") as out:  # "x": never clobber, even in a race
                out.write(fill(read_template(template), values))
    except OSError as exc:
        click.echo(f"init: cannot write {exc.filename}: {exc.strerror}", err=True)
        sys.exit(1)
    for target in FILES:
        click.echo(f"created {directory / target}", err=True)
    where = "" if directory == Path(".") else f"cd {directory} && "
    click.echo(f"next: {where}folio build   (and folio check --strict)", err=True)


def conflicts(directory: Path) -> list[str]:
    """Targets that exist, and folders on their way that exist as something else."""
    found: list[str] = []
    for name in FILES:
        relative = Path(name)
        if (directory / relative).exists() or (directory / relative).is_symlink():
            found.append(name)
            continue
        for parent in reversed(relative.parents[:-1]):  # manuscript, .github, .github/workflows
            if (directory / parent).exists() and not (directory / parent).is_dir():
                found.append(parent.as_posix())
    return list(dict.fromkeys(found))


def read_template(name: str) -> str:
    return (resources.files("typeset") / "data" / "init" / name).read_text(encoding="utf-8")


def fill(template: str, values: dict[str, str]) -> str:
    """Replace each ``{{name}}``; an unknown name is a bug in the templates."""
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], template)


def title_for(directory: Path) -> str:
    """A first title from the folder's name: ``my-first_article`` -> ``My First Article``."""
    name = directory.resolve().name
    words = [w for w in re.split(r"[-_\s]+", name) if w]
    return " ".join(w[:1].upper() + w[1:] for w in words) or "Untitled"
