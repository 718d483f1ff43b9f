"""typeset.csl.rich is the engine's public face of typeset.rich: same model, same serialisers."""

from __future__ import annotations

import pytest

import typeset.rich
from typeset.csl import rich as csl_rich

ENTRY = (
    typeset.rich.Styled((typeset.rich.Text("1."),), display="left-margin"),
    typeset.rich.Styled((typeset.rich.Text("Mastny, a/b"),), display="right-inline"),
)


def test_model_is_re_exported() -> None:
    assert csl_rich.Text is typeset.rich.Text
    assert csl_rich.Styled is typeset.rich.Styled
    assert csl_rich.plain is typeset.rich.plain


@pytest.mark.parametrize("fmt", ["html", "text", "latex"])
def test_render_is_the_shared_serialiser(fmt: csl_rich.Format) -> None:
    assert csl_rich.render(ENTRY, fmt) == typeset.rich.render(ENTRY, fmt)


def test_render_formats_of_the_api() -> None:
    with pytest.raises(ValueError, match="unknown output format"):
        csl_rich.render(ENTRY, "markdown")  # type: ignore[arg-type]
