"""Narrative citations, citations inside notes, and punctuation around note marks and
quotation marks, with the real reader and engine (issue 11, items 1 and 2)."""

from __future__ import annotations

import pytest

from tests.pandoc.helpers import cite_markdown

FULL = "A Book of Threads (Harvard University Press, 2000)"


@pytest.mark.parametrize("markdown, expected", [
    ("As @doe2000 argues.", f"As Jane Doe^1({FULL}.) argues."),
    ("@roe2010 [15] disagrees.",
     "Richard Roe^1(“Against Threads,” Journal of Things 4 (2010): 15.) disagrees."),
    ("As @doe2000, p. 33, argues.", f"As Jane Doe,^1({FULL}, 33.) argues."),
    ("As @doe2000, 5 people argue.", f"As Jane Doe,^1({FULL}.) 5 people argue."),
])
def test_narrative_citation_keeps_the_name_in_the_sentence(markdown: str, expected: str) -> None:
    assert cite_markdown(markdown) == [expected]


def test_narrative_citation_in_an_author_date_style() -> None:
    assert cite_markdown("As @doe2000 [33] argues.", style="apa") == ["As Doe (2000, p. 33) argues."]


@pytest.mark.parametrize("markdown, expected", [
    ("x.^[See @doe2000 for details.]", f"x.^1(See Jane Doe, {FULL} for details.)"),
    ("x.^[See [@doe2000, 5] and compare.]", f"x.^1(See Jane Doe, {FULL}, 5 and compare.)"),
    ("x.^[See [@doe2000, 5].]", f"x.^1(See Jane Doe, {FULL}, 5.)"),
    ("x.^[See [@doe2000, 5]]", f"x.^1(See Jane Doe, {FULL}, 5.)"),
])
def test_a_citation_in_a_note_has_no_period_mid_sentence(markdown: str, expected: str) -> None:
    assert cite_markdown(markdown) == [expected]


def test_ibid_keeps_its_period_mid_sentence() -> None:
    paras = cite_markdown("a [@doe2000, 3]. b.^[Compare [@doe2000, 3] here.]",
                          style="chicago-notes-bibliography-subsequent-ibid")
    assert paras == [f"a.^1(Jane Doe, {FULL}, 3.) b.^2(Compare Ibid. here.)"]


@pytest.mark.parametrize("lang, expected", [
    ("en-US", "It was “a faint thread.”^1"),
    ("en-GB", "It was “a faint thread”.^1"),
    ("de-DE", "It was “a faint thread”.^1"),
])
def test_period_moves_inside_the_quotation_mark_in_american_english(lang: str,
                                                                     expected: str) -> None:
    paras = cite_markdown("It was “a faint thread” [@doe2000, 3].", lang=lang)
    assert paras[0].startswith(expected)


def test_comma_moves_inside_but_a_semicolon_stays_outside() -> None:
    paras = cite_markdown('He said "yes" [@doe2000], then “no” [@roe2010]; done.')
    assert paras[0].startswith('He said "yes,"^1(')
    assert "“no”;^2(" in paras[0]
