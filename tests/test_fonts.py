"""The house font's fallback chain and the characters no font of it has (typeset/fonts.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from typeset import fonts
from typeset.diagnostics import Span, warning
from typeset.house import HouseStyle
from typeset.writers.latex_preamble import with_font_fallback

ADLAM = "\U0001e900"  # in no font of the chain


def _need(*families: str) -> None:
    for family in families:
        if fonts.font_file(family) is None:
            pytest.skip(f"{family} is not installed (bash .ci/install)")


def test_the_house_ranges_are_in_the_house_font() -> None:
    """Text of these characters reads no font: Libertine must really hold them all."""
    _need(fonts.HOUSE_FONT)
    house = fonts.house_coverage()
    for low, high in fonts._HOUSE_RANGES:
        assert [hex(p) for p in range(low, high + 1) if p not in house] == []


def test_latin_text_reads_no_font(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_family: str) -> str:
        raise AssertionError("a font was looked up")

    monkeypatch.setattr(fonts, "font_file", refuse)
    text = "“Ærøskøbing” — Łódź, naïve café; 10–12 ‘quoted’ Ş ẞ\u00a0ĳ\u200b\u00ad"
    assert not fonts.needs_fallback(text)
    assert fonts.unprintable(text) == []


def test_characters_outside_libertine_need_the_fallback() -> None:
    _need(fonts.HOUSE_FONT)
    assert not fonts.needs_fallback("Ἀρχή, Ѣ, שלום, ʃ ŋ, ≤ → ∞")  # Libertine has these
    for text in ("東京", "हिन्दी", "السلام", "😀", "┌─┐", "ԁ"):
        assert fonts.needs_fallback(text), text


def test_only_characters_no_font_has_are_unprintable() -> None:
    _need(fonts.HOUSE_FONT, *(font.family for font in fonts.FALLBACK))
    assert fonts.unprintable(f"東京 हिन्दी 😀 ┌─┐ {ADLAM} x \ua984") == [ADLAM, "\ua984"]


def test_coverage_is_cached_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _need(fonts.HOUSE_FONT)
    path = fonts.font_file(fonts.HOUSE_FONT)
    assert path is not None
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    fonts.coverage.cache_clear()
    first = fonts.coverage(path)
    assert ord("é") in first and list((tmp_path / "typeset" / "fonts").glob("*.json"))
    fonts.coverage.cache_clear()
    monkeypatch.setattr(fonts, "_read_cmap", lambda _path: pytest.fail("read the font again"))
    assert fonts.coverage(path) == first
    fonts.coverage.cache_clear()


def test_a_family_that_is_not_installed_has_no_file() -> None:
    assert fonts.font_file("No Such Font Family Anywhere") is None


def test_the_latex_preamble_gets_the_chain_only_when_the_text_needs_it() -> None:
    _need(fonts.HOUSE_FONT)
    house = HouseStyle()
    head = r"\setmainfont{Linux Libertine O}[Ligatures={TeXOff}]" + "\n" + r"\begin{document}"
    plain = head + "\n“Café” — naïve\n"
    assert with_font_fallback(plain, house) == plain
    needs = head + "\n東京\n"
    added = with_font_fallback(needs, house)
    assert added.count("\n") == needs.count("\n") + 2  # the fallback and CJK line breaks
    assert "'typeset.cjk-breaks'" in added
    hindi = head + "\nहिन्दी\n"
    assert with_font_fallback(hindi, house).count("\n") == hindi.count("\n") + 1
    assert r'\directlua{luaotfload.add_fallback("typesetfallback",{"FreeSerif:mode=harf;",' in added
    assert r"[Ligatures={TeXOff},RawFeature={fallback=typesetfallback}]" in added
    code = head + "\n\\begin{Verbatim}[commandchars=\\\\\\{\\}]\n├── λ\n\\end{Verbatim}\n"
    both = with_font_fallback(code, house)
    assert r"\setmonofont{Latin Modern Mono}[RawFeature={fallback=typesetmonofallback}]" in both
    assert '"DejaVu Sans Mono:mode=harf;"' in both
    ascii_code = head + "\n\\texttt{plain()} “Café”\n"
    assert with_font_fallback(ascii_code, house) == ascii_code
    other = HouseStyle(font_family="TeX Gyre Pagella")
    assert with_font_fallback(needs, other) == needs  # a font of the project's own: as set


def test_the_engines_notice_of_a_reported_character_is_dropped() -> None:
    reported = [fonts.missing_glyph(ADLAM, Span("paper.md", 3, 5))]
    engine = [
        warning("font-missing-glyph", "LaTeX printed nothing for U+1E900 ADLAM CAPITAL LETTER "
                "ALIF ('x'): ..."),
        warning("weasyprint", '.notdef glyph rendered for Unicode string unsupported by fonts: '
                '"x" (U+1E900)'),
        warning("weasyprint", '.notdef glyph rendered for Unicode string unsupported by fonts: '
                '"y" (U+1E901)'),
        warning("tex-error", "something else U+1E900"),
    ]
    kept = fonts.unreported(engine, reported)
    assert [d.code for d in kept] == ["weasyprint", "tex-error"]
    assert "U+1E901" in kept[0].message


def test_check_reports_what_the_build_reports(tmp_path: Path) -> None:
    """``typeset check`` finds the same characters at the same places, reading no PDF."""
    from typeset import check

    _need(fonts.HOUSE_FONT, *(font.family for font in fonts.FALLBACK))
    paper = tmp_path / "paper.md"
    paper.write_text(f"---\ntitle: T\n---\n\nFirst.\n\nAdlam {ADLAM} and 東京.\n",
                     encoding="utf-8")
    found = [d for d in check(paper) if d.code == "font-missing-glyph"]
    assert [(d.span.line, d.span.col) for d in found if d.span] == [(7, 7)]
    assert "U+1E900 ADLAM CAPITAL LETTER ALIF" in found[0].message


def test_a_character_in_code_no_code_font_has_is_placed_in_the_block(tmp_path: Path) -> None:
    from typeset import check

    _need(fonts.MONO_FONT, *(font.family for font in fonts.MONO_FALLBACK))
    paper = tmp_path / "paper.md"
    paper.write_text(f"---\ntitle: T\n---\n\n```\n├── ok\n  x {ADLAM}\n```\n", encoding="utf-8")
    found = [d for d in check(paper) if d.code == "font-missing-glyph"]
    assert [(d.span.line, d.span.col) for d in found if d.span] == [(7, 5)]
    assert "in code" in found[0].message and "DejaVu Sans Mono" in found[0].message


def test_without_fontconfig_nothing_is_claimed_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "font_file", lambda _family: None)
    monkeypatch.setattr(fonts, "chain_coverage", lambda mono=False: frozenset())
    assert fonts.unprintable(f"東京 {ADLAM}") == []
