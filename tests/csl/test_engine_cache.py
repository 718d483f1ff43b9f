"""The engine's compiled forms and item caches change no output (docs/csl.md, "How the
engine is made fast"): a macro kept on the item prints what evaluating it again would."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from typeset.csl import Processor, render
from typeset.csl import evaluate as ev
from typeset.csl.context import Item
from typeset.csl.markup import parse_affix
from typeset.csl.style import parse_style_text

DIFF = Path(__file__).resolve().parents[1] / "csl_diff"


def _notes(raw: list[Any]) -> list[Any]:
    def cite(c: dict[str, Any]) -> dict[str, Any]:
        return {**c, **{k: parse_affix(str(c[k])) for k in ("prefix", "suffix") if k in c}}
    return [[cite(c) for c in (n["cites"] if isinstance(n, dict) else n)] for n in raw]


def _run(style: Any, refs: list[dict[str, Any]], notes: list[Any]) -> tuple[list[str], ...]:
    processor = Processor(style, refs)
    out = processor.render_document(notes, bibliography=[str(r["id"]) for r in refs])
    return ([render(r, "html") for r in out.clusters],
            [render(r, "html") for r in out.bibliography])


@pytest.mark.parametrize("style", ["chicago-notes-bibliography", "apa", "ieee",
                                   "modern-language-association", "chicago-author-date"])
def test_item_macro_cache_changes_no_output(style: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The differential corpus (46 works, 32 notes) renders the same with the item-only
    macro cache and without it (every macro evaluated at every call)."""
    refs = json.loads((DIFF / "corpus.json").read_text(encoding="utf-8"))
    notes = _notes(json.loads((DIFF / "citations.json").read_text(encoding="utf-8")))
    cached = _run(style, refs, notes)
    monkeypatch.setattr(ev, "item_only_variables", lambda _style, _name: None)
    fresh = _run(style, refs, notes)
    assert cached == fresh
    assert any(cached[0]) and any(cached[1])


SUBSTITUTED = """<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <macro name="title"><text variable="title" font-style="italic"/></macro>
  <macro name="year"><date variable="issued"><date-part name="year"/></date></macro>
  <macro name="edition"><group delimiter=" "><text term="edition"/>
    <number variable="edition"/></group></macro>
  <citation><layout delimiter="; ">
    <group delimiter=", "><names variable="author"><substitute><text macro="title"/>
      </substitute></names><text macro="title"/><text macro="year"/>
      <text macro="year"/></group></layout></citation>
  <bibliography><layout><group delimiter=". ">
    <text macro="title"/><text macro="edition"/><text macro="year"/></group></layout>
  </bibliography>
</style>"""


def test_a_kept_macro_honours_what_a_substitute_suppressed() -> None:
    """A title that stood in for the author is not printed again in the same cite, though
    the title macro's output for the item is kept from the entry (where nothing was
    suppressed)."""
    style = parse_style_text(SUBSTITUTED)
    refs = [{"id": "anon", "type": "book", "title": "Anonymous Work",
             "issued": {"date-parts": [[1990]]}},
            {"id": "doe", "type": "book", "title": "Signed Work", "edition": "2",
             "author": [{"family": "Doe", "given": "Jane"}], "issued": {"date-parts": [[1991]]}}]
    processor = Processor(style, refs)
    entries = [render(r, "text") for r in processor.bibliography(["anon", "doe"])]
    notes = [render(r, "text") for r in processor.cite([[{"id": "anon"}], [{"id": "doe"}]])]
    assert entries == ["Anonymous Work. 1990", "Signed Work. edition 2. 1991"]
    assert notes == ["Anonymous Work, 1990, 1990", "Jane Doe, Signed Work, 1991, 1991"]


def test_a_kept_macro_counts_for_its_group() -> None:
    """A group whose only variable comes from a kept macro that printed nothing is
    suppressed each time, not only the first (the macro's called count is replayed)."""
    style = parse_style_text(SUBSTITUTED.replace(
        '<text macro="title"/><text macro="edition"/>',
        '<text macro="title"/><group delimiter=" "><text value="ed."/>'
        '<text macro="edition"/></group><group delimiter=" "><text value="again"/>'
        '<text macro="edition"/></group>'))
    refs = [{"id": "anon", "type": "book", "title": "Anonymous Work"}]
    processor = Processor(style, refs)
    assert [render(r, "text") for r in processor.bibliography(["anon"])] == ["Anonymous Work"]


