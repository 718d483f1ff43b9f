"""Rules on manuscript/metadata.yaml that need more than the config reader: style, locale.

Unknown keys (with did-you-mean) and bad values are reported by
``typeset.config.parse_config``; here the style is resolved exactly as the
build resolves it (project file, ``styles/NAME.csl``, then the collection) and
parsed, so a style that would stop the build stops the check too.
"""

from __future__ import annotations

from typeset.config import Config
from typeset.diagnostics import Diagnostic, Span, TypesetError, warning
from typeset.project import style_path
from typeset.style_names import with_suggestions


def style_problems(config: Config, style: str | None = None) -> list[Diagnostic]:
    """The style the build would use must resolve and parse; ``style`` overrides metadata."""
    from typeset.csl.style import resolve_style

    name = style or config.style
    try:
        resolve_style(style_path(config.project_dir, name))
    except TypesetError as exc:
        span = config.spans.get("style")
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
        config.spans.get("lang"),
    )]


def _placed(diagnostic: Diagnostic, span: Span | None) -> Diagnostic:
    """Point a style problem at ``style:`` in the metadata when it has no better place."""
    if span is None or (diagnostic.span is not None and diagnostic.span.line):
        return diagnostic
    return Diagnostic(diagnostic.code, diagnostic.message, span, diagnostic.severity,
                      diagnostic.notes)
