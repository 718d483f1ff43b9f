"""The caches added for issue 16 change no output: a cs:choose testing the cite
(position, locator, disambiguate) keeps its branch per item shape and cite signature
(evaluate.cite_signature), and the decorations of an element are read once
(decorate._plan)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from typeset.csl import Processor, render
from typeset.csl import evaluate as ev
from typeset.csl.markup import parse_affix
from typeset.csl.style import parse_style_text

DIFF = Path(__file__).resolve().parents[1] / "csl_diff"

CITE_TESTS = """<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <citation><layout delimiter="; ">
    <choose>
      <if position="subsequent"><text value="short"/></if>
      <else><text value="full"/></else>
    </choose>
    <choose>
      <if type="book" is-numeric="locator"><text value=" numbered"/></if>
      <else-if type="book" locator="chapter"><text value=" chapter"/></else-if>
      <else-if variable="locator"><text value=" located"/></else-if>
      <else><text value=" bare"/></else>
    </choose>
    <choose><if position="ibid" match="any"><text value=" ibid"/></if></choose>
    <text variable="title" prefix=" "/>
    <text variable="locator" prefix=" "/>
  </layout></citation>
</style>"""


def test_a_cite_choose_follows_each_cite_of_one_shape() -> None:
    """Two books of one shape (same fields) cited first, again, at a page, at a chapter
    and at a non-numeric locator: each cite takes its own branch, though the branches are
    kept on the shape -- a branch kept regardless of the cite would print "full" or
    "numbered" for every cite after the first."""
    style = parse_style_text(CITE_TESTS)
    refs = [{"id": "a", "type": "book", "title": "Alpha"},
            {"id": "b", "type": "book", "title": "Beta"}]
    notes = [[{"id": "a", "locator": "12"}], [{"id": "b"}], [{"id": "a", "locator": "passim"}],
             [{"id": "b", "locator": "3", "label": "chapter"}], [{"id": "b"}], [{"id": "b"}],
             [{"id": "a", "locator": "12"}]]
    out = [render(r, "text") for r in Processor(style, refs).cite(notes)]
    assert out == ["full numbered Alpha 12", "full bare Beta",
                   "short located Alpha passim", "short numbered Beta 3",
                   "short bare Beta", "short bare ibid Beta", "short numbered Alpha 12"]


def _notes(raw: list[Any]) -> list[Any]:
    def cite(c: dict[str, Any]) -> dict[str, Any]:
        return {**c, **{k: parse_affix(str(c[k])) for k in ("prefix", "suffix") if k in c}}
    return [[cite(c) for c in (n["cites"] if isinstance(n, dict) else n)] for n in raw]


def _run(style: str) -> tuple[list[str], list[str]]:
    refs = json.loads((DIFF / "corpus.json").read_text(encoding="utf-8"))
    notes = _notes(json.loads((DIFF / "citations.json").read_text(encoding="utf-8")))
    out = Processor(style, refs).render_document(notes, bibliography=[str(r["id"]) for r in refs])
    return ([render(r, "html") for r in out.clusters],
            [render(r, "html") for r in out.bibliography])


@pytest.mark.parametrize("style", ["chicago-notes-bibliography", "modern-language-association",
                                   "oscola", "chicago-author-date"])
def test_kept_cite_branches_change_no_output(style: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The differential corpus renders the same when no cite-testing choose keeps its
    branch (every condition evaluated at every render)."""
    kept = _run(style)
    monkeypatch.setattr(ev, "_memo_kind", lambda _el: None)
    fresh = _run(style)
    assert kept == fresh
    assert any(kept[0]) and any(kept[1])


NAMES = """<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <citation et-al-min="3" et-al-use-first="1" et-al-subsequent-min="2"
            et-al-subsequent-use-first="1"><layout delimiter="; ">
    <names variable="author"><name and="text" initialize-with=". "/></names>
  </layout></citation>
</style>"""


def test_a_kept_name_list_follows_the_locale_and_the_position() -> None:
    """Name lists are kept on the style by the names (two works by the same authors share
    one): the same style serves an English and a German processor, and a subsequent cite
    abbreviates where the first does not -- a list kept by the names alone would print
    "and" in German or the first cite's full list again."""
    style = parse_style_text(NAMES)
    authors = [{"family": "Doe", "given": "Jane"}, {"family": "Roe", "given": "Rick"}]
    refs = [{"id": "a", "type": "book", "author": authors},
            {"id": "b", "type": "book", "author": authors}]
    notes = [[{"id": "a"}], [{"id": "b"}], [{"id": "a"}]]
    english = [render(r, "text") for r in Processor(style, refs, "en-US").cite(notes)]
    german = [render(r, "text") for r in Processor(style, refs, "de-DE",
                                                   force_locale=True).cite(notes)]
    assert english == ["J. Doe and R. Roe", "J. Doe and R. Roe", "J. Doe et al."]
    assert german == ["J. Doe und R. Roe", "J. Doe und R. Roe", "J. Doe u.\u00a0a."]


