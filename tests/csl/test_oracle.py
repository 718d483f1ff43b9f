"""`typeset cite` against citeproc-js's output for the oracle bibliography (issue 2).

For both Chicago 18 styles and both formats, every note and bibliography entry
must equal what citeproc-js printed, from refs.json and (when typeset.bib is
available) from refs.bib.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from typeset.cli.cite_cmd import command

ORACLE = Path("/work/shared/oracle")
STYLES = ("chicago-notes-bibliography", "chicago-notes-bibliography-subsequent-ibid")
FORMATS = ("html", "text")

pytestmark = pytest.mark.skipif(not ORACLE.is_dir(), reason="oracle files not present")


def _cite(style: str, fmt: str, refs: str) -> dict[str, list[str]]:
    result = CliRunner().invoke(command, [
        "--style", style, "--references", str(ORACLE / refs), "--format", fmt,
        str(ORACLE / "citations.json")])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _expected(style: str, fmt: str) -> dict[str, list[str]]:
    return json.loads((ORACLE / f"expected-{style}-{fmt}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("style", STYLES)
def test_oracle_json(style: str, fmt: str) -> None:
    got, want = _cite(style, fmt, "refs.json"), _expected(style, fmt)
    assert len(got["notes"]) == len(want["notes"])
    for i, (g, w) in enumerate(zip(got["notes"], want["notes"], strict=True), 1):
        assert g == w, f"note {i}"
    assert got["bibliography"] == want["bibliography"]


# refs.json gives carswell1983exile a *list* publisher (["Faber", "Faber"]), which
# citeproc-js treats as set but prints as nothing; refs.bib has the string
# "Faber and Faber", which we print. Every other note and entry must match.
BIB_DATA_DIFFERENCE = "Carswell"


def _bib_mismatches(style: str, fmt: str) -> list[str]:
    bib = pytest.importorskip("typeset.bib")
    if not hasattr(bib, "load_references"):
        pytest.skip("typeset.bib.load_references not available yet")
    got, want = _cite(style, fmt, "refs.bib"), _expected(style, fmt)
    assert len(got["notes"]) == len(want["notes"])
    assert len(got["bibliography"]) == len(want["bibliography"])
    pairs = list(zip(got["notes"], want["notes"], strict=True))
    pairs += list(zip(got["bibliography"], want["bibliography"], strict=True))
    return [w for g, w in pairs if g != w]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("style", STYLES)
def test_oracle_bib(style: str, fmt: str) -> None:
    wrong = [w for w in _bib_mismatches(style, fmt) if BIB_DATA_DIFFERENCE not in w]
    assert not wrong


@pytest.mark.xfail(strict=True, reason="refs.bib and refs.json differ for carswell1983exile "
                   "(publisher list vs string); passes once typeset.bib splits list fields")
def test_oracle_bib_list_publisher() -> None:
    assert not _bib_mismatches("chicago-notes-bibliography", "text")


def test_ibid_capitalised_at_note_start() -> None:
    notes = _cite("chicago-notes-bibliography-subsequent-ibid", "text", "refs.json")["notes"]
    ibids = [n for n in notes if n.lower().startswith("ibid")]
    assert ibids and all(n.startswith("Ibid.") for n in ibids)
