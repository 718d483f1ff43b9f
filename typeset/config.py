"""Frozen project settings from the text of ``manuscript/metadata.yaml`` plus command-line overrides.

Every key is validated against a table (``KNOWN_KEYS``): a value that cannot be
used keeps the default and yields an error with the value's file:line:col; an
unknown key is a warning with a did-you-mean. Positions come from
``yaml.compose`` (the node tree), values from ``yaml.safe_load``; ``Config.spans``
keeps where each key's value is written, for later stages' diagnostics. Reading
the file is :func:`typeset.project.load_config`'s job; this module sees only text.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from typeset.diagnostics import Diagnostic, Span, error, warning


@dataclass(frozen=True)
class Config:
    """The settings every later stage reads.

    ``spans`` maps a metadata key to where its value is written (the key itself
    when the value starts on a later line or is empty); a key a command-line
    override replaced has none, since the value in use was not written there.
    """

    project_dir: Path
    title: str | None = None
    subtitle: str | None = None
    short_title: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    original_publication: str | None = None
    lang: str = "en-US"
    style: str = "chicago-notes-bibliography"
    bibliography: Path | None = None
    bibliography_title: str = "Bibliography"
    nocite: tuple[str, ...] = ()
    papersize: str = "letter"
    fontsize: str = "11pt"
    section_numbering: str = "none"
    keywords: tuple[str, ...] = ()
    spans: dict[str, Span] = field(default_factory=dict, compare=False, repr=False)


class _Invalid(ValueError):
    """A metadata value that cannot be used; the message says what was expected."""


def _as_text(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        raise _Invalid("expected a text value")
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    raise _Invalid("expected a text value")


def _as_text_list(value: Any) -> tuple[str, ...]:
    """A string or a list of strings (a list of ``{name: ...}`` mappings for authors too)."""
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list):
        raise _Invalid("expected a text value or a list of them")
    out = []
    for item in value:
        if isinstance(item, Mapping) and "name" in item:
            item = item["name"]
        out.append(_as_text(item))
    return tuple(out)


def _as_keywords(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(k.strip() for k in value.split(",") if k.strip())
    return _as_text_list(value)


def _as_nocite(value: Any) -> tuple[str, ...]:
    keys = _as_text_list(value)
    return tuple(k.lstrip("@") for k in keys)


def _choice(*allowed: str) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if value is False and "none" in allowed:  # YAML 1.1 reads a bare `no`/`off` as False
            return "none"
        text = _as_text(value).strip().lower()
        if text not in allowed:
            raise _Invalid(f"expected one of {', '.join(allowed)}, got {text!r}")
        return text
    return convert


_LANG_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_FONTSIZE_RE = re.compile(r"^\d+(\.\d+)?pt$")


def _as_lang(value: Any) -> str:
    text = _as_text(value).strip()
    if not _LANG_RE.match(text):
        raise _Invalid(f"expected a BCP 47 language tag such as en-US, got {text!r}")
    return text


def _as_fontsize(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = f"{value:g}pt"
    text = _as_text(value).strip()
    if not _FONTSIZE_RE.match(text):
        raise _Invalid(f"expected a size in points such as 11pt, got {text!r}")
    return text


def _as_path(value: Any) -> str:
    text = _as_text(value).strip()
    if not text:
        raise _Invalid("expected a file path")
    return text


# metadata key -> (Config field, converter). The complete list of keys (common contract).
KNOWN_KEYS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "title": ("title", _as_text),
    "subtitle": ("subtitle", _as_text),
    "short-title": ("short_title", _as_text),
    "author": ("authors", _as_text_list),
    "date": ("date", _as_text),
    "original-publication": ("original_publication", _as_text),
    "lang": ("lang", _as_lang),
    "style": ("style", _as_path),
    "bibliography": ("bibliography", _as_path),
    "bibliography-title": ("bibliography_title", _as_text),
    "nocite": ("nocite", _as_nocite),
    "papersize": ("papersize", _choice("a4", "letter")),
    "fontsize": ("fontsize", _as_fontsize),
    "section-numbering": ("section_numbering", _choice("roman", "arabic", "none")),
    "keywords": ("keywords", _as_keywords),
}


# The bibliography heading when ``bibliography-title`` is not set: babel's \bibname
# for the language of ``lang`` (a German text gets "Literaturverzeichnis", as in LaTeX).
BIBLIOGRAPHY_TITLES: dict[str, str] = {
    "en": "Bibliography", "de": "Literaturverzeichnis", "fr": "Bibliographie",
    "es": "Bibliografía", "it": "Bibliografia", "pt": "Bibliografia", "nl": "Bibliografie",
    "ru": "Литература", "uk": "Література", "pl": "Bibliografia", "cs": "Literatura",
    "sv": "Litteraturförteckning", "da": "Litteratur", "nb": "Bibliografi", "no": "Bibliografi",
    "fi": "Kirjallisuutta", "hu": "Irodalomjegyzék", "tr": "Kaynakça", "el": "Βιβλιογραφία",
}


def default_bibliography_title(lang: str) -> str:
    """The heading for ``lang`` (BCP 47), English when the language is not in the table."""
    return BIBLIOGRAPHY_TITLES.get(lang.split("-")[0].lower(), "Bibliography")


def _node_span(path: str, node: yaml.Node | None) -> Span:
    if node is None:
        return Span(path)
    mark = node.start_mark
    return Span(path, mark.line + 1, mark.column + 1)


def _parse_yaml(text: str | None, path: str) -> tuple[Any, yaml.Node | None, list[Diagnostic]]:
    """The loaded value and its node tree, or diagnostics saying why there are none."""
    if text is None:
        return None, None, []
    try:
        return yaml.safe_load(text), yaml.compose(text, Loader=yaml.SafeLoader), []
    except yaml.YAMLError as exc:
        return None, None, [_yaml_error(path, exc)]


def _yaml_error(path: str, exc: yaml.YAMLError) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None)
    span = Span(path, mark.line + 1, mark.column + 1) if mark is not None else Span(path)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"invalid YAML: {problem}" + (f" ({context})" if context else "")
    return error("meta-yaml", message, span)


def _key_nodes(root: yaml.Node | None) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    if not isinstance(root, yaml.MappingNode):
        return {}
    return {str(k.value): (k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode)}


def _suggest(key: str) -> str:
    close = difflib.get_close_matches(key, list(KNOWN_KEYS), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _convert_entries(
    data: Mapping[str, Any], nodes: Mapping[str, tuple[yaml.Node, yaml.Node]], path: str
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Config field values for each usable key; diagnostics for the rest."""
    values: dict[str, Any] = {}
    diags: list[Diagnostic] = []
    for key, value in data.items():
        key_node, value_node = nodes.get(str(key), (None, None))
        if str(key) not in KNOWN_KEYS:
            msg = f"unknown metadata key {str(key)!r}{_suggest(str(key))}"
            diags.append(warning("meta-unknown-key", msg, _node_span(path, key_node)))
            continue
        name, convert = KNOWN_KEYS[str(key)]
        try:
            values[name] = convert(value)
        except _Invalid as exc:
            diags.append(error("meta-value", f"{key}: {exc}", _node_span(path, value_node)))
    return values, diags