SHAPES = """<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <citation><layout delimiter="; ">
    <group delimiter=", ">
      <names variable="editor"><name/></names>
      <choose>
        <if type="book">
          <choose>
            <if variable="publisher"><text variable="publisher"/></if>
            <else><text value="no publisher"/></else>
          </choose>
        </if>
        <else><text variable="title"/></else>
      </choose>
    </group>
  </layout></citation>
</style>"""


@pytest.mark.parametrize("order", [(0, 1, 2, 3), (3, 2, 1, 0), (1, 3, 0, 2)])
def test_items_of_each_shape_print_their_own_names_and_branches(order: tuple[int, ...]) -> None:
    """The branches spliced into a parent's parts and whether the item has none of a
    cs:names' variables are kept per item shape: whichever item comes first, each prints
    its own editor (or none) and the nested branch of its own type and fields."""
    style = parse_style_text(SHAPES)
    refs = [{"id": "a", "type": "book", "publisher": "Pub"},
            {"id": "b", "type": "book", "editor": [{"family": "Doe", "given": "J."}]},
            {"id": "c", "type": "article", "title": "Tit"},
            {"id": "d", "type": "book", "publisher": "Press",
             "editor": [{"family": "Roe", "given": "R."}]}]
    expected = ["Pub", "J. Doe, no publisher", "Tit", "R. Roe, Press"]
    notes = [[{"id": refs[i]["id"]}] for i in order]
    out = [render(r, "text") for r in Processor(style, refs).cite(notes)]
    assert out == [expected[i] for i in order]


VOID = """<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <macro name="journal">
    <choose><if type="article-journal">
      <group delimiter=" "><text term="in"/><text variable="container-title"/></group>
    </if></choose>
  </macro>
  <macro name="wrapped"><group><text macro="journal"/></group></macro>
  <citation><layout delimiter="; ">
    <group delimiter=", "><text variable="title"/>
      <choose><if type="book"><text value="book"/></if></choose>
      <text macro="wrapped" prefix="(" suffix=")"/></group>
  </layout></citation>
</style>"""


def test_a_macro_empty_for_one_shape_still_prints_for_another() -> None:
    """A macro that holds nothing for a book (its cs:choose takes no branch) is left out
    of a book's parts, and only of its shape's: an article still prints it, and an
    article without the variable prints nothing of it (its group calls a variable and
    renders none)."""
    style = parse_style_text(VOID)
    refs = [{"id": "b", "type": "book", "title": "Book"},
            {"id": "a", "type": "article-journal", "title": "Art", "container-title": "J"},
            {"id": "n", "type": "article-journal", "title": "Bare"}]
    for order in ((0, 1, 2), (1, 2, 0), (2, 0, 1)):
        notes = [[{"id": refs[i]["id"]}] for i in order]
        out = [render(r, "text") for r in Processor(style, refs).cite(notes)]
        assert out == [["Book, book", "Art, (in J)", "Bare"][i] for i in order]


FOLDED = """<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <macro name="publication">
    <group delimiter=": "><text variable="publisher-place"/><text variable="publisher"/>
      <date variable="issued"><date-part name="year"/></date></group>
  </macro>
  <citation><layout delimiter="; ">
    <group delimiter=". "><text variable="title"/>
      <group delimiter=", "><text term="edition"/>
        <choose><if type="book"><text value="book"/></if></choose>
        <text macro="publication"/></group>
    </group>
  </layout></citation>
</style>"""


def test_a_folded_macro_counts_its_variables_for_each_shape() -> None:
    """A macro whose variables a shape lacks is counted (its variables called, none
    rendered) rather than evaluated, per shape: its group, with a term and a value, is
    dropped for the shape without them and printed for the shapes with them."""
    style = parse_style_text(FOLDED)
    refs = [{"id": "a", "type": "book", "title": "Alpha"},
            {"id": "b", "type": "book", "title": "Beta", "publisher": "Pub",
             "issued": {"date-parts": [[2001]]}},
            {"id": "c", "type": "article", "title": "Gamma", "publisher-place": "Rome"}]
    expected = ["Alpha", "Beta. edition, book, Pub: 2001", "Gamma. edition, Rome"]
    for order in ((0, 1, 2), (2, 1, 0), (1, 0, 2)):
        notes = [[{"id": refs[i]["id"]}] for i in order]
        out = [render(r, "text") for r in Processor(style, refs).cite(notes)]
        assert out == [expected[i] for i in order]


