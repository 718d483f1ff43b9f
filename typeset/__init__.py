"""typeset: Markdown manuscripts and BibTeX to print PDFs with CSL footnote citations.

The library API (the CLI is a thin layer over it)::

    typeset.build(project_dir, route="html", output=None, style=None, ...) -> BuildResult
    typeset.check(project_dir, style=None) -> list[Diagnostic]
    typeset.Processor(style, references, locale="en-US")  # .cite(notes), .bibliography()
    typeset.render(rich_text, "html" | "text" | "latex") -> str
    typeset.TypesetError  # raised with .diagnostics for bad input

The names are imported on first use (PEP 562), so ``import typeset`` and the
CLI's start-up do not pay for the CSL engine, the readers or the writers.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Processor", "TypesetError", "build", "check", "render"]

if TYPE_CHECKING:
    from typeset.checks import check_project as check
    from typeset.csl import Processor
    from typeset.csl.rich import render
    from typeset.diagnostics import TypesetError
    from typeset.pipeline import build

# public name -> (module, attribute)
_EXPORTS = {
    "build": ("typeset.pipeline", "build"),
    "check": ("typeset.checks", "check_project"),
    "Processor": ("typeset.csl", "Processor"),
    "render": ("typeset.csl.rich", "render"),
    "TypesetError": ("typeset.diagnostics", "TypesetError"),
}


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'typeset' has no attribute {name!r}")
    module, attribute = _EXPORTS[name]
    value = getattr(import_module(module), attribute)
    globals()[name] = value  # later lookups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
