"""PDF/A from both engines, checked by the structural checker in tests/pdfa.py; and the
checker itself fails on plain PDFs, so the passes mean something."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.pdfa import check_pdfa
from typeset.config import PDF_STANDARDS
from typeset.engines import latexmk, weasyprint
from typeset.engines.base import WriterOutput
from typeset.engines.latexmk import LatexmkEngine
from typeset.engines.pdfa_tex import build_moment, pretex, xmp_line, xmp_packet, xmp_properties
from typeset.engines.weasyprint import WeasyPrintEngine

pikepdf = pytest.importorskip("pikepdf")

HTML = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>A &amp; B</title>
<meta name="author" content="Ann Author"><meta name="keywords" content="one, two">
<meta name="dcterms.created" content="2020-01-02T03:04:05Z"></head>
<body><p>Hello <a href="https://example.org/">world</a>.</p></body></html>"""

# the preamble as the LaTeX writer makes it: hyperref's metadata and, for PDF/A, the
# XMP properties of the same metadata on a comment line
TEX = r"""\documentclass{article}
\usepackage{fontspec}
\usepackage{hyperref}
\hypersetup{pdftitle={A Title},pdfauthor={Ann Author},pdflang={en-US}}
""" + xmp_line(title="A Title", authors=["Ann Author"], subject="", keywords=[], lang="en-US",
               creator="LaTeX with hyperref") + r"""
\begin{document}
Hello \href{https://example.org/}{world}.\footnote{A note.}
\end{document}
"""


def test_both_engines_know_every_standard_the_metadata_allows() -> None:
    assert set(weasyprint.PDF_VARIANTS) == set(PDF_STANDARDS)
    assert set(latexmk.PDF_STANDARDS) == set(PDF_STANDARDS)


@pytest.mark.parametrize(("standard", "level"), [("a-2b", "A-2b"), ("a-2u", "A-2u"), ("a-3b", "A-3b")])
def test_pretex_tags_on_new_kernels_and_uses_primitives_on_old_ones(standard: str, level: str) -> None:
    assert pretex(standard, "de-AT") == (
        r"\IfFormatAtLeastTF{2024-06-01}"
        rf"{{\DocumentMetadata{{pdfstandard={level},lang=de-AT,testphase=phase-III}}"
        r"\pdfvariable omitcidset=1 }"
        r"{\input{typeset-pdfa.tex}}")


def test_no_pdfa_no_pretex() -> None:
    assert pretex("none", "de-AT") == ""


def test_pretex_keeps_only_tag_characters() -> None:
    assert "lang=enx," in pretex("a-3b", "en}\\x")


TRICKY = ["A & B <c> \"d\" 'e' ~f^^41 $g_h% #i \\j {k}", "Mikołajczyk — “quoted”\u2028x\x07",
          "two\n  lines\there"]


def _xmp_values(packet: bytes) -> dict[str, list[str]]:
    root = ET.fromstring(packet.split(b"?>", 1)[1].rsplit(b"<?xpacket", 1)[0])
    found: dict[str, list[str]] = {}
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1]
        if name == "li" or len(element) == 0:
            found.setdefault(name, []).append(element.text or "")
    return found


def test_xmp_line_is_one_ascii_comment_tex_cannot_misread() -> None:
    line = xmp_line(title=TRICKY[0], authors=TRICKY[1:], subject=TRICKY[2], keywords=TRICKY,
                    lang="pl-PL", creator="typeset")
    assert line.startswith("% typeset-xmp: ")
    assert line.isascii() and line.isprintable()
    body = line.removeprefix("% typeset-xmp: ")
    for char in "\\%{}^~$#\n":  # nothing TeX could read, nothing to end the comment
        assert char not in body.replace("&#", "")


def test_xmp_text_round_trips_as_hyperref_writes_it() -> None:
    """Each value comes back from the XML as typed, with its runs of ASCII white space made
    one space and characters XML cannot hold dropped (hyperref's Info holds the same; the
    e2e test compares the two)."""
    tex = "\\documentclass{article}\n" + xmp_line(
        title=TRICKY[0], authors=TRICKY[1:], subject=TRICKY[2], keywords=TRICKY[:2],
        lang="pl-PL", creator="typeset 1.0") + "%\n\\begin{document}\n"
    moment = build_moment({"SOURCE_DATE_EPOCH": "1577934245"})
    values = _xmp_values(xmp_packet(xmp_properties(tex), 2, "U", moment))
    tidy = [TRICKY[0], "Mikołajczyk — “quoted”\u2028x", "two lines here"]
    assert values["part"] == ["2"] and values["conformance"] == ["U"]
    assert values["li"] == [tidy[0], tidy[1], tidy[2], tidy[2], tidy[0], tidy[1], "pl-PL"]
    assert values["Keywords"] == [f"{tidy[0]}, {tidy[1]}"]
    assert values["CreatorTool"] == ["typeset 1.0"]
    assert values["CreateDate"] == values["ModifyDate"] == ["2020-01-02T03:04:05Z"]


def test_only_the_preambles_line_counts() -> None:
    line = xmp_line(title="Body", authors=[], subject="", keywords=[], lang="en", creator="")
    assert xmp_properties("\\documentclass{article}\n\\begin{document}\n" + line) == ""


