"""The public API: ``typeset.__all__`` is pinned, each name is the library object, and
``import typeset`` stays cheap (the names load on first use)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import typeset
from typeset.checks import check_project
from typeset.csl import Processor
from typeset.csl.rich import Text, render
from typeset.diagnostics import TypesetError
from typeset.pipeline import build


def test_all_is_pinned() -> None:
    assert typeset.__all__ == ["Processor", "TypesetError", "build", "check", "render"]


def test_names_are_the_library_objects() -> None:
    assert typeset.build is build
    assert typeset.check is check_project
    assert typeset.Processor is Processor
    assert typeset.render is render
    assert typeset.TypesetError is TypesetError
    assert set(typeset.__all__) <= set(dir(typeset))


def test_star_import_gives_exactly_the_public_names() -> None:
    namespace: dict[str, object] = {}
    exec("from typeset import *", namespace)  # noqa: S102 - the statement under test
    assert sorted(k for k in namespace if not k.startswith("__")) == sorted(typeset.__all__)


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        _ = typeset.nonsense  # type: ignore[attr-defined]


def test_render_and_error_work_through_the_package() -> None:
    assert typeset.render((Text("a & b"),), "html") == "a &#38; b"
    with pytest.raises(typeset.TypesetError):
        typeset.build("/nonexistent-project", route="no-such-route")


def test_import_typeset_loads_nothing_heavy() -> None:
    code = ("import sys, typeset; heavy = ['typeset.pipeline', 'typeset.csl', 'typeset.checks', "
            "'typeset.writers', 'click', 'yaml']; print([m for m in heavy if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
