"""No active content: only web, mail, DOI and internal links become PDF links, in both
routes; anything else prints its text, with a warning at the link."""

from __future__ import annotations

from pathlib import Path

import pytest

from typeset.doc.model import Link
from typeset.doc.walk import query
from typeset.pipeline import build
from typeset.readers.markdown import read_markdown

HOSTILE = ("[js](javascript:alert(1)) [f](file:///etc/passwd) [rel](other.pdf) "
           "[data](data:text/html,x) [ok](https://example.org) [m](mailto:a@example.org) "
           "[d](doi:10.1000/xyz) [in](#one)")
FORBIDDEN = ("/Launch", "/GoToR", "/JavaScript", "/EmbeddedFile", "/SubmitForm", "/ImportData")


def test_only_allowed_addresses_become_links_with_a_warning_for_the_rest() -> None:
    blocks, found = read_markdown(f"# One {{#one}}\n\n{HOSTILE}\n", "x.md")
    links = [node.url for node in query(blocks, Link)]
    assert links == ["https://example.org", "mailto:a@example.org", "https://doi.org/10.1000/xyz",
                     "#one"]
    warned = [(d.code, d.span.col) for d in found]
    assert warned == [("md-link-scheme", 1), ("md-link-scheme", 27), ("md-link-scheme", 51),
                      ("md-link-scheme", 68)]
    assert "javascript" in found[0].message


@pytest.mark.slow
@pytest.mark.parametrize("route", ["html", pytest.param("latex", marks=pytest.mark.latex)])
def test_the_pdf_has_no_active_content(project: Path, tmp_path: Path, route: str) -> None:
    import pikepdf

    (project / "manuscript" / "01-one.md").write_text(f"# One {{#one}}\n\n{HOSTILE}\n",
                                                      encoding="utf-8")
    output = tmp_path / f"{route}.pdf"
    build(project, route=route, output=output)
    targets = []
    with pikepdf.open(output) as pdf:
        for obj in pdf.objects:
            text = repr(obj)
            assert not [key for key in FORBIDDEN if key in text], text[:200]
        for page in pdf.pages:
            for annot in page.get("/Annots", []):
                action = annot.get("/A")
                if action is not None and "/URI" in action:
                    targets.append(str(action["/URI"]))
    assert sorted(targets) == ["https://doi.org/10.1000/xyz", "https://example.org",
                               "mailto:a@example.org"]
