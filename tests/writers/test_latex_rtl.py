"""Right-to-left text in the LaTeX writer: babel's bidi setup is added only when the
document holds Hebrew or Arabic characters or marks such a language (the PDFs are read back
in tests/e2e/test_rtl.py)."""

from __future__ import annotations

from dataclasses import replace

from typeset.doc import model as m
from typeset.house import house_style
from typeset.readers.markdown import read_markdown
from typeset.writers.latex import write_latex
from typeset.writers.latex_preamble import babel_language, has_rtl


def tex(markdown: str, lang: str = "en-US") -> str:
    blocks, diagnostics = read_markdown(markdown, "paper.md")
    assert diagnostics == []
    doc = m.Document(replace(m.Meta(title="T"), lang=lang), (m.Section("paper.md", blocks),))
    return write_latex(doc, house_style(doc.meta))


def test_a_document_without_rtl_gets_no_bidi() -> None:
    source = tex("Plain English, *déjà vu* and Ελληνικά.\n")
    assert r"\usepackage{babel}%" in source
    assert "bidi" not in source and "babelfont" not in source and "hebrew" not in source


def test_hebrew_or_arabic_text_turns_on_bidi_and_harfbuzz_fonts() -> None:
    for word in ("שלום", "مرحبا"):
        source = tex(f"An English sentence with {word} inside.\n")
        assert r"\usepackage[bidi=basic]{babel}%" in source
        assert r"\babelprovide[import, onchar=ids fonts]{hebrew}" in source
        assert r"\babelprovide[import, onchar=ids fonts]{arabic}" in source
        assert r"\babelfont[arabic]{rm}[Renderer=HarfBuzz,ItalicFont=FreeSerif," in source
        assert r"\babelfont[hebrew]{rm}[Renderer=HarfBuzz]{Linux Libertine O}" in source
        assert r"\babelfont[arabic]{tt}[Renderer=HarfBuzz]{DejaVu Sans Mono}" in source
        # after the main language, each language provided once
        assert source.index(r"\babelprovide[import, main]{american}") < source.index("onchar")
        assert source.count("{hebrew}") == 1


def test_marked_spans_and_divs_switch_language() -> None:
    source = tex("[שלום]{lang=he} and [مرحبا]{lang=ar}.\n\n::: {lang=he}\nשלום עולם.\n:::\n")
    assert r"\foreignlanguage{hebrew}{שלום}" in source
    assert r"\foreignlanguage{arabic}{مرحبا}" in source
    assert "\\begin{otherlanguage}{hebrew}\nשלום עולם." in source
    assert r"\babelprovide[import]{hebrew}" not in source  # provided with onchar instead


def test_a_marked_rtl_language_without_rtl_letters_is_still_provided() -> None:
    source = tex("[shalom]{lang=he}\n")
    assert r"\foreignlanguage{hebrew}{shalom}" in source
    assert r"\babelprovide[import, onchar=ids fonts]{hebrew}" in source


def test_a_hebrew_main_language_is_not_provided_twice() -> None:
    source = tex("שלום עולם.\n", lang="he")
    assert r"\babelprovide[import, main]{hebrew}" in source
    assert "onchar=ids fonts]{hebrew}" not in source
    assert r"\babelprovide[import, onchar=ids fonts]{arabic}" in source


def test_language_tags_and_detection() -> None:
    assert babel_language("he") == ("hebrew", True)
    assert babel_language("ar-EG") == ("arabic", True)
    assert has_rtl("a ש b") and has_rtl("\ufeb3") and not has_rtl("abc déjà Ωμέγα 東京")