def _convert_overrides(overrides: Mapping[str, Any]) -> tuple[dict[str, Any], list[Diagnostic]]:
    """CLI overrides, keyed by metadata name or field name; None means 'not given'."""
    by_field = {name: (key, conv) for key, (name, conv) in KNOWN_KEYS.items()}
    values: dict[str, Any] = {}
    diags: list[Diagnostic] = []
    for key, value in overrides.items():
        if value is None:
            continue
        name = KNOWN_KEYS[key][0] if key in KNOWN_KEYS else key
        if name not in by_field:
            diags.append(error("meta-unknown-key", f"unknown setting {key!r}{_suggest(key)}"))
            continue
        try:
            values[name] = by_field[name][1](value)
        except _Invalid as exc:
            diags.append(error("meta-value", f"{by_field[name][0]}: {exc}"))
    return values, diags


def _duplicates(root: yaml.Node | None, path: str) -> list[Diagnostic]:
    if not isinstance(root, yaml.MappingNode):
        return []
    seen: set[str] = set()
    diags = []
    for key_node, _ in root.value:
        key = str(key_node.value)
        if key in seen:
            msg = f"metadata key {key!r} given twice; the last one wins"
            diags.append(warning("meta-duplicate-key", msg, _node_span(path, key_node)))
        seen.add(key)
    return diags


def _value_spans(nodes: Mapping[str, tuple[yaml.Node, yaml.Node]], path: str) -> dict[str, Span]:
    """Where each key's value is written; the key's own place for an empty value or one
    that starts on the next line (a block list)."""
    spans = {}
    for key, (key_node, value_node) in nodes.items():
        empty = value_node.start_mark.index == value_node.end_mark.index
        same_line = value_node.start_mark.line == key_node.start_mark.line
        spans[key] = _node_span(path, key_node if empty or not same_line else value_node)
    return spans


def parse_config(
    text: str | None, file: Path, project_dir: Path, overrides: Mapping[str, Any] | None = None
) -> tuple[Config, list[Diagnostic]]:
    """The settings from metadata text (None: no file, all defaults); overrides (from the
    CLI) win over the file.

    A missing file is not a problem: every key has a default, so a folder holding
    only ``manuscript/01-*.md`` builds (as pandoc needs no metadata block).
    """
    path = str(file)
    data, root, diags = _parse_yaml(text, path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        kind = type(data).__name__
        diags.append(error("meta-not-mapping", f"metadata must be a mapping of keys, not {kind}",
                           _node_span(path, root)))
        data = {}
    diags += _duplicates(root, path)
    nodes = _key_nodes(root)
    values, more = _convert_entries(data, nodes, path)
    diags += more
    forced, more = _convert_overrides(overrides or {})
    diags += more
    values.update(forced)
    values.setdefault("bibliography_title", default_bibliography_title(values.get("lang", "en-US")))
    values["bibliography"] = (project_dir / values.get("bibliography", "bibliography.bib")).resolve()
    spans = _value_spans(nodes, path) if isinstance(root, yaml.MappingNode) else {}
    for key, (name, _) in KNOWN_KEYS.items():
        if name in forced:
            spans.pop(key, None)
    return Config(project_dir=project_dir, spans=spans, **values), diags
