"""toc, lof and lot metadata: the lists in both writers (page numbers: tests/e2e/test_contents.py)."""

from __future__ import annotations

from pathlib import Path

from typeset.doc import model as m
from typeset.doc.floats import number_floats
from typeset.house import house_style
from typeset.project import load_config
from typeset.readers.markdown import read_markdown
from typeset.writers.html import write_html
from typeset.writers.latex import write_latex

SOURCE = """# First[^n]

[^n]: A note that stays out of the contents.

## Second *level*

### Third level

![A chart](chart.png)

| a | b |
|---|---|
| 1 | 2 |

: A table {#tbl:t}
"""


def document(**meta: object) -> m.Document:
    blocks, diags = read_markdown(SOURCE, "a.md")
    assert diags == []
    base = m.Meta(section_numbering="arabic")
    return number_floats(m.Document(meta=m.Meta(**{**base.__dict__, **meta}),
                                    sections=(m.Section("a.md", blocks),)))


def test_nothing_without_the_keys() -> None:
    doc = document()
    house = house_style(doc.meta)
    assert '<nav class="contents' not in write_html(doc, house, [])
    tex = write_latex(doc, house)
    assert "addcontentsline" not in tex and "tsstarttoc" not in tex


def test_html_lists_link_to_their_targets() -> None:
    doc = document(toc=True, toc_depth=2, lof=True, lot=True)
    html = write_html(doc, house_style(doc.meta), [])
    toc = html[html.index('<nav class="contents toc">'):html.index("</nav>")]
    assert '<a href="#first"><span class="secnum">1.</span> First</a>' in toc
    assert 'href="#second-level"><span class="secnum">1.1.</span> Second level</a>' in toc
    assert "Third" not in toc and "note" not in toc
    assert '<a href="#figure-1"><span class="caption-label">Figure 1.</span> A chart</a>' in html
    assert '<a href="#tbl:t"><span class="caption-label">Table 1.</span> A table</a>' in html
    assert 'id="figure-1"' in html and 'id="tbl:t"' in html
    assert html.index("List of Figures") < html.index("List of Tables") < html.index("<h2 id")


def test_latex_writes_a_contents_line_for_each_entry() -> None:
    doc = document(toc=True, toc_depth=2, lof=True, lot=True, lang="de-DE", toc_title="Inhalt")
    tex = write_latex(doc, house_style(doc.meta))
    assert r"\addcontentsline{toc}{section}{\protect\numberline{1.}First}" in tex
    assert r"\addcontentsline{toc}{subsection}{\protect\numberline{1.1.}Second level}" in tex
    assert "Third level}" in tex and r"{subsubsection}" not in tex
    assert r"\addcontentsline{lof}{figure}{\protect\numberline{1}A chart}" in tex
    assert r"\addcontentsline{lot}{table}{\protect\numberline{1}A table}" in tex
    assert r"\setcounter{tocdepth}{2}" in tex and r"\RerunFileCheck{\jobname.toc}" in tex
    assert "{Inhalt}" in tex and "Abbildungsverzeichnis" in tex
    body = tex[tex.index(r"\begin{document}"):]
    assert body.index(r"\tsstarttoc{toc}") < body.index(r"\tsstarttoc{lof}") \
        < body.index(r"\tsstarttoc{lot}") < body.index("First")


def test_config_reads_the_keys(tmp_path: Path) -> None:
    (tmp_path / "manuscript").mkdir()
    (tmp_path / "manuscript" / "metadata.yaml").write_text(
        "toc: true\ntoc-depth: 2\ntoc-title: Inhalt\nlof: yes\nlot: false\n", encoding="utf-8")
    config, diags = load_config(tmp_path)
    assert diags == []
    assert (config.toc, config.toc_depth, config.toc_title, config.lof, config.lot) == (
        True, 2, "Inhalt", True, False)
    (tmp_path / "manuscript" / "metadata.yaml").write_text("toc-depth: 9\n", encoding="utf-8")
    _, diags = load_config(tmp_path)
    assert [d.code for d in diags] and "1 to 6" in diags[0].message


def test_tableofcontents_in_the_text_places_the_list_there() -> None:
    text = "\\tableofcontents\n\n\\listoftables\n\n" + SOURCE
    blocks, diags = read_markdown(text, "a.md")
    assert diags == []
    assert [b.kind for b in blocks if isinstance(b, m.ContentsList)] == ["toc", "lot"]
    doc = number_floats(m.Document(meta=m.Meta(section_numbering="arabic"),
                                   sections=(m.Section("a.md", blocks),)))
    house = house_style(doc.meta)
    html = write_html(doc, house, [])
    assert html.count('<nav class="contents toc">') == 1 and "contents lof" not in html
    assert html.index('<nav class="contents toc">') < html.index('<nav class="contents lot">')
    tex = write_latex(doc, house)
    assert r"\tsstarttoc{toc}" in tex and r"\tsstarttoc{lot}" in tex
    assert r"\tsstarttoc{lof}" not in tex and r"\addcontentsline{lof}" not in tex
    assert r"\addcontentsline{toc}{section}" in tex and r"\addcontentsline{lot}" in tex


def test_page_layout_tex_alone_in_a_paragraph_is_dropped_with_a_warning() -> None:
    blocks, diags = read_markdown("\\pagenumbering{roman}\n\\setcounter{page}{3}\n\n"
                                  "\\vspace{1cm}\n\nText \\pagenumbering{arabic} here.\n", "a.md")
    assert [type(b).__name__ for b in blocks] == ["Para"]  # only the sentence is left
    assert [(d.code, d.span.line) for d in diags] == [("md-raw", 1), ("md-raw", 4), ("md-raw", 6)]
    assert "dropped" in diags[0].message and "printed as text" in diags[2].message
def test_html_bibliography_under_the_manuscripts_own_heading_has_no_empty_entry() -> None:
    blocks, _ = read_markdown("# Text\n\nBody.\n\n# References\n", "a.md")
    untitled = m.Bibliography("", (), anchors=())
    doc = m.Document(meta=m.Meta(toc=True),
                     sections=(m.Section("a.md", (*blocks, untitled)),))
    html = write_html(number_floats(doc), house_style(doc.meta), [])
    toc = html[html.index('<nav class="contents toc">'):html.index("</nav>")]
    assert toc.count("<li") == 2 and 'href="#bibliography"' not in toc
    assert '<a href="#references">References</a>' in toc
