"""Name parsing, initials and name-list assembly."""

from __future__ import annotations

import pytest

from typeset.csl.names import NameEnv, format_person, initialize, join_names, parse_person
from typeset.csl.rich import Text, plain

ENV = NameEnv(text_case=lambda r, c: r, demote="display-and-sort", initialize_hyphen=True)


@pytest.mark.parametrize(("given", "with_", "full", "want"), [
    ("John Maynard", ". ", True, "J. M."),
    ("Jean-Paul", ".", True, "J.-P."),
    ("M.E", " ", True, "M E"),
    ("ME", ".", True, "M."),
    ("ME", ".", False, "ME"),
    ("John M.", ". ", False, "John M."),
    ("J. B. de C. M.", ". ", True, "J. B. de C. M."),
    ("Jean-Paul", ". ", False, "Jean-Paul"),
])
def test_initialize(given: str, with_: str, full: bool, want: str) -> None:
    assert initialize(given, with_, True, full) == want


def test_particles_parsed_from_family_and_given() -> None:
    p = parse_person({"family": "van Gogh", "given": "Vincent"})
    assert (p.non_dropping, p.family) == ("van", "Gogh")
    q = parse_person({"family": "Fontaine", "given": "Jean de"})
    assert (q.given, q.dropping) == ("Jean", "de")
    assert parse_person({"family": "d'Arcus", "given": "B"}).non_dropping == "d’"


@pytest.mark.parametrize(("opts", "inverted", "want"), [
    ({}, False, "Jean de La Fontaine III"),
    ({}, True, "Fontaine, Jean de La, III"),
    ({"form": "short"}, False, "La Fontaine"),
    ({"initialize-with": ". "}, True, "Fontaine, J. de La, III"),
])
def test_format_person_orders(opts: dict[str, str], inverted: bool, want: str) -> None:
    p = parse_person({"family": "Fontaine", "given": "Jean", "dropping-particle": "de",
                      "non-dropping-particle": "La", "suffix": "III"})
    assert plain(format_person(p, opts, inverted, -1, {}, ENV)) == want


def test_literal_and_given_only_names() -> None:
    assert plain(format_person(parse_person({"literal": "WHO"}), {}, True, -1, {}, ENV)) == "WHO"
    assert plain(format_person(parse_person({"given": "Banksy"}), {"initialize-with": "."},
                               False, -1, {}, ENV)) == "Banksy"


def names(*ns: str):
    return [(Text(n),) for n in ns]


def test_join_names_and_et_al() -> None:
    opts = {"delimiter": ", "}
    assert plain(join_names(names("A", "B", "C"), 3, opts, [False] * 3, "and", (), None)) \
        == "A, B, and C"
    assert plain(join_names(names("A", "B"), 2, opts, [False] * 2, "and", (), None)) == "A and B"
    assert plain(join_names(names("A"), 3, opts, [False], "and", (Text("et al."),), None)) \
        == "A et al."
    opts_never = {"delimiter": ", ", "delimiter-precedes-last": "never"}
    assert plain(join_names(names("A", "B", "C"), 3, opts_never, [False] * 3, "&", (), None)) \
        == "A, B & C"


SUBSTITUTE_IN_CHOOSE = """<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
<info><title>t</title><id>t</id><updated>2024-01-01T00:00:00+00:00</updated></info>
<citation><layout><names variable="author">
  <name and="text" name-as-sort-order="first"/><label form="short" prefix=", "/>
  <substitute><choose><if type="book"><names variable="editor"/></if></choose></substitute>
</names></layout></citation></style>"""


def test_shorthand_names_inside_choose_in_substitute_inherit_name_and_label() -> None:
    """Editor-only books in Chicago: the editors take the author's cs:name and cs:label."""
    from typeset.csl import Processor, render

    item = {"id": "ed", "type": "book", "title": "T",
            "editor": [{"family": "Schmidt", "given": "Anna"}, {"family": "Meier", "given": "Karl"}]}
    notes = Processor(SUBSTITUTE_IN_CHOOSE, [item]).cite([[{"id": "ed"}]])
    assert render(notes[0], "text") == "Schmidt, Anna and Karl Meier, eds."
