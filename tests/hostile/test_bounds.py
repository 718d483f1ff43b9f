"""Bounded everything: input that would recurse without end, nest without limit or carry
an out-of-range value is a positioned diagnostic, never a RecursionError, a KeyError or
an engine failure, and it is found in linear time."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from typeset.checks import check_project
from typeset.cli import main
from typeset.confine import JsonTooDeep, json_too_deep, loads_bounded
from typeset.csl.style import parse_style_text
from typeset.diagnostics import TypesetError
from typeset.pipeline import build

from .conftest import RecordingEngine

STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><title>Test</title><id>test</id></info>
  <macro name="one">
    <text macro="two"/>
  </macro>
  <macro name="two">
    <group>
      <text variable="title" font-style="italic"/>
      <text macro="ONE_OR_NOTHING"/>
    </group>
  </macro>
  <citation>
    <layout><text macro="one"/></layout>
  </citation>
</style>
"""


def _style(**swap: str) -> str:
    text = STYLE
    for old, new in swap.items():
        text = text.replace(old, new)
    return text


def _codes_at(diagnostics: list, code: str) -> list[str]:
    return [f"{Path(d.span.path).name}:{d.span.line}:{d.span.col}" for d in diagnostics
            if d.code == code]


# --- CSL ----------------------------------------------------------------------------


def test_a_style_without_recursion_loads() -> None:
    style = parse_style_text(_style(**{'<text macro="ONE_OR_NOTHING"/>': ""}), "ok.csl")
    assert set(style.macros) == {"one", "two"}


def test_mutually_recursive_macros_are_an_error_at_load_with_the_line() -> None:
    with pytest.raises(TypesetError) as exc:
        parse_style_text(_style(ONE_OR_NOTHING="one"), "rec.csl")
    (diag,) = exc.value.diagnostics
    assert diag.code == "style-invalid" and diag.span.path == "rec.csl" and diag.span.line == 10
    assert diag.message == "macro 'one' calls itself (one -> two -> one)"


def test_a_macro_calling_itself_is_an_error() -> None:
    with pytest.raises(TypesetError) as exc:
        parse_style_text(_style(ONE_OR_NOTHING="two"), "self.csl")
    assert exc.value.diagnostics[0].message == "macro 'two' calls itself (two -> two)"


def test_a_long_macro_chain_is_checked_without_recursion() -> None:
    macros = "".join(f'<macro name="m{i}"><text macro="m{i + 1}"/></macro>' for i in range(3000))
    xml = _style(**{'<text macro="ONE_OR_NOTHING"/>': "",
                    "<citation>": macros + '<macro name="m3000"><text macro="m0"/></macro><citation>'})
    with pytest.raises(TypesetError) as exc:
        parse_style_text(xml, "long.csl")
    assert exc.value.diagnostics[0].message.startswith("macro 'm0' calls itself (m0 -> m1 -> ")


@pytest.mark.parametrize(("attribute", "message"), [
    ('font-style="bogus"', "<text> font-style='bogus' is not one of normal, italic, oblique"),
    ('font-weight="heavy"', "<text> font-weight='heavy' is not one of normal, bold, light"),
    ('et-al-min="x7"', "<text> et-al-min='x7' is not a whole number from 0 to 10000"),
    ('et-al-min="99999999999"', "<text> et-al-min='99999999999' is not a whole number from 0 "
                                "to 10000"),
])
def test_attribute_values_outside_the_spec_are_errors_not_key_errors(attribute: str,
                                                                    message: str) -> None:
    xml = _style(**{'<text macro="ONE_OR_NOTHING"/>': "", 'font-style="italic"': attribute})
    with pytest.raises(TypesetError) as exc:
        parse_style_text(xml, "bad.csl")
    (diag,) = exc.value.diagnostics
    assert (diag.code, diag.message, diag.span.line) == ("style-invalid", message, 9)


def test_a_bogus_font_style_in_a_project_style_fails_the_build_cleanly(
        project: Path, engine: RecordingEngine) -> None:
    (project / "styles").mkdir()
    (project / "styles" / "bad.csl").write_text(
        _style(**{'<text macro="ONE_OR_NOTHING"/>': "", 'font-style="italic"': 'font-style="x"'}),
        encoding="utf-8")
    with pytest.raises(TypesetError) as exc:
        build(project, engine=engine, style="bad")
    assert _codes_at(exc.value.diagnostics, "style-invalid") == ["bad.csl:9:0"]
    assert not engine.sources


