"""``typeset check`` on the command line: the three output formats and the exit codes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.checks.project import GOOD_MD, make_project
from typeset.cli import main

BROKEN_MD = GOOD_MD + "\nSee [@nosuch].\n"


def invoke(*args: str, cwd: Path | None = None) -> tuple[int, str]:
    runner = CliRunner()
    if cwd is None:
        result = runner.invoke(main, ["check", *args])
    else:
        old = Path.cwd()
        os.chdir(cwd)
        try:
            result = runner.invoke(main, ["check", *args])
        finally:
            os.chdir(old)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


def test_clean_project_exits_0(tmp_path: Path) -> None:
    code, out = invoke(str(make_project(tmp_path)))
    assert (code, out) == (0, "")


def test_text_format(tmp_path: Path) -> None:
    make_project(tmp_path, sections={"01-one.md": BROKEN_MD})
    code, out = invoke(".", cwd=tmp_path)
    assert code == 1
    assert out == ("manuscript/01-one.md:5:6: error[cite-undefined]: citation key @nosuch is not "
                   "defined in the bibliography\n")


def test_json_format(tmp_path: Path) -> None:
    make_project(tmp_path, sections={"01-one.md": BROKEN_MD})
    code, out = invoke("--format", "json", ".", cwd=tmp_path)
    assert code == 1
    assert json.loads(out) == [{
        "file": "manuscript/01-one.md", "line": 5, "column": 6, "severity": "error",
        "code": "cite-undefined",
        "message": "citation key @nosuch is not defined in the bibliography",
    }]


def test_github_format(tmp_path: Path) -> None:
    make_project(tmp_path, sections={"01-one.md": BROKEN_MD + "\n[^x]: unused note\n"})
    code, out = invoke("--format", "github", ".", cwd=tmp_path)
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == ("::error file=manuscript/01-one.md,line=5,col=6,title=cite-undefined::"
                        "citation key @nosuch is not defined in the bibliography")
    assert lines[1].startswith("::warning file=manuscript/01-one.md,line=7,")


def test_warnings_fail_only_with_strict(tmp_path: Path) -> None:
    make_project(tmp_path, sections={"01-one.md": "# One\n\nOnly [@snow1958journey].\n"})
    assert invoke(str(tmp_path))[0] == 0
    code, out = invoke("--strict", str(tmp_path))
    assert code == 1 and "warning[bib-unused]" in out


def test_json_is_sorted_by_file_then_line(tmp_path: Path) -> None:
    make_project(tmp_path, sections={"01-one.md": BROKEN_MD, "02-two.md": "# Two\n\n[@gone]\n"},
                 bib="@book{z, title = {}}\n")
    rows = json.loads(invoke("--format", "json", ".", cwd=tmp_path)[1])
    keys = [(r["file"], r["line"], r["column"]) for r in rows]
    assert keys == sorted(keys) and len({r["file"] for r in rows}) == 3


@pytest.mark.parametrize("args", [["--format", "xml"], ["--bogus"], ["/no/such/project/dir"]])
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert invoke(*args)[0] == 2


def test_style_option_overrides_metadata(tmp_path: Path) -> None:
    make_project(tmp_path)
    code, out = invoke("--style", "not-a-style", str(tmp_path))
    assert code == 1 and "unknown-style" in out
