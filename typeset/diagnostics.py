"""Problems as data with positions.

Library code never prints or exits: it returns (or raises, wrapped in
:class:`TypesetError`) :class:`Diagnostic` values. Only ``typeset.cli`` turns
them into text and exit codes, so the same problem reads the same whether it
comes from ``build``, ``check`` or ``cite``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Span:
    """A position in a source file; line and column count from 1 (0 = unknown)."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        if self.col <= 0:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.col}"

    def relative_to(self, root: Path) -> Span:
        """The same span with its path shown relative to ``root`` when it lies inside it."""
        try:
            rel = Path(self.path).resolve().relative_to(root.resolve())
        except (ValueError, OSError):
            return self
        return Span(str(rel), self.line, self.col)


@dataclass(frozen=True)
class Diagnostic:
    """One problem: a stable ``code`` (for tooling), a severity, a message, a place."""

    code: str
    message: str
    span: Span | None = None
    severity: Severity = Severity.ERROR
    notes: tuple[str, ...] = field(default=())

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format_text(self) -> str:
        where = f"{self.span}: " if self.span else ""
        text = f"{where}{self.severity.value}[{self.code}]: {self.message}"
        for note in self.notes:
            text += f"\n  note: {note}"
        return text

    def as_dict(self) -> dict[str, object]:
        span = self.span or Span("")
        return {
            "file": span.path,
            "line": span.line,
            "column": span.col,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
        }

    def format_github(self) -> str:
        kind = {"error": "error", "warning": "warning"}.get(self.severity.value, "notice")
        parts = []
        if self.span and self.span.path:
            parts.append(f"file={self.span.path}")
            if self.span.line:
                parts.append(f"line={self.span.line}")
            if self.span.col:
                parts.append(f"col={self.span.col}")
        parts.append(f"title={self.code}")
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{kind} {','.join(parts)}::{message}"


def error(code: str, message: str, span: Span | None = None) -> Diagnostic:
    return Diagnostic(code, message, span, Severity.ERROR)


def warning(code: str, message: str, span: Span | None = None) -> Diagnostic:
    return Diagnostic(code, message, span, Severity.WARNING)


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps([d.as_dict() for d in diagnostics], ensure_ascii=False, indent=2)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


def offset_to_line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset in ``text``."""
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


class TypesetError(Exception):
    """Raised when work cannot go on; carries every diagnostic collected so far."""

    def __init__(self, diagnostics: Diagnostic | Iterable[Diagnostic]):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics: list[Diagnostic] = list(diagnostics)
        super().__init__("\n".join(d.format_text() for d in self.diagnostics))
