"""``bib --tidy`` never changes content: every byte of field content kept, and a rewrite
that would read otherwise than the original is refused with the file left as it was."""

from __future__ import annotations

import functools
import importlib.util
import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from typeset.bib import parse_bibtex
from typeset.bib import tidy as tidy_module
from typeset.bib.tidy import content_change, tidy
from typeset.cli import main
from typeset.diagnostics import TypesetError

_FUZZ = Path(__file__).resolve().parents[2] / "benchmarks" / "fuzz.py"


@functools.cache
def _fuzz_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("typeset_bench_fuzz", _FUZZ)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read(text: str) -> dict[str, dict[str, str]]:
    return parse_bibtex(text, "x.bib").raw


def test_a_percent_inside_braces_is_kept() -> None:
    source = "@book{a, title = {Journey%}, note = {50% of it}, year = {2001}}\n"
    tidied = tidy(source)
    assert "{Journey%}" in tidied and "{50% of it}" in tidied
    assert _read(tidied) == _read(source)


def test_an_escaped_brace_then_percent_in_a_url_is_refused_and_the_file_kept(
        project: Path) -> None:
    bib = project / "bibliography.bib"
    source = "@misc{doe2001, url = {a\\}%x}, year = {2001}}\n"
    bib.write_text(source, encoding="utf-8")
    result = CliRunner().invoke(main, ["bib", "--tidy", str(project)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "bibliography.bib:" in result.output and "error[bib-syntax]" in result.output
    assert bib.read_text(encoding="utf-8") == source


def test_duplicate_fields_in_different_case_keep_the_same_winner() -> None:
    for source in ("@book{a, Title = {First}, title = {Second}, year = {2001}}\n",
                   "@book{a, title = {First}, TITLE = {Second}, year = {2001}}\n"):
        assert _read(tidy(source)) == _read(source)


def test_a_comment_line_between_fields_does_not_swallow_the_next_field() -> None:
    source = "@book{a,\n  title = {T},\n  % a note {with a brace\n  year = {2001}\n}\n"
    assert _read(source) == {"a": {"title": "T", "year": "2001"}}
    tidied = tidy(source)
    assert "% a note {with a brace" in tidied and _read(tidied) == _read(source)


def test_a_comment_inside_a_concatenation_moves_above_its_field_and_reads_the_same() -> None:
    source = "@misc{a, title = {A} % first half\n # {B}, year = 2001}\n"
    tidied = tidy(source)
    assert "% first half" in tidied and _read(tidied) == _read(source) == {
        "a": {"title": "AB", "year": "2001"}}


def test_the_guard_refuses_a_rewrite_that_reads_otherwise(project: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A scanner mistake (simulated: the renderer drops a field) costs the rewrite,
    never content."""
    real = tidy_module._render

    def lossy(blocks: list) -> str:  # type: ignore[type-arg]
        return real(blocks).replace(",\n  year      = {2001}", "")

    monkeypatch.setattr(tidy_module, "_render", lossy)
    bib = project / "bibliography.bib"
    before = bib.read_bytes()
    with pytest.raises(TypesetError) as exc:
        tidy(before.decode("utf-8"), path="bibliography.bib")
    (diag,) = exc.value.diagnostics
    assert diag.code == "bib-tidy-unsafe" and (diag.span.path, diag.span.line) == (
        "bibliography.bib", 1)
    assert "doe2001: year '2001' would become None" in diag.message
    result = CliRunner().invoke(main, ["bib", "--tidy", str(project)])
    assert result.exit_code == 1 and "error[bib-tidy-unsafe]" in result.output
    assert bib.read_bytes() == before


def test_content_change_names_a_lost_entry() -> None:
    found = content_change("@book{a, title={A}}\n@book{b, title={B}}\n", "@book{a, title={A}}\n",
                           "x.bib")
    assert found is not None and "entry 'b' would be lost" in found.message
    assert found.span.line == 2


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_fuzzed_files_are_tidied_without_change_or_refused(seed: int) -> None:
    """The fixed-budget CI loop of benchmarks/fuzz.py (which runs thousands)."""
    fuzz = _fuzz_module()
    outcome = fuzz.classify(fuzz.random_file(random.Random(seed)))
    assert not outcome.startswith("BROKEN"), outcome