@pytest.mark.parametrize("style", ["chicago-notes-bibliography", "apa", "ieee",
                                   "modern-language-association", "chicago-author-date",
                                   "oscola"])
def test_folded_elements_change_no_output(style: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The differential corpus renders the same when no element is folded into its
    counts (every element evaluated): folding keeps substitutes, suppression and cite
    grouping as they were."""
    kept = _run(style)
    monkeypatch.setattr(ev, "_fold", lambda _el, _style, _ctx: None)
    fresh = _run(style)
    assert kept == fresh


INERT = """<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <macro name="article-title">
    <choose><if type="article"><text variable="title"/></if></choose>
  </macro>
  <macro name="edition">
    <group delimiter=" "><text term="edition"/><text macro="article-title"/>
      <label variable="volume" form="short"/></group>
  </macro>
  <citation><layout delimiter="; ">
    <group delimiter=", "><text variable="id"/>
      <choose><if type="book"><text value="book"/></if></choose>
      <text macro="edition"/></group>
  </layout></citation>
</style>"""


def test_a_term_goes_with_its_group_only_when_a_variable_was_called() -> None:
    """A group holding a term, a label and a macro: for a book the macro holds nothing,
    no variable is called, and the term prints; for an article without a title the
    title is called and not rendered, so the whole group goes (and is folded into that
    count); for an article with one, all of it prints."""
    style = parse_style_text(INERT)
    refs = [{"id": "b", "type": "book"}, {"id": "a", "type": "article"},
            {"id": "t", "type": "article", "title": "Tit"}]
    expected = ["b, book, edition vol.", "a", "t, edition Tit vol."]
    for order in ((0, 1, 2), (1, 2, 0), (2, 0, 1)):
        notes = [[{"id": refs[i]["id"]}] for i in order]
        out = [render(r, "text") for r in Processor(style, refs).cite(notes)]
        assert out == [expected[i] for i in order]


REACHABLE = """<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <macro name="publisher">
    <choose>
      <if position="subsequent" type="article"><text variable="publisher"/></if>
      <else-if type="book"/>
      <else-if variable="publisher" position="first"><text variable="title"/></else-if>
    </choose>
  </macro>
  <citation><layout delimiter="; ">
    <group delimiter=", "><text variable="id"/>
      <choose><if type="book"><text value="book"/></if></choose>
      <group delimiter=" "><text term="edition"/><text macro="publisher"/></group>
    </group>
  </layout></citation>
</style>"""


def test_a_choose_of_the_cite_folds_only_over_the_branches_the_shape_may_take() -> None:
    """A macro choosing on the position and the type: for a book it holds nothing (the
    first branch wants an article, the second is sure), so its term prints alone; for an
    article without a publisher the first cite takes no branch (the term prints) and a
    subsequent one calls the publisher (the group goes); with a publisher each cite
    prints its own branch."""
    style = parse_style_text(REACHABLE)
    refs = [{"id": "b", "type": "book", "publisher": "Pub"}, {"id": "a", "type": "article"},
            {"id": "p", "type": "article", "publisher": "Press", "title": "Tit"}]
    notes = [[{"id": "b"}], [{"id": "a"}], [{"id": "p"}], [{"id": "b"}], [{"id": "a"}],
             [{"id": "p"}]]
    out = [render(r, "text") for r in Processor(style, refs).cite(notes)]
    assert out == ["b, book, edition", "a, edition", "p, edition Tit", "b, book, edition", "a",
                   "p, edition Press"]


NUMERIC = """<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <citation><layout delimiter="; ">
    <group delimiter=" "><text variable="id"/>
      <choose>
        <if type="article" is-numeric="volume"><text value="article-numbered"/></if>
        <else-if is-numeric="volume"><text value="numbered"/></else-if>
        <else-if type="article"><text value="article"/></else-if>
        <else><text value="other"/></else>
      </choose>
    </group>
  </layout></citation>
</style>"""


def test_a_choose_of_item_values_asks_the_branches_of_each_shape() -> None:
    """A cs:choose testing a value (is-numeric) asks, per item shape, only the branches
    the shape may take: a book never takes the article's branch, an article does."""
    style = parse_style_text(NUMERIC)
    refs = [{"id": "b1", "type": "book", "volume": "3"}, {"id": "b2", "type": "book",
                                                          "volume": "iv"},
            {"id": "a1", "type": "article", "volume": "3"},
            {"id": "a2", "type": "article", "volume": "x"}]
    expected = ["b1 numbered", "b2 other", "a1 article-numbered", "a2 article"]
    for order in ((0, 1, 2, 3), (2, 3, 0, 1), (3, 0, 2, 1)):
        notes = [[{"id": refs[i]["id"]}] for i in order]
        out = [render(r, "text") for r in Processor(style, refs).cite(notes)]
        assert out == [expected[i] for i in order]
