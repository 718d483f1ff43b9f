"""The disk cache of rendered formulas: a second build (a new process) renders none again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from typeset.writers import math_cache, math_svg


@pytest.fixture()
def cache(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "build" / ".cache" / "math"
    math_cache.use(folder)
    math_svg._render_cached.cache_clear()
    yield folder
    math_cache.use(None)
    math_svg._render_cached.cache_clear()


def test_a_rendered_formula_is_stored_and_read_back_without_rendering(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = math_svg.render_math(r"\frac{a}{b} + x^2", False)
    (entry,) = cache.glob("*.json")
    math_svg._render_cached.cache_clear()  # as in a new process

    def no_render(tex: str, display: bool) -> math_svg.MathImage:
        raise AssertionError("rendered again")

    monkeypatch.setattr(math_svg, "_render", no_render)
    assert math_svg.render_math(r"\frac{a}{b} + x^2", False) == first
    assert not list(cache.glob(".*.part"))
    assert entry.stat().st_size > 100


def test_the_key_holds_the_mode_the_fonts_and_the_renderer() -> None:
    fonts = ("/f/math.otf", "/f/text.otf")
    base = math_cache.key("x", False, fonts)
    assert math_cache.key("x", True, fonts) != base
    assert math_cache.key("x", False, ("/f/other.otf", "/f/text.otf")) != base
    assert math_cache.key("y", False, fonts) != base
    math_cache._renderer.cache_clear()
    old = math_cache.FORMAT
    try:
        math_cache.FORMAT = old + 1
        assert math_cache.key("x", False, fonts) != base
    finally:
        math_cache.FORMAT = old
        math_cache._renderer.cache_clear()


def test_a_broken_entry_is_rendered_again_and_replaced(cache: Path) -> None:
    image = math_svg.render_math("a+b", True)
    (entry,) = cache.glob("*.json")
    entry.write_text("{not json", encoding="utf-8")
    math_svg._render_cached.cache_clear()
    assert math_svg.render_math("a+b", True) == image
    assert entry.read_text(encoding="utf-8").startswith("{")
    entry.write_text('{"svg": 1}', encoding="utf-8")
    math_svg._render_cached.cache_clear()
    assert math_svg.render_math("a+b", True) == image


def test_an_unwritable_folder_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    math_cache.use(blocker / "math")  # a folder inside a file cannot be made
    math_svg._render_cached.cache_clear()
    try:
        assert math_svg.render_math("c^2", False).svg.startswith("<svg")
    finally:
        math_cache.use(None)
        math_svg._render_cached.cache_clear()


def test_no_disk_cache_without_a_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    math_cache.use(None)
    math_svg._render_cached.cache_clear()
    math_svg.render_math("d^2", False)
    assert list(tmp_path.iterdir()) == []
