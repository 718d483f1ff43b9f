"""``typeset build --route latex`` end to end, verified on the PDF's text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.e2e.test_routes_consistency import BODY_MIN_SIZE, _line_text, _lines, read_printed
from tests.writers.test_latex import found_in

pytestmark = [pytest.mark.latex, pytest.mark.slow]


@pytest.fixture(autouse=True)
def _needs_pipeline() -> None:
    pytest.importorskip("typeset.pipeline", reason="the pipeline is not written yet")


def run_build(project: Path, output: Path) -> tuple[int, str]:
    from typeset.cli import main

    result = CliRunner().invoke(main, ["build", str(project), "--route", "latex", "-q",
                                       "-o", str(output)])
    return result.exit_code, result.output


def calls_and_notes(pdf: Path) -> list[tuple[list[int], list[int]]]:
    """Per page: the note numbers called in the text (small digits on body lines)
    and the numbers of the notes starting at its foot."""
    import pdfplumber

    pages = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            lines = _lines(page.chars)
            body = [i for i, ln in enumerate(lines)
                    if any(float(c["size"]) >= BODY_MIN_SIZE for c in ln)]
            calls: list[int] = []
            if body:
                # superscripts sit a little above their line's baseline
                first = float(lines[body[0]][0]["bottom"]) - 8  # type: ignore[arg-type]
                last = float(lines[body[-1]][0]["bottom"])  # type: ignore[arg-type]
                for line in lines:
                    if first <= float(line[0]["bottom"]) <= last:  # type: ignore[arg-type]
                        small = "".join(str(c["text"]) if float(c["size"]) < BODY_MIN_SIZE * 0.8
                                        else " " for c in line)  # type: ignore[arg-type]
                        calls += [int(n) for n in re.findall(r"\d+", small)]
            feet = [_line_text(ln) for ln in lines[body[-1] + 1:]] if body else []
            starts = [int(m.group(1)) for t in feet if (m := re.match(r"^(\d+)\.\s", t))]
            pages.append((calls, starts))
    return pages


def test_sample_builds_with_all_notes(repo_root: Path, tmp_path: Path) -> None:
    output = tmp_path / "sample.pdf"
    code, messages = run_build(repo_root, output)
    assert code == 0, messages
    printed = read_printed(output)
    assert len(printed.notes) == 32
    pages = calls_and_notes(output)
    for number, (calls, starts) in enumerate(pages, 1):
        assert calls == starts, f"page {number}: notes called {calls}, set at its foot {starts}"
    assert [n for calls, _ in pages for n in calls] == list(range(1, 33))
    assert "Sulzberger" in printed.bibliography and "Welles" in printed.bibliography
    assert printed.page_size == (612, 792)  # US Letter from metadata.yaml
    assert printed.font_families == {"linlibertine"}
    _check_metadata_and_bookmarks(output)


def _check_metadata_and_bookmarks(pdf: Path) -> None:
    import pypdf

    reader = pypdf.PdfReader(pdf)
    info = reader.metadata or {}
    assert info["/Title"] == "The Cassandra in the Foreign Commissariat"
    assert info["/Author"] == "Vojtech Mastny"
    assert "Litvinov" in info["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == "en-US"
    [title, sections] = reader.outline
    assert title.title == "The Cassandra in the Foreign Commissariat"
    assert [s.title for s in sections] == ["I", "II", "III", "IV", "V", "VI", "Bibliography"]


EVIL = r"\input{/etc/passwd} \write18{touch PWNED} \def\x{} % $ # _ ^ ~ \ { }"
EVIL_MD = EVIL.replace("\\", "\\\\").replace("_", "\\_").replace("{", "\\{").replace("}", "\\}")
EVIL_MD = EVIL_MD.replace("$", "\\$").replace("#", "\\#").replace("^", "\\^").replace("~", "\\~")
EVIL_MD = EVIL_MD.replace("%", "\\%")
# The .bib field: the same without "^" (the bib reader decodes \textasciicircum{} to U+02C6,
# which is its business, not the writer's).
EVIL_BIB = EVIL.replace("^ ", "")
# How a .bib file spells each special character as text (BibTeX fields are LaTeX).
BIB_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "$": r"\$",
               "#": r"\#", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}


def evil_project(folder: Path, pwned: Path) -> Path:
    """A one-section project whose Markdown text and .bib entry hold TeX commands."""
    manuscript = folder / "manuscript"
    manuscript.mkdir(parents=True)
    (manuscript / "metadata.yaml").write_text(
        'title: "Escaping"\nauthor: "A. Tester"\nlang: en-US\n', encoding="utf-8")
    evil_md = EVIL_MD.replace("PWNED", str(pwned))
    (manuscript / "01-text.md").write_text(
        f"Body {evil_md} here.[@evil]\n\nA note follows.[^hand]\n\n[^hand]: Hand {evil_md}\n",
        encoding="utf-8")
    # In the publisher, which no style title-cases: the test is about escaping.
    publisher = "".join(BIB_ESCAPES.get(c, c) for c in EVIL_BIB.replace("PWNED", str(pwned)))
    (folder / "bibliography.bib").write_text(
        "@book{evil,\n  author = {Doe, Jane},\n  title = {A Title},\n"
        "  publisher = {" + publisher + "},\n  year = {2001}\n}\n", encoding="utf-8")
    return folder


def test_latex_specials_in_markdown_and_bib_print_literally(tmp_path: Path) -> None:
    pwned = tmp_path / "pwned"
    project = evil_project(tmp_path / "project", pwned)
    output = tmp_path / "evil.pdf"
    code, messages = run_build(project, output)
    assert code == 0, messages
    import pdfplumber

    with pdfplumber.open(output) as pdf:
        text = "\n".join(p.extract_text(x_tolerance=1.5) or "" for p in pdf.pages)
    assert found_in(EVIL.replace("PWNED", str(pwned)), text) == 2  # body, hand-written note
    assert found_in(EVIL_BIB.replace("PWNED", str(pwned)), text) == 2  # citation, bibliography
    assert "root:" not in text  # /etc/passwd was not read
    assert not pwned.exists()


def test_tex_failure_is_positioned_and_keeps_previous_pdf(
        repo_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Force a TeX error on the line holding the first paragraph's text."""
    from typeset.engines import latexmk
    from typeset.engines.base import WriterOutput

    original = latexmk.LatexmkEngine.compile
    marker = "Toward the end of his long"

    def broken_compile(self, source, workdir, output):  # type: ignore[no-untyped-def]
        text = source.source.replace(marker, marker + r" \undefinedcs", 1)
        return original(self, WriterOutput(text, source.source_map), workdir, output)

    monkeypatch.setattr(latexmk.LatexmkEngine, "compile", broken_compile)
    project = tmp_path / "project"
    shutil.copytree(repo_root / "manuscript", project / "manuscript")
    shutil.copy(repo_root / "bibliography.bib", project / "bibliography.bib")
    if (repo_root / "styles").is_dir():
        shutil.copytree(repo_root / "styles", project / "styles")
    output = tmp_path / "out.pdf"
    output.write_bytes(b"%PDF previous")
    code, messages = run_build(project, output)
    assert code == 1
    first_error = next(line for line in messages.splitlines() if "error" in line)
    assert re.search(r"01-incidents\.md:3(:\d+)?: error\[tex-error\]", first_error), messages
    assert "Undefined control sequence" in first_error
    assert "Traceback" not in messages
    assert output.read_bytes() == b"%PDF previous"
