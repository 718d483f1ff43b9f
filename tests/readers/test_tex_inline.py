r"""LaTeX text commands in Markdown (\emph, \url, \footnote, \citep ...) read as model nodes."""

from __future__ import annotations

from typeset.doc import model as m
from typeset.doc import walk
from typeset.house import house_style
from typeset.readers.markdown import read_markdown
from typeset.writers.html import write_html
from typeset.writers.latex import write_latex

THESIS = (r"The standard is at \url{https://eips.ethereum.org/EIPS/eip-820}\footnote{Source: "
          r"\url{https://github.com/x/y.md}, see \emph{there}}. We use \textbf{bold "
          r"\emph{nested}}, \texttt{ERC\_777}, \textsc{nkvd} and \underline{this}."
          "\n\n"
          r"As \citet{erc672} showed \citep{erc820}, \citep[see][p.~33]{a,b} and "
          r"\cite[chap.~2]{c}; \href{https://x.org}{a *link*}." "\n")


def read(text: str) -> tuple[m.Document, list[str]]:
    blocks, found = read_markdown(text, "01.md")
    return m.Document(sections=(m.Section("01.md", tuple(blocks)),)), [d.code for d in found]


def test_text_commands_become_formatting_links_and_notes() -> None:
    doc, codes = read(THESIS)
    assert codes == []
    links = [n.url for n in walk.query(doc, m.Link)]
    assert links == ["https://eips.ethereum.org/EIPS/eip-820", "https://github.com/x/y.md",
                     "https://x.org"]
    note = next(walk.query(doc, m.Note))
    assert walk.plain_text(note.blocks).startswith("Source: https://github.com/x/y.md, see there")
    assert [walk.plain_text(e.children) for e in walk.query(doc, m.Emph)] == ["there", "nested",
                                                                           "link"]
    assert [c.text for c in walk.query(doc, m.Code)] == ["ERC_777"]
    assert walk.plain_text(next(walk.query(doc, m.Strong)).children) == "bold nested"
    html = write_html(doc, house_style(doc.meta), [])
    for raw in ("\\url{", "\\emph{", "\\footnote{", "\\citep", "\\textsc", "\\href"):
        assert raw not in html, raw
    tex = write_latex(doc, house_style(doc.meta))
    assert "\\textbackslash{}" not in tex  # nothing printed as literal TeX
    assert "\\href{https://eips.ethereum.org/EIPS/eip-820}" in tex or "eip-820" in tex


def test_natbib_citations_are_citations_with_prefix_and_locator() -> None:
    doc, _ = read(THESIS)
    cites = list(walk.query(doc, m.Cite))
    assert [(c.mode, [i.key for i in c.items]) for c in cites] == [
        ("narrative", ["erc672"]), ("normal", ["erc820"]), ("normal", ["a", "b"]),
        ("normal", ["c"])]
    first, last = cites[2].items
    assert walk.plain_text(first.prefix) == "see"
    assert (last.label, last.locator) == ("page", "33")
    assert (cites[3].items[0].label, cites[3].items[0].locator) == ("chapter", "2")


def test_other_or_unbalanced_commands_stay_text_with_the_raw_warning() -> None:
    doc, codes = read("Left alone: \\gls{ens}, \\emph{unclosed and \\foo{x}.\n")
    assert codes == ["md-raw"]
    assert "\\emph{unclosed" in walk.plain_text(doc.sections[0].blocks)


def test_unsafe_link_targets_stay_refused() -> None:
    doc, codes = read("A \\href{javascript:alert(1)}{click} and \\url{file:///etc/passwd}.\n")
    assert codes == ["md-link-scheme", "md-link-scheme"]
    assert not list(walk.query(doc, m.Link))
