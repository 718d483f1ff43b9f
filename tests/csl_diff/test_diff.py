"""Ratchet against citeproc-js: strings identical today (passing.txt) must stay identical.

The corpus and citation sequence (corpus.json, citations.json) run through a fast subset
of styles with both processors (see diff.py for what is compared and how). Every key
``style:kind:index`` of those styles listed in passing.txt must be identical; new
identical strings are printed so that passing.txt can be refreshed with
``python benchmarks/csl_sweep.py --write-passing``. ``TYPESET_CSL_DIFF_STYLES=all``
(or a comma-separated list) checks more styles than the CI subset.

Without node or citeproc-js the test skips, unless CI=true or TYPESET_REQUIRE_CITEPROC=1.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from typing import Any

import pytest

from tests.csl_diff import diff

FAST_STYLES = ("harvard-cite-them-right", "oscola", "ieee", "nature", "din-1505-2")


def _styles(passing: set[str]) -> list[str]:
    chosen = os.environ.get("TYPESET_CSL_DIFF_STYLES", "")
    if chosen == "all":
        return sorted({key.split(":")[0] for key in passing})
    return [s for s in chosen.split(",") if s] or list(FAST_STYLES)


def _start_citeproc(name: str, items: list[Any], notes: list[Any]) -> subprocess.Popen[str]:
    """citeproc-js in the background (it builds a style slowly) while typeset runs."""
    xml, lang = diff.independent_xml(name)
    job = {"style": xml, "locales_dir": str(diff.locales_dir()), "lang": lang or "en-US",
           "force_lang": lang is not None, "items": items, "notes": notes}
    with tempfile.TemporaryFile("w+", encoding="utf-8") as stdin:
        json.dump(job, stdin)
        stdin.seek(0)
        return subprocess.Popen(["node", str(diff.HERE / "run_citeproc.js"),
                                 str(diff.CITEPROC_DIR)], stdin=stdin, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)


@pytest.fixture(scope="module")
def results() -> dict[str, tuple[list[str], list[diff.Diff]]]:
    missing = diff.citeproc_missing()
    if missing:
        if diff.require_citeproc():
            pytest.fail(f"citeproc-js is required here (CI / TYPESET_REQUIRE_CITEPROC): {missing}")
        pytest.skip(f"differential test against citeproc-js skipped: {missing}")
    items, notes = diff.load_inputs()
    styles = _styles(diff.read_passing())
    procs = {name: _start_citeproc(name, items, notes) for name in styles}
    out = {}
    for name, proc in procs.items():
        ours = diff.run_typeset(name, items, notes)
        stdout, stderr = proc.communicate(timeout=600)
        assert proc.returncode == 0, f"citeproc-js failed on {name}: {stderr[-2000:]}"
        out[name] = diff.compare(name, ours, json.loads(stdout))
    return out


def test_identical_strings_stay_identical(results, capsys) -> None:
    passing = diff.read_passing()
    regressions, new = [], []
    for name, (same, diffs) in results.items():
        listed = {k for k in passing if k.split(":")[0] == name}
        regressions += [d for d in diffs if d.key in listed]
        new += [k for k in same if k not in listed]
    with capsys.disabled():
        for name, (same, diffs) in results.items():
            print(f"\n{name}: {len(same)}/{len(same) + len(diffs)} identical to citeproc-js",
                  end="")
        print(f"\nnew identical strings ({len(new)}): {', '.join(new[:10])}")
    assert not regressions, "strings that were identical to citeproc-js now differ:\n" + \
        "\n".join(f"{d.key}\n  typeset:     {d.ours}\n  citeproc-js: {d.theirs}"
                  for d in regressions)


def test_every_string_is_counted(results) -> None:
    """Both processors print one string per note, and the same number of entries."""
    _, notes = diff.load_inputs()
    for name, (same, diffs) in results.items():
        keys = {k for k in same} | {d.key for d in diffs}
        assert {f"{name}:notes:{i}" for i in range(len(notes))} <= keys, name
        missing = [d.key for d in diffs if d.ours is None or d.theirs is None]
        assert not missing, f"{name}: strings only one processor printed: {missing}"