# --- JSON and YAML depth ------------------------------------------------------------------


def test_json_depth_scan_skips_strings_and_finds_the_position() -> None:
    assert json_too_deep('[{"a": "[[[[[[[["}]', limit=2) is None
    assert json_too_deep('[\n [\n  [1]]]', limit=2) == (3, 3)
    text = "[" * 10_000 + "]" * 10_000
    start = time.perf_counter()
    assert json_too_deep(text) == (1, 65)
    assert time.perf_counter() - start < 0.5


def test_bounded_loading_measures_depth_on_the_parsed_value() -> None:
    # 100 levels: json.loads parses it, the depth walk refuses it at the 65th level
    with pytest.raises(JsonTooDeep) as caught:
        loads_bounded('{"a": ' + "[" * 99 + "]" * 99 + "}")
    assert caught.value.position == (1, 70)  # the 64th "[" after "{"
    with pytest.raises(JsonTooDeep) as caught:  # deeper than the C decoder goes
        loads_bounded("[" * 5000 + "]" * 5000)
    assert caught.value.position == (1, 65)
    # exactly the limit is fine; brackets inside strings are no nesting
    assert loads_bounded("[" * 64 + "]" * 64, limit=64) is not None
    assert loads_bounded('[{"a": "[[[[[[[["}]', limit=2) == [{"a": "[[[[[[[["}]
    with pytest.raises(JsonTooDeep):
        loads_bounded('[{"a": [1]}]', limit=2)


