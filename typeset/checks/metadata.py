"""Rules on manuscript/metadata.yaml that need more than the config reader: style, locale.

Unknown keys (with did-you-mean) and bad values are reported by
``typeset.config.load_config``; here the style is resolved exactly as the
build resolves it (project file, ``styles/NAME.csl``, then the collection) and
parsed, so a style that would stop the build stops the check too.
"""

from __future__ import annotations

import re
from pathlib import Path

from typeset.config import METADATA_FILE, Config
from typeset.diagnostics import Diagnostic, Span, TypesetError, warning
from typeset.style_names import with_suggestions


def metadata_span(project_dir: Path, key: str) -> Span | None:
    """Where ``key:`` is written in metadata.yaml (None when it is not there)."""
    file = Path(project_dir) / METADATA_FILE
    try:
        lines = file.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for number, line in enumerate(lines, 1):
        match = re.match(rf"{re.escape(key)}\s*:\s*(\S?)", line)
        if match:
            return Span(str(file), number, match.start(1) + 1 if match.group(1) else 1)
    return None


def style_problems(config: Config, style: str | None = None) -> list[Diagnostic]:
    """The style the build would use must resolve and parse; ``style`` overrides metadata."""
    from typeset.csl.style import resolve_style
    from typeset.pipeline import resolve_style as local_style

    name = style or config.style
    try:
        resolve_style(local_style(config.project_dir, name))
    except TypesetError as exc:
        span = None if style else metadata_span(config.project_dir, "style")
        dirs = [config.project_dir / "styles"]
        return [_placed(with_suggestions(d, name, dirs), span) for d in exc.diagnostics]
    return []


def locale_problems(config: Config) -> list[Diagnostic]:
    """A language with no CSL locale falls back to en-US: worth a warning."""
    from typeset.csl.locale import known_locale

    if known_locale(config.lang):
        return []
    return [warning(
        "unknown-locale",
        f"no CSL locale for lang {config.lang!r}; citations will use en-US terms",
        metadata_span(config.project_dir, "lang"),
    )]


def _placed(diagnostic: Diagnostic, span: Span | None) -> Diagnostic:
    """Point a style problem at ``style:`` in the metadata when it has no better place."""
    if span is None or (diagnostic.span is not None and diagnostic.span.line):
        return diagnostic
    return Diagnostic(diagnostic.code, diagnostic.message, span, diagnostic.severity,
                      diagnostic.notes)
