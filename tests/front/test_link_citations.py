"""``link-citations: true`` (issue 11, item 6): citations link to their bibliography entry
in both routes; a URL or DOI inside a citation keeps its own link and is never nested in
the citation's (nested ``<a>`` is invalid HTML)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.pandoc.helpers import REFS, config, read
from typeset.checks import check_project
from typeset.citations import resolve_citations
from typeset.cite_links import anchor, link_cites
from typeset.csl import Processor
from typeset.doc import model as m
from typeset.doc.walk import query
from typeset.rich import Styled, Tag, Text
from typeset.writers.html_body import rich_html

WEB = {"id": "w", "type": "webpage", "title": "Site", "URL": "https://example.org/a",
       "author": [{"family": "Web", "given": "Wanda"}], "issued": {"date-parts": [[2001]]}}


def test_runs_per_item_and_separators_outside() -> None:
    a, b = Tag("a", "author"), Tag("b", "title")
    rich = (Text("("), Text("Doe", a), Text(" "), Text("2000", Tag("a", "issued")), Text("; "),
            Text("Roe", b), Text(")"))
    out = link_cites(rich, {"a", "b"})
    assert out[0] == Text("(") and out[2] == Text("; ") and out[4] == Text(")")
    assert isinstance(out[1], Styled) and out[1].link == "#ref-a"
    assert [n.text for n in out[1].children if isinstance(n, Text)] == ["Doe", " ", "2000"]
    assert isinstance(out[3], Styled) and out[3].link == "#ref-b"
    assert link_cites(rich, {"a"})[3] == Text("Roe", b)  # no entry: no link


def test_anchor_is_safe() -> None:
    assert anchor("doe2000") == "ref-doe2000"
    assert anchor("a b#ü") == "ref-a-u0020-b-u0023--u00fc-"


class _Nesting(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth = self.deepest = 0
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)
            self.hrefs.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self.depth -= 1


def cited(markdown: str, style: str, **conf: Any) -> m.Document:
    refs = [*REFS, WEB]
    doc = read(markdown)
    new, _ = resolve_citations(doc, Processor(style, refs), refs, config(**conf))
    return new


@pytest.mark.parametrize("style", ["chicago-notes-bibliography", "chicago-author-date"])
def test_a_url_in_a_citation_is_never_nested(style: str) -> None:
    doc = cited("A [@w; @doe2000, 5]. @roe2010 says.\n", style, link_citations=True)
    for rich in query(doc, m.Rich):
        parser = _Nesting()
        parser.feed(rich_html(rich.content))
        assert parser.deepest <= 1
    hrefs = [h for rich in query(doc, m.Rich) for h in _hrefs(rich_html(rich.content))]
    assert {"#ref-w", "#ref-doe2000", "#ref-roe2010"} <= set(hrefs)
    if style.startswith("chicago-notes"):
        assert "https://example.org/a" in hrefs  # the URL keeps its own link
    bib = next(query(doc, m.Bibliography))
    assert set(bib.anchors) == {"ref-w", "ref-doe2000", "ref-roe2010"}


def _hrefs(html: str) -> list[str]:
    parser = _Nesting()
    parser.feed(html)
    return parser.hrefs


def test_a_title_citation_links_too(tmp_path: Path) -> None:
    from typeset.library import project_library
    from typeset.project import load_config, read_project
    from typeset.writers.front_matter import html_front

    project = make_project(tmp_path / "p")
    (project / "manuscript" / "metadata.yaml").write_text(
        'title: "On @doe2000"\nlink-citations: true\nstyle: chicago-author-date\n',
        encoding="utf-8")
    conf, _ = load_config(project)
    doc, _ = read_project(project, conf)
    bib = project_library(conf)
    items = [bib.item(k) for k in ("doe2000", "w")]
    new, _ = resolve_citations(doc, Processor(conf.style, items), bib, conf)
    assert 'On <a class="cite-link" href="#ref-doe2000">Doe (2000)</a>' in html_front(new.meta)


def test_off_by_default_and_without_a_bibliography() -> None:
    doc = cited("A [@doe2000].\n", "chicago-author-date")
    assert "href" not in rich_html(next(query(doc, m.Rich)).content)
    assert next(query(doc, m.Bibliography)).anchors == ()
    doc = cited("A [@doe2000].\n", "chicago-author-date", link_citations=True,
                suppress_bibliography=True)
    assert "href" not in rich_html(next(query(doc, m.Rich)).content)


BIB = """\
@book{doe2000,
  author = {Doe, Jane},
  title = {A Book of Threads},
  publisher = {Harvard University Press},
  year = {2000}
}
@online{w,
  author = {Web, Wanda},
  title = {Site},
  url = {https://example.org/a},
  year = {2001}
}
"""


def make_project(root: Path) -> Path:
    (root / "manuscript").mkdir(parents=True)
    (root / "manuscript" / "metadata.yaml").write_text(
        "title: Links\nlink-citations: true\n", encoding="utf-8")
    (root / "manuscript" / "01-a.md").write_text(
        "# A\n\nOne [@doe2000, 5]. Two [@w].\n", encoding="utf-8")
    (root / "bibliography.bib").write_text(BIB, encoding="utf-8")
    return root


def _links(pdf: Path) -> tuple[list[str], list[str], set[str]]:
    """The internal link targets (named destinations), the URI links, and the names."""
    import pypdf

    reader = pypdf.PdfReader(pdf)
    internal, uris = [], []
    for page in reader.pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            dest = annot.get("/Dest")
            if action is not None and action.get("/S") == "/URI":
                uris.append(str(action["/URI"]))
            elif action is not None and action.get("/S") == "/GoTo":
                internal.append(str(action["/D"]))
            elif dest is not None:
                internal.append(str(dest))
    return internal, uris, set(reader.named_destinations)


@pytest.mark.slow
@pytest.mark.parametrize("route", ["html", pytest.param("latex", marks=pytest.mark.latex)])
def test_links_in_both_routes(tmp_path: Path, route: str) -> None:
    from typeset.pipeline import build

    result = build(make_project(tmp_path / "p"), route=route, output=tmp_path / "out.pdf")
    internal, uris, names = _links(result.output)
    assert {"ref-doe2000", "ref-w"} <= set(internal)
    assert {"ref-doe2000", "ref-w"} <= names
    assert "https://example.org/a" in uris


def test_check_is_clean(tmp_path: Path) -> None:
    assert check_project(make_project(tmp_path / "p")) == []
