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


def test_a_locale_file_is_read_from_the_cache_the_second_time(tmp_path, monkeypatch) -> None:
    """Locales share the styles' content-keyed cache: no XML parse once it is there, and a
    corrupt entry is parsed again (a missed optimisation, never an error)."""
    from pathlib import Path

    import typeset.csl.style as style_mod
    from typeset.csl.style import load_tree

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    xml = tmp_path / "locales-xx-XX.xml"
    xml.write_text('<locale xmlns="http://purl.org/net/xbiblio/csl" xml:lang="xx-XX">'
                   '<terms><term name="and">und</term></terms></locale>', encoding="utf-8")
    first = load_tree(xml)
    assert first is not None and first.children[0].children[0].text == "und"

    def no_parse(node):
        raise AssertionError("parsed again")
    monkeypatch.setattr(style_mod, "_convert", no_parse)
    assert repr(load_tree(xml)) == repr(first)  # El compares by identity
    (entry,) = Path(tmp_path, "typeset", "csl").glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    again = load_tree(xml)
    assert again is not None and again.children[0].children[0].text == "und"
    assert load_tree(tmp_path / "missing.xml") is None