IMPLICIT_SUFFIX = """<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <macro name="year"><date variable="issued"><date-part name="year"/></date></macro>
  <citation disambiguate-add-year-suffix="true"><layout delimiter="; ">
    <group delimiter=" "><names variable="author"><name form="short"/></names>
      <text macro="year"/><text macro="year" prefix="(" suffix=")"/></group></layout></citation>
  <bibliography><layout><group delimiter=". "><names variable="author"/>
    <text macro="year"/><text variable="title"/></group></layout></bibliography>
</style>"""


def test_a_kept_date_macro_takes_the_implicit_year_suffix_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The implicit year-suffix follows the first date printed: the kept year macro
    prints "2000a" first and "2000" after it, in the cite and the entry alike."""
    refs = [{"id": i, "type": "book", "title": t, "author": [{"family": "Doe", "given": "J."}],
             "issued": {"date-parts": [[2000]]}} for i, t in (("a", "Alpha"), ("b", "Beta"))]

    def run() -> tuple[list[str], list[str]]:
        processor = Processor(parse_style_text(IMPLICIT_SUFFIX), refs)
        notes = [render(r, "text") for r in processor.cite([[{"id": "a"}], [{"id": "b"}],
                                                            [{"id": "a"}]])]
        return notes, [render(r, "text") for r in processor.bibliography()]

    cached = run()
    assert cached == (["Doe 2000a (2000)", "Doe 2000b (2000)", "Doe 2000a (2000)"],
                      ["J. Doe. 2000a. Alpha", "J. Doe. 2000b. Beta"])
    monkeypatch.setattr(ev, "item_only_variables", lambda _style, _name: None)
    assert run() == cached


@pytest.mark.parametrize("style", ["chicago-notes-bibliography", "apa", "ieee",
                                   "modern-language-association", "chicago-author-date"])
def test_shared_item_shapes_change_no_output(style: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Items of one shape share their variable tests and branches (Item.shape): the
    differential corpus renders the same as when every item has a shape of its own."""
    refs = json.loads((DIFF / "corpus.json").read_text(encoding="utf-8"))
    notes = _notes(json.loads((DIFF / "citations.json").read_text(encoding="utf-8")))
    shared = _run(style, refs, notes)
    monkeypatch.setattr(Item, "shape", lambda item: (item.id,))
    assert _run(style, refs, notes) == shared


SHAPED = """<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <citation><layout><choose>
    <if variable="title-short"><text value="short:"/><text variable="title" form="short"/></if>
    <else-if variable="page-first"><text value="from "/><text variable="page-first"/></else-if>
    <else-if variable="note"><text value="noted"/></else-if>
    <else-if variable="issued"><text value="dated"/></else-if>
    <else-if variable="author"><text value="named"/></else-if>
    <else><text value="none"/></else></choose></layout></citation>
</style>"""


@pytest.mark.parametrize(("one", "other"), [
    ({"shortTitle": "Alias"}, {"shortTitle": ["a", "list"]}),  # a list is no string value
    ({"title-short": "", "shortTitle": "Alias"}, {"title-short": "T", "shortTitle": "Alias"}),
    ({"title-short": None, "shortTitle": "Alias"}, {"title-short": "", "shortTitle": "Alias"}),
    ({"page": "12-15"}, {"page": "-"}),  # page-first comes from the page
    ({"note": "x"}, {"note": ""}), ({"note": 0}, {"note": False}), ({"note": ["x"]}, {"note": []}),
    ({"issued": {"date-parts": [[2001]]}}, {"issued": {"date-parts": [["x"]]}}),
    ({"issued": "2001"}, {"issued": ""}),
    ({"author": [{"family": "Doe"}]}, {"author": ["Doe"]}),
])
def test_items_of_other_shapes_choose_their_own_branch(one: dict[str, Any],
                                                       other: dict[str, Any]) -> None:
    """Two items with the same fields, one of them set another way (an alias hidden by
    an empty field, a list for a string, a page with no first page, a date that does not
    parse, a name list without names), each take the branch they take alone, whichever
    is cited first."""
    style = parse_style_text(SHAPED)
    base = {"type": "book", "title": "Main: Sub"}
    refs = [{"id": "a", **base, **one}, {"id": "b", **base, **other}]
    alone = {r["id"]: render(Processor(style, [r]).cite([[{"id": r["id"]}]])[0], "text")
             for r in refs}
    assert alone["a"] != alone["b"]
    for order in (["a", "b"], ["b", "a"]):
        processor = Processor(style, refs)
        out = dict(zip(order, (render(r, "text") for r in processor.cite(
            [[{"id": i}] for i in order])), strict=True))
        assert out == alone


