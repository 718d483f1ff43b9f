"""The public Processor: positions, ibid, disambiguation, sorting, bibliography."""

from __future__ import annotations

import pytest

from typeset.csl import Processor, render
from typeset.csl.markup import parse_affix
from typeset.diagnostics import TypesetError

NOTE_STYLE = """<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <citation><layout suffix=".">
    <choose>
      <if position="ibid-with-locator"><group delimiter=", "><text term="ibid"/>
        <text variable="locator"/></group></if>
      <if position="ibid"><text term="ibid"/></if>
      <if position="subsequent"><group delimiter=", "><names variable="author">
        <name form="short"/></names><text variable="locator"/></group></if>
      <else><group delimiter=", "><names variable="author"/><text variable="title"
        font-style="italic"/><text variable="locator"/></group></else>
    </choose></layout></citation>
</style>"""

AUTHOR_DATE = """<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <citation disambiguate-add-year-suffix="true" disambiguate-add-givenname="true"
    givenname-disambiguation-rule="all-names-with-initials">
    <sort><key variable="author"/><key variable="issued"/></sort>
    <layout prefix="(" suffix=")" delimiter="; "><group delimiter=" ">
      <names variable="author"><name form="short" initialize-with=". "/></names>
      <date variable="issued"><date-part name="year"/></date></group></layout></citation>
  <bibliography subsequent-author-substitute="———">
    <sort><key variable="author"/><key variable="issued"/></sort>
    <layout suffix="."><group delimiter=". "><names variable="author">
      <name name-as-sort-order="all"/></names>
      <date variable="issued"><date-part name="year"/></date>
      <text variable="title"/></group></layout></bibliography>
</style>"""

REFS = [
    {"id": "snow", "type": "book", "title": "Journey", "author": [{"family": "Snow", "given": "Edgar"}],
     "issued": {"date-parts": [[1958]]}},
    {"id": "roe1", "type": "book", "title": "B", "author": [{"family": "Roe", "given": "Jane"}],
     "issued": {"date-parts": [[2000]]}},
    {"id": "roe2", "type": "book", "title": "A", "author": [{"family": "Roe", "given": "Jane"}],
     "issued": {"date-parts": [[2000]]}},
    {"id": "roeb", "type": "book", "title": "C", "author": [{"family": "Roe", "given": "Bob"}],
     "issued": {"date-parts": [[1990]]}},
]


def texts(rich_list) -> list[str]:
    return [render(r, "html") for r in rich_list]


def test_positions_and_capital_ibid() -> None:
    proc = Processor(NOTE_STYLE, REFS)
    out = texts(proc.cite([
        [{"id": "snow", "locator": "1"}],
        [{"id": "snow", "locator": "1"}],
        [{"id": "snow", "locator": "2"}],
        [{"id": "roe1"}],
        [{"id": "snow", "locator": "3"}],
    ]))
    assert out == ["Edgar Snow, <i>Journey</i>, 1.", "Ibid.", "Ibid., 2.",
                   "Jane Roe, <i>B</i>.", "Snow, 3."]


def test_a_note_without_citations_breaks_the_ibid_chain() -> None:
    proc = Processor(NOTE_STYLE, REFS)
    out = texts(proc.cite([
        {"cites": [{"id": "snow"}], "note_number": 1},
        {"cites": [{"id": "snow"}], "note_number": 3},
    ]))
    assert out[1] == "Snow."


def test_disambiguation_givenname_and_year_suffix() -> None:
    proc = Processor(AUTHOR_DATE, REFS)
    out = texts(proc.cite([[{"id": "roe1"}, {"id": "roe2"}, {"id": "roeb"}]]))
    assert out == ["(B. Roe 1990; J. Roe 2000a; J. Roe 2000b)"]


def test_bibliography_sorted_with_subsequent_author_substitute() -> None:
    proc = Processor(AUTHOR_DATE, REFS)
    proc.cite([[{"id": "roe1"}, {"id": "roe2"}, {"id": "roeb"}, {"id": "snow"}]])
    assert texts(proc.bibliography()) == [
        "Roe, Bob. 1990. C.", "Roe, Jane. 2000a. B.", "———. 2000b. A.", "Snow, Edgar. 1958. Journey."]


def test_suppress_author_and_affixes() -> None:
    proc = Processor(AUTHOR_DATE, REFS)
    out = texts(proc.cite([[{"id": "snow", "suppress-author": True, "prefix": parse_affix("see ")}]]))
    assert out == ["(see 1958)"]


def test_unknown_id_is_a_diagnostic() -> None:
    with pytest.raises(TypesetError) as info:
        Processor(NOTE_STYLE, REFS).cite([[{"id": "nope"}]])
    assert info.value.diagnostics[0].code == "unknown-id"


def test_entries_never_cited_are_never_decoded() -> None:
    class Exploding(dict):
        def get(self, key, default=None):  # only the id may be read at registration
            if key != "id":
                raise AssertionError("uncited entry decoded")
            return super().get(key, default)

    refs = [*REFS, Exploding(id="bad", author="not a list")]
    proc = Processor(NOTE_STYLE, refs)
    assert texts(proc.cite([[{"id": "snow"}]])) == ["Edgar Snow, <i>Journey</i>."]
    assert proc.is_note_style


def test_bibliography_options() -> None:
    opts = Processor("chicago-notes-bibliography", REFS).bibliography_options
    assert opts["hanging_indent"] is True


def test_author_only() -> None:
    proc = Processor(AUTHOR_DATE, REFS)
    assert texts(proc.cite([[{"id": "snow", "author-only": True}]])) == ["(Snow)"]


def test_a_string_prefix_is_refused_with_a_message() -> None:
    proc = Processor(NOTE_STYLE, REFS)
    with pytest.raises(TypesetError, match="prefix must be rich text"):
        proc.cite([[{"id": "snow", "prefix": "see "}]])
