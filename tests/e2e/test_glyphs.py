"""Nothing lost: every character of a manuscript in many scripts reaches the PDF's text in both
routes, or is a ``font-missing-glyph`` warning at its place (issue 10).

The fixture has a line per script or class of character Libertine lacks or might lack; both
routes print them from the same fallback fonts (typeset/fonts.py), and LuaTeX's log has no
"Missing character" for them (texlog turns each into a warning that names the font).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from typeset import fonts
from typeset.pipeline import build

LINES = [
    "CJK: 東京 北京大学 서울 ひらがな カタカナ",
    "Devanagari: संस्कृतम् हिन्दी",
    "Hebrew: שלום עולם",
    "Arabic: السلام عليكم",
    "Emoji: 😀 🎉 👍",
    "Math as text: ≤ ≥ → ∑ ∞ ≈ ∈ ∀ ∂ ⊂ ⊕ ∮",
    "Arrows: ← ↑ ↓ ↔ ⇒ ⇔ ↦ ↺",
    "Box drawing: ┌─┐ │ └─┘ ═ ║ ╬",
    "IPA: ʃ ʒ ŋ ɛ ɔ ə ɪ ʊ ʔ ɾ ˈ ː",
    "Combining: e\u0301 n\u0304 q\u0307 a\u0327",
    "Greek and Cyrillic extended: ἀρχή ᾧ Ѳ Ѣ ԁ Ӂ",
    "Hyphens and spaces: non\u2011breaking, 10\u202f000, a\u00a0b, thin\u2009space.",
]
NO_FONT = "Adlam: \U0001e900\U0001e901."  # no font of the chain has Adlam
ROUTES = ["html", pytest.param("latex", marks=pytest.mark.latex)]


def _paper(folder: Path, lines: list[str]) -> Path:
    paper = folder / "paper.md"
    body = "\n\n".join(lines)
    paper.write_text(f"---\ntitle: Glyphs\nauthor: A. Tester\n---\n\n{body}\n", encoding="utf-8")
    return paper


def _letters(text: str) -> set[str]:
    """The glyph-bearing characters, decomposed (an extractor may compose e + U+0301)."""
    return {c for c in unicodedata.normalize("NFD", text)
            if not c.isspace() and unicodedata.category(c) not in ("Zs", "Cf")}


def _need_the_chain() -> None:
    for family in (fonts.HOUSE_FONT, *(font.family for font in fonts.FALLBACK)):
        if fonts.font_file(family) is None:
            pytest.skip(f"{family} is not installed (bash .ci/install)")


@pytest.mark.parametrize("route", ROUTES)
def test_every_character_is_printed(tmp_path: Path, route: str) -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    _need_the_chain()
    result = build(_paper(tmp_path, LINES), route=route, output=tmp_path / "out.pdf")
    # no warning: neither ours, nor LuaTeX's "Missing character", nor WeasyPrint's .notdef
    assert [d.code for d in result.diagnostics] == []
    with pdfplumber.open(result.output) as pdf:
        printed = _letters("".join(page.extract_text() or "" for page in pdf.pages))
        used = {char["fontname"].split("+", 1)[-1] for page in pdf.pages for char in page.chars}
    for line in LINES:
        lost = sorted(_letters(line) - printed)
        assert lost == [], f"{line!r}: not in the PDF text: {[fonts.describe(c) for c in lost]}"
    # the same fonts in both routes: the house font and each font of the chain
    squeezed = {name.replace("-", "").lower() for name in used}
    for family in ("lin", "freeserif", "notosanscjk", "symbola"):  # Linux/LinLibertineO
        assert any(name.startswith(family) for name in squeezed), (family, used)


@pytest.mark.parametrize("route", ROUTES)
def test_a_character_no_font_has_is_warned_once_at_its_place(tmp_path: Path, route: str) -> None:
    _need_the_chain()
    paper = _paper(tmp_path, ["Plain text first.", NO_FONT, NO_FONT])
    result = build(paper, route=route, output=tmp_path / "out.pdf")
    glyphs = [d for d in result.diagnostics if d.code == "font-missing-glyph"]
    # the two Adlam letters, each once, at its first line and column (line 8: after the
    # front matter, a blank line, the first paragraph and a blank line)
    assert [str(d.span) for d in glyphs] == [f"{paper}:8:8", f"{paper}:8:9"]
    assert "U+1E900 ADLAM CAPITAL LETTER ALIF" in glyphs[0].message
    assert "U+1E901 ADLAM CAPITAL LETTER DAALI" in glyphs[1].message
    # and not again as the engine saw it
    assert not [d for d in result.diagnostics if "U+1E900" in d.message and d is not glyphs[0]]


CODE = "```\nproject/\n├── src/ → λ\n└── 東京.md 😀\n```\n\nInline `├─ λ` code."


@pytest.mark.parametrize("route", ROUTES)
def test_code_prints_from_the_code_fonts_chain(tmp_path: Path, route: str) -> None:
    """A directory tree in a code block: Latin Modern Mono has no box drawing, Greek or
    CJK; the LaTeX route gives it the chain the HTML route's code prints from."""
    pdfplumber = pytest.importorskip("pdfplumber")
    _need_the_chain()
    for family in (font.family for font in fonts.MONO_FALLBACK):
        if fonts.font_file(family) is None:
            pytest.skip(f"{family} is not installed (bash .ci/install)")
    result = build(_paper(tmp_path, ["A tree:", CODE]), route=route, output=tmp_path / "o.pdf")
    assert [d.code for d in result.diagnostics] == []
    with pdfplumber.open(result.output) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
        used = {char["fontname"].split("+", 1)[-1].replace("-", "").lower()
                for page in pdf.pages for char in page.chars}
    assert sorted(_letters(CODE.replace("`", "")) - _letters(text)) == []
    assert any(name.startswith("dejavusansmono") for name in used), used


