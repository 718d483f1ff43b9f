"""Did-you-mean suggestions for unknown CSL style names."""

from __future__ import annotations

from pathlib import Path

import pytest

from typeset.diagnostics import Span, error, warning
from typeset.style_names import suggest_styles, with_suggestions


@pytest.mark.parametrize(("name", "first"), [
    ("chicago-note-bibliography", "chicago-notes-bibliography"),
    ("chicgo-author-date", "chicago-author-date"),
    ("apa7", "apa"),
    ("mla", "modern-language-association"),
    ("chicago", "chicago-notes-bibliography"),
    ("nature.csl", "nature"),
])
def test_close_names(name: str, first: str) -> None:
    assert suggest_styles(name)[0] == first


def test_nothing_close_means_no_suggestion() -> None:
    assert suggest_styles("zzzzqqqq") == [] and suggest_styles("") == []


def test_local_styles_are_suggested(tmp_path: Path) -> None:
    (tmp_path / "my-house-style.csl").write_text("<style/>", encoding="utf-8")
    assert suggest_styles("my-hous-style", [tmp_path]) == ["my-house-style"]


def test_only_unknown_style_diagnostics_change() -> None:
    diag = error("unknown-style", "unknown CSL style 'mla'", Span("mla"))
    assert with_suggestions(diag, "mla").message.endswith(
        "; did you mean 'modern-language-association'?")
    other = warning("bib-date", "x")
    assert with_suggestions(other, "mla") is other
