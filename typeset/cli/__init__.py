"""The ``folio`` command (also installed as ``typeset``): a thin Click group.

``folio`` is the name to type: in bash, zsh and ksh ``typeset`` is a shell
builtin, which wins over the installed script. Usage lines and ``--version``
show the name the user typed (Click's ``info_name``: ``folio``, ``typeset`` or
``python -m typeset``); examples in the help use ``folio``.

Each subcommand lives in its own module and only parses options, calls the
library and maps :class:`~typeset.diagnostics.TypesetError` to messages and
exit codes: 0 success, 1 input or build error, 2 usage error. A subcommand's
module is imported only when that command runs (or the help lists them all), so
``--version`` and each command pay for no other command's imports.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import click

from typeset import __version__

# The subcommands; each module typeset.cli.NAME_cmd defines one Click command.
COMMANDS = ("init", "build", "watch", "issue", "check", "bib", "cite")


class _LazyGroup(click.Group):
    """A group that imports a subcommand's module on first use."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **options: Any) -> Any:
        if args is not None:  # tests and callers: as Click does it
            return super().main(args, *rest, **options)
        if sys.argv[1:2] == ["build"]:  # the real command line: an HTML-route build starts
            from typeset.engines.weasyprint_process import early_start  # WeasyPrint's import

            early_start(sys.argv[1:])  # before Click parses (engines/weasyprint_process.py)
        try:
            return super().main(args, *rest, **options)
        except SystemExit as done:
            if sys.argv[1:2] in _FAST_EXIT and (done.code is None or isinstance(done.code, int)):
                _exit_now(done.code or 0)
            raise

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(n for n in COMMANDS if self.get_command(ctx, n) is not None)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            try:
                module = importlib.import_module(f"typeset.cli.{cmd_name}_cmd")
            except ModuleNotFoundError as exc:
                if exc.name != f"typeset.cli.{cmd_name}_cmd":
                    raise
                return None
            self.add_command(module.command, name=cmd_name)
        return super().get_command(ctx, cmd_name)


# Commands that end without the interpreter's shutdown (:func:`_exit_now`): they write
# their files and close them before they return. At 50 times the sample, ``cite``'s
# heap teardown is 0.03 s of a 0.7 s run.
_FAST_EXIT = (["build"], ["cite"], ["check"])


def _exit_now(status: int) -> NoReturn:
    """End ``folio build`` (``cite``, ``check``) without the interpreter's shutdown, which frees every module
    and object one by one (0.03-0.05 s of a one-second build) for a process that is
    ending anyway: the PDF, the cache and the messages are written by now (every file
    the build writes is closed where it is written, and its temporary folders are
    ``with`` blocks). Only what the interpreter would still do that matters is done
    here: flush stdout and stderr, and end an engine process no build took."""
    spawner = sys.modules.get("typeset.engines.weasyprint_process")  # build only
    if spawner is not None:
        spawner.discard_spare()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status)


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    # Not click.version_option: it remembers the first name it printed for the whole process.
    if value and not ctx.resilient_parsing:
        click.echo(f"{ctx.find_root().info_name}, version {__version__}")
        ctx.exit()


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True,
              callback=_print_version, help="Show the version and exit.")
def main() -> None:
    """Typeset a scholarly manuscript: Markdown sections + BibTeX -> print PDF.

    \b
    Start here:
      folio init [DIR]       scaffold a new project (manuscript, bibliography, CI files)
      folio build            build ./manuscript + ./bibliography.bib into build/<title>.pdf
      folio watch            build, then rebuild on every change (Ctrl-C stops)
      folio issue ISSUE.yaml build a journal issue from several article projects
      folio check --strict   validate citations and the bibliography (for CI)
      folio bib              print the formatted bibliography; --tidy rewrites the .bib
      folio cite             format a citation sequence as JSON (for scripts)

    `folio` and `typeset` are the same command; in bash, zsh and ksh `typeset`
    is a shell builtin, so type `folio` there.
    """
