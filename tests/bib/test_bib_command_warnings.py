"""``typeset bib`` reports what converting the printed entries found, as ``check`` does."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tests.checks.project import make_project
from typeset.cli import main

BIB = (
    "@article{citer, author = {X, Y}, title = {Reply to \\cite{other}}, journal = {J},"
    " year = 2010}\n"
    "@book{other, author = {A, B}, title = {T}, year = 2000}\n"
)


def test_export_warns_about_a_cite_in_a_field(tmp_path: Path) -> None:
    project = make_project(tmp_path, bib=BIB, sections={"01-one.md": "# One\n\nText.\n"})
    result = CliRunner().invoke(main, ["bib", "--all", "--format", "csljson", str(project)])
    assert result.exit_code == 0
    items = {item["id"]: item for item in json.loads(result.stdout)}
    assert "[other]" in items["citer"]["title"]
    assert "bibliography.bib:1:" in result.stderr
    assert "warning[bib-cite-in-field]" in result.stderr


def test_only_the_printed_entries_are_reported(tmp_path: Path) -> None:
    project = make_project(tmp_path, bib=BIB, sections={"01-one.md": "# One\n\nText [@other].\n"})
    result = CliRunner().invoke(main, ["bib", str(project)])
    assert result.exit_code == 0
    assert "bib-cite-in-field" not in result.stderr
