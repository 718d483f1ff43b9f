"""Locales: term forms and plurals, fallback chain, in-style overrides."""

from __future__ import annotations

from typeset.csl.locale import build_locale
from typeset.csl.style import parse_style_text


def test_en_us_terms_forms_and_plurals() -> None:
    loc = build_locale("en-US")
    assert loc.term("page") == "page"
    assert loc.term("page", plural=True) == "pages"
    assert loc.term("page", "short") == "p."
    assert loc.term("editor", "verb-short") == "ed. by"
    assert loc.term("ibid", "verb-short") == "ibid."  # falls back to long
    assert loc.term("ad") == " AD"  # leading space kept
    assert loc.punctuation_in_quote


def test_dialect_falls_back_to_language_then_en_us() -> None:
    de = build_locale("de-AT")
    assert de.term("and") == "und"
    assert build_locale("xx-YY").term("and") == "and"
    assert build_locale("fr-FR").punctuation_in_quote is False


def test_style_locale_overrides_and_ordinal_replacement() -> None:
    style = parse_style_text("""<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0">
      <locale><terms><term name="and">AND</term>
        <term name="ordinal">X</term></terms></locale>
      <locale xml:lang="en-US"><terms><term name="editor" form="short">
        <single>E</single><multiple>EE</multiple></term></terms></locale>
      <citation><layout><text value="x"/></layout></citation></style>""")
    loc = build_locale("en-US", style.locales)
    assert loc.term("and") == "AND"
    assert loc.term("editor", "short", plural=True) == "EE"
    assert loc.term("ordinal-01") is None  # any ordinal in the style replaces the set
    assert loc.term("ordinal") == "X"
