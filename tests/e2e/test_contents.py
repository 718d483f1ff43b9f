"""toc/lof/lot built in both routes: each entry's page number is the page its target is on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from typeset.pipeline import build

pytestmark = [pytest.mark.slow]

SECTIONS = {
    "01-a.md": "\\newpage\n\n# Alpha\n\nText.\n\n![First figure](fig.png)\n\n\\newpage\n\n## Alpha two\n\n"
               "| a | b |\n|---|---|\n| 1 | 2 |\n\n: First table\n",
    "02-b.md": "# Beta\n\nText.\n\n\\newpage\n\n# Gamma\n\n![Second figure](fig.png)\n",
}


def project(tmp_path: Path) -> Path:
    from PIL import Image

    root = tmp_path / "p"
    (root / "manuscript").mkdir(parents=True)
    (root / "manuscript" / "metadata.yaml").write_text(
        "title: Contents Test\nsection-numbering: arabic\ntoc: true\nlof: true\nlot: true\n",
        encoding="utf-8")
    for name, text in SECTIONS.items():
        (root / "manuscript" / name).write_text(text, encoding="utf-8")
    Image.new("RGB", (200, 100), "gray").save(root / "manuscript" / "fig.png")
    return root


@pytest.mark.parametrize("route", ["html", pytest.param("latex", marks=pytest.mark.latex)])
def test_listed_pages_are_where_the_targets_are(tmp_path: Path, route: str) -> None:
    import pdfplumber

    out = tmp_path / f"{route}.pdf"
    result = build(project(tmp_path), route=route, output=out)
    assert not [d for d in result.diagnostics if d.is_error]
    with pdfplumber.open(out) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    first = pages[0]
    assert "Contents" in first and "List of Figures" in first and "List of Tables" in first

    def loose(words: str) -> str:  # pdfplumber may miss a space of a contents line
        return r"\s*".join(re.escape(w) for w in words.split())

    def listed(words: str) -> int:
        match = re.search(loose(words) + r"[ .]*?(\d+)\s*$", first, re.M)
        assert match, (words, first)
        return int(match.group(1))

    def page_of(line: str) -> int:  # the target itself (page 1 holds only the lists)
        for number, text in enumerate(pages[1:], 2):
            if re.search(r"^" + loose(line), text, re.M):
                return number
        raise AssertionError(line)

    for entry, target in (("1. Alpha", "1. Alpha"), ("1.1. Alpha two", "1.1. Alpha two"),
                          ("2. Beta", "2. Beta"), ("3. Gamma", "3. Gamma"),
                          ("First figure", "Figure 1."), ("Second figure", "Figure 2."),
                          ("First table", "Table 1.")):
        assert listed(entry) == page_of(target), entry
    assert listed("3. Gamma") == 4