SUBSTITUTE_CHOICE = """<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <citation><layout><names variable="author"><substitute>
    <choose><if type="book"><names variable="editor"/></if>
      <else-if variable="translator"><names variable="translator"/></else-if></choose>
    <choose><if position="first"><text variable="title"/></if>
      <else><text value="again"/></else></choose>
  </substitute></names></layout></citation>
</style>"""


def test_substitute_alternatives_follow_each_item_and_cite() -> None:
    """A cs:substitute's alternatives under a cs:choose on the type are the item's own
    (kept per item shape); under a cs:choose on the position, the cite's."""
    refs = [{"id": "b", "type": "book", "title": "Book", "editor": [{"family": "Ed"}],
             "translator": [{"family": "Tr"}]},
            {"id": "c", "type": "chapter", "title": "Chapter", "editor": [{"family": "Ed"}],
             "translator": [{"family": "Tr"}]},
            {"id": "d", "type": "chapter", "title": "Dossier"}]
    for order in (["b", "c", "d"], ["d", "c", "b"]):
        processor = Processor(parse_style_text(SUBSTITUTE_CHOICE), refs)
        notes = [[{"id": i}] for i in order] * 2
        out = [render(r, "text") for r in processor.cite(notes)]
        expected = {"b": "Ed", "c": "Tr", "d": "Dossier"}
        assert out[:3] == [expected[i] for i in order]
        assert out[3:] == [expected[i] if i != "d" else "again" for i in order]


ADD_NAMES = """<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <citation et-al-min="2" et-al-use-first="1" disambiguate-add-names="true"
            disambiguate-add-year-suffix="true">
    <layout delimiter="; "><group delimiter=" "><names variable="author">
      <name form="short" delimiter=", "/></names>
      <date variable="issued"><date-part name="year"/></date></group></layout></citation>
</style>"""


def test_disambiguation_changes_only_the_items_it_must() -> None:
    """Of three works rendering "Doe et al. 2000", two differ in the second author (they
    show two names from the second pass on) and two have the same authors (a year-suffix
    each); a fourth, never ambiguous, keeps its short form; the kept renderings of the
    first pass never stand in for the changed ones."""
    def person(family: str) -> dict[str, str]:
        return {"family": family, "given": "A."}

    refs = [{"id": "a", "type": "book", "author": [person("Doe"), person("Smith")],
             "issued": {"date-parts": [[2000]]}, "title": "A"},
            {"id": "b", "type": "book", "author": [person("Doe"), person("Jones")],
             "issued": {"date-parts": [[2000]]}, "title": "B"},
            {"id": "c", "type": "book", "author": [person("Doe"), person("Jones")],
             "issued": {"date-parts": [[2000]]}, "title": "C"},
            {"id": "d", "type": "book", "author": [person("Doe"), person("Roe")],
             "issued": {"date-parts": [[2001]]}, "title": "D"}]
    processor = Processor(parse_style_text(ADD_NAMES), refs)
    out = [render(r, "text") for r in processor.cite([[{"id": i}] for i in "abcd"])]
    assert out == ["Doe, Smith 2000", "Doe, Jones 2000a", "Doe, Jones 2000b",
                   "Doe et al. 2001"]
