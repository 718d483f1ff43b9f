"""All the references a project names, as one collection: pandoc's ``bibliography`` list
(.bib, CSL-JSON and CSL-YAML files) and the inline ``references:`` items of the metadata.

One file gives what :func:`typeset.bib.load_references` gives; several are merged into
one :class:`~typeset.bib.BibResult` in the order listed, the first definition of a key
winning (a later one is a warning at its entry), as pandoc does. CSL-YAML is CSL-JSON
written in YAML; YAML's own dates and numbers are turned back into the strings CSL-JSON
holds (``issued: 2000-05-01`` is the date 2000-05-01).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from typeset import confine
from typeset.bib import BibResult, load_references
from typeset.config import Config, csl_value
from typeset.diagnostics import Diagnostic, Span, error, warning

YAML_SUFFIXES = frozenset({".yaml", ".yml"})


def _yaml_items(value: Any, path: str) -> tuple[list[dict[str, Any]], list[Diagnostic]]:
    """A CSL-YAML file's items: a list, or pandoc's ``references:`` mapping."""
    if isinstance(value, dict) and "references" in value:
        value = value["references"]
    items, problems = [], []
    for index, item in enumerate(value if isinstance(value, list) else [value]):
        if not isinstance(item, dict) or "id" not in item:
            message = f"item {index + 1} is not a mapping with an id"
            problems.append(error("bib-yaml", message, Span(path)))
            continue
        converted = csl_value(item)
        converted["id"] = str(converted["id"])
        items.append(converted)
    return items, problems


def _load_yaml(path: Path) -> BibResult:
    text = ""
    try:
        text = confine.read_bytes(path, "bib").decode("utf-8")
        value = yaml.safe_load(text)
    except RecursionError:  # PyYAML's composer recurses once per level
        line, col = confine.json_too_deep(text) or (1, 1)
        return BibResult.from_items(str(path), [], {}, [error(
            "bib-yaml", "invalid YAML: nested too deeply", Span(str(path), line, col))])
    except (OSError, UnicodeDecodeError) as exc:
        problem = error("bib-io", f"cannot read {path}: {exc}", Span(str(path)))
        return BibResult.from_items(str(path), [], {}, [problem])
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        span = Span(str(path), mark.line + 1, mark.column + 1) if mark else Span(str(path))
        return BibResult.from_items(str(path), [], {}, [error("bib-yaml", f"invalid YAML: {exc}",
                                                              span)])
    items, problems = _yaml_items(value, str(path))
    return BibResult.from_items(str(path), items, {i["id"]: Span(str(path)) for i in items},
                                problems)


def load_one(path: Path) -> BibResult:
    """One reference file by its suffix."""
    if path.suffix.lower() in YAML_SUFFIXES:
        return _load_yaml(path)
    return load_references(path)


def merge(results: Sequence[BibResult]) -> BibResult:
    """One collection; a key defined again later is skipped with a warning."""
    if len(results) == 1:
        return results[0]
    merged = BibResult(results[0].path if results else "", [], {}, {}, {}, {}, [])
    for result in results:
        merged.parse_diagnostics.extend(result.parse_diagnostics)
        for key, members in result.sets.items():
            merged.sets.setdefault(key, members)
        for key in result.order:
            if key in merged:
                message = f"duplicate key {key!r}: the first definition is kept"
                merged.parse_diagnostics.append(warning("bib-duplicate-key", message,
                                                        result.spans.get(key)))
                continue
            _take(merged, result, key)
    return merged


def _take(merged: BibResult, result: BibResult, key: str) -> None:
    merged.order.append(key)
    if key in result.spans:
        merged.spans[key] = result.spans[key]
    if key in result.raw:
        merged.raw[key] = result.raw[key]
    if key in result.entries:
        merged.entries[key] = result.entries[key]
        merged.field_spans.update({k: v for k, v in result.field_spans.items() if k[0] == key})
    else:
        item = result.item(key)
        if item is not None:
            merged._cache[key] = item


def load_library(paths: Sequence[Path], inline: Sequence[dict[str, Any]] = (),
                 inline_path: str = "") -> BibResult:
    """The existing files of ``paths`` and the inline items, merged (inline items first,
    as pandoc prefers them)."""
    results = []
    if inline:
        spans = {str(i["id"]): Span(inline_path) for i in inline}
        results.append(BibResult.from_items(inline_path, list(inline), spans, []))
    results += [load_one(path) for path in paths if path.exists()]
    if not results:
        return BibResult.from_items("", [], {}, [])
    return merge(results)


def project_library(config: Config) -> BibResult:
    """Every reference of the project: ``references:`` then each ``bibliography`` file."""
    return load_library(config.bibliographies, config.references,
                        str(config.spans["references"].path) if "references" in config.spans
                        else "")
