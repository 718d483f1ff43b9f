"""The public API: ``typeset.__all__`` is pinned, each name is the library object, and
``import typeset`` stays cheap (the names load on first use)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import typeset
from typeset.checks import check_project
from typeset.csl import Processor
from typeset.csl.rich import Text, render
from typeset.diagnostics import TypesetError
from typeset.pipeline import build


def test_all_is_pinned() -> None:
    assert typeset.__all__ == ["Processor", "TypesetError", "build", "check", "render"]


def test_names_are_the_library_objects() -> None:
    assert typeset.build is build
    assert typeset.check is check_project
    assert typeset.Processor is Processor
    assert typeset.render is render
    assert typeset.TypesetError is TypesetError
    assert set(typeset.__all__) <= set(dir(typeset))


def test_star_import_gives_exactly_the_public_names() -> None:
    namespace: dict[str, object] = {}
    exec("from typeset import *", namespace)  # noqa: S102 - the statement under test
    assert sorted(k for k in namespace if not k.startswith("__")) == sorted(typeset.__all__)


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        _ = typeset.nonsense  # type: ignore[attr-defined]


def test_render_and_error_work_through_the_package() -> None:
    assert typeset.render((Text("a & b"),), "html") == "a &#38; b"
    with pytest.raises(typeset.TypesetError):
        typeset.build("/nonexistent-project", route="no-such-route")


def test_import_typeset_loads_nothing_heavy() -> None:
    code = ("import sys, typeset; heavy = ['typeset.pipeline', 'typeset.csl', 'typeset.checks', "
            "'typeset.writers', 'click', 'yaml']; print([m for m in heavy if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("args", [["--version"], ["check", "--strict", "{sample}"],
                                  ["cite", "--style", "apa", "--references", "{refs}", "{cites}"]])
def test_light_commands_import_no_writer_or_engine(args: list[str], tmp_path: Path) -> None:
    """--version, check and cite never load WeasyPrint, pylatex, the writers or another
    command's module; --version and check not the CSL engine either (issue 16, start-up);
    nor lxml once the style and locale are in the cache (the second run)."""
    refs, cites = tmp_path / "refs.json", tmp_path / "cites.json"
    refs.write_text('[{"id": "a", "type": "book", "title": "T"}]', encoding="utf-8")
    cites.write_text('[[{"id": "a"}]]', encoding="utf-8")
    sample = Path(__file__).resolve().parents[1]
    argv = [a.format(sample=sample, refs=refs, cites=cites) for a in args]
    # the commands end with os._exit (typeset/cli/__init__.py): report the modules there too
    code = ("import os, sys, runpy; sys.argv = ['typeset', *sys.argv[1:]]\n"
            "heavy = ['weasyprint', 'pylatex', 'typeset.writers', 'typeset.engines', "
            "'typeset.pipeline', 'typeset.cli.build_cmd', 'typeset.cli.bib_cmd', "
            "'typeset.csl.processor', 'lxml']\n"
            "def report():\n"
            "    print([m for m in heavy if m in sys.modules], file=sys.stderr)\n"
            "    sys.stderr.flush()\n"
            "real_exit = os._exit\n"
            "def fast_exit(status):\n    report()\n    real_exit(status)\n"
            "os._exit = fast_exit\n"
            "try:\n    runpy.run_module('typeset', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "report()")
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    for _cold_then_warm in range(2):
        out = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True,
                             text=True, cwd=tmp_path, env=env)
    loaded = out.stderr.strip().splitlines()[-1]
    expected = "['typeset.csl.processor']" if args[0] == "cite" else "[]"
    assert loaded == expected, out.stderr
