"""The CSL 1.0.2 processor: format-neutral citations and bibliographies.

Public API (DESIGN.md "Contracts"): ``Processor(style, references, locale)``,
``Processor.cite(notes)``, ``Processor.bibliography()``, and ``render(rich, fmt)``.

``Processor`` is imported on first use (PEP 562): a command that only resolves a style
or a locale (``typeset check``) imports ``typeset.csl.style`` without the engine.
``render`` is the rich-text serialiser of :mod:`typeset.csl.rich`; the package keeps that
name when the engine's own submodule ``typeset.csl.render`` is imported later (which
would otherwise rebind the package attribute to the submodule).
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

from typeset.csl.rich import RichText
from typeset.csl.rich import render as _render

__all__ = ["Processor", "RichText", "render"]

if TYPE_CHECKING:
    from typeset.csl.processor import Processor
    from typeset.csl.rich import render


class _Package(ModuleType):
    @property
    def render(self) -> Any:
        return _render

    @render.setter
    def render(self, _submodule: Any) -> None:
        pass  # the import system binding typeset.csl.render: the public name stays


def __getattr__(name: str) -> Any:
    if name != "Processor":
        raise AttributeError(f"module 'typeset.csl' has no attribute {name!r}")
    value = import_module("typeset.csl.processor").Processor
    globals()[name] = value
    return value


sys.modules[__name__].__class__ = _Package