CHINESE = ("职责：构建命令、持有读取器与写入器、调整尺寸。并发：每个终端一个专用读线程，"
           "这不是妥协而是正确做法。终端字节流不可丢帧，会撕裂转义序列，所以用有界通道加阻塞"
           "而非丢弃。每会话保留最近输出的环形缓冲，前端热重载或崩溃后终端不丢上下文。")


@pytest.mark.parametrize("route", ROUTES)
def test_a_paragraph_without_spaces_breaks_inside_the_page(tmp_path: Path, route: str) -> None:
    """Chinese has no spaces between words: LuaLaTeX ran the paragraph off the page."""
    pdfplumber = pytest.importorskip("pdfplumber")
    _need_the_chain()
    result = build(_paper(tmp_path, [CHINESE]), route=route, output=tmp_path / "o.pdf")
    assert [d.code for d in result.diagnostics] == []
    with pdfplumber.open(result.output) as pdf:
        page = pdf.pages[0]
        text = page.extract_text() or ""
        lines = {round(char["top"]) for char in page.chars if char["text"] in CHINESE}
        assert max(char["x1"] for char in page.chars) < page.width - 36
    assert sorted(_letters(CHINESE) - _letters(text)) == []
    assert len(lines) >= 3
    # kinsoku: no line starts with a closing comma or full stop
    starts = [line for line in text.splitlines() if line[:1] in "，。、："]
    assert starts == []


@pytest.mark.latex
def test_a_latin_document_gets_no_fallback(tmp_path: Path) -> None:
    paper = tmp_path / "paper.md"
    paper.write_text("---\ntitle: Plain\n---\n\n“Café” — naïve Łódź.\n", encoding="utf-8")
    result = build(paper, route="latex", output=tmp_path / "out.pdf", keep_intermediate=True)
    assert result.intermediate is not None
    assert "fallback" not in result.intermediate.read_text(encoding="utf-8")
