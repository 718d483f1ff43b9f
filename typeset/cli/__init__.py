"""The ``typeset`` command: a thin Click group.

Each subcommand lives in its own module and only parses options, calls the
library and maps :class:`~typeset.diagnostics.TypesetError` to messages and
exit codes: 0 success, 1 input or build error, 2 usage error.
"""

from __future__ import annotations

import click

from typeset import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="typeset")
def main() -> None:
    """Typeset a scholarly manuscript: Markdown sections + BibTeX -> print PDF.

    \b
    Start here:
      typeset build            build ./manuscript + ./bibliography.bib into build/<title>.pdf
      typeset check --strict   validate citations and the bibliography (for CI)
      typeset bib              print the formatted bibliography; --tidy rewrites the .bib
      typeset cite             format a citation sequence as JSON (for scripts)
    """


def _register() -> None:
    """Attach subcommands; each module defines one Click command named after itself."""
    import importlib

    for name in ("build", "check", "bib", "cite"):
        try:
            module = importlib.import_module(f"typeset.cli.{name}_cmd")
        except ModuleNotFoundError as exc:
            if exc.name != f"typeset.cli.{name}_cmd":
                raise
            continue
        main.add_command(module.command, name=name)


_register()