def test_a_10000_deep_citation_file_is_an_error_at_its_place(project: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.json"
    notes.write_text("[" * 10_000 + "]" * 10_000, encoding="utf-8")
    result = CliRunner().invoke(main, ["cite", "--style", "chicago-notes-bibliography",
                                       "--references", str(project / "bibliography.bib"),
                                       str(notes)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "notes.json:1:65: error[json]: JSON nested deeper than 64 levels" in result.output


def test_a_shallow_citation_file_still_works(project: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.json"
    notes.write_text(json.dumps([[{"id": "doe2001", "locator": "3"}]]), encoding="utf-8")
    result = CliRunner().invoke(main, ["cite", "--style", "chicago-notes-bibliography",
                                       "--references", str(project / "bibliography.bib"),
                                       "--format", "text", str(notes)])
    assert result.exit_code == 0, result.output
    assert "A Book" in result.output


@pytest.mark.parametrize(("name", "text", "code"), [
    ("refs.json", "[" * 10_000 + "]" * 10_000, "bib-json"),
    ("refs.yaml", "- id: x\n  title: " + "[" * 10_000 + "]" * 10_000 + "\n", "bib-yaml"),
])
def test_deep_reference_files_are_errors(project: Path, name: str, text: str, code: str) -> None:
    (project / name).write_text(text, encoding="utf-8")
    meta = project / "manuscript" / "metadata.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + f"bibliography: {name}\n", encoding="utf-8")
    found = check_project(project)
    assert _codes_at(found, code) == [f"{name}:{1 if code == 'bib-json' else 2}:"
                                      f"{65 if code == 'bib-json' else 74}"]


def test_deep_metadata_is_an_error_at_its_line(project: Path) -> None:
    meta = project / "manuscript" / "metadata.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "keywords: " + "[" * 5000 + "]" * 5000
                    + "\n", encoding="utf-8")
    found = check_project(project)
    assert _codes_at(found, "meta-yaml") == ["metadata.yaml:4:75"]
    assert found[0].message == "invalid YAML: nested too deeply"


# --- metadata values and the environment --------------------------------------------------


@pytest.mark.parametrize("size", ["0pt", "4.9pt", "31pt", "500pt", "99999pt", "1" * 40 + "pt"])
def test_font_sizes_outside_5_to_30_pt_are_metadata_errors(project: Path, size: str) -> None:
    meta = project / "manuscript" / "metadata.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + f"fontsize: {size}\n", encoding="utf-8")
    found = [d for d in check_project(project) if d.code == "meta-value"]
    assert _codes_at(found, "meta-value") == ["metadata.yaml:4:11"]
    assert "fontsize: expected a size" in found[0].message


@pytest.mark.parametrize("size", ["5pt", "10.5pt", "30pt", "12"])
def test_font_sizes_in_range_pass(project: Path, size: str) -> None:
    meta = project / "manuscript" / "metadata.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + f"fontsize: {size}\n", encoding="utf-8")
    assert not [d for d in check_project(project) if d.code == "meta-value"]


@pytest.mark.parametrize("value", ["abc", "-5", "1e9", "99999999999999", "12.5", "٣"])
def test_an_invalid_source_date_epoch_fails_before_either_route(
        project: Path, engine: RecordingEngine, value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(TypesetError) as exc:
        build(project, engine=engine)
    (diag,) = exc.value.diagnostics
    assert diag.code == "env-source-date-epoch" and "SOURCE_DATE_EPOCH must be" in diag.message
    assert not engine.sources and not (project / "build").exists()


def test_a_valid_source_date_epoch_builds(project: Path, engine: RecordingEngine,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", " 1700000000 ")
    build(project, engine=engine)
    assert engine.sources


# --- Markdown nesting ----------------------------------------------------------------------


def _section(project: Path, text: str) -> None:
    (project / "manuscript" / "01-one.md").write_text(text, encoding="utf-8")


def test_a_list_ten_deep_is_read_whole(project: Path) -> None:
    from typeset.doc.model import BulletList
    from typeset.project import read_project

    _section(project, "# One\n\n" + "\n".join("  " * i + f"- level {i + 1}" for i in range(10)))
    doc, _ = read_project(project)
    depth, blocks = 0, doc.sections[0].blocks
    while True:
        lists = [b for b in blocks if isinstance(b, BulletList)]
        if not lists:
            break
        depth += 1
        blocks = lists[0].items[0]
    assert depth == 10


@pytest.mark.parametrize(("text", "what"), [
    ("\n".join("  " * i + f"- level {i + 1}" for i in range(50)), "blocks nested deeper"),
    ("> " * 120 + "x", "blocks nested deeper"),
    ("*" * 5000 + "x" + "*" * 5000, "emphasis, links or spans nested deeper than 64"),
])
def test_nesting_past_the_limit_is_an_error_at_its_line(project: Path, text: str,
                                                        what: str) -> None:
    _section(project, "# One\n\nFine.\n\n" + text + "\n")
    start = time.perf_counter()
    found = [d for d in check_project(project) if d.code == "md-nesting"]
    assert time.perf_counter() - start < 5
    assert len(found) == 1 and found[0].message.startswith(what)
    assert found[0].span.path.endswith("01-one.md") and found[0].span.line >= 5


@pytest.mark.latex
@pytest.mark.slow
def test_latex_builds_a_list_twelve_deep(project: Path, tmp_path: Path) -> None:
    import pypdf

    _section(project, "# One\n\n" + "\n".join("  " * i + f"- level {i + 1}" for i in range(12))
             + "\n\n" + "\n".join("   " * i + f"1. num {i + 1}" for i in range(12)) + "\n")
    output = tmp_path / "deep.pdf"
    build(project, route="latex", output=output)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(output).pages)
    assert all(f"level {i}" in text and f"num {i}" in text for i in range(1, 13))


# --- crossref and xdata chains ---------------------------------------------------------------


def _bib(project: Path, text: str) -> None:
    (project / "bibliography.bib").write_text(text, encoding="utf-8")


def test_a_3000_long_crossref_chain_is_an_error_not_a_recursion(project: Path) -> None:
    lines = ["@book{doe2001, author={Doe, Jane}, title={A Book}, crossref={e0}}"]
    lines += [f"@book{{e{i}, title={{T{i}}}, crossref={{e{i + 1}}}}}" for i in range(3000)]
    lines.append("@book{e3000, publisher={P}, year={2001}}")
    _bib(project, "\n".join(lines) + "\n")
    found = [d for d in check_project(project) if d.code.startswith("bib-crossref")]
    assert [d.code for d in found] == ["bib-crossref-depth"]
    assert "chain longer than 64 entries" in found[0].message and found[0].span.line == 64


def test_a_crossref_cycle_is_an_error_at_the_entry_that_closes_it(project: Path) -> None:
    _bib(project, "@book{doe2001, author={Doe, Jane}, title={A Book}, year={2001}, crossref={a}}\n"
                  "@book{a, crossref={b}}\n@book{b, crossref={a}}\n")
    found = [d for d in check_project(project) if d.code.startswith("bib-crossref")]
    assert [(d.code, d.span.line) for d in found] == [("bib-crossref-cycle", 3)]
    assert found[0].message == "b: crossref target 'a' leads back to 'b'"


def test_an_xdata_dag_resolves_in_linear_time(project: Path) -> None:
    lines = ["@book{doe2001, author={Doe, Jane}, title={A Book}, xdata={x0}}"]
    for i in range(40):  # each level names both nodes of the next: 2^40 paths
        lines.append(f"@xdata{{x{i}, xdata={{x{i + 1},y{i + 1}}}, note={{n}}}}")
        lines.append(f"@xdata{{y{i}, xdata={{x{i + 1},y{i + 1}}}, publisher={{P}}}}")
    lines += ["@xdata{x40, year={2001}}", "@xdata{y40, year={2001}}"]
    _bib(project, "\n".join(lines) + "\n")
    start = time.perf_counter()
    found = check_project(project)
    assert time.perf_counter() - start < 5
    assert not [d for d in found if d.is_error]


# --- size and time --------------------------------------------------------------------------


def test_an_at_string_bomb_is_cut_with_an_error(project: Path) -> None:
    lines = ['@string{s0 = "aaaaaaaaaa"}']
    lines += [f"@string{{s{i} = s{i - 1} # s{i - 1}}}" for i in range(1, 40)]
    lines.append("@book{doe2001, author={Doe, Jane}, title = s39, year={2001}}")
    _bib(project, "\n".join(lines) + "\n")
    start = time.perf_counter()
    found = [d for d in check_project(project) if d.code == "bib-value-too-long"]
    assert time.perf_counter() - start < 10
    assert found and found[0].span.line == 18  # s17 = 10 * 2**17 > 1 MiB


@pytest.mark.parametrize("text", ["[" * 100_000, "See [@doe2001] and " + "[" * 100_000])
def test_a_hundred_thousand_brackets_read_in_about_a_second(project: Path, text: str) -> None:
    from typeset.readers.markdown import read_markdown

    start = time.perf_counter()
    blocks, found = read_markdown("# One\n\n" + text + "\n", "x.md")
    assert time.perf_counter() - start < 3  # 0.7 s here; shared CI machines are slower
    assert not [d for d in found if d.is_error]
    assert "[" * 1000 in repr(blocks[-1]).replace("', span", "")


# --- both routes accept the same text ---------------------------------------------------------


def test_a_style_without_citation_is_an_error_not_empty_notes() -> None:
    xml = STYLE.split("  <citation>")[0] + "</style>\n"
    with pytest.raises(TypesetError) as exc:
        parse_style_text(xml, "nocite.csl")
    assert exc.value.diagnostics[0].message == "the style has no <citation> element"


def test_nul_and_replacement_characters_are_reported_once_and_dropped() -> None:
    from typeset.readers.markdown import read_markdown

    blocks, found = read_markdown("# One\n\nA \ufffd and \x00 nul.\n", "x.md")
    assert [(d.code, d.span.line, d.span.col) for d in found] == [("md-unprintable", 3, 3)]
    assert "2 NUL or U+FFFD" in found[0].message
    assert "\ufffd" not in repr(blocks) and "\\x00" not in repr(blocks)


@pytest.mark.latex
@pytest.mark.slow
def test_latex_builds_text_that_held_a_replacement_character(project: Path, tmp_path: Path) -> None:
    import pypdf

    _section(project, "# One\n\nA \ufffd here and \x00 there.[@doe2001]\n")
    output = tmp_path / "r.pdf"
    result = build(project, route="latex", output=output)
    assert [d.code for d in result.diagnostics] == ["md-unprintable"]
    assert "here and there" in " ".join(p.extract_text() for p in pypdf.PdfReader(output).pages)
