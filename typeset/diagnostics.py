"""Problems as data with positions.

Library code never prints or exits: it returns (or raises, wrapped in
:class:`TypesetError`) :class:`Diagnostic` values. Only ``typeset.cli`` turns
them into text and exit codes, so the same problem reads the same whether it
comes from ``build``, ``check`` or ``cite``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PurePosixPath
from urllib.parse import quote


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
        path = Path(self.path)
        # lexically first: a symlinked file is shown where it is, not where it points
        def lexical() -> Path:
            return Path(os.path.abspath(path))

        def lexical_root() -> Path:
            return Path(os.path.abspath(root))

        pairs: tuple[tuple[Callable[[], Path], Callable[[], Path]], ...] = (
            (lexical, lexical_root), (lexical, root.resolve), (path.resolve, root.resolve))
        for candidate, base in pairs:
            try:
                return Span(str(candidate().relative_to(base())), self.line, self.col)
            except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop
                continue
        return self


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
        """One line (and one per note); control characters shown as escapes, so a file
        name or a citation key can neither retitle the terminal nor forge a line."""
        where = f"{strip_controls(str(self.span))}: " if self.span else ""
        text = f"{where}{self.severity.value}[{self.code}]: {strip_controls(self.message)}"
        for note in self.notes:
            text += f"\n  note: {strip_controls(note)}"
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
            parts.append(f"file={_github_property(self.span.path)}")
            if self.span.line:
                parts.append(f"line={self.span.line}")
            if self.span.col:
                parts.append(f"col={self.span.col}")
        parts.append(f"title={_github_property(self.code)}")
        return f"::{kind} {','.join(parts)}::{_github_data(self.message)}"


# Control characters: C0 (tab and newline included: a diagnostic is one line), DEL, C1.
_CONTROLS = {c: f"\\x{c:02x}" for c in [*range(0x20), *range(0x7F, 0xA0)]}
_CONTROLS.update({0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"})


def strip_controls(text: str) -> str:
    """``text`` with each control character written as an escape (``\\x1b``, ``\\n``)."""
    return text.translate(_CONTROLS) if not text.isprintable() else text


def _github_data(text: str) -> str:
    """A workflow command's message: %, CR and LF escaped (GitHub's own rules), other
    control characters shown as escapes."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return strip_controls(text)


def _github_property(text: str) -> str:
    """A workflow command's property value: as data, and ``:`` and ``,`` escaped too, so a
    file name cannot end the property list or add properties of its own."""
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def error(code: str, message: str, span: Span | None = None) -> Diagnostic:
    return Diagnostic(code, message, span, Severity.ERROR)


def warning(code: str, message: str, span: Span | None = None) -> Diagnostic:
    return Diagnostic(code, message, span, Severity.WARNING)


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps([d.as_dict() for d in diagnostics], ensure_ascii=False, indent=2)


# SARIF 2.1.0 (OASIS), for code-scanning dashboards: one run, one rule per code used.
SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_BASE_ID = "PROJECTROOT"
_SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def format_sarif(diagnostics: Iterable[Diagnostic], *, tool_version: str,
                 project_dir: Path | None = None, tool_name: str = "typeset") -> str:
    """A SARIF 2.1.0 log of ``diagnostics``.

    Relative paths are taken as relative to ``project_dir`` and given with the
    ``uriBaseId`` ``PROJECTROOT`` (its absolute ``file:`` URI is in the run's
    ``originalUriBaseIds`` when ``project_dir`` is known); absolute paths become
    ``file:`` URIs. A span without a line has no region.
    """
    diags = list(diagnostics)
    codes = sorted({d.code for d in diags})
    index = {code: i for i, code in enumerate(codes)}
    run: dict[str, object] = {
        "tool": {"driver": {"name": tool_name, "version": tool_version,
                            "rules": [{"id": code} for code in codes]}},
        "columnKind": "unicodeCodePoints",
        "results": [_sarif_result(d, index[d.code]) for d in diags],
    }
    if project_dir is not None:
        base = project_dir.resolve().as_uri().rstrip("/") + "/"
        run["originalUriBaseIds"] = {SARIF_BASE_ID: {"uri": base}}
    log = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
    return json.dumps(log, ensure_ascii=False, indent=2)


def _sarif_result(diag: Diagnostic, rule_index: int) -> dict[str, object]:
    text = diag.message + "".join(f"\nnote: {note}" for note in diag.notes)
    result: dict[str, object] = {
        "ruleId": diag.code, "ruleIndex": rule_index,
        "level": _SARIF_LEVELS[diag.severity], "message": {"text": text},
    }
    if diag.span is not None and diag.span.path:
        result["locations"] = [{"physicalLocation": _sarif_physical(diag.span)}]
    return result


def _sarif_physical(span: Span) -> dict[str, object]:
    path = Path(span.path)
    artifact: dict[str, object]
    if path.is_absolute():
        artifact = {"uri": path.as_uri()}
    else:
        artifact = {"uri": quote(str(PurePosixPath(*path.parts))), "uriBaseId": SARIF_BASE_ID}
    physical: dict[str, object] = {"artifactLocation": artifact}
    if span.line > 0:
        region = {"startLine": span.line}
        if span.col > 0:
            region["startColumn"] = span.col
        physical["region"] = region
    return physical


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