@pytest.mark.parametrize(("standard", "part", "conformance"), [
    ("a-2b", 2, "B"), ("a-3b", 3, "B"), ("a-2u", 2, "U"),
])
def test_weasyprint_writes_pdfa(tmp_path: Path, standard: str, part: int, conformance: str) -> None:
    out = tmp_path / "a.pdf"
    result = WeasyPrintEngine().compile(WriterOutput(HTML, pdf_standard=standard), tmp_path, out)
    assert not result.diagnostics
    assert check_pdfa(out, part, conformance) == []


def test_weasyprint_plain_pdf_fails_the_checker_but_has_an_id(tmp_path: Path) -> None:
    out = tmp_path / "plain.pdf"
    WeasyPrintEngine().compile(WriterOutput(HTML, pdf_standard="none"), tmp_path, out)
    problems = check_pdfa(out)
    assert "no XMP metadata stream in the catalog" in problems
    assert "no /GTS_PDFA1 OutputIntent" in problems
    assert "no trailer /ID of two strings" not in problems


@pytest.mark.latex
@pytest.mark.parametrize(("standard", "part", "conformance"), [
    ("a-2b", 2, "B"), ("a-3b", 3, "B"), ("a-2u", 2, "U"),
])
def test_lualatex_writes_pdfa(tmp_path: Path, standard: str, part: int, conformance: str) -> None:
    out = tmp_path / "a.pdf"
    source = WriterOutput(TEX, pdf_standard=standard, lang="en-US")
    result = LatexmkEngine().compile(source, tmp_path, out)
    assert not [d for d in result.diagnostics if d.is_error or d.code == "pdfa-no-metadata"]
    assert check_pdfa(out, part, conformance) == []
    assert result.note_pages == {1: 1}
    with pikepdf.open(out) as pdf:
        assert pdf.Root.Lang == "en-US"
        assert [float(x) for x in pdf.pages[0].MediaBox] == pytest.approx([0, 0, 612, 792])
        assert pdf.Root.PageLabels.Nums[1].S == "/D"


@pytest.mark.latex
def test_lualatex_pdfa_dates_follow_source_date_epoch(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1577934245")
    out = tmp_path / "a.pdf"
    LatexmkEngine().compile(WriterOutput(TEX, pdf_standard="a-2b", lang="en-US"), tmp_path, out)
    with pikepdf.open(out) as pdf:
        meta = pdf.open_metadata()
        assert str(pdf.docinfo.CreationDate) == str(pdf.docinfo.ModDate) == "D:20200102030405Z"
        assert meta["xmp:CreateDate"] == meta["xmp:ModifyDate"] == "2020-01-02T03:04:05Z"
        first = out.read_bytes()
    LatexmkEngine().compile(WriterOutput(TEX, pdf_standard="a-2b", lang="en-US"), tmp_path, out)
    assert out.read_bytes() == first  # equal input and epoch: equal bytes


@pytest.mark.latex
def test_lualatex_plain_pdf_fails_the_checker(tmp_path: Path) -> None:
    out = tmp_path / "plain.pdf"
    LatexmkEngine().compile(WriterOutput(TEX, pdf_standard="none"), tmp_path, out)
    problems = check_pdfa(out)
    assert "no /GTS_PDFA1 OutputIntent" in problems
    assert any("differs from XMP" in p for p in problems)


@pytest.mark.latex
def test_lualatex_pdfa_writes_no_cidset_because_luatexs_misses_cid_0(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """LuaTeX's CIDSet leaves out CID 0, which the subset holds; PDF/A-2 wants a CIDSet,
    if any, complete (6.2.11.4.2), and the checker reads the font program to see it."""
    from typeset.engines import pdfa_tex

    out = tmp_path / "a.pdf"
    LatexmkEngine().compile(WriterOutput(TEX, pdf_standard="a-2b", lang="en-US"), tmp_path, out)
    with pikepdf.open(out) as pdf:
        fonts = list(pdf.pages[0].Resources.Font.values())
        assert fonts and all("/CIDSet" not in f.DescendantFonts[0].FontDescriptor for f in fonts)
    written = pdfa_tex.pdfa_tex
    monkeypatch.setattr(pdfa_tex, "pdfa_tex", lambda moment: written(moment).replace(
        "omitcidset=1", "omitcidset=0"))
    LatexmkEngine().compile(WriterOutput(TEX, pdf_standard="a-2b", lang="en-US"), tmp_path, out)
    problems = check_pdfa(out)
    assert problems and all("/CIDSet leaves out CIDs" in p and "[0]" in p for p in problems)


def test_the_checker_wants_tounicode_for_pdfa_u(tmp_path: Path) -> None:
    out = tmp_path / "u.pdf"
    WeasyPrintEngine().compile(WriterOutput(HTML, pdf_standard="a-2u"), tmp_path, out)
    assert check_pdfa(out, 2, "U") == []
    with pikepdf.open(out, allow_overwriting_input=True) as pdf:
        for font in pdf.pages[0].Resources.Font.values():
            del font["/ToUnicode"]
        pdf.save(out)
    problems = check_pdfa(out, 2, "U")
    assert problems and all(p.endswith("no /ToUnicode CMap") for p in problems)
    assert check_pdfa(out, 2, "B") == ["XMP identifies PDF/A 2U, expected 2B"]  # B: no rule
