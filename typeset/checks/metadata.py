"""Rules on manuscript/metadata.yaml that need more than the config reader: style, locale.

Unknown keys (with did-you-mean) and bad values are reported by
``typeset.config.parse_config``; here the style is resolved exactly as the
build resolves it (project file, ``styles/NAME.csl``, then the collection) and
parsed, so a style that would stop the build stops the check too.
"""

from __future__ import annotations

from typeset import rules
from typeset.config import Config
from typeset.diagnostics import Diagnostic, TypesetError, warning
from typeset.project import style_path


def style_problems(config: Config) -> list[Diagnostic]:
    """The style the build would use (``config.style``, a CLI override included) must
    resolve and parse; its problems are placed as the build places them."""
    from typeset.csl.style import resolve_style

    try:
        resolve_style(style_path(config.project_dir, config.style))
    except TypesetError as exc:
        return rules.style_problems(config, exc.diagnostics)
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
