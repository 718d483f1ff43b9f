"""The sample through both routes with no options: PDF/A-2b (structurally, tests/pdfa.py),
a trailer /ID, every font embedded, bookmarks."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pdfa import check_pdfa

pikepdf = pytest.importorskip("pikepdf")
pytestmark = pytest.mark.slow



def test_the_sample_is_pdfa_2b_by_default(sample_pdf: Path) -> None:
    assert check_pdfa(sample_pdf, 2, "B") == []


def test_the_sample_has_bookmarks_for_its_sections(sample_pdf: Path) -> None:
    with pikepdf.open(sample_pdf) as pdf, pdf.open_outline() as outline:
        titles = [item.title for item in _walk(outline.root)]
    assert "Bibliography" in titles
    assert len(titles) >= 7  # six sections (under the title in HTML) and the bibliography


def _walk(items: list) -> list:
    found = []
    for item in items:
        found.append(item)
        found += _walk(item.children)
    return found


NOTES = 32


def _links(pdf_path: Path) -> tuple[list[str], list[str], set[str]]:
    """(URI targets, internal link targets, named destinations) of a PDF."""
    with pikepdf.open(pdf_path) as pdf:
        names = set(pikepdf.NameTree(pdf.Root.Names.Dests).keys())
        uris, internal = [], []
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                action = annot.get("/A", {})
                if action.get("/S") == "/URI":
                    uris.append(str(action.URI))
                elif action.get("/S") == "/GoTo":
                    internal.append(str(action.D))
                elif "/Dest" in annot:  # WeasyPrint: a destination, no action
                    internal.append(str(annot.Dest))
    return uris, internal, names


def test_every_printed_url_is_a_link(sample_pdf: Path) -> None:
    repo = Path(__file__).resolve().parents[2]
    bib_urls = {line.split("{", 1)[1].rstrip("},\n") for line in
                (repo / "bibliography.bib").read_text(encoding="utf-8").splitlines()
                if line.strip().startswith("url")}
    uris, _, _ = _links(sample_pdf)
    assert bib_urls and bib_urls <= set(uris)


def test_every_note_call_links_to_its_note_and_back(sample_pdf: Path) -> None:
    _, internal, names = _links(sample_pdf)
    assert set(internal) <= names  # no link to a missing destination
    back = [t for t in internal if t.startswith("fnref.")]
    assert sorted(back, key=lambda t: int(t.split(".")[1])) == [f"fnref.{n}" for n in range(1, NOTES + 1)]
    to_notes = [t for t in internal if not t.startswith("fnref.")]
    assert len(to_notes) == NOTES and len(set(to_notes)) == NOTES


def test_the_page_carries_no_transparency(sample_pdf: Path) -> None:
    """No soft mask and no alpha (a press's RIP flattens them; PDF/A-1 forbids them): the
    HTML route's footnote rule, a black-to-transparent gradient, once made a soft mask and
    two transparency groups per page. WeasyPrint still wraps any background image in a
    form XObject carrying a /Group entry, with nothing transparent inside: allowed in
    PDF/A-2, which we make, and counted here so that it cannot grow."""
    found: list[str] = []
    groups: list[object] = []

    def visit(obj: object, depth: int = 0) -> None:
        if isinstance(obj, pikepdf.Array) and depth < 8:
            for item in obj:
                if not getattr(item, "is_indirect", True):
                    visit(item, depth + 1)
        if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream) or depth >= 8:
            return
        group = obj.get("/Group")
        if isinstance(group, pikepdf.Dictionary) and group.get("/S") == "/Transparency":
            groups.append(obj)
        smask = obj.get("/SMask")
        if smask is not None and smask != pikepdf.Name("/None"):
            found.append("soft mask")
        if obj.get("/ca", 1) != 1 or obj.get("/CA", 1) != 1:
            found.append("alpha")
        for _key, value in obj.items():
            if not getattr(value, "is_indirect", True):
                visit(value, depth + 1)

    with pikepdf.open(sample_pdf) as pdf:
        for obj in pdf.objects:
            visit(obj)
        pages = len(pdf.pages)
    assert found == []
    assert len(groups) <= pages  # at most one footnote rule per page


def test_page_labels_are_the_folios(sample_pdf: Path) -> None:
    with pikepdf.open(sample_pdf) as pdf:
        labels = pdf.Root.get("/PageLabels")
        assert labels is not None
        assert list(labels.Nums)[0] == 0 and labels.Nums[1].S == "/D"
        assert [pikepdf.Page(p).label for p in pdf.pages[:3]] == ["1", "2", "3"]


def test_black_is_gray_not_rgb(sample_pdf: Path) -> None:
    """Black text prints on the black plate alone: DeviceGray (``0 g``), not RGB black,
    which a press converts to a four-colour rich black. (LuaLaTeX sets no colour at all
    for black text: the initial DeviceGray black.)"""
    neutral_rgb = 0
    with pikepdf.open(sample_pdf) as pdf:
        for page in pdf.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                values = [float(v) for v in operands] if str(operator) in {
                    "rg", "RG", "g", "G"} else []
                if str(operator) in {"rg", "RG"} and len(set(values)) == 1:
                    neutral_rgb += 1
    assert neutral_rgb == 0


TRICKY_METADATA = """title: "Cats & Dogs: 50% of $5, #1 {draft} “quoted” Mikołajczyk -- a ~ b ^ c"
author: ["Zoë O'Brien", "Ann <Smith>"]
keywords: ["a&b", "100%", "x{y}"]
subtitle: "thin\u2009space, em\u2003space, no-break\u00a0space, soft\u00adhyphen, zero\u200bwidth"
lang: pl-PL
"""


@pytest.mark.latex
@pytest.mark.parametrize("standard", ["a-2b", "a-3b", "a-2u"])
def test_latex_pdfa_xmp_matches_info_for_tricky_metadata(tmp_path: Path, standard: str) -> None:
    """The XMP the engine writes from the writer's properties says what hyperref made of
    the same metadata in the Info dictionary, with TeX's and XML's special characters,
    non-ASCII text, Unicode spaces and a soft hyphen, and each PDF/A level; an empty
    Subject (no subtitle) is tested in tests/engines/test_pdf_standard.py."""
    from typeset.pipeline import build

    (tmp_path / "manuscript").mkdir()
    (tmp_path / "manuscript" / "metadata.yaml").write_text(
        TRICKY_METADATA + f"pdf-standard: {standard}\n", encoding="utf-8")
    (tmp_path / "manuscript" / "01-text.md").write_text("# One\n\nText.[^n]\n\n[^n]: A note.\n",
                                                        encoding="utf-8")
    out = tmp_path / "out.pdf"
    result = build(tmp_path, route="latex", output=out)
    assert not [d for d in result.diagnostics if d.is_error]
    part, conformance = int(standard[2]), standard[3].upper()
    assert check_pdfa(out, part, conformance) == []
    with pikepdf.open(out) as pdf:
        assert str(pdf.docinfo.Title) == ("Cats & Dogs: 50% of $5, #1 {draft} “quoted” "
                                          "Mikołajczyk – a ~ b ^ c")  # the reader makes -- an en dash
        assert str(pdf.docinfo.Author) == "Zoë O’Brien, Ann <Smith>"  # smart quotes too
        assert pdf.open_metadata()["dc:creator"] == ["Zoë O’Brien", "Ann <Smith>"]
        assert pdf.Root.Lang == "pl-PL"
