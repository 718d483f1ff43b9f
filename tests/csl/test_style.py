"""Style parsing: model, diagnostics with positions, resolution, cache."""

from __future__ import annotations

import pytest

from typeset.csl.style import load_style_text, parse_style_text, resolve_style
from typeset.diagnostics import TypesetError

MINIMAL = """<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0"
  initialize-with=". " default-locale="fr-FR">
  <macro name="m"><text variable="title"/></macro>
  <citation><layout><text macro="m"/></layout></citation>
</style>"""


def test_parses_macros_sections_and_root_options() -> None:
    style = parse_style_text(MINIMAL)
    assert style.cls == "note"
    assert style.attrs["initialize-with"] == ". "
    assert style.default_locale == "fr-FR"
    assert set(style.macros) == {"m"}
    assert style.citation is not None and style.bibliography is None
    layout = style.citation.child("layout")
    assert layout is not None and layout.children[0].attrs == {"macro": "m"}


def test_malformed_xml_names_file_and_line() -> None:
    with pytest.raises(TypesetError) as info:
        parse_style_text("<style>\n<citation>\n</style>", "broken.csl")
    diag = info.value.diagnostics[0]
    assert diag.code == "style-syntax"
    assert diag.span is not None and diag.span.path == "broken.csl" and diag.span.line >= 2


def test_undefined_macro_renders_nothing() -> None:
    """citeproc-js never fails on a call to an undefined macro (styles call them in
    branches never taken); the call renders nothing (issue 12)."""
    xml = MINIMAL.replace('<text macro="m"/>', '<text macro="nope"/>')
    style = parse_style_text(xml, "s.csl")
    assert style.macros["nope"].children == ()


def test_unknown_style_name() -> None:
    with pytest.raises(TypesetError) as info:
        resolve_style("no-such-style-anywhere")
    assert info.value.diagnostics[0].code == "unknown-style"


def test_collection_name_and_local_styles_dir(tmp_path) -> None:
    assert resolve_style("apa").citation is not None
    (tmp_path / "mine.csl").write_text(MINIMAL, encoding="utf-8")
    assert resolve_style("mine", (tmp_path,)).cls == "note"


def test_compiled_style_cache_round_trip(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    big = MINIMAL.replace("</style>", "<!--" + "x" * 30000 + "--></style>").encode()
    first = load_style_text(big, "a.csl")
    assert list((tmp_path / "typeset" / "csl").glob("*.pickle"))
    second = load_style_text(big, "b.csl")
    assert repr(second.macros) == repr(first.macros) and second.path == "b.csl"  # El: identity eq


def test_unwritable_cache_is_not_an_error(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    big = MINIMAL.replace("</style>", "<!--" + "x" * 30000 + "--></style>").encode()
    assert load_style_text(big, "a.csl").cls == "note"


def test_cache_key_follows_the_model_source(tmp_path, monkeypatch) -> None:
    """A changed style.py (the pickled model's definition) never reads an old pickle."""
    from typeset.csl import style as style_module

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    big = MINIMAL.replace("</style>", "<!--" + "x" * 30000 + "--></style>").encode()
    load_style_text(big, "a.csl")
    load_style_text(big, "a.csl")
    assert len(list(tmp_path.rglob("*.pickle"))) == 1
    monkeypatch.setattr(style_module, "_format_fingerprint", lambda: b"another model")
    load_style_text(big, "a.csl")
    assert len(list(tmp_path.rglob("*.pickle"))) == 2
    monkeypatch.setattr(style_module, "_format_fingerprint", lambda: None)
    assert load_style_text(big, "a.csl").cls == "note"  # no source: no cache, still parsed
    assert len(list(tmp_path.rglob("*.pickle"))) == 2


DEPENDENT = """<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"
  default-locale="de-DE"><info><title>Child</title><id>child</id>
  <link href="http://www.zotero.org/styles/parent-style" rel="independent-parent"/></info>
</style>"""

PARENT = """<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <citation><layout><text variable="title"/></layout></citation>
</style>"""


def test_a_dependent_style_takes_its_parents_citation(tmp_path) -> None:
    """A dependent style has no cs:citation of its own and is no invalid style: it
    borrows its parent's formatting and keeps its own locale (CSL 1.0.2)."""
    (tmp_path / "parent-style.csl").write_text(PARENT, encoding="utf-8")
    child = tmp_path / "child.csl"
    child.write_text(DEPENDENT, encoding="utf-8")
    style = resolve_style(str(child), (tmp_path,))
    assert style.citation is not None and style.cls == "note"
    assert style.default_locale == "de-DE"


def test_a_style_without_citation_or_parent_is_invalid() -> None:
    with pytest.raises(TypesetError, match="no <citation>"):
        parse_style_text(DEPENDENT.replace('rel="independent-parent"', 'rel="template"'))
