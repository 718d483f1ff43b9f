"""``typeset bib``: formatted bibliography in each format, and ``--tidy [--check] [--sort]``."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.checks.project import make_project
from typeset.cli import main

MD = "# One\n\nFirst [@snow1958journey].\n"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["bib", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def test_text_lists_only_cited_works(tmp_path: Path) -> None:
    code, out, _ = invoke(str(make_project(tmp_path, sections={"01-one.md": MD})))
    assert code == 0
    # The entry's wording belongs to the CSL engine; this command decides which entries and how many lines.
    assert out.startswith("Snow, Edgar. Journey to the Beginning.") and out.endswith("1958.\n")
    assert out.count("\n") == 1


def test_undefined_citation_is_reported_and_left_out(tmp_path: Path) -> None:
    project = make_project(tmp_path, sections={"01-one.md": MD + "\nAnd [@ghost].\n"})
    code, out, err = invoke(str(project))
    assert code == 0 and out.count("\n") == 1
    assert "01-one.md:5:6: warning[cite-undefined]: @ghost" in err


def test_all_lists_every_entry_sorted_by_the_style(tmp_path: Path) -> None:
    code, out, _ = invoke("--all", str(make_project(tmp_path, sections={"01-one.md": MD})))
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 2 and lines[0].startswith("Malinin") and lines[1].startswith("Snow")


def test_html_markdown_latex(tmp_path: Path) -> None:
    project = str(make_project(tmp_path, sections={"01-one.md": MD}))
    html = invoke("--format", "html", project)[1]
    assert html.startswith('<div class="csl-bib-body">\n  <div class="csl-entry">Snow, Edgar. '
                           "<i>Journey to the Beginning</i>.")
    assert html.endswith("1958.</div>\n</div>\n") and html.count("\n") == 3
    assert "*Journey to the Beginning*" in invoke("--format", "markdown", project)[1]
    assert r"\textit{Journey to the Beginning}" in invoke("--format", "latex", project)[1]


def test_markdown_escapes_user_text(tmp_path: Path) -> None:
    bib = "@book{a, author = {X, Y}, title = {Stars * and [Brackets]}, year = {2000}}\n"
    project = make_project(tmp_path, bib=bib, sections={"01-one.md": "# O\n\n[@a]\n"})
    out = invoke("--format", "markdown", str(project))[1]
    assert r"*Stars \* and \[Brackets\]*" in out


def test_csljson_exports_items(tmp_path: Path) -> None:
    out = invoke("--format", "csljson", "--all", str(make_project(tmp_path)))[1]
    items = json.loads(out)
    assert [i["id"] for i in items] == ["snow1958journey", "malinin1944zvezda"]
    assert items[0]["type"] == "book" and items[0]["issued"] == {"date-parts": [[1958]]}


def test_output_file_written(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", sections={"01-one.md": MD})
    target = tmp_path / "out" / "refs.html"
    code, out, _ = invoke("--format", "html", "-o", str(target), str(project))
    assert code == 0 and out == ""
    assert target.read_text(encoding="utf-8").startswith('<div class="csl-bib-body">')
    assert [p.name for p in target.parent.iterdir()] == ["refs.html"]  # no temp file left
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0600


def test_unknown_style_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    code, _, err = invoke("--style", "nope-nope", str(make_project(tmp_path)))
    assert code == 1 and "unknown-style" in err


def test_missing_bibliography(tmp_path: Path) -> None:
    code, _, err = invoke(str(make_project(tmp_path, bib=None)))
    assert code == 1 and "bib-missing" in err


# --- tidy ----------------------------------------------------------------------------------

MESSY = "@BOOK{b, Title = \"T\", year = 1999}\n\n\n@book{a, title = {A}, pages = {1-2}}\n"


def test_tidy_rewrites_in_place(tmp_path: Path) -> None:
    project = make_project(tmp_path, bib=MESSY)
    assert invoke("--tidy", str(project))[0] == 0
    text = (project / "bibliography.bib").read_text(encoding="utf-8")
    assert text.startswith("@book{b,\n  title     = {T},\n  year      = {1999}\n}\n\n@book{a,")
    assert "{1--2}" in text
    assert invoke("--tidy", "--check", str(project))[0] == 0


def test_tidy_check_changes_nothing_and_exits_1(tmp_path: Path) -> None:
    project = make_project(tmp_path, bib=MESSY)
    code, _, err = invoke("--tidy", "--check", str(project))
    assert code == 1 and "not tidy" in err
    assert (project / "bibliography.bib").read_text(encoding="utf-8") == MESSY


def test_tidy_sort(tmp_path: Path) -> None:
    project = make_project(tmp_path, bib=MESSY)
    assert invoke("--tidy", "--sort", str(project))[0] == 0
    text = (project / "bibliography.bib").read_text(encoding="utf-8")
    assert text.index("@book{a,") < text.index("@book{b,")


def test_tidy_refuses_a_file_with_syntax_errors(tmp_path: Path) -> None:
    broken = "@book{a, title = {T}\n  year = {1}}\n"
    project = make_project(tmp_path, bib=broken)
    code, _, err = invoke("--tidy", str(project))
    assert code == 1 and "bib-syntax" in err and "bibliography.bib:2:" in err
    assert (project / "bibliography.bib").read_text(encoding="utf-8") == broken


def test_tidy_refuses_non_utf8(tmp_path: Path) -> None:
    project = make_project(tmp_path, bib="@book{a, title = {caf\xe9}}\n".encode("latin-1"))
    code, _, err = invoke("--tidy", str(project))
    assert code == 1 and "bib-encoding" in err


def test_sample_bibliography_is_tidy(repo_root: Path) -> None:
    assert invoke("--tidy", "--check", str(repo_root))[0] == 0


@pytest.mark.parametrize("args", [["--check"], ["--sort"], ["--format", "pdf"]])
def test_usage_errors(tmp_path: Path, args: list[str]) -> None:
    assert invoke(*args, str(make_project(tmp_path)))[0] == 2


def test_markdown_entries_are_separate_paragraphs(tmp_path: Path) -> None:
    """Adjacent lines join into one paragraph in Markdown: entries need a blank line."""
    code, out, _ = invoke("--all", "--format", "markdown",
                          str(make_project(tmp_path, sections={"01-one.md": MD})))
    assert code == 0
    paragraphs = out.rstrip("\n").split("\n\n")
    assert len(paragraphs) == 2 and all("\n" not in p for p in paragraphs)
